"""A timeliness KPI's figures from case dates: plans issued within 20 weeks in each period.

The counting belongs to the cases area (``feedback.services.cases.timeliness``, after the
Department for Education's SEN2 return); this module only spreads its monthly counts over the
KPI's months and quarters, and asks it again for milestone periods, which need not start on
the first of a month.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from feedback.services.cases.timeliness import plans_issued_within
from feedback.services.kpis.periods import MILESTONE, Period

STATUTORY_WEEKS = 20


def plans_on_time(
    organisation_id: int, periods: Sequence[Period], as_of: date
) -> dict[Period, tuple[int, int]]:
    """Return each period's (plans issued on time, plans issued), up to ``as_of``.

    Returns
    -------
    dict of Period to (int, int)
        By month of issue for months and quarters (one query for all of them), and one query
        per milestone period.
    """
    if not periods:
        return {}
    first = min(p.start for p in periods)
    months = plans_issued_within(organisation_id, STATUTORY_WEEKS, start=first, end=as_of).months
    found: dict[Period, tuple[int, int]] = {}
    for period in periods:
        if period.kind == MILESTONE:
            result = plans_issued_within(
                organisation_id, STATUTORY_WEEKS, start=period.start, end=period.data_to(as_of)
            )
            found[period] = (result.numerator, result.denominator)
            continue
        inside = [m for m in months if period.start <= m.month <= period.end]
        found[period] = (sum(m.numerator for m in inside), sum(m.denominator for m in inside))
    return found
