"""The values a plan's target wording is read into: the form, unit and place of each amount.

:mod:`analysis.target_wording` fills them from text; :mod:`analysis.targets` interprets them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Form(StrEnum):
    """How a phrase states its amount."""

    LEVEL = "level"  # "60%", "at least 60%", "increase to 60%", "3/5"
    CHANGE = "change"  # "increase by 20%", "+10pp", "double", "5pp increase"
    BARE_CHANGE = "bare_change"  # "60% increase": plans also write this for "increase to 60%"
    MAINTAIN = "maintain"  # "maintain", "no reduction"


class Unit(StrEnum):
    """The unit an amount is written in."""

    PERCENT = "percent"
    PERCENTAGE_POINTS = "percentage_points"
    RATING = "rating"  # "3/5", "3 out of 5"
    POINTS = "points"  # "2 points": percentage points or rating points, by the baseline
    COUNT = "count"
    FACTOR = "factor"  # "double", "halve"
    NONE = "none"  # "maintain"


@dataclass(frozen=True, slots=True)
class Phrase:
    """One amount read with the words around it; ``start``/``end`` cover those words too."""

    start: int
    end: int
    form: Form
    unit: Unit
    number: float
    direction: int | None  # +1 higher, -1 lower, None when the words do not say
    scale: int | None = None
    stated_from: float | None = None  # the "40%" of "rise from 40% to 60%", in the same unit
    explicit: bool = True  # False for a bare amount with no words saying what it is


@dataclass(frozen=True, slots=True)
class Segment:
    """A phrase, or words with no amount, and the date or period the plan gives it."""

    text: str
    phrase: Phrase | None
    when: str | None


@dataclass(frozen=True, slots=True)
class CellText:
    """Everything read from one cell: the primary phrase, later horizons, and leftovers."""

    text: str
    primary: Segment | None
    later: tuple[Segment, ...]
    description: str
    fragments: tuple[str, ...]
