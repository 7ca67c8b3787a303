"""The plan dashboard and the KPI page as view models: every figure already worded and protected."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from analysis.status import StatusCode
from analysis.suppression import PublishedCounts, PublishedTable, suppress_counts, suppress_table
from feedback.models.kpis import Kpi, KpiMeasurement, Plan
from feedback.services.kpis import readings
from feedback.services.kpis.charts import (
    ControlChartView,
    TrendChart,
    better_direction,
    chart_target,
    control_chart,
    trend_chart,
)
from feedback.services.kpis.metrics import MetricKind, describe_metric, spec_of
from feedback.services.kpis.periods import ENTERED, MILESTONE, MONTH, QUARTER
from feedback.services.kpis.presenting import (
    KpiRow,
    StatusView,
    history,
    kpi_row,
    quantity_of,
    status_view,
)
from feedback.services.overview import Overview, staff_overview
from feedback.services.surveys import registry
from forms import AUDIENCES, STAGES

# Where a response came from: a personal link, then an open poster (``Response.source``).
SOURCES = ("invitation", "poster")
# Most pressing first, as a board reads a plan.
STATUS_ORDER = (
    StatusCode.OFF_TRACK,
    StatusCode.AT_RISK,
    StatusCode.ON_TRACK,
    StatusCode.COMPLETE,
    StatusCode.EMBEDDED,
    StatusCode.INSUFFICIENT_DATA,
    StatusCode.NO_STATUS,
)


@dataclass(frozen=True, slots=True)
class KpiCharts:
    """A KPI's trend (quarters, or periods entered) and control chart (months)."""

    trend: TrendChart | None
    trend_periods: tuple[KpiMeasurement, ...]
    control: ControlChartView | None


@dataclass(frozen=True, slots=True)
class PlanDashboard:
    """Everything the plan dashboard shows."""

    plan: Plan
    as_of: date
    rows: tuple[KpiRow, ...]
    status_counts: tuple[tuple[StatusView, int], ...]
    needs_decision: tuple[KpiRow, ...]
    charts: dict[int, KpiCharts]
    computed_at: datetime | None
    responses: Overview


@dataclass(frozen=True, slots=True)
class ResponseCounts:
    """Valid answers by stage (rows) and audience (columns), and by source (personal links,
    open posters; None for measurements stored before the source was counted), small counts
    suppressed."""

    stages: tuple[str, ...]
    audiences: tuple[str, ...]
    table: PublishedTable
    sources: PublishedCounts | None


@dataclass(frozen=True, slots=True)
class KpiPage:
    """Everything the KPI page shows."""

    row: KpiRow
    metric: str
    charts: KpiCharts
    histories: tuple[tuple[str, tuple[KpiMeasurement, ...]], ...]
    baseline: KpiMeasurement | None
    counts_current: ResponseCounts | None
    counts_to_date: ResponseCounts | None


def charts_for(kpi: Kpi) -> KpiCharts:
    """Return the KPI's trend and control chart (the SPC limits by ``analysis.spc``)."""
    quantity = quantity_of(kpi)
    target = chart_target(kpi)
    entered = kpi.metric is not None and not MetricKind(kpi.metric.kind).uses_survey
    trend_periods = tuple(history(kpi, ENTERED if entered else QUARTER))
    control_periods = history(kpi, ENTERED if entered else MONTH)
    return KpiCharts(
        trend=trend_chart(trend_periods, quantity, target),
        trend_periods=trend_periods,
        control=control_chart(control_periods, quantity, target, better_direction(kpi)),
    )


def plan_dashboard(plan: Plan, *, as_of: date, min_n: int) -> PlanDashboard:
    """Return the plan's dashboard as of a date."""
    rows = tuple(kpi_row(kpi, as_of=as_of, min_n=min_n) for kpi in plan.kpis)
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.status.status] = counts.get(row.status.status, 0) + 1
    status_counts = tuple(
        (status_view(plan, code.value), counts[code.value])
        for code in STATUS_ORDER
        if code.value in counts
    )
    measured = [m.computed_at for kpi in plan.kpis for m in kpi.measurements]
    return PlanDashboard(
        plan=plan,
        as_of=as_of,
        rows=rows,
        status_counts=status_counts,
        needs_decision=tuple(row for row in rows if row.issues),
        charts={kpi.id: charts_for(kpi) for kpi in plan.kpis if kpi.measurements},
        computed_at=max(measured, default=None),
        responses=staff_overview(plan.organisation_id),
    )


def kpi_page(kpi: Kpi, *, as_of: date, min_n: int, threshold: int) -> KpiPage:
    """Return the KPI page: definition, history, status reason and response counts."""
    row = kpi_row(kpi, as_of=as_of, min_n=min_n)
    metric = describe_metric(spec_of(kpi.metric), registry()) if kpi.metric else ""
    kinds = (QUARTER, MONTH, MILESTONE, ENTERED)
    histories = tuple((kind, tuple(history(kpi, kind))) for kind in kinds if history(kpi, kind))
    months = history(kpi, MONTH)
    return KpiPage(
        row=row,
        metric=metric,
        charts=charts_for(kpi),
        histories=histories,
        baseline=readings.measured_baseline(kpi),
        counts_current=_response_counts([row.current] if row.current else [], threshold),
        counts_to_date=_response_counts(months, threshold),
    )


def _response_counts(measurements: list[KpiMeasurement], threshold: int) -> ResponseCounts | None:
    """Sum valid answers by stage and audience over some periods, then suppress small counts."""
    totals: dict[str, int] = {}
    sources: dict[str, int] = {}
    for measurement in measurements:
        inputs = measurement.inputs or {}
        for group, count in inputs.get("by_stage_audience", {}).items():
            totals[group] = totals.get(group, 0) + int(count)
        for source, count in inputs.get("by_source", {}).items():
            sources[source] = sources.get(source, 0) + int(count)
    if not totals:
        return None
    stages = tuple(s for s in STAGES if any(g.startswith(f"{s} ") for g in totals))
    audiences = tuple(a for a in AUDIENCES if any(g.endswith(f" {a}") for g in totals))
    grid = [[totals.get(f"{s} {a}", 0) for a in audiences] for s in stages]
    split = (
        suppress_counts([sources.get(s, 0) for s in SOURCES], threshold=threshold)
        if sum(sources.values()) == sum(totals.values())
        else None
    )
    return ResponseCounts(stages, audiences, suppress_table(grid, threshold=threshold), split)
