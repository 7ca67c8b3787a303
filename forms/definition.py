"""A survey definition as immutable values: survey → pages → questions → options.

These objects are what :func:`forms.load_survey` returns after validating a YAML file; the rest
of the service reads surveys only through them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from forms import scales

STAGES = ("week6", "week16", "week20", "annual_review")
AUDIENCES = ("parent", "young_person")
FORMATS = ("standard", "easy_read")


class QuestionType(StrEnum):
    """The kinds of question a survey can ask; the value is what a YAML file writes."""

    RATING5 = "rating5"
    AGREE5 = "agree5"
    YES_NO = "yes_no"
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    TEXT = "text"

    @property
    def is_scale(self) -> bool:
        """Whether the type is a 1–5 scale that offers "Don't know".

        Returns
        -------
        bool
            True for ``rating5`` and ``agree5``.
        """
        return self in (QuestionType.RATING5, QuestionType.AGREE5)

    @property
    def has_fixed_options(self) -> bool:
        """Whether the answer options come from :mod:`forms.scales` rather than the YAML file.

        Returns
        -------
        bool
            True for ``rating5``, ``agree5`` and ``yes_no``.
        """
        return self.is_scale or self is QuestionType.YES_NO


_FIXED_SCALES = {
    QuestionType.RATING5: scales.RATING5,
    QuestionType.AGREE5: scales.AGREE5,
    QuestionType.YES_NO: scales.YES_NO,
}


@dataclass(frozen=True, slots=True)
class Option:
    """One answer a family can pick: a stable ``key`` (stored), a ``label`` (shown) and an
    optional numeric ``score`` (stored as the answer's numeric value)."""

    key: str
    label: str
    score: float | None = None


@dataclass(frozen=True, slots=True)
class Question:
    """One question, identified by a ``key`` that KPIs use and that never changes meaning.

    For ``rating5``, ``agree5`` and ``yes_no`` the ``options`` are filled in from
    :mod:`forms.scales` (plus "Don't know" on the scales when ``dont_know`` is true), so every
    question that offers a choice lists its answers in ``options``. There is no "required"
    flag: a family may skip any question (docs/decisions.md).
    """

    key: str
    type: QuestionType
    label: str
    hint: str | None = None
    options: tuple[Option, ...] = ()
    dont_know: bool = True
    max_length: int | None = None
    short_label: str | None = None

    def __post_init__(self) -> None:
        if self.type.has_fixed_options and not self.options:
            points = _FIXED_SCALES[self.type]
            options = [Option(key, label, score) for key, label, score in points]
            if self.type.is_scale and self.dont_know:
                options.append(Option(scales.DONT_KNOW, scales.DONT_KNOW_LABEL))
            # The dataclass is frozen: derived options are set once, here.
            object.__setattr__(self, "options", tuple(options))

    def option(self, key: str) -> Option:
        """Find the answer option with ``key``.

        Returns
        -------
        Option
            The option; raises ``KeyError`` if the question has no such option.
        """
        for option in self.options:
            if option.key == key:
                return option
        raise KeyError(f"question {self.key!r} has no option {key!r}")


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a survey. Our surveys ask one question per page (GOV.UK "one thing per
    page"); a page with several questions must have a ``title``, which becomes its heading."""

    key: str
    questions: tuple[Question, ...]
    title: str | None = None

    @property
    def question_is_heading(self) -> bool:
        """Whether the page's only question is its ``<h1>`` (legend or label as page heading).

        Returns
        -------
        bool
            True when the page has exactly one question and no title of its own.
        """
        return len(self.questions) == 1 and self.title is None


@dataclass(frozen=True, slots=True)
class SurveyDefinition:
    """A whole survey for one stage and audience, at one version."""

    key: str
    version: int
    stage: str
    audience: str
    format: str
    title: str
    intro: str
    estimated_minutes: int
    pages: tuple[Page, ...]
    source: Path | None = field(default=None, compare=False)

    @property
    def questions(self) -> tuple[Question, ...]:
        """Every question in page order.

        Returns
        -------
        tuple of Question
            The questions of all pages, first page first.
        """
        return tuple(question for page in self.pages for question in page.questions)

    def question(self, key: str) -> Question:
        """Find the question with ``key``.

        Returns
        -------
        Question
            The question; raises ``KeyError`` if the survey has no such question.
        """
        for question in self.questions:
            if question.key == key:
                return question
        raise KeyError(f"survey {self.key!r} has no question {key!r}")

    def page(self, key: str) -> Page:
        """Find the page with ``key``.

        Returns
        -------
        Page
            The page; raises ``KeyError`` if the survey has no such page.
        """
        for page in self.pages:
            if page.key == key:
                return page
        raise KeyError(f"survey {self.key!r} has no page {key!r}")

    def page_of(self, question_key: str) -> Page:
        """Find the page that asks the question ``question_key`` (for "Change" links).

        Returns
        -------
        Page
            The page; raises ``KeyError`` if no page asks that question.
        """
        for page in self.pages:
            if any(question.key == question_key for question in page.questions):
                return page
        raise KeyError(f"survey {self.key!r} has no question {question_key!r}")
