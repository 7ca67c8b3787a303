"""The eight surveys the service ships: one per stage and audience, short, and consistent in the
questions the KPIs read."""

from __future__ import annotations

import itertools
import json
import tomllib
from pathlib import Path

import jsonschema
import pytest

from forms import (
    AUDIENCES,
    FORMATS,
    STAGES,
    QuestionType,
    SurveyDefinition,
    build_page_form,
    load_surveys,
)
from forms.loader import SCHEMA_PATH

REPO = Path(__file__).resolve().parents[2]
SURVEYS = list(load_surveys())

# Keys every survey asks, with the same type and meaning everywhere, so KPIs can pool them.
SHARED_QUESTIONS = {
    "overall_satisfaction": QuestionType.RATING5,
    "positive_experience": QuestionType.AGREE5,
    "listened_to": QuestionType.AGREE5,
    "went_well": QuestionType.TEXT,
    "could_be_better": QuestionType.TEXT,
}

# What DESIGN.md §3 says each stage's survey asks about.
STAGE_QUESTIONS = {
    "week6": {"decision_explained", "kept_informed"},
    "week16": {"draft_reflects_child", "all_about_me", "able_to_comment"},
    "week20": {"plan_quality", "plan_on_time", "health_care_included"},
    "annual_review": {"review_person_centred", "outcomes_updated", "amended_plan_on_time"},
}


def _ids(survey: SurveyDefinition) -> str:
    return survey.key


def test_there_is_one_standard_survey_per_stage_and_audience():
    registry = load_surveys()

    for stage, audience in itertools.product(STAGES, AUDIENCES):
        survey = registry.get(stage, audience)
        assert survey.key == f"{stage}_{audience}"
    assert len([survey for survey in registry if survey.format == "standard"]) == 8


@pytest.mark.parametrize("survey", SURVEYS, ids=_ids)
def test_survey_asks_the_shared_questions_with_their_types(survey: SurveyDefinition):
    for key, question_type in SHARED_QUESTIONS.items():
        assert survey.question(key).type is question_type


@pytest.mark.parametrize("survey", SURVEYS, ids=_ids)
def test_survey_asks_its_stage_questions(survey: SurveyDefinition):
    keys = {question.key for question in survey.questions}

    assert STAGE_QUESTIONS[survey.stage] <= keys


@pytest.mark.parametrize("survey", SURVEYS, ids=_ids)
def test_survey_is_short(survey: SurveyDefinition):
    assert 6 <= len(survey.questions) <= 10
    assert survey.estimated_minutes < 5


@pytest.mark.parametrize("survey", SURVEYS, ids=_ids)
def test_survey_asks_one_question_per_page(survey: SurveyDefinition):
    assert all(len(page.questions) == 1 for page in survey.pages)
    assert all(page.question_is_heading for page in survey.pages)


@pytest.mark.parametrize("survey", SURVEYS, ids=_ids)
def test_free_text_allows_1200_characters_and_warns_against_names(survey: SurveyDefinition):
    texts = [question for question in survey.questions if question.type is QuestionType.TEXT]

    assert [question.key for question in texts] == ["went_well", "could_be_better"]
    assert survey.question("went_well").label == "What went well?"
    assert survey.question("could_be_better").label == "What could have been better?"
    for question in texts:
        assert question.max_length == 1200
        assert "name" in question.hint


@pytest.mark.parametrize("survey", SURVEYS, ids=_ids)
def test_intro_tells_the_family_they_can_skip_any_question(survey: SurveyDefinition):
    assert "skip any question" in survey.intro


@pytest.mark.parametrize("survey", SURVEYS, ids=_ids)
def test_intro_says_who_asks_how_long_how_answers_are_used_and_that_it_can_wait(
    survey: SurveyDefinition,
):
    intro = survey.intro

    assert "your local authority's SEND team" in intro
    assert f"about {survey.estimated_minutes} minutes" in intro
    assert "We use your answers" in intro
    assert "will not know who wrote them" in intro
    assert "stop and come back later" in intro
    assert "EHC (Education, Health and Care)" in intro


def test_a_question_key_has_the_same_type_in_every_survey():
    types: dict[str, set[QuestionType]] = {}
    for survey in SURVEYS:
        for question in survey.questions:
            types.setdefault(question.key, set()).add(question.type)

    assert {key: kinds for key, kinds in types.items() if len(kinds) > 1} == {}


def test_parent_and_young_person_surveys_of_a_stage_ask_the_same_questions():
    registry = load_surveys()

    for stage in STAGES:
        parent = registry.get(stage, "parent")
        young_person = registry.get(stage, "young_person")
        assert [q.key for q in parent.questions] == [q.key for q in young_person.questions]


@pytest.mark.usefixtures("request_context")
@pytest.mark.parametrize("survey", SURVEYS, ids=_ids)
def test_every_page_builds_and_renders_with_one_heading(survey: SurveyDefinition):
    for page in survey.pages:
        form = build_page_form(page)(formdata=None)
        html = "".join(str(field()) for field in form)
        assert html.count("<h1") == 1, page.key


def test_schema_is_a_valid_json_schema():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))

    jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_lists_the_same_stages_audiences_formats_and_types_as_the_code():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))

    assert tuple(schema["properties"]["stage"]["enum"]) == STAGES
    assert tuple(schema["properties"]["audience"]["enum"]) == AUDIENCES
    assert tuple(schema["properties"]["format"]["enum"]) == FORMATS
    question_types = schema["$defs"]["question"]["properties"]["type"]["enum"]
    assert question_types == [question_type.value for question_type in QuestionType]


def test_package_data_ships_the_schema_and_every_survey():
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["forms"]
    package = REPO / "forms"

    shipped = {path for pattern in patterns for path in package.glob(pattern)}

    assert SCHEMA_PATH in shipped
    assert {survey.source for survey in SURVEYS} <= shipped
