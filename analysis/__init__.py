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
from analysis.estimate import Estimate
from analysis.estimates import difference, mean, poisson, proportion, rate_ratio, ratio
from analysis.spc import ChartKind, ChartPoint, ControlChart, p_chart, xmr_chart
from analysis.spc_icons import AssuranceIcon, Better, VariationIcon
from analysis.spc_rules import Rule, Side, Signal
from analysis.suppression import (
    PublishedCell,
    PublishedCounts,
    PublishedTable,
    SuppressionReason,
    can_publish,
    suppress_counts,
    suppress_table,
)

__all__ = [
    "AssuranceIcon",
    "Better",
    "ChartKind",
    "ChartPoint",
    "ControlChart",
    "Estimate",
    "FalseDiscoveryControl",
    "Kappa",
    "PublishedCell",
    "PublishedCounts",
    "PublishedTable",
    "Rule",
    "Side",
    "Signal",
    "SuppressionReason",
    "VariationIcon",
    "benjamini_hochberg",
    "can_publish",
    "cohens_kappa",
    "cohens_kappa_from_labels",
    "difference",
    "mean",
    "p_chart",
    "poisson",
    "proportion",
    "rate_ratio",
    "ratio",
    "suppress_counts",
    "suppress_table",
    "xmr_chart",
]
