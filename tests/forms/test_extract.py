"""Survey text is found for translation, by Babel and from a loaded survey."""

from __future__ import annotations

import io

from forms import load_surveys
from forms.extract import extract_survey_yaml, translatable_strings

YAML = b"""\
key: tiny
title: Tell us how it went
intro: >-
  First sentence.
  Second sentence.
pages:
  - key: contact
    questions:
      - key: contact
        type: choice
        label: How did we contact you?
        hint: Pick one.
        options:
          - key: email
            label: Email
          - key: phone
            label: Phone
        max_length: 10
"""


def _extract(source: bytes) -> list[tuple[int, None, str, list[str]]]:
    return list(extract_survey_yaml(io.BytesIO(source), [], [], {}))


def test_extractor_finds_every_string_families_read_with_its_line():
    extracted = [(line, message) for line, _, message, _ in _extract(YAML)]

    assert extracted == [
        (2, "Tell us how it went"),
        (3, "First sentence. Second sentence."),
        (11, "How did we contact you?"),
        (12, "Pick one."),
        (15, "Email"),
        (17, "Phone"),
    ]


def test_extractor_tells_translators_what_each_string_belongs_to():
    comments = [comment for _, _, _, comment in _extract(YAML)]

    assert comments[0] == ["tiny: title"]
    assert comments[2] == ["contact: label"]
    assert comments[4] == ["email: label"]


def test_extractor_ignores_an_empty_file():
    assert _extract(b"") == []


def test_translatable_strings_include_the_scale_labels_once():
    survey = load_surveys().get("week6", "parent")

    strings = translatable_strings(survey)

    assert strings[:2] == [survey.title, survey.intro]
    assert "Very dissatisfied" in strings
    assert "Strongly agree" in strings
    assert strings.count("Don't know") == 1
    assert "What went well?" in strings
