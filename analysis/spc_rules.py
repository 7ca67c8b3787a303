"""Special-cause rules for control charts, as used by NHS England's "Making Data Count".

Each rule looks at the plotted values against the chart's centre line, process limits and
2-sigma lines and flags every point that takes part in a signal, with the side (high or low) it
signals on. The rules and the run length of 7 follow the Making Data Count tools (NHS England and
NHS Improvement, 2019) as implemented in the NHS-R ``NHSRplotthedots`` package, so a council's
charts flag the same points as its NHS partners' charts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

#: Points in a run that all rise or all fall (6 consecutive increases) to signal a trend.
TREND_POINTS = 7
#: Points in a row on one side of the centre line to signal a shift.
SHIFT_POINTS = 7


class Rule(StrEnum):
    """A special-cause rule. The order of ``RULE_PRECEDENCE`` picks the headline rule."""

    OUTSIDE_LIMITS = "outside_limits"
    TREND = "trend"
    TWO_OF_THREE = "two_of_three_beyond_two_sigma"
    SHIFT = "shift"

    @property
    def description(self) -> str:
        """Return the rule in plain English, for a chart's key or a screen reader."""
        return _RULE_DESCRIPTIONS[self]


_RULE_DESCRIPTIONS = {
    Rule.OUTSIDE_LIMITS: "a point outside the process limits",
    Rule.TREND: f"a run of {TREND_POINTS} points all rising or all falling",
    Rule.TWO_OF_THREE: "2 out of 3 points close to a process limit, on the same side",
    Rule.SHIFT: f"a run of {SHIFT_POINTS} points on one side of the centre line",
}

#: Headline precedence when several rules fire for one point: a point outside the limits is
#: the strongest evidence, then a trend, then 2 of 3 near a limit, then a shift. This is the
#: order used by the Making Data Count tools (NHSRplotthedots ``ptd_special_cause_type``).
RULE_PRECEDENCE: tuple[Rule, ...] = (
    Rule.OUTSIDE_LIMITS,
    Rule.TREND,
    Rule.TWO_OF_THREE,
    Rule.SHIFT,
)
_PRECEDENCE = {rule: position for position, rule in enumerate(RULE_PRECEDENCE)}


class Side(StrEnum):
    """Which way a signal points: above the centre line (or rising) is high."""

    HIGH = "high"
    LOW = "low"


@dataclass(frozen=True, slots=True)
class Signal:
    """One rule firing at one point.

    Attributes
    ----------
    rule : Rule
        The rule that fired.
    side : Side
        ``high`` for a point above the limits or centre line or a rising trend, ``low`` otherwise.
    """

    rule: Rule
    side: Side


def detect_signals(
    values: Sequence[float],
    *,
    centre: float,
    lower_limits: Sequence[float],
    upper_limits: Sequence[float],
    lower_two_sigma: Sequence[float],
    upper_two_sigma: Sequence[float],
) -> tuple[tuple[Signal, ...], ...]:
    """Flag every point that takes part in a special-cause signal.

    Parameters
    ----------
    values : sequence of float
        The plotted values in time order.
    centre : float
        The centre line.
    lower_limits, upper_limits : sequence of float
        The process limits at each point (constant for an XmR chart, varying for a p-chart).
    lower_two_sigma, upper_two_sigma : sequence of float
        The 2-sigma lines at each point.

    Returns
    -------
    tuple of tuple of Signal
        For each point, the signals it takes part in, ordered by ``RULE_PRECEDENCE``; an empty
        tuple for common-cause variation.

    Notes
    -----
    Rules (NHS England and NHS Improvement, 2019, *Making Data Count: Strengthening your
    decisions*):

    * outside limits: a point strictly above the upper or below the lower process limit;
    * trend: ``TREND_POINTS`` consecutive points each strictly higher (or lower) than the one
      before; every point of the run is flagged, and a tie ends the run;
    * two of three: 3 consecutive points strictly on the same side of the centre line, 2 or 3
      of them close to the limit (beyond the 2-sigma line but not beyond the limit, which the
      outside-limits rule already flags); the close points are flagged. This is the Western
      Electric (1956) zone A rule as the Making Data Count tools apply it;
    * shift: ``SHIFT_POINTS`` consecutive points strictly on the same side of the centre line;
      a point on the line ends the run.
    """
    y = np.asarray(values, dtype=float)
    lower = np.asarray(lower_limits, dtype=float)
    upper = np.asarray(upper_limits, dtype=float)
    lower2 = np.asarray(lower_two_sigma, dtype=float)
    upper2 = np.asarray(upper_two_sigma, dtype=float)

    found: list[set[Signal]] = [set() for _ in range(y.size)]
    _outside_limits(y, lower, upper, found)
    # A trend of 7 points is 6 steps in the same direction; step j joins points j and j + 1.
    _runs(np.sign(np.diff(y)), Rule.TREND, TREND_POINTS - 1, points_per_step=True, found=found)
    _two_of_three(y, centre, (lower, lower2, upper2, upper), found)
    _runs(np.sign(y - centre), Rule.SHIFT, SHIFT_POINTS, points_per_step=False, found=found)
    return tuple(
        tuple(sorted(signals, key=lambda s: (_PRECEDENCE[s.rule], s.side != Side.HIGH)))
        for signals in found
    )


def headline(signals: Sequence[Signal]) -> Signal | None:
    """Return the signal to show for a point: the first by ``RULE_PRECEDENCE``, or None."""
    return min(signals, key=lambda s: _PRECEDENCE[s.rule], default=None)


def _side(sign: float) -> Side:
    return Side.HIGH if sign > 0 else Side.LOW


def _outside_limits(
    y: np.ndarray, lower: np.ndarray, upper: np.ndarray, found: list[set[Signal]]
) -> None:
    for i in np.flatnonzero(y > upper):
        found[i].add(Signal(Rule.OUTSIDE_LIMITS, Side.HIGH))
    for i in np.flatnonzero(y < lower):
        found[i].add(Signal(Rule.OUTSIDE_LIMITS, Side.LOW))


def _runs(
    signs: np.ndarray,
    rule: Rule,
    length: int,
    *,
    points_per_step: bool,
    found: list[set[Signal]],
) -> None:
    """Flag the points of every run of at least ``length`` equal non-zero signs.

    With ``points_per_step`` the signs are of the steps between points, so a run of k steps
    covers k + 1 points.
    """
    start = 0
    while start < signs.size:
        stop = start
        while stop < signs.size and signs[stop] == signs[start]:
            stop += 1
        if signs[start] != 0 and stop - start >= length:
            side = _side(signs[start])
            last_point = stop + 1 if points_per_step else stop
            for i in range(start, last_point):
                found[i].add(Signal(rule, side))
        start = stop


def _two_of_three(
    y: np.ndarray,
    centre: float,
    lines: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    found: list[set[Signal]],
) -> None:
    lower, lower2, upper2, upper = lines
    side = np.sign(y - centre)
    close_high = (y > upper2) & (y <= upper)
    close_low = (y < lower2) & (y >= lower)
    for close, sign, signal in (
        (close_high, 1, Signal(Rule.TWO_OF_THREE, Side.HIGH)),
        (close_low, -1, Signal(Rule.TWO_OF_THREE, Side.LOW)),
    ):
        for start in range(max(y.size - 2, 0)):
            window = range(start, start + 3)
            if all(side[i] == sign for i in window) and sum(close[i] for i in window) >= 2:
                for i in window:
                    if close[i]:
                        found[i].add(signal)
