"""Figures a lead supplies: the period a "to be established" baseline is measured in, and the
counts entered by hand each period (complaints, tribunals, dip samples of plans)."""

from __future__ import annotations

from datetime import date

from feedback.extensions import db
from feedback.models import User, utcnow
from feedback.models.kpis import Kpi, KpiMeasurement, ManualEntry
from feedback.services import audit
from feedback.services.kpis import readings
from feedback.services.kpis.aggregation import period_counts
from feedback.services.kpis.editing import KpiEditError, baseline_value, recompute_and_commit
from feedback.services.kpis.judging import observe_counts
from feedback.services.kpis.metrics import MetricKind, answer_rule, spec_of
from feedback.services.kpis.periods import BASELINE, Period
from feedback.services.kpis.recompute import Settings, fill_measurement
from feedback.services.surveys import registry


def measure_baseline(
    kpi: Kpi, start: date | None, end: date | None, *, actor: User
) -> KpiMeasurement:
    """Measure a KPI's baseline over the period a lead chose and store it with its interval.

    The targets are then read again against the measured value (a "50% increase" may turn out
    ambiguous on it), the choice is audited and the KPI recomputed.

    Returns
    -------
    KpiMeasurement
        The baseline measurement (period kind ``baseline``).

    Raises
    ------
    KpiEditError
        If the KPI has no survey metric, the dates are missing, in the wrong order or in the
        future, or the period has fewer valid answers than the minimum for a figure.
    """
    settings = Settings.from_config()
    if kpi.metric is None or not MetricKind(kpi.metric.kind).uses_survey:
        raise KpiEditError("start", "Say how the KPI is measured from the surveys first")
    today = utcnow().date()
    if start is None:
        raise KpiEditError("start", "Enter the first day of the baseline period")
    if end is None:
        raise KpiEditError("end", "Enter the last day of the baseline period")
    if end < start:
        raise KpiEditError("end", "The last day must be the same as or after the first day")
    if end > today:
        raise KpiEditError("end", "The last day must be today or in the past")
    spec = spec_of(kpi.metric)
    period = Period(BASELINE, start, end, f"Baseline {start:%d %b %Y} to {end:%d %b %Y}")
    counts = period_counts(kpi.plan.organisation_id, answer_rule(spec, registry()), period)
    if counts.valid < settings.min_n:
        raise KpiEditError(
            "start",
            f"The period has {counts.valid} valid answers; a baseline needs at least "
            f"{settings.min_n}. Choose a longer period.",
        )
    observation = observe_counts(counts, spec.kind, settings.level)
    old = readings.measured_baseline(kpi)
    if old is not None:
        kpi.measurements.remove(old)
        db.session.flush()
    row = KpiMeasurement(period_kind=BASELINE, period_start=start, source=spec.kind.source.value)
    fill_measurement(row, period, observation, None, as_of=end)
    row.reason = (
        f"Baseline measured from {counts.valid} valid answers given from {start:%d %b %Y} to "
        f"{end:%d %b %Y}."
    )
    row.computed_at = utcnow()
    kpi.measurements.append(row)
    db.session.flush()
    measured = baseline_value(kpi)
    if measured is not None:
        readings.reread_targets(kpi, measured)
    audit.record(
        "kpi.baseline_measured",
        actor=actor,
        target_type="kpi",
        target_id=kpi.id,
        start=start.isoformat(),
        end=end.isoformat(),
        n=counts.valid,
    )
    recompute_and_commit(kpi)
    return row


def save_manual_entry(
    kpi: Kpi,
    *,
    start: date | None,
    end: date | None,
    count: int | None,
    denominator: int | None,
    actor: User,
) -> ManualEntry:
    """Store a figure entered by hand for a period (replacing one that starts the same day),
    audit it and recompute.

    Raises
    ------
    KpiEditError
        If the KPI is not entered by hand, the dates are missing or overlap another entry, or
        the numbers are missing, negative or more than their total.
    """
    if kpi.metric is None or kpi.metric.kind not in (
        MetricKind.MANUAL_COUNT.value,
        MetricKind.MANUAL_PROPORTION.value,
    ):
        raise KpiEditError("count", "This KPI's figures are not entered by hand")
    if start is None:
        raise KpiEditError("start", "Enter the first day of the period")
    if end is None or end < start:
        raise KpiEditError("end", "Enter the last day of the period, on or after the first day")
    if count is None or count < 0:
        raise KpiEditError("count", "Enter the count, a whole number of 0 or more")
    proportion = kpi.metric.kind == MetricKind.MANUAL_PROPORTION.value
    if proportion and (denominator is None or denominator < 1 or denominator < count):
        raise KpiEditError(
            "denominator", "Enter the total, a whole number at least as large as the count"
        )
    for other in kpi.manual_entries:
        if other.period_start != start and other.period_start <= end and start <= other.period_end:
            raise KpiEditError("start", "The period overlaps a period already entered")
    entry = next((e for e in kpi.manual_entries if e.period_start == start), None)
    if entry is None:
        entry = ManualEntry(period_start=start)
        kpi.manual_entries.append(entry)
    entry.period_end = end
    entry.count = count
    entry.denominator = denominator if proportion else None
    entry.entered_at = utcnow()
    entry.entered_by_id = actor.id
    audit.record(
        "kpi.manual_entry",
        actor=actor,
        target_type="kpi",
        target_id=kpi.id,
        start=start.isoformat(),
        end=end.isoformat(),
        count=count,
        denominator=entry.denominator,
    )
    recompute_and_commit(kpi)
    return entry
