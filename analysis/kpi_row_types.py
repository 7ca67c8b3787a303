"""What reading one row of a plan's KPI table gives back: its cells, its flags, its outcome.

The types of :mod:`analysis.kpi_rows`, apart from the reading itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from analysis.baselines import Baseline
from analysis.targets import Target

MILESTONE_COLUMNS: Mapping[int, str] = {3: "milestone_3m", 6: "milestone_6m", 12: "milestone_12m"}


class CellOutcome(StrEnum):
    """What one milestone or target cell holds."""

    TARGET = "target"
    AMBIGUOUS = "ambiguous"
    BASELINE_MILESTONE = "baseline_milestone"  # "Baseline established": measured first
    ACTIVITY = "activity"  # "Targets set.": not a survey measure, no number to judge
    NONE = "none"  # empty or "n/a": no milestone at this point
    UNREADABLE = "unreadable"


class RowOutcome(StrEnum):
    """What the importer can do with a row."""

    READY = "ready"  # a target that can be judged
    BASELINE_PENDING = "baseline_pending"  # measure the baseline first
    AMBIGUOUS = "ambiguous"  # a lead must choose a reading of the target
    NOT_A_MEASURE = "not_a_measure"  # the target is an activity: no number to judge
    UNREADABLE = "unreadable"


class Source(StrEnum):
    """Where a KPI's values would come from (DESIGN.md §4 ``KpiMeasurement.source``)."""

    SURVEY = "survey"
    CASE_DATES = "case_dates"
    MANUAL = "manual"


class FlagCode(StrEnum):
    """Kinds of thing a lead should look at in a row."""

    BASELINE_PENDING = "baseline_pending"
    BASELINE_NOTE = "baseline_note"
    BASELINE_UNREADABLE = "baseline_unreadable"
    AMBIGUOUS = "ambiguous"
    RELATIVE_TO_ZERO = "relative_to_zero"
    RECHECK_WHEN_MEASURED = "recheck_when_measured"
    LATER_HORIZONS = "later_horizons"
    FRAGMENT = "fragment"
    QUANTITY_MISMATCH = "quantity_mismatch"
    UNREADABLE = "unreadable"
    SOURCE = "source"


@dataclass(frozen=True, slots=True)
class Flag:
    """Something in a row a lead should see, with the reason in plain words."""

    code: FlagCode
    reason: str


@dataclass(frozen=True, slots=True)
class CellReading:
    """One milestone (or the target) cell, read."""

    months: int
    text: str
    outcome: CellOutcome
    target: Target | None = None
    readings: tuple[Target, ...] = ()  # when ambiguous
    reason: str = ""


@dataclass(frozen=True, slots=True)
class KpiReading:
    """Everything read from one KPI row.

    Attributes
    ----------
    ref, measure : str
        The plan's action number and its wording of the measure.
    outcome : RowOutcome
        What the importer can do with the row.
    baseline : Baseline or None
        The baseline read; None if it could not be read.
    baseline_pending : bool
        True when the service has to measure the baseline first: the cell gives none, or a
        milestone says it is still to be established.
    milestones : tuple of CellReading
        The 3-, 6- and 12-month cells, in that order; the last is the target.
    suggested_source : Source
        Where the values would likely come from, from the measure's words; a lead confirms.
    flags : tuple of Flag
        What a lead should look at, each with its reason.
    reason : str
        One sentence on the outcome.
    """

    ref: str
    measure: str
    outcome: RowOutcome
    baseline: Baseline | None
    baseline_pending: bool
    milestones: tuple[CellReading, ...]
    suggested_source: Source
    flags: tuple[Flag, ...]
    reason: str

    @property
    def target(self) -> CellReading:
        """The 12-month cell: the plan's target."""
        return self.milestones[-1]

    def milestone(self, months: int) -> CellReading | None:
        """Return the cell due ``months`` after the plan starts, or None."""
        return next((cell for cell in self.milestones if cell.months == months), None)

    def milestone_targets(self) -> dict[int, Target]:
        """Return the readable milestone targets by months, for :func:`milestone_due`."""
        return {cell.months: cell.target for cell in self.milestones if cell.target is not None}

    def has_flag(self, code: FlagCode) -> bool:
        """True when a flag of this kind was raised."""
        return any(flag.code is code for flag in self.flags)
