"""Reading one row of a plan's KPI table: baseline, 3/6/12-month milestones, target and flags.

The KPI importer calls :func:`classify_kpi_row` on each row (columns ``ref``, ``measure``,
``baseline``, ``milestone_3m``, ``milestone_6m``, ``milestone_12m``; the 12-month milestone is
the target, or a ``target`` column when a plan has no milestones). Nothing is guessed: every
choice a lead has to make comes back as a :class:`Flag` with a reason in plain words.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Mapping
from decimal import Decimal

from analysis._checks import check_mapping, wrong_type
from analysis.baselines import Baseline, BaselineKind, Quantity, format_value, parse_baseline
from analysis.kpi_row_types import (
    MILESTONE_COLUMNS,
    CellOutcome,
    CellReading,
    Flag,
    FlagCode,
    KpiReading,
    RowOutcome,
    Source,
)
from analysis.targets import (
    AmbiguousTarget,
    BaselineMilestone,
    Direction,
    NotAMeasure,
    NoTarget,
    Target,
    TargetKind,
    parse_target,
)

__all__ = [
    "MILESTONE_COLUMNS",
    "CellOutcome",
    "CellReading",
    "Flag",
    "FlagCode",
    "KpiReading",
    "RowOutcome",
    "Source",
    "classify_kpi_row",
]


def classify_kpi_row(row: Mapping[str, str]) -> KpiReading:
    """Read one KPI row into its baseline, milestones, target and flags.

    Parameters
    ----------
    row : mapping of str to str
        One row of a plan's KPI table. Missing columns, None and NaN (an empty cell read by
        pandas) count as empty; a number is read as its text (``str(44)``).

    Returns
    -------
    KpiReading
        Never raises for a badly worded row: whatever cannot be read is an outcome with a
        flag. A bare "N% increase" target beside level milestones it continues is flagged
        ambiguous (Dudley 4.12); a target read on a pending baseline is flagged to be read
        again once the baseline is measured.

    Raises
    ------
    TypeError
        If ``row`` is not a mapping, or a cell it reads is neither text, a number nor None
        (also a ``ValueError``); columns it does not read may hold anything.
    """
    row = _cells(row)
    flags: list[Flag] = []
    baseline = _baseline(row.get("baseline", ""), flags)
    cells: list[CellReading] = []
    levels: list[float] = []
    texts = {
        months: (row.get(column) or "").strip() for months, column in MILESTONE_COLUMNS.items()
    }
    texts[12] = texts[12] or (row.get("target") or "").strip()
    direction = _row_direction(texts[12], baseline)
    for months, text in texts.items():
        cell = _read_cell(months, text, baseline, levels, direction)
        cells.append(cell)
        if cell.target is not None and _is_level_share(cell.target):
            levels.append(cell.target.value)
        flags += _cell_flags(cell, baseline)
    pending = baseline is not None and (
        baseline.is_pending or any(c.outcome is CellOutcome.BASELINE_MILESTONE for c in cells)
    )
    if pending and baseline is not None:
        flags.insert(0, Flag(FlagCode.BASELINE_PENDING, _pending_reason(baseline, cells)))
    source, why = _suggested_source(row.get("measure", ""))
    flags.append(Flag(FlagCode.SOURCE, why))
    outcome, reason = _outcome(cells[-1], baseline, pending)
    return KpiReading(
        ref=row.get("ref", ""),
        measure=row.get("measure", ""),
        outcome=outcome,
        baseline=baseline,
        baseline_pending=pending,
        milestones=tuple(cells),
        suggested_source=source,
        flags=tuple(flags),
        reason=reason,
    )


_COLUMNS = ("ref", "measure", "baseline", "target", *MILESTONE_COLUMNS.values())


def _cells(row: object) -> dict[str, str]:
    """The cells read, as text: None and NaN are empty, numbers their text; other columns are
    left alone."""
    cells = check_mapping("row", row, "a mapping of column name to cell text, e.g. a dict")
    read: dict[str, str] = {}
    for column in _COLUMNS:
        if column not in cells:
            continue
        value = cells[column]
        if value is None or (isinstance(value, float) and math.isnan(value)):
            read[str(column)] = ""
        elif isinstance(value, str):
            read[str(column)] = value
        elif isinstance(value, numbers.Real | Decimal) and not isinstance(value, bool):
            read[str(column)] = str(value)
        else:
            raise wrong_type(f"row[{column!r}]", value, "the cell's text (a str), a number or None")
    return read


def _baseline(text: str, flags: list[Flag]) -> Baseline | None:
    """The row's baseline, flagging notes and unreadable text."""
    try:
        baseline = parse_baseline(text)
    except ValueError as error:
        flags.append(Flag(FlagCode.BASELINE_UNREADABLE, str(error)))
        return None
    flags += [Flag(FlagCode.BASELINE_NOTE, note) for note in baseline.notes]
    return baseline


def _row_direction(text: str, baseline: Baseline | None) -> Direction | None:
    """The direction the final target gives the KPI, for milestones that do not state one."""
    try:
        return parse_target(text, baseline=baseline).direction
    except AmbiguousTarget as error:
        directions = {reading.direction for reading in error.readings}
        return directions.pop() if len(directions) == 1 else None
    except ValueError:
        return None


def _read_cell(
    months: int,
    text: str,
    baseline: Baseline | None,
    levels: list[float],
    direction: Direction | None = None,
) -> CellReading:
    """One cell read against the baseline, the level milestones before it and the row's
    direction."""
    try:
        target = parse_target(text, baseline=baseline, milestone_levels=levels, direction=direction)
    except AmbiguousTarget as error:
        return CellReading(months, text, CellOutcome.AMBIGUOUS, None, error.readings, str(error))
    except BaselineMilestone as error:
        return CellReading(months, text, CellOutcome.BASELINE_MILESTONE, reason=error.reason)
    except NotAMeasure as error:
        outcome = CellOutcome.NONE if isinstance(error, NoTarget) else CellOutcome.ACTIVITY
        return CellReading(months, text, outcome, reason=error.reason)
    except ValueError as error:
        return CellReading(months, text, CellOutcome.UNREADABLE, reason=str(error))
    return CellReading(months, text, CellOutcome.TARGET, target, reason=target.describe())


def _cell_flags(cell: CellReading, baseline: Baseline | None) -> list[Flag]:
    """Flags for one cell: ambiguity, later horizons, fragments, mismatched quantities."""
    where = "target" if cell.months == 12 else f"{cell.months}-month milestone"
    flags: list[Flag] = []
    if cell.outcome is CellOutcome.AMBIGUOUS:
        zero = baseline is not None and baseline.kind is BaselineKind.ZERO
        code = FlagCode.RELATIVE_TO_ZERO if zero else FlagCode.AMBIGUOUS
        flags.append(Flag(code, f"The {where}: {cell.reason}"))
    elif cell.outcome is CellOutcome.UNREADABLE:
        flags.append(Flag(FlagCode.UNREADABLE, f"The {where}: {cell.reason}"))
    if cell.outcome is CellOutcome.BASELINE_MILESTONE:
        flags += _fragment_flags(where, cell.text)
    # An ambiguous cell's readings share its later horizons and fragments.
    target = cell.target or (cell.readings[0] if cell.readings else None)
    if target is None:
        return flags
    if target.later:
        horizons = "; ".join(
            f"{h.target.describe() if h.target else repr(h.text)}"
            + (f" ({h.when})" if h.when else "")
            for h in target.later
        )
        flags.append(
            Flag(
                FlagCode.LATER_HORIZONS,
                f"The {where} cell also sets later horizons, kept as data: {horizons}.",
            )
        )
    if target.fragments:
        pieces = ", ".join(repr(piece) for piece in target.fragments)
        flags.append(
            Flag(FlagCode.FRAGMENT, f"The {where} has text kept as printed but not read: {pieces}.")
        )
    if cell.target is None:
        return flags
    if _mismatched(target, baseline):
        flags.append(
            Flag(
                FlagCode.QUANTITY_MISMATCH,
                f"The {where} is a {target.quantity} but the baseline "
                f"{baseline.describe()} is a {baseline.quantity}.",  # type: ignore[union-attr]
            )
        )
    if baseline is not None and baseline.is_pending and _could_be_level(cell.text):
        flags.append(
            Flag(
                FlagCode.RECHECK_WHEN_MEASURED,
                f"The {where} {cell.text!r} is read as {target.describe()}; once the baseline is "
                "measured it is read again, since on a lower baseline it could also mean a level.",
            )
        )
    return flags


def _fragment_flags(where: str, text: str) -> list[Flag]:
    """Flag digits in a "Baseline established (50. 2022)" cell that are not read as a value."""
    digits = re.findall(r"\([^()]*\d[^()]*\)?", text)
    return [
        Flag(FlagCode.FRAGMENT, f"The {where} has {piece!r}, kept as printed, not read as a value.")
        for piece in digits
    ]


def _mismatched(target: Target, baseline: Baseline | None) -> bool:
    """True when a level and a fixed baseline measure different things."""
    if baseline is None or baseline.quantity is None or target.quantity is None:
        return False
    return target.kind is TargetKind.LEVEL and target.quantity is not baseline.quantity


def _could_be_level(text: str) -> bool:
    """True when the wording would be ambiguous on a low proportion baseline."""
    try:
        parse_target(text, baseline=Baseline.proportion(0.01))
    except AmbiguousTarget:
        return True
    except ValueError:
        return False
    return False


def _is_level_share(target: Target) -> bool:
    """True for a level that is a proportion ("50%")."""
    return target.kind is TargetKind.LEVEL and target.quantity is Quantity.PROPORTION


def _pending_reason(baseline: Baseline, cells: list[CellReading]) -> str:
    """Why the service has to measure the baseline first."""
    said = next((c for c in cells if c.outcome is CellOutcome.BASELINE_MILESTONE), None)
    if baseline.is_pending:
        given = f"The baseline {baseline.text!r}" if baseline.text.strip() else "No baseline"
        return f"{given} gives no value: the service measures the baseline first."
    if said is None:
        return "The baseline is still to be measured."
    return (
        f"The baseline cell says {baseline.describe()} but the {said.months}-month milestone "
        f"says {said.text!r}: the service measures the baseline first; the printed value is kept."
    )


def _outcome(
    target: CellReading, baseline: Baseline | None, pending: bool
) -> tuple[RowOutcome, str]:
    """The row's outcome and one sentence on it."""
    if baseline is None or target.outcome is CellOutcome.UNREADABLE:
        return RowOutcome.UNREADABLE, "The baseline or the target cannot be read; see the flags."
    if target.outcome is CellOutcome.AMBIGUOUS:
        return RowOutcome.AMBIGUOUS, f"A lead must choose what the target means: {target.reason}"
    if target.target is None:
        shown = repr(target.text) if target.text else "empty"
        return (
            RowOutcome.NOT_A_MEASURE,
            f"The target is {shown}: not a survey measure, there is no number to judge.",
        )
    if pending:
        return (
            RowOutcome.BASELINE_PENDING,
            f"Target {target.target.describe()}; the baseline is measured first.",
        )
    shown = format_value(baseline.value or 0.0, baseline.quantity, baseline.scale)
    return RowOutcome.READY, f"Target {target.target.describe()} from a baseline of {shown}."


_SOURCES: tuple[tuple[Source, re.Pattern[str], str], ...] = (
    (Source.MANUAL, re.compile(r"dip\s+sampl|\baudit", re.I), "a dip sample or audit of plans"),
    (
        Source.MANUAL,
        re.compile(r"\bPCF\b.*\btheir\b|their\s+annual\s+survey", re.I),
        "the Parent Carer Forum's own survey",
    ),
    (
        Source.CASE_DATES,
        re.compile(r"within\s+\d+\s+weeks|timescale|\bon\s+time\b|timel", re.I),
        "timeliness, computed from case dates",
    ),
    (
        Source.SURVEY,
        re.compile(
            r"satisf|feedback|survey|\bagree|\bfeel|stating|listened|heard|experience", re.I
        ),
        "what families or staff say, from a survey",
    ),
)


def _suggested_source(measure: str) -> tuple[Source, str]:
    """Where a measure's values likely come from, and why; a lead confirms."""
    for source, pattern, why in _SOURCES:
        if pattern.search(measure):
            return source, f"Suggested source {source.value}: the measure is about {why}."
    return Source.MANUAL, "Suggested source manual: a count or figure entered by hand."
