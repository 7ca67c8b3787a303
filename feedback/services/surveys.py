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


def survey_for(stage: str, audience: str) -> SurveyDefinition:
    """Return the current survey for a stage and audience (``KeyError`` if there is none)."""
    return registry().get(stage, audience)
