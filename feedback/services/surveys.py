"""Access to the survey definitions the app serves, loaded and validated once per process."""

from __future__ import annotations

from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from forms import Page, SurveyDefinition, SurveyRegistry, build_page_form, load_surveys


def registry() -> SurveyRegistry:
    """Return the app's survey registry, loading ``forms/surveys`` on first use."""
    loaded = current_app.extensions.get("surveys")
    if loaded is None:
        loaded = load_surveys(current_app.config.get("SURVEYS_DIR"))
        current_app.extensions["surveys"] = loaded
    return loaded


def survey_for(stage: str, audience: str, format: str = "standard") -> SurveyDefinition:
    """Return the current survey for a stage, audience and format (``KeyError`` if there is none).

    A format the stage and audience do not offer (young people have no Easy Read version: their
    standard survey is already written for them) falls back to the standard survey.
    """
    try:
        return registry().get(stage, audience, format)
    except KeyError:
        if format == "standard":
            raise
        return registry().get(stage, audience)


def page_form(survey: SurveyDefinition, page: Page) -> type[FlaskForm]:
    """Return the form class for one page in the current language, built once per process.

    Building a page's form translates every label and option; a question page is the service's
    busiest page (bench/bench_question_page.py), so each class is kept, keyed by the survey's key
    and version, the page and the language. Form classes hold no request data.
    """
    forms: dict[tuple[str, int, str, str], type[FlaskForm]] = current_app.extensions.setdefault(
        "page_forms", {}
    )
    key = (survey.key, survey.version, page.key, str(get_locale() or ""))
    form_class = forms.get(key)
    if form_class is None:
        form_class = forms[key] = build_page_form(page, translate=_)
    return form_class
