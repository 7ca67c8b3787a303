"""Timeliness from case dates: how many EHC plans were issued within the statutory 20 weeks.

The measure follows the Department for Education's SEN2 return: of the final plans issued in a
period, the share issued within 20 weeks of the request for assessment (final plan date at most
140 days after the request date), counted by month of issue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from feedback.extensions import db
from feedback.models import Case


@dataclass(frozen=True, slots=True)
class LateCase:
    """A plan issued after the deadline: the pseudonymous reference and its dates."""

    case_id: int
    reference: str
    request_date: date
    final_plan_date: date
    days_taken: int


@dataclass(frozen=True, slots=True)
class MonthTimeliness:
    """One month of issue: plans issued on time (numerator), plans issued (denominator), late."""

    month: date
    numerator: int
    denominator: int
    late: tuple[LateCase, ...]


@dataclass(frozen=True, slots=True)
class TimelinessResult:
    """Plans issued within ``weeks`` weeks in ``start``…``end`` (inclusive), overall and by month.

    ``months`` lists every calendar month of the period, including months with no plans.
    """

    weeks: int
    start: date
    end: date
    numerator: int
    denominator: int
    months: tuple[MonthTimeliness, ...]

    @property
    def late(self) -> tuple[LateCase, ...]:
        """Return every late case of the period, by date of issue."""
        return tuple(case for month in self.months for case in month.late)


def plans_issued_within(
    organisation_id: int, weeks: int = 20, *, start: date, end: date
) -> TimelinessResult:
    """Return how many final plans issued from ``start`` to ``end`` (inclusive) were issued
    within ``weeks`` weeks of the request, with the late cases, by month of issue.

    Parameters
    ----------
    organisation_id : int
        The council whose cases count.
    weeks : int, default 20
        The deadline in weeks from the request (20 is the statutory limit).
    start, end : date
        The period, by date the final plan was issued.

    Returns
    -------
    TimelinessResult
        numerator = plans with ``final_plan_date - request_date <= weeks × 7`` days, denominator
        = plans issued in the period; the same by month, with each month's late cases.

    Raises
    ------
    ValueError
        If ``end`` is before ``start`` or ``weeks`` is less than 1.
    """
    if end < start:
        raise ValueError(f"the period ends ({end}) before it starts ({start})")
    if weeks < 1:
        raise ValueError(f"weeks must be at least 1, got {weeks}")
    limit = timedelta(weeks=weeks)
    rows = db.session.execute(
        select(Case.id, Case.reference, Case.request_date, Case.final_plan_date)
        .where(
            Case.organisation_id == organisation_id,
            Case.final_plan_date.between(start, end),
        )
        .order_by(Case.final_plan_date, Case.reference)
    ).all()
    by_month: dict[date, tuple[int, int, list[LateCase]]] = {
        month: (0, 0, []) for month in _months(start, end)
    }
    for case_id, reference, requested, issued in rows:
        month = issued.replace(day=1)
        on_time, issued_count, late = by_month[month]
        if issued - requested <= limit:
            on_time += 1
        else:
            late.append(LateCase(case_id, reference, requested, issued, (issued - requested).days))
        by_month[month] = (on_time, issued_count + 1, late)
    months = tuple(
        MonthTimeliness(month, on_time, issued_count, tuple(late))
        for month, (on_time, issued_count, late) in by_month.items()
    )
    return TimelinessResult(
        weeks=weeks,
        start=start,
        end=end,
        numerator=sum(month.numerator for month in months),
        denominator=sum(month.denominator for month in months),
        months=months,
    )


def _months(start: date, end: date) -> list[date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months
