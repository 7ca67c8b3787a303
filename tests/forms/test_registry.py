"""The registry finds a survey by stage and audience or by key, and refuses clashes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from forms import SurveyDefinitionError, load_surveys

WriteYaml = Callable[..., Path]


def test_get_finds_the_survey_for_a_stage_and_audience():
    survey = load_surveys().get("week16", "young_person")

    assert survey.key == "week16_young_person"
    assert (survey.stage, survey.audience, survey.format) == ("week16", "young_person", "standard")


def test_by_key_finds_the_survey_a_response_names():
    assert load_surveys().by_key("annual_review_parent").stage == "annual_review"


def test_iterating_gives_every_survey_in_file_name_order():
    registry = load_surveys()

    assert [survey.key for survey in registry] == [
        "annual_review_parent",
        "annual_review_parent_easy_read",
        "annual_review_young_person",
        "week16_parent",
        "week16_parent_easy_read",
        "week16_young_person",
        "week20_parent",
        "week20_parent_easy_read",
        "week20_young_person",
        "week6_parent",
        "week6_parent_easy_read",
        "week6_young_person",
    ]
    assert len(registry) == 12
    assert "week6_parent" in registry


def test_get_for_a_missing_format_says_what_was_asked():
    with pytest.raises(
        KeyError, match="no easy_read survey for stage 'week6' and audience 'young_person'"
    ):
        load_surveys().get("week6", "young_person", "easy_read")


def test_by_key_for_an_unknown_key_says_which():
    with pytest.raises(KeyError, match="no survey with key 'week7_parent'"):
        load_surveys().by_key("week7_parent")


def test_loads_surveys_from_another_directory(write_yaml: WriteYaml, survey_data, tmp_path: Path):
    write_yaml(survey_data, "one.yaml")

    registry = load_surveys(tmp_path)

    assert [survey.key for survey in registry] == ["test_survey"]


def test_two_files_with_the_same_key_are_refused(write_yaml: WriteYaml, survey_data, tmp_path):
    first = write_yaml(survey_data, "a.yaml")
    survey_data["audience"] = "young_person"
    write_yaml(survey_data, "b.yaml")

    with pytest.raises(SurveyDefinitionError) as caught:
        load_surveys(tmp_path)

    assert str(caught.value).startswith(str(tmp_path / "b.yaml"))
    assert f"survey key 'test_survey' is already used by {first}" in str(caught.value)


def test_two_files_for_the_same_stage_and_audience_are_refused(
    write_yaml: WriteYaml, survey_data, tmp_path
):
    first = write_yaml(survey_data, "a.yaml")
    survey_data["key"] = "another_survey"
    write_yaml(survey_data, "b.yaml")

    with pytest.raises(SurveyDefinitionError) as caught:
        load_surveys(tmp_path)

    message = str(caught.value)
    assert f"{first} already defines the standard survey for stage 'week6'" in message
    assert "audience 'parent'" in message


def test_same_stage_and_audience_in_another_format_is_allowed(
    write_yaml: WriteYaml, survey_data, tmp_path
):
    write_yaml(survey_data, "a.yaml")
    survey_data.update(key="test_survey_easy_read", format="easy_read")
    write_yaml(survey_data, "b.yaml")

    registry = load_surveys(tmp_path)

    assert registry.get("week6", "parent", "easy_read").key == "test_survey_easy_read"
    assert registry.get("week6", "parent").key == "test_survey"


def test_directory_without_surveys_is_refused(tmp_path: Path):
    with pytest.raises(SurveyDefinitionError, match="no survey definitions"):
        load_surveys(tmp_path)


def test_one_bad_file_stops_the_whole_load(write_yaml: WriteYaml, survey_data, tmp_path):
    write_yaml(survey_data, "a.yaml")
    write_yaml("key: [broken\n", "b.yaml")

    with pytest.raises(SurveyDefinitionError, match=r"b\.yaml: not valid YAML"):
        load_surveys(tmp_path)
