"""Easy Read and young people's surveys: the same questions as the standard ones, in plain words.

Answers from every format pool in the KPIs only if each Easy Read question is the standard
question under the same key, with the same type and the same option keys and scores.
"""

from __future__ import annotations

import re

import pytest

from forms import STAGES, QuestionType, SurveyDefinition, load_surveys
from forms.extract import translatable_strings

REGISTRY = load_surveys()
EASY_READ = [REGISTRY.get(stage, "parent", "easy_read") for stage in STAGES]
PLAIN = EASY_READ + [REGISTRY.get(stage, "young_person") for stage in STAGES]

# Easy Read guidance (Mencap; Department of Health 2010, "Making written information easier to
# understand"): one idea per sentence, about 15 words at most.
MAX_WORDS_IN_A_SENTENCE = 16
# Words Easy Read avoids that the standard surveys use; each has an everyday alternative.
HARD_WORDS = ("amended", "issued", "process", "regarding", "whether", "involved", "identify")


def _sentences(survey: SurveyDefinition) -> list[str]:
    return [
        sentence
        for text in translatable_strings(survey)
        for sentence in re.split(r"(?<=[.?!])\s+", text)
        if sentence
    ]


def _ids(survey: SurveyDefinition) -> str:
    return survey.key


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_has_an_easy_read_parent_survey(stage: str) -> None:
    survey = REGISTRY.get(stage, "parent", "easy_read")

    assert (survey.key, survey.format) == (f"{stage}_parent_easy_read", "easy_read")


@pytest.mark.parametrize("easy_read", EASY_READ, ids=_ids)
def test_easy_read_asks_the_standard_questions_on_the_same_pages(
    easy_read: SurveyDefinition,
) -> None:
    standard = REGISTRY.get(easy_read.stage, "parent")

    assert [page.key for page in easy_read.pages] == [page.key for page in standard.pages]
    assert [q.key for q in easy_read.questions] == [q.key for q in standard.questions]


@pytest.mark.parametrize("easy_read", EASY_READ, ids=_ids)
def test_easy_read_answers_mean_what_the_standard_answers_mean(
    easy_read: SurveyDefinition,
) -> None:
    standard = REGISTRY.get(easy_read.stage, "parent")

    for question in easy_read.questions:
        twin = standard.question(question.key)
        assert question.type is twin.type, question.key
        assert [(o.key, o.score) for o in question.options] == [
            (o.key, o.score) for o in twin.options
        ], question.key
        assert question.max_length == twin.max_length, question.key


@pytest.mark.parametrize("survey", PLAIN, ids=_ids)
def test_plain_surveys_use_short_sentences(survey: SurveyDefinition) -> None:
    long_ones = [s for s in _sentences(survey) if len(s.split()) > MAX_WORDS_IN_A_SENTENCE]

    assert long_ones == []


@pytest.mark.parametrize("easy_read", EASY_READ, ids=_ids)
def test_easy_read_sentences_are_shorter_on_average_than_the_standard_ones(
    easy_read: SurveyDefinition,
) -> None:
    def average(survey: SurveyDefinition) -> float:
        lengths = [len(sentence.split()) for sentence in _sentences(survey)]
        return sum(lengths) / len(lengths)

    assert average(easy_read) < average(REGISTRY.get(easy_read.stage, "parent"))


@pytest.mark.parametrize("survey", PLAIN, ids=_ids)
def test_plain_surveys_avoid_hard_words(survey: SurveyDefinition) -> None:
    text = " ".join(translatable_strings(survey)).lower()

    assert [word for word in HARD_WORDS if re.search(rf"\b{word}\b", text)] == []


@pytest.mark.parametrize("survey", PLAIN, ids=_ids)
def test_plain_surveys_rate_only_statements_where_agreeing_is_good(
    survey: SurveyDefinition,
) -> None:
    # The faces beside the scales smile for "agree": a negative statement would invert them.
    statements = [q.label for q in survey.questions if q.type is QuestionType.AGREE5]

    assert statements
    negative = re.compile(r"\b(not|never|no one|nobody)\b(?! just)")  # "not just school" is fine

    assert [statement for statement in statements if negative.search(statement)] == []
