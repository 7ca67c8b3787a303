"""``kpis recompute``: measure every KPI of a plan for each period and write the results back.

Idempotent: each KPI's measurements are matched by (period kind, period start) and updated in
place, and periods no longer produced are removed, so a re-run replaces and never duplicates. The
KPI rows are locked first (``SELECT ... FOR UPDATE`` on PostgreSQL), so cron on several machines
and a lead's button can run at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import select

from analysis.status import StatusCode
from feedback.extensions import db
from feedback.models import User, utcnow
from feedback.models.kpis import Kpi, KpiMeasurement, Plan
from feedback.services import audit
from feedback.services.kpis import readings
from feedback.services.kpis.aggregation import daily_counts, fold
from feedback.services.kpis.case_dates import plans_on_time
from feedback.services.kpis.judging import (
    Judgement,
    Observation,
    judge,
    observe_counts,
    observe_entry,
)
from feedback.services.kpis.metrics import MetricError, MetricKind, answer_rule, spec_of
from feedback.services.kpis.periods import BASELINE, ENTERED, Period, reporting_periods
from feedback.services.surveys import registry

# Measured results of one KPI: each period with what it gave.
Results = list[tuple[Period, Observation]]


@dataclass(frozen=True, slots=True)
class Settings:
    """The numbers a recompute is made with, from the app's configuration."""

    level: float
    min_n: int

    @classmethod
    def from_config(cls) -> Settings:
        """Return the settings of the current app."""
        config = current_app.config
        return cls(float(config["KPI_CONFIDENCE_LEVEL"]), int(config["MIN_N_FOR_RATES"]))


@dataclass(frozen=True, slots=True)
class RecomputeSummary:
    """What a recompute did: KPIs measured, measurements written, and KPIs skipped with why."""

    plans: int
    kpis_measured: int
    measurements: int
    skipped: tuple[tuple[str, str], ...]  # (KPI ref, why)


def recompute_plans(
    plans: Sequence[Plan],
    *,
    as_of: date,
    actor: User | None = None,
    settings: Settings | None = None,
) -> RecomputeSummary:
    """Recompute every KPI of ``plans`` as of a date, audit it and commit.

    Returns
    -------
    RecomputeSummary
        Counts of what was measured and written.
    """
    settings = settings or Settings.from_config()
    measured = written = 0
    skipped: list[tuple[str, str]] = []
    for plan in plans:
        for kpi in _locked_kpis(plan):
            count, why = recompute_kpi(kpi, as_of=as_of, settings=settings)
            if why:
                skipped.append((kpi.ref, why))
            else:
                measured += 1
                written += count
        audit.record(
            "kpis.recompute",
            actor=actor,
            organisation_id=plan.organisation_id,
            target_type="plan",
            target_id=plan.id,
            as_of=as_of.isoformat(),
            measurements=written,
        )
    db.session.commit()
    return RecomputeSummary(len(plans), measured, written, tuple(skipped))


def _locked_kpis(plan: Plan) -> list[Kpi]:
    query = select(Kpi).where(Kpi.plan_id == plan.id).order_by(Kpi.position).with_for_update()
    return list(db.session.scalars(query))


def recompute_kpi(kpi: Kpi, *, as_of: date, settings: Settings) -> tuple[int, str]:
    """Measure one KPI for every period begun by ``as_of`` and write the measurements.

    Returns
    -------
    tuple of (int, str)
        The number of measurements written, and why the KPI was not measured ("" if it was).
        A KPI that cannot be measured keeps no computed measurements (its baseline stays).
    """
    results, why = _measure(kpi, as_of, settings)
    kind = MetricKind(kpi.metric.kind) if kpi.metric else None
    judged = _judge_all(kpi, kind, results, settings, as_of) if kind else []
    _write(kpi, judged, as_of)
    return len(judged), why


def _measure(kpi: Kpi, as_of: date, settings: Settings) -> tuple[Results, str]:
    """Each period's observation, or no periods and the reason."""
    if kpi.metric is None:
        return [], "no metric is defined"
    spec = spec_of(kpi.metric)
    if spec.kind is MetricKind.TIMELINESS:
        months = [m.months for m in kpi.milestones]
        periods = reporting_periods(kpi.plan.start_date, months, as_of)
        shares = plans_on_time(kpi.plan.organisation_id, periods, as_of)
        return [
            (p, observe_entry(on_time, issued, spec.kind, settings.level))
            for p, (on_time, issued) in shares.items()
        ], ""
    if not spec.kind.uses_survey:
        return [
            (
                Period(
                    ENTERED,
                    e.period_start,
                    e.period_end,
                    _entered_label(e.period_start, e.period_end),
                ),
                observe_entry(e.count, e.denominator, spec.kind, settings.level),
            )
            for e in kpi.manual_entries
            if e.period_start <= as_of
        ], ""
    try:
        rule = answer_rule(spec, registry())
    except MetricError as error:
        return [], f"the metric no longer matches the surveys: {error.message}"
    months = [m.months for m in kpi.milestones]
    periods = reporting_periods(kpi.plan.start_date, months, as_of)
    if not periods:
        return [], ""
    first = min(p.start for p in periods)
    daily = daily_counts(kpi.plan.organisation_id, rule, first, as_of)
    totals = fold(daily, periods)
    return [(p, observe_counts(totals[p], spec.kind, settings.level)) for p in periods], ""


def _entered_label(start: date, end: date) -> str:
    return f"{start.day} {start:%b %Y} to {end.day} {end:%b %Y}"


def _judge_all(
    kpi: Kpi, kind: MetricKind, results: Results, settings: Settings, as_of: date
) -> list[tuple[Period, Observation, Judgement]]:
    """Judge each period in time order, passing each kind's previous status along."""
    target = readings.final_target(kpi)
    milestones = readings.milestone_targets(kpi)
    baseline = readings.baseline_for_verdicts(kpi)
    previous: dict[str, StatusCode] = {}
    judged = []
    for period, observation in sorted(results, key=lambda r: (r[0].kind, r[0].start)):
        judgement = judge(
            observation,
            kind=kind,
            target=target,
            milestones=milestones,
            baseline=baseline,
            plan_start=kpi.plan.start_date,
            on=period.data_to(as_of),
            min_n=settings.min_n,
            previous=previous.get(period.kind),
        )
        previous[period.kind] = judgement.status
        judged.append((period, observation, judgement))
    return judged


def _write(kpi: Kpi, judged: list[tuple[Period, Observation, Judgement]], as_of: date) -> None:
    """Update the KPI's measurements in place, add new ones, remove those no longer produced."""
    existing = {
        (m.period_kind, m.period_start): m for m in kpi.measurements if m.period_kind != BASELINE
    }
    source = MetricKind(kpi.metric.kind).source.value if kpi.metric else ""
    now = utcnow()
    for period, observation, judgement in judged:
        row = existing.pop((period.kind, period.start), None)
        if row is None:
            row = KpiMeasurement(period_kind=period.kind, period_start=period.start)
            kpi.measurements.append(row)
        fill_measurement(row, period, observation, judgement, as_of=min(as_of, period.end))
        row.source = source
        row.computed_at = now
    for stale in existing.values():
        kpi.measurements.remove(stale)
    db.session.flush()


def fill_measurement(
    row: KpiMeasurement,
    period: Period,
    observation: Observation,
    judgement: Judgement | None,
    *,
    as_of: date,
) -> None:
    """Copy a period, its observation and its judgement into a measurement row."""
    shown = judgement.shown if judgement is not None else observation.estimate
    row.period_end = period.end
    row.data_to = period.data_to(as_of)
    row.label = period.label
    row.n = observation.n
    row.value = shown.value if shown else None
    row.lo = shown.lo if shown else None
    row.hi = shown.hi if shown else None
    row.level = observation.level
    row.method = observation.method
    row.inputs = observation.inputs
    row.survey_versions = list(observation.versions)
    if judgement is None:
        row.verdict = row.change = None
        row.verdict_reason = ""
        row.status = StatusCode.NO_STATUS.value
        row.milestone_months = row.threshold = None
        return
    row.verdict = judgement.verdict
    row.verdict_reason = judgement.verdict_reason
    row.change = judgement.change
    row.status = judgement.status.value
    row.reason = judgement.reason
    row.milestone_months = judgement.milestone_months
    row.threshold = judgement.threshold
