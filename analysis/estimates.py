"""The interval estimators, in one place: every function returns an :class:`Estimate`.

Methods and references are in each function's docstring; the code lives in modules by
kind of data (proportions, ratios, counts, means).
"""

from analysis.counts import poisson, rate_ratio
from analysis.means import mean
from analysis.proportions import difference, proportion
from analysis.ratios import ratio

__all__ = ["difference", "mean", "poisson", "proportion", "rate_ratio", "ratio"]
