"""The one result type every estimator returns."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Estimate:
    """A point estimate with its confidence interval.

    Attributes
    ----------
    value : float
        The point estimate (a proportion, a difference, a ratio, a mean or a count).
    lo, hi : float
        The lower and upper limits of the confidence interval.
    level : float
        The confidence level asked for, e.g. 0.95 (not alpha).
    n : int
        The number of observations behind the estimate (for two-sample methods, both samples).
    method : str
        The method's name, e.g. ``"wilson"``, so a reader can check the result.
    """

    value: float
    lo: float
    hi: float
    level: float
    n: int
    method: str
