"""What the KPI pages and reports show: values with intervals, targets, verdicts, and statuses in
the plan's own words. Small numbers are never shown: a measurement from fewer valid answers than
the minimum has no value stored, and shows as "fewer than N answers"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from analysis.baselines import Quantity
from analysis.estimate import Estimate
from analysis.kpi_rows import CellOutcome
from analysis.scales import get_scale
from analysis.status import StatusCode, add_months, milestone_due
from analysis.verdict_text import interval_text
from feedback.formatting import figure, percent
from feedback.models.kpis import Kpi, KpiMeasurement, Plan
from feedback.services.kpis import readings
from feedback.services.kpis.metrics import MetricKind
from feedback.services.kpis.periods import BASELINE, ENTERED, MILESTONE, MONTH, QUARTER

VERDICT_LABELS = {
    "met": _l("Target met"),
    "not_met": _l("Target not met"),
    "inconclusive": _l("Not yet clear"),
    "insufficient_data": _l("Not enough answers"),
}
CHANGE_LABELS = {
    "improved": _l("Improved on baseline"),
    "worsened": _l("Worse than baseline"),
    "no_clear_change": _l("No clear change from baseline"),
}
# GOV.UK tag modifiers for a scale's colour names; the tag always carries the status in words.
TAG_CLASSES = {
    "red": "govuk-tag--red",
    "amber": "govuk-tag--orange",
    "yellow": "govuk-tag--yellow",
    "green": "govuk-tag--green",
    "blue": "govuk-tag--blue",
    "purple": "govuk-tag--purple",
    "grey": "govuk-tag--grey",
}
NO_VALUE = "–"
STAGE_LABELS = {
    "week6": _l("Week 6: decision whether to assess"),
    "week16": _l("Week 16: draft plan"),
    "week20": _l("Week 20: final plan"),
    "annual_review": _l("Annual review"),
}
AUDIENCE_LABELS = {"parent": _l("Parents and carers"), "young_person": _l("Young people")}
METHOD_LABELS = {
    "wilson": _l("Wilson score interval (Wilson 1927)"),
    "t": _l("Student's t interval for a mean (Student 1908)"),
    "garwood": _l("Exact Poisson interval for a count (Garwood 1936)"),
}


@dataclass(frozen=True, slots=True)
class StatusView:
    """A status in the plan's own words and colour, with the reason behind it."""

    code: str
    label: str
    colour: str
    tag_class: str
    reason: str
    status: str

    @property
    def text(self) -> str:
        """Return the status in words: "Amber: At risk", or the label alone when the code adds
        nothing ("No status yet")."""
        if self.code.lower() in (self.label.lower(), "none"):
            return self.label
        return f"{self.code}: {self.label}"


@dataclass(frozen=True, slots=True)
class KpiRow:
    """One KPI as the dashboard and the board report show it."""

    kpi: Kpi
    current: KpiMeasurement | None
    value: str
    interval: str
    target: str
    baseline: str
    milestone: str
    verdict: str
    status: StatusView
    issues: tuple[readings.Issue, ...]

    @property
    def shown(self) -> str:
        """Return the value with its interval, or why there is none to show."""
        if self.current is not None and self.current.value is not None:
            return self.interval
        return self.value


def quantity_of(kpi: Kpi) -> Quantity | None:
    """Return what the KPI measures: from its metric, else from its target."""
    if kpi.metric is not None:
        return MetricKind(kpi.metric.kind).quantity
    target = readings.final_target(kpi)
    return target.quantity if target else None


def estimate_of(measurement: KpiMeasurement) -> Estimate | None:
    """Return a measurement's published estimate, or None when it has no value to show."""
    if measurement.value is None or measurement.lo is None or measurement.hi is None:
        return None
    return Estimate(
        measurement.value,
        measurement.lo,
        measurement.hi,
        measurement.level,
        measurement.n,
        measurement.method,
    )


def value_text(measurement: KpiMeasurement | None, quantity: Quantity | None, min_n: int) -> str:
    """Return the value as shown, or why there is none."""
    if measurement is None:
        return str(_l("Not measured yet"))
    if measurement.value is None:
        if measurement.n == 0:
            return str(_l("No answers"))
        return str(_l("Fewer than %(n)s answers", n=min_n))
    return figure(measurement.value, quantity, 5 if quantity is Quantity.MEAN_RATING else None)


def interval_words(measurement: KpiMeasurement | None, quantity: Quantity | None) -> str:
    """Return "73% (95% CI 61% to 83%, n = 52)", or a dash when nothing can be shown."""
    estimate = estimate_of(measurement) if measurement is not None else None
    return interval_text(estimate, quantity) if estimate is not None else NO_VALUE


def limits_text(measurement: KpiMeasurement, quantity: Quantity | None) -> str:
    """Return the interval alone, "28% to 55% (95% CI)", or a dash when nothing is shown."""
    if measurement.lo is None or measurement.hi is None:
        return NO_VALUE
    low, high = (figure(v, quantity) for v in (measurement.lo, measurement.hi))
    return f"{low} to {high} ({percent(measurement.level)} CI)"


def method_label(measurement: KpiMeasurement) -> str:
    """Return how the interval was made and its level, for a reader to check."""
    method = METHOD_LABELS.get(measurement.method, measurement.method)
    return f"{method}, {percent(measurement.level)} confidence level"


def status_view(plan: Plan, status: str | None, reason: str = "") -> StatusView:
    """Return a status code in the plan's own scale."""
    code = StatusCode(status) if status else StatusCode.NO_STATUS
    entry = get_scale(plan.status_scale).entries[code]
    tag = TAG_CLASSES.get(entry.colour, "govuk-tag--grey")
    return StatusView(entry.code, entry.label, entry.colour, tag, reason, code.value)


def current_measurement(kpi: Kpi) -> KpiMeasurement | None:
    """Return the measurement a dashboard leads with.

    The most recent complete quarter; the quarter to date before any is complete; for figures
    entered by hand, the latest period entered.
    """
    entered = [m for m in kpi.measurements if m.period_kind == ENTERED]
    if entered:
        return max(entered, key=lambda m: m.period_start)
    quarters = sorted(
        (m for m in kpi.measurements if m.period_kind == QUARTER), key=lambda m: m.period_start
    )
    complete = [m for m in quarters if m.data_to >= m.period_end]
    if complete:
        return complete[-1]
    return quarters[-1] if quarters else None


def history(kpi: Kpi, kind: str) -> list[KpiMeasurement]:
    """Return the KPI's measurements of one period kind, oldest first."""
    return sorted(
        (m for m in kpi.measurements if m.period_kind == kind), key=lambda m: m.period_start
    )


def target_text(kpi: Kpi) -> str:
    """Return the final target in words, or what the plan prints when there is nothing to judge."""
    target = readings.final_target(kpi)
    if target is not None:
        return target.describe()
    cell = readings.final_milestone(kpi)
    if cell is None or not cell.text:
        return NO_VALUE
    if cell.outcome == CellOutcome.AMBIGUOUS.value:
        return f"{cell.text} ({_l('meaning to be chosen')})"
    return f"{cell.text} ({_l('no number to judge')})"


def baseline_text(kpi: Kpi) -> str:
    """Return the baseline in use: measured (with its interval and period) or the plan's."""
    measured = readings.measured_baseline(kpi)
    if measured is not None:
        quantity = quantity_of(kpi)
        period = f"{_day(measured.period_start)} to {_day(measured.period_end)}"
        return f"{interval_words(measured, quantity)}, {_l('measured')} {period}"
    if readings.baseline_is_pending(kpi):
        return str(_l("To be measured (the plan says: %(text)s)", text=kpi.baseline_text or "–"))
    try:
        return readings.plan_baseline(kpi).describe()
    except ValueError:
        return kpi.baseline_text


def milestone_text(kpi: Kpi, as_of: date) -> str:
    """Return the milestone due at ``as_of`` (or the next one) with its date and target."""
    targets = readings.milestone_targets(kpi)
    due = milestone_due(kpi.plan.start_date, targets, as_of)
    if due is not None:
        return f"{_months(due.months)} ({_day(due.due)}): {due.target.describe()}"
    upcoming = sorted(targets)
    if not upcoming:
        return NO_VALUE
    months = upcoming[0]
    when = add_months(kpi.plan.start_date, months)
    return f"{_l('Next')}: {_months(months)} ({_day(when)}): {targets[months].describe()}"


def kpi_row(kpi: Kpi, *, as_of: date, min_n: int) -> KpiRow:
    """Return one KPI's line on the dashboard and the board report."""
    current = current_measurement(kpi)
    quantity = quantity_of(kpi)
    verdict = VERDICT_LABELS.get(current.verdict or "", NO_VALUE) if current else NO_VALUE
    status = status_view(
        kpi.plan, current.status if current else None, current.reason if current else ""
    )
    issues = readings.open_issues(kpi)
    if current is None and issues:
        status = status_view(kpi.plan, None, issues[0].text)
    return KpiRow(
        kpi=kpi,
        current=current,
        value=value_text(current, quantity, min_n),
        interval=interval_words(current, quantity),
        target=target_text(kpi),
        baseline=baseline_text(kpi),
        milestone=milestone_text(kpi, as_of),
        verdict=str(verdict),
        status=status,
        issues=tuple(issues),
    )


def period_label(kind: str) -> str:
    """Return a period kind in words."""
    return str(
        {
            MONTH: _l("Month"),
            QUARTER: _l("Quarter"),
            MILESTONE: _l("Milestone period"),
            ENTERED: _l("Period entered"),
            BASELINE: _l("Baseline period"),
        }.get(kind, kind)
    )


def _months(months: int) -> str:
    return str(ngettext("%(num)s month", "%(num)s months", months))


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"
