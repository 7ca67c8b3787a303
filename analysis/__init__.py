"""Pure statistics for satisfaction KPIs: numbers in, immutable typed results out.

This package imports no web, database or application code, so an analyst can use it from a
notebook. See ``docs/statistics.md`` for what each method is and why it was chosen.
"""

from analysis.agreement import (
    FalseDiscoveryControl,
    Kappa,
    benjamini_hochberg,
    cohens_kappa,
    cohens_kappa_from_labels,
)
from analysis.baselines import Baseline, BaselineKind, format_value, parse_baseline
from analysis.estimate import Estimate
from analysis.estimates import difference, mean, poisson, proportion, rate_ratio, ratio
from analysis.kpi_rows import (
    CellOutcome,
    CellReading,
    Flag,
    FlagCode,
    KpiReading,
    RowOutcome,
    Source,
    classify_kpi_row,
)
from analysis.min_n import can_publish
from analysis.mover import mover_difference
from analysis.scales import SCALES, MappedStatus, StatusScale, get_scale, map_status
from analysis.spc import ChartKind, ChartPoint, ControlChart, p_chart, xmr_chart
from analysis.spc_icons import AssuranceIcon, Better, VariationIcon
from analysis.spc_rules import Rule, Side, Signal
from analysis.status import DueMilestone, Status, StatusCode, milestone_due, plan_status
from analysis.suppression import (
    PublishedCell,
    PublishedCounts,
    PublishedTable,
    SuppressionReason,
    suppress_breakdowns,
    suppress_counts,
    suppress_linked_counts,
    suppress_table,
)
from analysis.target_types import (
    AmbiguousTarget,
    BaselineMilestone,
    Direction,
    Horizon,
    NotAMeasure,
    NoTarget,
    Quantity,
    RelativeToZero,
    Target,
    TargetKind,
)
from analysis.targets import parse_target
from analysis.verdicts import Assessment, Change, Verdict, assess

__all__ = [
    "SCALES",
    "AmbiguousTarget",
    "Assessment",
    "AssuranceIcon",
    "Baseline",
    "BaselineKind",
    "BaselineMilestone",
    "Better",
    "CellOutcome",
    "CellReading",
    "Change",
    "ChartKind",
    "ChartPoint",
    "ControlChart",
    "Direction",
    "DueMilestone",
    "Estimate",
    "FalseDiscoveryControl",
    "Flag",
    "FlagCode",
    "Horizon",
    "Kappa",
    "KpiReading",
    "MappedStatus",
    "NoTarget",
    "NotAMeasure",
    "PublishedCell",
    "PublishedCounts",
    "PublishedTable",
    "Quantity",
    "RelativeToZero",
    "RowOutcome",
    "Rule",
    "Side",
    "Signal",
    "Source",
    "Status",
    "StatusCode",
    "StatusScale",
    "SuppressionReason",
    "Target",
    "TargetKind",
    "VariationIcon",
    "Verdict",
    "assess",
    "benjamini_hochberg",
    "can_publish",
    "classify_kpi_row",
    "cohens_kappa",
    "cohens_kappa_from_labels",
    "difference",
    "format_value",
    "get_scale",
    "map_status",
    "mean",
    "milestone_due",
    "mover_difference",
    "p_chart",
    "parse_baseline",
    "parse_target",
    "plan_status",
    "poisson",
    "proportion",
    "rate_ratio",
    "ratio",
    "suppress_breakdowns",
    "suppress_counts",
    "suppress_linked_counts",
    "suppress_table",
    "xmr_chart",
]
