"""The typed results of reading a plan's targets: :class:`Target`, its kinds and errors.

:mod:`analysis.targets` reads text into these; they are kept apart so the reading rules and
the types each stay small.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from analysis._checks import check_real
from analysis.baselines import Quantity, format_value


class TargetKind(StrEnum):
    """How a target is stated."""

    LEVEL = "level"  # the value reaches a level: 60%, 3 out of 5, at most 40 complaints
    RELATIVE_CHANGE = "relative_change"  # value >= factor x baseline (factor 1.2 for +20%)
    ABSOLUTE_CHANGE = "absolute_change"  # value >= baseline + change (0.10 for +10pp)
    MAINTAIN = "maintain"  # value no worse than the baseline


class Direction(StrEnum):
    """Which side of the target is good."""

    HIGHER_IS_BETTER = "higher"
    LOWER_IS_BETTER = "lower"


@dataclass(frozen=True, slots=True)
class Horizon:
    """A later target in the same cell, e.g. "40%" after "2 years"; kept as data."""

    text: str
    when: str | None = None
    target: Target | None = None
    readings: tuple[Target, ...] = ()  # when its wording is ambiguous
    problem: str | None = None  # why there is no target (ambiguous, no number, unreadable)


@dataclass(frozen=True, slots=True)
class Target:
    """A target read from a plan.

    Attributes
    ----------
    kind : TargetKind
        Level, relative change, absolute change or maintain.
    value : float
        For a level, the level (a proportion in [0, 1], a mean rating, or a count); for a
        relative change, the factor (1.20 for "20% increase", 0.90 for "10% reduction");
        for an absolute change, the signed change (0.10 for "+10pp"); 0.0 for maintain.
    direction : Direction
        Which side of the target is good.
    quantity : Quantity or None
        What is measured; None for a change on a baseline not yet known.
    scale : int or None
        The top of the rating scale, for a mean rating.
    text : str
        The plan's text.
    description : str
        The words around the amount ("of responding parents").
    when : str or None
        A date the plan gives the target in the same cell ("by March 2024").
    later : tuple of Horizon
        Later horizons in the same cell.
    stated_baseline : float or None
        A baseline stated in the target itself ("rise from 40% to 60%" gives 0.40).
    fragments : tuple of str
        Pieces of the text with digits that were not read, kept as printed ("(.p. 2020)").
    """

    kind: TargetKind
    value: float
    direction: Direction
    quantity: Quantity | None = None
    scale: int | None = None
    text: str = ""
    description: str = ""
    when: str | None = None
    later: tuple[Horizon, ...] = ()
    stated_baseline: float | None = None
    fragments: tuple[str, ...] = ()

    @property
    def needs_baseline(self) -> bool:
        """True when the target is a change, so it cannot be judged without a baseline."""
        return self.kind is not TargetKind.LEVEL

    @property
    def higher_is_better(self) -> bool:
        """True when values above the target are good."""
        return self.direction is Direction.HIGHER_IS_BETTER

    def threshold(self, baseline: float | None = None) -> float:
        """Return the value the measure must pass, given a fixed baseline value.

        Returns
        -------
        float
            The level itself; ``factor x baseline`` for a relative change;
            ``baseline + change`` for an absolute change or maintain.

        Raises
        ------
        ValueError
            If the target is a change and no baseline is given.
        TypeError
            If ``baseline`` is not a real number or None (also a ``ValueError``).
        """
        if baseline is not None:
            baseline = check_real("baseline", baseline)
        if self.kind is TargetKind.LEVEL:
            return self.value
        if baseline is None:
            raise ValueError(f"the target {self.describe()!r} needs a baseline")
        if self.kind is TargetKind.RELATIVE_CHANGE:
            return baseline * self.value
        return baseline + self.value

    def describe(self) -> str:
        """Return the target in words, e.g. "at least 60%" or "a 20% increase on the baseline"."""
        if self.kind is TargetKind.LEVEL:
            bound = "at least" if self.higher_is_better else "at most"
            return f"{bound} {format_value(self.value, self.quantity, self.scale)}"
        if self.kind is TargetKind.MAINTAIN:
            return "no worse than the baseline"
        if self.kind is TargetKind.RELATIVE_CHANGE:
            return _describe_factor(self.value)
        size = abs(self.value)
        if self.quantity is Quantity.PROPORTION:
            amount = f"{format_value(100 * size, None)} percentage points"
        else:
            amount = f"{format_value(size, None)}" + (" points" if self.scale else "")
        change = "an increase" if self.value >= 0 else "a fall"
        return f"{change} of {amount} on the baseline"


# The names are the package's public API (DESIGN.md §6), so they skip the "Error" suffix.
class NotAMeasure(ValueError):  # noqa: N818
    """The text is not a target with a number to judge: an activity, or nothing at all."""

    def __init__(self, text: str, reason: str, fragments: tuple[str, ...] = ()) -> None:
        super().__init__(f"{text!r} is not a measure: {reason}")
        self.text = text
        self.reason = reason
        self.fragments = fragments


class NoTarget(NotAMeasure):
    """The cell gives no target at all: empty, "n/a", "TBC" (no milestone at this point)."""


class BaselineMilestone(NotAMeasure):
    """The text says the baseline is being measured ("Baseline established"), not a target."""


class AmbiguousTarget(ValueError):  # noqa: N818
    """The text has more than one sensible meaning; a lead must choose among ``readings``."""

    def __init__(self, text: str, readings: Sequence[Target], reason: str) -> None:
        choices = "; or ".join(reading.describe() for reading in readings)
        super().__init__(f"{text!r} is ambiguous: {reason} It could mean: {choices}.")
        self.text = text
        self.readings = tuple(readings)
        self.reason = reason


class RelativeToZero(AmbiguousTarget):
    """A relative change on a baseline of 0: the only sensible reading left is a level."""


def _describe_factor(factor: float) -> str:
    """A relative change in words: 1.2 -> "a 20% increase on the baseline"."""
    named = {2.0: "double the baseline", 3.0: "three times the baseline", 0.5: "half the baseline"}
    if factor in named:
        return named[factor]
    change = format_value(abs(factor - 1.0), Quantity.PROPORTION)
    word = "increase" if factor >= 1.0 else "reduction"
    article = "an" if re.match(r"8|1[18](?:\D|$)", change) else "a"
    return f"{article} {change} {word} on the baseline"
