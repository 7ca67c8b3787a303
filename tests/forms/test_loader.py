"""A survey file is validated on load, and a bad one is refused with a message naming the file,
the question and the problem."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from forms import Option, QuestionType, SurveyDefinitionError, load_survey

WriteYaml = Callable[..., Path]


def _question(data: dict[str, Any], key: str) -> dict[str, Any]:
    for page in data["pages"]:
        for question in page["questions"]:
            if question["key"] == key:
                return question
    raise KeyError(key)


def _refusal(path: Path) -> SurveyDefinitionError:
    with pytest.raises(SurveyDefinitionError) as caught:
        load_survey(path)
    return caught.value


def test_valid_file_loads_every_question_in_page_order(write_yaml: WriteYaml, survey_data):
    survey = load_survey(write_yaml(survey_data))

    assert survey.key == "test_survey"
    assert survey.version == 1
    assert (survey.stage, survey.audience, survey.format) == ("week6", "parent", "standard")
    assert [question.key for question in survey.questions] == [
        "overall_satisfaction",
        "listened_to",
        "knew_who_to_contact",
        "plan_on_time",
        "contact",
        "went_well",
    ]


def test_loaded_question_keeps_type_hint_and_max_length(write_yaml: WriteYaml, survey_data):
    question = load_survey(write_yaml(survey_data)).question("went_well")

    assert question.type is QuestionType.TEXT
    assert question.hint == "Do not include names."
    assert question.max_length == 1200


def test_choice_options_keep_keys_labels_and_scores(write_yaml: WriteYaml, survey_data):
    question = load_survey(write_yaml(survey_data)).question("plan_on_time")

    assert question.options == (
        Option("yes", "Yes", 1.0),
        Option("no", "No", 0.0),
        Option("not_sure", "Not sure", None),
    )


def test_rating_question_gets_the_fixed_scale_with_dont_know(write_yaml: WriteYaml, survey_data):
    question = load_survey(write_yaml(survey_data)).question("overall_satisfaction")

    assert [option.key for option in question.options] == ["1", "2", "3", "4", "5", "dont_know"]
    assert question.options[0].label == "Very dissatisfied"
    assert question.options[4].label == "Very satisfied"


def test_dont_know_false_leaves_only_the_five_points(write_yaml: WriteYaml, survey_data):
    _question(survey_data, "listened_to")["dont_know"] = False

    question = load_survey(write_yaml(survey_data)).question("listened_to")

    assert [option.key for option in question.options] == ["1", "2", "3", "4", "5"]


def test_surrounding_whitespace_is_trimmed_from_text(write_yaml: WriteYaml, survey_data):
    survey_data["intro"] = "  Two sentences. On two lines.\n"

    assert load_survey(write_yaml(survey_data)).intro == "Two sentences. On two lines."


def test_duplicate_question_key_is_refused(write_yaml: WriteYaml, survey_data):
    _question(survey_data, "listened_to")["key"] = "overall_satisfaction"

    error = _refusal(write_yaml(survey_data))

    assert error.question_key == "overall_satisfaction"
    assert "survey.yaml" in str(error)
    assert "duplicate question key 'overall_satisfaction'" in str(error)


def test_duplicate_page_key_is_refused(write_yaml: WriteYaml, survey_data):
    survey_data["pages"][1]["key"] = "overall_satisfaction"

    error = _refusal(write_yaml(survey_data))

    assert "page 'overall_satisfaction': duplicate page key" in str(error)


def test_unknown_question_type_is_refused(write_yaml: WriteYaml, survey_data):
    _question(survey_data, "listened_to")["type"] = "rating7"

    error = _refusal(write_yaml(survey_data))

    assert error.question_key == "listened_to"
    assert "question 'listened_to': unknown type 'rating7'" in str(error)


def test_missing_label_is_refused(write_yaml: WriteYaml, survey_data):
    del _question(survey_data, "knew_who_to_contact")["label"]

    error = _refusal(write_yaml(survey_data))

    assert "question 'knew_who_to_contact': 'label' is a required property" in str(error)


def test_blank_label_is_refused(write_yaml: WriteYaml, survey_data):
    _question(survey_data, "knew_who_to_contact")["label"] = "   "

    error = _refusal(write_yaml(survey_data))

    assert "question 'knew_who_to_contact': label must not be empty" in str(error)


def test_choice_without_options_is_refused(write_yaml: WriteYaml, survey_data):
    del _question(survey_data, "plan_on_time")["options"]

    error = _refusal(write_yaml(survey_data))

    assert "question 'plan_on_time': a choice question needs at least two options" in str(error)


def test_multi_choice_with_one_option_is_refused(write_yaml: WriteYaml, survey_data):
    _question(survey_data, "contact")["options"] = [{"key": "email", "label": "Email"}]

    error = _refusal(write_yaml(survey_data))

    assert "question 'contact': a multi_choice question needs at least two options" in str(error)


def test_duplicate_option_keys_are_refused(write_yaml: WriteYaml, survey_data):
    _question(survey_data, "contact")["options"][1]["key"] = "email"

    error = _refusal(write_yaml(survey_data))

    assert "question 'contact': duplicate option key 'email'" in str(error)


def test_text_without_max_length_is_refused(write_yaml: WriteYaml, survey_data):
    del _question(survey_data, "went_well")["max_length"]

    error = _refusal(write_yaml(survey_data))

    assert "question 'went_well': a text question needs a max_length" in str(error)


@pytest.mark.parametrize("max_length", [0, -5, 5001, 1_000_000])
def test_text_with_insane_max_length_is_refused(
    write_yaml: WriteYaml, survey_data, max_length: int
):
    _question(survey_data, "went_well")["max_length"] = max_length

    error = _refusal(write_yaml(survey_data))

    assert f"max_length {max_length} is not between 1 and 5,000" in str(error)


def test_max_length_on_a_rating_is_refused(write_yaml: WriteYaml, survey_data):
    _question(survey_data, "overall_satisfaction")["max_length"] = 100

    error = _refusal(write_yaml(survey_data))

    assert "question 'overall_satisfaction': only a text question takes a max_length" in str(error)


def test_options_on_a_rating_are_refused(write_yaml: WriteYaml, survey_data):
    _question(survey_data, "overall_satisfaction")["options"] = [
        {"key": "good", "label": "Good"},
        {"key": "bad", "label": "Bad"},
    ]

    error = _refusal(write_yaml(survey_data))

    assert "question 'overall_satisfaction': a rating5 question takes no options" in str(error)


def test_dont_know_on_a_choice_is_refused(write_yaml: WriteYaml, survey_data):
    _question(survey_data, "plan_on_time")["dont_know"] = True

    error = _refusal(write_yaml(survey_data))

    assert "question 'plan_on_time': only rating5 and agree5 questions take dont_know" in str(error)


def test_score_on_a_multi_choice_option_is_refused(write_yaml: WriteYaml, survey_data):
    _question(survey_data, "contact")["options"][0]["score"] = 2

    error = _refusal(write_yaml(survey_data))

    assert "option 'email': a multi_choice option takes no score" in str(error)


@pytest.mark.parametrize("field", ["required", "required_message"])
def test_a_question_cannot_be_made_required(write_yaml: WriteYaml, survey_data, field):
    # Families may skip any question (docs/decisions.md); the schema has no such field.
    _question(survey_data, "overall_satisfaction")[field] = True if field == "required" else "Say"

    error = _refusal(write_yaml(survey_data))

    assert f"'{field}' was unexpected" in str(error)


def test_question_key_that_shadows_the_form_is_refused(write_yaml: WriteYaml, survey_data):
    _question(survey_data, "went_well")["key"] = "data"

    error = _refusal(write_yaml(survey_data))

    assert "question 'data': key 'data' is reserved by the form" in str(error)


def test_question_key_that_is_not_snake_case_is_refused(write_yaml: WriteYaml, survey_data):
    _question(survey_data, "went_well")["key"] = "Went well"

    error = _refusal(write_yaml(survey_data))

    assert "key 'Went well' must be snake_case" in str(error)


def test_page_with_two_questions_needs_a_title(write_yaml: WriteYaml, survey_data):
    pages = survey_data["pages"]
    pages[0]["questions"] += pages.pop(1)["questions"]

    error = _refusal(write_yaml(survey_data))

    assert "page 'overall_satisfaction': a page with several questions needs a title" in str(error)


def test_unknown_stage_is_refused(write_yaml: WriteYaml, survey_data):
    survey_data["stage"] = "week7"

    error = _refusal(write_yaml(survey_data))

    assert "unknown stage 'week7' (expected one of: week6, week16, week20, annual_review)" in str(
        error
    )


def test_unknown_audience_is_refused(write_yaml: WriteYaml, survey_data):
    survey_data["audience"] = "teacher"

    error = _refusal(write_yaml(survey_data))

    assert "unknown audience 'teacher'" in str(error)
    assert error.question_key is None


@pytest.mark.parametrize(
    "field",
    ["key", "version", "stage", "audience", "format", "title", "intro", "estimated_minutes"],
)
def test_missing_survey_field_is_refused(write_yaml: WriteYaml, survey_data, field: str):
    del survey_data[field]

    error = _refusal(write_yaml(survey_data))

    assert f"'{field}' is a required property" in str(error)


def test_version_that_is_not_a_whole_number_is_refused(write_yaml: WriteYaml, survey_data):
    survey_data["version"] = "2"

    error = _refusal(write_yaml(survey_data))

    assert "version: '2' is not of type 'integer'" in str(error)


def test_misspelt_field_is_refused(write_yaml: WriteYaml, survey_data):
    _question(survey_data, "went_well")["lable"] = "What went well?"

    error = _refusal(write_yaml(survey_data))

    assert "question 'went_well'" in str(error)
    assert "'lable' was unexpected" in str(error)


def test_bad_yaml_syntax_is_refused_with_its_line(write_yaml: WriteYaml):
    path = write_yaml("key: test\npages:\n  - key: [unclosed\n")

    error = _refusal(path)

    assert str(error).startswith(f"{path}: not valid YAML")
    assert "line 4" in str(error)


def test_key_written_twice_in_one_mapping_is_refused(write_yaml: WriteYaml):
    path = write_yaml("key: one\nkey: two\n")

    error = _refusal(path)

    assert "key 'key' is written twice" in str(error)
    assert "line 2" in str(error)


def test_empty_file_is_refused(write_yaml: WriteYaml):
    error = _refusal(write_yaml(""))

    assert "the file is empty" in str(error)


def test_file_that_is_not_a_mapping_is_refused(write_yaml: WriteYaml):
    error = _refusal(write_yaml("- just\n- a list\n"))

    assert "is not of type 'object'" in str(error)


def test_missing_file_is_refused(tmp_path: Path):
    error = _refusal(tmp_path / "absent.yaml")

    assert "absent.yaml: cannot read the file" in str(error)


def test_every_problem_in_a_file_is_reported_together(write_yaml: WriteYaml, survey_data):
    del _question(survey_data, "listened_to")["label"]
    _question(survey_data, "went_well")["type"] = "essay"

    error = _refusal(write_yaml(survey_data))

    assert [problem.question_key for problem in error.problems] == ["listened_to", "went_well"]
    assert "2 problems" in str(error)


def test_question_without_a_key_is_named_by_its_position(write_yaml: WriteYaml, survey_data):
    del survey_data["pages"][2]["questions"][0]["key"]

    error = _refusal(write_yaml(survey_data))

    assert error.question_key is None
    assert "question 1 on page knew_who_to_contact: 'key' is a required property" in str(error)


def test_unquoted_yes_as_an_option_key_gets_a_hint_to_quote_it(write_yaml: WriteYaml, survey_data):
    path = write_yaml(survey_data)
    path.write_text(path.read_text().replace("key: 'yes'", "key: yes"))

    error = _refusal(path)

    assert "question 'plan_on_time': options.0.key is True, not text: put yes" in str(error)
