"""Fixtures for the forms package: a minimal GOV.UK Flask app and survey files to break."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from flask import Flask
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import PackageLoader, PrefixLoader

# A small survey that uses every question type; tests copy it and break one thing.
VALID_SURVEY: dict[str, Any] = {
    "key": "test_survey",
    "version": 1,
    "stage": "week6",
    "audience": "parent",
    "format": "standard",
    "title": "Tell us how it went",
    "intro": "This short survey is from your local authority's SEND team.",
    "estimated_minutes": 3,
    "pages": [
        {
            "key": "overall_satisfaction",
            "questions": [
                {"key": "overall_satisfaction", "type": "rating5", "label": "How satisfied?"}
            ],
        },
        {
            "key": "listened_to",
            "questions": [{"key": "listened_to", "type": "agree5", "label": "I felt listened to."}],
        },
        {
            "key": "knew_who_to_contact",
            "questions": [
                {"key": "knew_who_to_contact", "type": "yes_no", "label": "Did you know?"}
            ],
        },
        {
            "key": "plan_on_time",
            "questions": [
                {
                    "key": "plan_on_time",
                    "type": "choice",
                    "label": "Was the plan on time?",
                    "options": [
                        {"key": "yes", "label": "Yes", "score": 1},
                        {"key": "no", "label": "No", "score": 0},
                        {"key": "not_sure", "label": "Not sure"},
                    ],
                }
            ],
        },
        {
            "key": "contact",
            "questions": [
                {
                    "key": "contact",
                    "type": "multi_choice",
                    "label": "How did we contact you?",
                    "options": [
                        {"key": "email", "label": "Email"},
                        {"key": "phone", "label": "Phone"},
                        {"key": "letter", "label": "Letter"},
                    ],
                }
            ],
        },
        {
            "key": "went_well",
            "questions": [
                {
                    "key": "went_well",
                    "type": "text",
                    "label": "What went well?",
                    "hint": "Do not include names.",
                    "max_length": 1200,
                }
            ],
        },
    ],
}


@pytest.fixture
def survey_data() -> dict[str, Any]:
    """A fresh, valid survey as a dict, for a test to change."""
    return copy.deepcopy(VALID_SURVEY)


@pytest.fixture
def write_yaml(tmp_path: Path) -> Callable[..., Path]:
    """Write a dict (as YAML) or raw YAML text to a file in ``tmp_path``; return its path."""

    def write(content: dict[str, Any] | str, name: str = "survey.yaml") -> Path:
        path = tmp_path / name
        text = content if isinstance(content, str) else yaml.safe_dump(content, sort_keys=False)
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def app() -> Flask:
    """The plainest Flask app that renders GOV.UK Frontend WTForms widgets."""
    app = Flask(__name__)
    app.config.update(TESTING=True, WTF_CSRF_ENABLED=False, SECRET_KEY="test")
    app.jinja_loader = PrefixLoader(
        {
            "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
            "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
        }
    )
    WTFormsHelpers(app)
    return app


@pytest.fixture
def request_context(app: Flask) -> Iterator[None]:
    """An active request, which building and rendering a FlaskForm need."""
    with app.test_request_context():
        yield
