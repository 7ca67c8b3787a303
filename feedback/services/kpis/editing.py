"""A lead's changes to a KPI: its wording and targets, a choice among a target's readings, its
metric. Each is checked first, so bad input changes nothing, then audited and committed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from analysis.baselines import Baseline, Quantity
from analysis.kpi_rows import MILESTONE_COLUMNS, classify_kpi_row
from analysis.targets import AmbiguousTarget, Target, TargetKind, parse_target
from feedback.extensions import db
from feedback.models import User, utcnow
from feedback.models.kpis import Kpi, MetricDefinition
from feedback.services import audit
from feedback.services.kpis import readings
from feedback.services.kpis.importing import COLUMN_LIMITS, RowError, reading_errors
from feedback.services.kpis.metrics import MetricSpec, spec_of, validate_metric
from feedback.services.kpis.recompute import Settings, recompute_kpi
from feedback.services.surveys import registry


class KpiEditError(ValueError):
    """A change that cannot be made; ``field`` names the form field at fault."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name
        self.message = message


@dataclass(frozen=True, slots=True)
class KpiWording:
    """The parts of a KPI a lead edits, in the plan's words."""

    ref: str
    measure: str
    workstream: str
    owner: str
    baseline: str
    milestone_3m: str
    milestone_6m: str
    milestone_12m: str


_WORDING_FIELDS = tuple(KpiWording.__dataclass_fields__)


def wording_of(kpi: Kpi) -> KpiWording:
    """Return a KPI's current wording, for the edit form."""
    cells = {m.months: m.text for m in kpi.milestones}
    return KpiWording(
        kpi.ref,
        kpi.measure,
        kpi.workstream,
        kpi.owner,
        kpi.baseline_text,
        cells.get(3, ""),
        cells.get(6, ""),
        cells.get(12, ""),
    )


def update_kpi(kpi: Kpi, wording: KpiWording, *, actor: User) -> list[str]:
    """Change a KPI's wording and read its baseline and targets again (``analysis.kpi_rows``).

    Returns
    -------
    list of str
        The fields changed (audited by name; the plan's words are not personal data).

    Raises
    ------
    KpiEditError
        For an empty ref or measure, text too long, or a baseline or target that cannot be read.
    """
    row = {
        "ref": wording.ref.strip(),
        "measure": wording.measure.strip(),
        "workstream": wording.workstream.strip(),
        "lead_role": wording.owner.strip(),
        "baseline": wording.baseline.strip(),
        **{
            MILESTONE_COLUMNS[m]: getattr(wording, MILESTONE_COLUMNS[m]).strip() for m in (3, 6, 12)
        },
    }
    for column in ("ref", "measure"):
        if not row[column]:
            raise KpiEditError(column, f"Enter the {column}")
    for column, value in row.items():
        if len(value) > COLUMN_LIMITS[column]:
            raise KpiEditError(column, f"Must be {COLUMN_LIMITS[column]} characters or fewer")
    reading = classify_kpi_row(row)
    problems: list[RowError] = reading_errors(0, row, reading)
    if problems:
        column = problems[0].column or "baseline"
        raise KpiEditError("owner" if column == "lead_role" else column, problems[0].message)
    before = wording_of(kpi)
    kpi.ref, kpi.measure, kpi.workstream = row["ref"], row["measure"], row["workstream"]
    kpi.owner, kpi.baseline_text = row["lead_role"], row["baseline"]
    readings.apply_reading(kpi, reading)
    after = wording_of(kpi)
    changed = [name for name in _WORDING_FIELDS if getattr(before, name) != getattr(after, name)]
    audit.record("kpi.update", actor=actor, target_type="kpi", target_id=kpi.id, fields=changed)
    recompute_and_commit(kpi)
    return changed


def target_readings(kpi: Kpi, months: int) -> tuple[Target, ...]:
    """Return the readings a lead can choose among for an ambiguous milestone (or none)."""
    milestone = next((m for m in kpi.milestones if m.months == months), None)
    if milestone is None or not milestone.text:
        return ()
    levels = [
        target.value
        for m in kpi.milestones
        if m.months < months
        and (target := readings.target_of(m)) is not None
        and target.kind is TargetKind.LEVEL
        and target.quantity is Quantity.PROPORTION
    ]
    try:
        parse_target(milestone.text, baseline=_reading_baseline(kpi), milestone_levels=levels)
    except AmbiguousTarget as ambiguous:
        return ambiguous.readings
    except ValueError:
        return ()
    return ()


def resolve_target(kpi: Kpi, months: int, choice: int, *, actor: User) -> Target:
    """Store the reading a lead chose for an ambiguous milestone, audit it and recompute.

    Raises
    ------
    KpiEditError
        If the milestone has no such reading.
    """
    options = target_readings(kpi, months)
    if not 0 <= choice < len(options):
        raise KpiEditError("reading", "Select what the target means")
    milestone = next(m for m in kpi.milestones if m.months == months)
    chosen = options[choice]
    readings.store_target(milestone, chosen)
    milestone.resolved_at = utcnow()
    milestone.resolved_by_id = actor.id
    audit.record(
        "kpi.resolve_target",
        actor=actor,
        target_type="kpi",
        target_id=kpi.id,
        months=months,
        reading=chosen.describe(),
    )
    recompute_and_commit(kpi)
    return chosen


def save_metric(kpi: Kpi, spec: MetricSpec, *, actor: User) -> MetricSpec:
    """Check and store how a KPI is measured, audit it and recompute.

    A changed metric discards the KPI's measurements, its measured baseline included, since
    they counted something else.

    Raises
    ------
    MetricError
        If the metric does not fit the surveys, the target or the baseline.
    """
    target = readings.final_target(kpi)
    try:
        baseline_quantity = readings.plan_baseline(kpi).quantity
    except ValueError:
        baseline_quantity = None
    spec = validate_metric(
        spec,
        registry(),
        target_quantity=target.quantity if target else None,
        baseline_quantity=baseline_quantity,
    )
    metric = kpi.metric
    changed = metric is None or spec_of(metric) != spec
    if metric is None:
        metric = MetricDefinition()
        kpi.metric = metric
    metric.kind = spec.kind.value
    metric.question_key = spec.question_key
    metric.stages = list(spec.stages)
    metric.audiences = list(spec.audiences)
    metric.success_options = list(spec.success_options)
    metric.excluded_options = list(spec.excluded_options)
    if changed:
        kpi.measurements.clear()
    audit.record(
        "kpi.metric",
        actor=actor,
        target_type="kpi",
        target_id=kpi.id,
        kind=spec.kind.value,
        question_key=spec.question_key,
        stages=list(spec.stages),
        audiences=list(spec.audiences),
        success_options=list(spec.success_options),
        excluded_options=list(spec.excluded_options),
        measurements_cleared=changed,
    )
    recompute_and_commit(kpi)
    return spec


def baseline_value(kpi: Kpi) -> Baseline | None:
    """Return the measured baseline as a fixed :class:`Baseline` for reading targets, or None."""
    measured = readings.measured_baseline(kpi)
    if measured is None or measured.value is None or kpi.metric is None:
        return None
    if kpi.metric.kind == "mean":
        return Baseline.rating(measured.value, scale=5)
    if kpi.metric.kind == "manual_count":
        return Baseline.count(measured.value)
    return Baseline.proportion(measured.value)


def _reading_baseline(kpi: Kpi) -> Baseline | None:
    measured = baseline_value(kpi)
    if measured is not None:
        return measured
    try:
        return readings.plan_baseline(kpi)
    except ValueError:
        return None


def recompute_and_commit(kpi: Kpi, as_of: date | None = None) -> None:
    """Measure the KPI again after a change, so its pages show the change at once, and commit."""
    db.session.flush()
    recompute_kpi(kpi, as_of=as_of or utcnow().date(), settings=Settings.from_config())
    db.session.commit()
