"""Survey definitions as data: load and validate YAML surveys, build GOV.UK forms from them.

This package knows nothing of the database or the web app; the app reads surveys, builds page
forms and stores answers only through the names exported here.
"""

from forms.answers import (
    SKIPPED,
    AnswerValue,
    answers_from_form,
    display_answer,
    form_data_from_answers,
)
from forms.builder import FIELD_BUILDERS, build_page_form
from forms.definition import (
    AUDIENCES,
    FORMATS,
    STAGES,
    Option,
    Page,
    Question,
    QuestionType,
    SurveyDefinition,
)
from forms.loader import SurveyDefinitionError, load_survey
from forms.messages import Translate, identity
from forms.registry import SurveyRegistry, load_surveys

__all__ = [
    "AUDIENCES",
    "FIELD_BUILDERS",
    "FORMATS",
    "SKIPPED",
    "STAGES",
    "AnswerValue",
    "Option",
    "Page",
    "Question",
    "QuestionType",
    "SurveyDefinition",
    "SurveyDefinitionError",
    "SurveyRegistry",
    "Translate",
    "answers_from_form",
    "build_page_form",
    "display_answer",
    "form_data_from_answers",
    "identity",
    "load_survey",
    "load_surveys",
]
