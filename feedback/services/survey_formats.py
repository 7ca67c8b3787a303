"""Survey formats a family can choose (standard or Easy Read) and the symbols on rating scales.

Every format of a stage's survey asks the same questions under the same keys, so answers pool in
the KPIs whichever format a family used, and a family can switch part-way without losing answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import url_for
from flask_babel import lazy_gettext as _l

from feedback.extensions import db
from feedback.models import Invitation
from feedback.services.surveys import registry
from forms import FORMATS, Question, SurveyDefinition

EASY_READ = "easy_read"
# A sentence ends at . ! ? or the Urdu and Arabic full stop and question mark, before a space.
_SENTENCE_END = re.compile(r"(?<=[.!?۔؟])\s+")

# Faces beside the points of the 1–5 scales, saddest first; each statement a family rates is
# worded so that agreeing is the happy answer. "Don't know" has no face.
_FACES = {
    "1": ("symbols/face-1.svg", _l("Very sad face")),
    "2": ("symbols/face-2.svg", _l("Sad face")),
    "3": ("symbols/face-3.svg", _l("Face that is neither happy nor sad")),
    "4": ("symbols/face-4.svg", _l("Happy face")),
    "5": ("symbols/face-5.svg", _l("Very happy face")),
}


class SurveyFormatError(ValueError):
    """A format that is unknown or not offered for the invitation's survey; nothing changed."""


@dataclass(frozen=True, slots=True)
class ScaleSymbol:
    """A picture shown beside one answer of a rating scale, with its text alternative."""

    src: str
    alt: str


def formats_offered(stage: str, audience: str) -> tuple[str, ...]:
    """The formats the survey for a stage and audience comes in.

    Returns
    -------
    tuple of str
        ``("standard", "easy_read")`` for parents; ``("standard",)`` for young people, whose
        survey is already written in plain words.
    """
    slots = {(survey.stage, survey.audience, survey.format) for survey in registry()}
    return tuple(name for name in FORMATS if (stage, audience, name) in slots)


def choose_format(invitation: Invitation, survey_format: str) -> None:
    """Store the format a family chose on their invitation, and commit.

    Raises :class:`SurveyFormatError` (changing nothing) for a format not offered for the
    invitation's stage and audience. Answers already saved are kept: the keys are the same.
    """
    if survey_format not in formats_offered(invitation.stage, invitation.audience):
        raise SurveyFormatError(f"format {survey_format!r} is not offered for this survey")
    invitation.survey_format = survey_format
    db.session.commit()


def is_plain_language(survey: SurveyDefinition) -> bool:
    """Whether the survey is written in plain language, so it shows faces beside its rating scales
    and its introduction one sentence to a line.

    Returns
    -------
    bool
        True for Easy Read surveys and for young people's surveys.
    """
    return survey.format == EASY_READ or survey.audience == "young_person"


def sentences(text: str) -> list[str]:
    """Split a (translated) text into its sentences, for one sentence to a line.

    Returns
    -------
    list of str
        The sentences, each with its full stop or question mark (Latin or Arabic script).
    """
    return [sentence for sentence in _SENTENCE_END.split(text.strip()) if sentence]


def scale_symbols(survey: SurveyDefinition, question: Question) -> tuple[ScaleSymbol | None, ...]:
    """The pictures to show beside each answer of a question, in the order of its options.

    Returns
    -------
    tuple of ScaleSymbol or None
        One entry per option (None where the option has no picture, e.g. "Don't know"); empty
        when the question is not a scale or the survey shows no symbols.
    """
    if not (question.type.is_scale and is_plain_language(survey)):
        return ()
    return tuple(_symbol(option.key) for option in question.options)


def _symbol(option_key: str) -> ScaleSymbol | None:
    face = _FACES.get(option_key)
    if face is None:
        return None
    path, alt = face
    # The alternative text is translated now, in the language of the page being built.
    return ScaleSymbol(src=url_for("static", filename=path), alt=str(alt))
