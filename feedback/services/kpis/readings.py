"""A KPI's baseline and targets as ``analysis`` types, and what still needs a lead's decision.

``analysis`` is the one place that reads a plan's words; this module only stores what it read
(:func:`apply_reading`) and turns the stored columns back into :class:`Target` and
:class:`Baseline` values for the recompute.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from analysis.baselines import Baseline, Quantity, parse_baseline
from analysis.estimate import Estimate
from analysis.kpi_rows import CellOutcome, FlagCode, KpiReading, RowOutcome
from analysis.targets import AmbiguousTarget, Direction, Target, TargetKind, parse_target
from feedback.models.kpis import Kpi, KpiFlag, KpiMeasurement, KpiMilestone
from feedback.services.kpis.periods import BASELINE


@dataclass(frozen=True, slots=True)
class Issue:
    """Something a lead must decide before a KPI can be judged.

    Attributes
    ----------
    code : str
        ``ambiguous_target``, ``unreadable_target``, ``baseline_pending``, ``no_target`` or
        ``no_metric``.
    text : str
        The reason in plain words.
    months : int or None
        The milestone concerned, for an ambiguous target.
    """

    code: str
    text: str
    months: int | None = None


def apply_reading(kpi: Kpi, reading: KpiReading) -> None:
    """Store what ``analysis.kpi_rows.classify_kpi_row`` read from a row on ``kpi``.

    Milestone rows are updated in place (one per months), keeping a lead's earlier choice for a
    cell whose text and outcome are unchanged; the importer's flags are replaced by the new ones.
    """
    existing = {m.months: m for m in kpi.milestones}
    for cell in reading.milestones:
        milestone = existing.pop(cell.months, None)
        if milestone is None:
            milestone = KpiMilestone(months=cell.months)
            kpi.milestones.append(milestone)
        kept = milestone.resolved_at is not None and (milestone.text, milestone.outcome) == (
            cell.text,
            cell.outcome.value,
        )
        milestone.text, milestone.outcome = cell.text, cell.outcome.value
        if kept:
            continue
        milestone.reason = cell.reason
        store_target(milestone, cell.target)
        milestone.resolved_at = None
        milestone.resolved_by_id = None
    for gone in existing.values():
        kpi.milestones.remove(gone)
    kpi.flags.clear()
    if reading.outcome is not RowOutcome.READY:
        kpi.flags.append(KpiFlag(code=reading.outcome.value, reason=reading.reason))
    for flag in reading.flags:
        if flag.code is not FlagCode.SOURCE:
            kpi.flags.append(KpiFlag(code=flag.code.value, reason=flag.reason))
    kpi.suggested_source = reading.suggested_source.value


def store_target(milestone: KpiMilestone, target: Target | None) -> None:
    """Write ``target`` (or nothing) into the milestone's target columns."""
    milestone.target_kind = target.kind.value if target else None
    milestone.target_value = target.value if target else None
    milestone.target_direction = target.direction.value if target else None
    quantity = target.quantity if target else None
    milestone.target_quantity = quantity.value if quantity else None
    milestone.target_scale = target.scale if target else None


def target_of(milestone: KpiMilestone) -> Target | None:
    """Return the target in use for a milestone, or None when there is nothing to judge."""
    if milestone.target_kind is None or milestone.target_value is None:
        return None
    quantity = Quantity(milestone.target_quantity) if milestone.target_quantity else None
    return Target(
        kind=TargetKind(milestone.target_kind),
        value=milestone.target_value,
        direction=Direction(milestone.target_direction or Direction.HIGHER_IS_BETTER.value),
        quantity=quantity,
        scale=milestone.target_scale,
        text=milestone.text,
    )


def final_milestone(kpi: Kpi) -> KpiMilestone | None:
    """Return the plan's target cell: the last milestone (12 months)."""
    return max(kpi.milestones, key=lambda m: m.months, default=None)


def final_target(kpi: Kpi) -> Target | None:
    """Return the KPI's final target, or None when the plan gives nothing to judge."""
    cell = final_milestone(kpi)
    return target_of(cell) if cell is not None else None


def milestone_targets(kpi: Kpi) -> dict[int, Target]:
    """Return the milestones that can be judged, by months after the plan starts."""
    found = {m.months: target_of(m) for m in kpi.milestones}
    return {months: target for months, target in found.items() if target is not None}


def plan_baseline(kpi: Kpi) -> Baseline:
    """Return the baseline as the plan prints it (pending when it gives no value).

    Raises
    ------
    ValueError
        If the text cannot be read (the importer and the edit screen refuse such text).
    """
    return parse_baseline(kpi.baseline_text)


def measured_baseline(kpi: Kpi) -> KpiMeasurement | None:
    """Return the baseline the service measured in a period a lead chose, if any."""
    return next((m for m in kpi.measurements if m.period_kind == BASELINE), None)


def baseline_estimate(measurement: KpiMeasurement) -> Estimate | None:
    """Return a measured baseline as an :class:`Estimate`, or None if it has no value."""
    if measurement.value is None or measurement.lo is None or measurement.hi is None:
        return None
    return Estimate(
        value=measurement.value,
        lo=measurement.lo,
        hi=measurement.hi,
        level=measurement.level,
        n=measurement.n,
        method=measurement.method,
    )


def baseline_for_verdicts(kpi: Kpi) -> Baseline | Estimate:
    """Return what verdicts compare with: a measured baseline, else the plan's own.

    A plan value whose milestone says the baseline is still to be established counts as
    pending, as ``analysis.kpi_rows`` reads it.
    """
    measured = measured_baseline(kpi)
    estimate = baseline_estimate(measured) if measured is not None else None
    if estimate is not None:
        return estimate
    if baseline_is_pending(kpi):
        return Baseline.pending(kpi.baseline_text)
    return plan_baseline(kpi)


def baseline_is_pending(kpi: Kpi) -> bool:
    """True when the baseline has no value yet: the plan gives none, or says it is measured first.

    A plan that prints a value but whose milestone says "Baseline established" is pending too,
    as ``analysis.kpi_rows`` reads it.
    """
    if measured_baseline(kpi) is not None:
        return False
    try:
        if plan_baseline(kpi).is_pending:
            return True
    except ValueError:
        return True
    return any(m.outcome == CellOutcome.BASELINE_MILESTONE.value for m in kpi.milestones)


def reread_targets(kpi: Kpi, baseline: Baseline) -> None:
    """Read the milestone cells again now that the baseline has a value.

    A target read on a pending baseline may turn out ambiguous once the baseline is known
    (a "50% increase" on a measured 30%); cells a lead has already settled are kept.
    """
    levels: list[float] = []
    for milestone in kpi.milestones:
        if milestone.resolved_at is None and milestone.outcome in _READABLE:
            _reread(milestone, baseline, levels)
        target = target_of(milestone)
        if target is not None and _is_level_share(target):
            levels.append(target.value)


_READABLE = (CellOutcome.TARGET.value, CellOutcome.AMBIGUOUS.value)


def _reread(milestone: KpiMilestone, baseline: Baseline, levels: Sequence[float]) -> None:
    try:
        target = parse_target(milestone.text, baseline=baseline, milestone_levels=levels)
    except AmbiguousTarget as ambiguous:
        milestone.outcome = CellOutcome.AMBIGUOUS.value
        milestone.reason = str(ambiguous)
        store_target(milestone, None)
        return
    except ValueError as error:
        milestone.outcome = CellOutcome.UNREADABLE.value
        milestone.reason = str(error)
        store_target(milestone, None)
        return
    milestone.outcome = CellOutcome.TARGET.value
    milestone.reason = target.describe()
    store_target(milestone, target)


def _is_level_share(target: Target) -> bool:
    return target.kind is TargetKind.LEVEL and target.quantity is Quantity.PROPORTION


def open_issues(kpi: Kpi) -> list[Issue]:
    """Return what a lead must decide before the KPI can be judged, most pressing first."""
    issues: list[Issue] = []
    for milestone in kpi.milestones:
        if milestone.outcome == CellOutcome.AMBIGUOUS.value and milestone.resolved_at is None:
            issues.append(Issue("ambiguous_target", milestone.reason, milestone.months))
        elif milestone.outcome == CellOutcome.UNREADABLE.value:
            issues.append(Issue("unreadable_target", milestone.reason, milestone.months))
    final = final_milestone(kpi)
    if final is not None and final.outcome in (
        CellOutcome.ACTIVITY.value,
        CellOutcome.NONE.value,
        CellOutcome.BASELINE_MILESTONE.value,
    ):
        shown = repr(final.text) if final.text else "empty"
        issues.append(
            Issue("no_target", f"The target is {shown}: there is no number to judge.", final.months)
        )
    if baseline_is_pending(kpi):
        issues.append(
            Issue("baseline_pending", "The baseline is still to be measured in a baseline period.")
        )
    if kpi.metric is None:
        issues.append(Issue("no_metric", "No one has said yet how this KPI is measured."))
    return issues
