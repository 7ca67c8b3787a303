"""Access to the survey definitions the app serves, loaded and validated once per process."""

from __future__ import annotations

from flask import current_app

from forms import SurveyDefinition, SurveyRegistry, load_surveys


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
