"""Reporting periods: calendar months and quarters, and the stretches between plan milestones.

Periods are calendar dates in UTC. A milestone period runs from the previous milestone (or the
plan's start) to the day before the milestone falls due, so each milestone is judged on the
answers given since the one before.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from analysis.status import add_months

MONTH = "month"
QUARTER = "quarter"
MILESTONE = "milestone"
ENTERED = "entered"
BASELINE = "baseline"

PERIOD_KINDS = (MONTH, QUARTER, MILESTONE, ENTERED, BASELINE)
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Period:
    """A stretch of days a KPI is measured over.

    Attributes
    ----------
    kind : str
        ``month``, ``quarter``, ``milestone``, ``entered`` or ``baseline``.
    start, end : date
        The first and last day included.
    label : str
        How a lead reads it: "Mar 2023", "Jan–Mar 2023", "6-month milestone".
    months : int or None
        For a milestone period, the milestone's months after the plan starts.
    """

    kind: str
    start: date
    end: date
    label: str
    months: int | None = None

    def data_to(self, as_of: date) -> date:
        """Return the last day of data a measurement made on ``as_of`` can include."""
        return min(self.end, as_of)

    def is_complete(self, as_of: date) -> bool:
        """True when the whole period lies on or before ``as_of``."""
        return self.end <= as_of


def month_periods(first: date, as_of: date) -> list[Period]:
    """Return the calendar months from the one holding ``first`` to the one holding ``as_of``."""
    periods = []
    start = first.replace(day=1)
    while start <= as_of:
        following = add_months(start, 1)
        periods.append(Period(MONTH, start, following - ONE_DAY, f"{start:%b %Y}"))
        start = following
    return periods


def quarter_periods(first: date, as_of: date) -> list[Period]:
    """Return the calendar quarters (Jan–Mar...) from the one holding ``first`` to ``as_of``."""
    periods = []
    start = date(first.year, 3 * ((first.month - 1) // 3) + 1, 1)
    while start <= as_of:
        following = add_months(start, 3)
        end = following - ONE_DAY
        periods.append(Period(QUARTER, start, end, f"{start:%b}–{end:%b %Y}"))
        start = following
    return periods


def milestone_periods(plan_start: date, months: Iterable[int], as_of: date) -> list[Period]:
    """Return each milestone's period (since the previous milestone) that has begun by ``as_of``."""
    periods = []
    previous = plan_start
    for count in sorted(set(months)):
        due = add_months(plan_start, count)
        if previous <= as_of:
            periods.append(
                Period(MILESTONE, previous, due - ONE_DAY, f"{count}-month milestone", count)
            )
        previous = due
    return periods


def reporting_periods(
    plan_start: date, milestone_months: Iterable[int], as_of: date
) -> list[Period]:
    """Return every month, quarter and milestone period of a plan that has begun by ``as_of``."""
    if as_of < plan_start:
        return []
    return [
        *month_periods(plan_start, as_of),
        *quarter_periods(plan_start, as_of),
        *milestone_periods(plan_start, milestone_months, as_of),
    ]
