"""Answers as stored values, independent of the language they were given in.

An answer is an :class:`AnswerValue` ``(numeric, text)``. Only option keys are stored, never
labels, so an answer given in Polish reads the same as one given in English:

============  ==========================================  ===============================
type          numeric                                     text
============  ==========================================  ===============================
rating5       1–5 (None for "Don't know")                 None (``"dont_know"``)
agree5        1–5 (None for "Don't know")                 None (``"dont_know"``)
yes_no        1 or 0                                      ``"yes"`` or ``"no"``
choice        the option's score, if it has one           the option key
multi_choice  None                                        option keys, comma-joined, in
                                                          definition order
text          None                                        the text
============  ==========================================  ===============================
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_wtf import FlaskForm

from forms import messages
from forms.definition import Page, Question, QuestionType
from forms.messages import Translate, identity
from forms.scales import DONT_KNOW


@dataclass(frozen=True, slots=True)
class AnswerValue:
    """One stored answer: a number for the statistics, a key or text for everything else."""

    numeric: float | None
    text: str | None

    @property
    def is_answered(self) -> bool:
        """Whether the value holds an answer, rather than marking a question as skipped.

        Returns
        -------
        bool
            False for :data:`SKIPPED` (no number and no text), True otherwise ("Don't know"
            is an answer).
        """
        return self.numeric is not None or bool(self.text)


# A question the family saw and left blank: kept in their draft so resuming moves past it,
# shown as "Not answered", and never stored in a response.
SKIPPED = AnswerValue(None, None)


def answer_from_data(question: Question, data: Any) -> AnswerValue | None:
    """Turn a form field's data into the value to store.

    Returns
    -------
    AnswerValue or None
        The answer, or None if the question was left blank; raises ``ValueError`` if the data
        is not one of the question's options (validate the form first).
    """
    if question.type is QuestionType.TEXT:
        return AnswerValue(None, data) if data else None
    if question.type is QuestionType.MULTI_CHOICE:
        chosen = set(data or ())
        _check_options(question, chosen)
        keys = [option.key for option in question.options if option.key in chosen]
        return AnswerValue(None, ",".join(keys)) if keys else None
    if not data:
        return None
    _check_options(question, {data})
    option = question.option(data)
    if question.type.is_scale and data != DONT_KNOW:
        # A scale point is its number alone; only "Don't know" is kept as text.
        return AnswerValue(option.score, None)
    return AnswerValue(option.score, data)


def data_from_answer(question: Question, value: AnswerValue) -> str | list[str]:
    """Turn a stored answer back into what the question's form field holds.

    Returns
    -------
    str or list of str
        An option key, a list of option keys (multi_choice) or the text; an empty string (an
        empty list for multi_choice) for a skipped question. Raises ``ValueError`` if the value
        is none of the question's options.
    """
    if question.type is QuestionType.MULTI_CHOICE:
        return value.text.split(",") if value.text else []
    if not value.is_answered:
        return ""
    if question.type is QuestionType.TEXT:
        return value.text or ""
    if value.text is not None:
        return value.text
    for option in question.options:
        if option.score is not None and option.score == value.numeric:
            return option.key
    raise ValueError(f"question {question.key!r} has no option scoring {value.numeric!r}")


def answers_from_form(page: Page, form: FlaskForm) -> dict[str, AnswerValue]:
    """Collect the answers a validated form holds for a page.

    Parameters
    ----------
    page : Page
        The page the form was built from with :func:`forms.build_page_form`.
    form : FlaskForm
        An instance of that form, after ``validate()`` returned True.

    Returns
    -------
    dict of str to AnswerValue
        Question key to answer. Questions left blank are absent, so a caller replacing a page's
        answers should drop every key of the page first.
    """
    answers = {}
    for question in page.questions:
        value = answer_from_data(question, form[question.key].data)
        if value is not None:
            answers[question.key] = value
    return answers


def form_data_from_answers(page: Page, answers: Mapping[str, AnswerValue]) -> dict[str, Any]:
    """Prefill a page's form with answers given before (``form_class(data=...)``).

    Returns
    -------
    dict
        Field name to field data, for the page's questions that have an answer (a skipped
        question is left out, so its field shows blank).
    """
    return {
        question.key: data_from_answer(question, answers[question.key])
        for question in page.questions
        if question.key in answers and answers[question.key].is_answered
    }


def display_answer(
    question: Question, value: AnswerValue | None, *, translate: Translate = identity
) -> str:
    """Say an answer in words, for "Check your answers".

    Returns
    -------
    str
        The translated label of the chosen option (labels joined by ", " for multi_choice), the
        text itself for a text question, or "Not answered" (no value, or :data:`SKIPPED`).
    """
    if value is None or not value.is_answered:
        return translate(messages.NOT_ANSWERED)
    data = data_from_answer(question, value)
    if question.type is QuestionType.TEXT:
        return str(data) or translate(messages.NOT_ANSWERED)
    keys = data if isinstance(data, list) else [data]
    if not keys:
        return translate(messages.NOT_ANSWERED)
    return ", ".join(translate(question.option(key).label) for key in keys)


def _check_options(question: Question, keys: set[str]) -> None:
    unknown = keys - {option.key for option in question.options}
    if unknown:
        raise ValueError(
            f"question {question.key!r} has no option {', '.join(sorted(map(repr, unknown)))}"
        )
