"""The sentences a lead reads under each verdict: intervals, changes and the whole-interval rule.

Numbers are shown as a lead reads them (whole percentages, one decimal for means and counts),
with more decimals only when a rounded limit would look equal to the target it is compared
with, so "the whole interval is above the 60% target" never sits beside a limit shown as 60%.
"""

from __future__ import annotations

import math

from analysis.baselines import Quantity, format_value
from analysis.estimate import Estimate


def interval_text(
    estimate: Estimate, quantity: Quantity | None, threshold: float | None = None
) -> str:
    """Return an estimate in words: "73% (95% CI 61% to 83%, n = 52)".

    Returns
    -------
    str
        The value, its interval and n; a count's n (the count itself) is left out.
    """
    decimals = _decimals(estimate, quantity, threshold)
    shown = [_fixed(v, quantity, decimals) for v in (estimate.value, estimate.lo, estimate.hi)]
    if quantity is Quantity.COUNT:
        shown[0] = format_value(estimate.value, quantity)  # a count is a whole number
    n = "" if quantity is Quantity.COUNT else f", n = {estimate.n}"
    return f"{shown[0]} ({level_text(estimate)} CI {shown[1]} to {shown[2]}{n})"


def point_text(estimate: Estimate, quantity: Quantity | None, scale: int | None) -> str:
    """Return just the point estimate: "52%", "3.1 out of 5", "20"."""
    return format_value(
        estimate.value, quantity, scale if quantity is Quantity.MEAN_RATING else None
    )


def level_text(estimate: Estimate) -> str:
    """Return the confidence level: "95%"."""
    return f"{100 * estimate.level:g}%"


def side_sentence(side: int, higher: bool, label: str, *, about: str = "target") -> str:
    """Return the whole-interval rule in words.

    Parameters
    ----------
    side : int
        +1 when the whole interval is on the good side, -1 on the bad side, 0 around it.
    higher : bool
        True when higher is better.
    label : str
        What the interval was compared with, e.g. "the 60% target".
    about : {"target", "change"}
        A target adds "so it is not yet clear whether it is met" to an interval around it.
    """
    if side == 0:
        if about == "change":
            return f"the interval includes {label}."
        return f"the interval includes {label}, so it is not yet clear whether it is met."
    above = (side == 1) == higher
    return f"the whole interval is {'above' if above else 'below'} {label}."


def too_few_text(n: int, min_n: int, whose: str = "") -> str:
    """Return "fewer than 10 answers (n = 7): too few to judge." (``whose`` goes first)."""
    return f"{whose}fewer than {min_n} answers (n = {n}): too few to judge."


def signed_text(value: float, quantity: Quantity | None, *, unit: bool = True) -> str:
    """Return a change with its sign: "+12 percentage points", "-0.3"."""
    if not math.isfinite(value):
        return "no limit"
    sign = "+" if value >= 0 else "-"
    if quantity is Quantity.PROPORTION:
        shown = sign + f"{100 * abs(value):.1f}".rstrip("0").rstrip(".")
        return f"{shown} percentage points" if unit else shown
    return f"{sign}{format_value(abs(value), None)}"


def difference_text(found: Estimate, quantity: Quantity | None) -> str:
    """Return "a change of +12 percentage points (95% CI +2 to +21)"."""
    limits = [signed_text(round(v, 3), quantity, unit=False) for v in (found.lo, found.hi)]
    return (
        f"a change of {signed_text(found.value, quantity)} "
        f"({level_text(found)} CI {limits[0]} to {limits[1]})"
    )


def ratio_text(found: Estimate) -> str:
    """Return "1.3 times the baseline (95% CI 1.05 to 1.62)"."""
    value = "no limit" if not math.isfinite(found.value) else format_value(found.value, None)
    hi = "no upper limit" if not math.isfinite(found.hi) else format_value(found.hi, None)
    lo = format_value(found.lo, None)
    return f"{value} times the baseline ({level_text(found)} CI {lo} to {hi})"


def _decimals(estimate: Estimate, quantity: Quantity | None, threshold: float | None) -> int:
    """Whole percentages (one decimal otherwise), more while a limit would look equal to the
    threshold it differs from."""
    decimals = 0 if quantity is Quantity.PROPORTION else 1
    if threshold is None:
        return decimals
    scale = 100.0 if quantity is Quantity.PROPORTION else 1.0
    for _ in range(3):
        looks_equal = any(
            limit != threshold
            and round(scale * limit, decimals) == round(scale * threshold, decimals)
            for limit in (estimate.lo, estimate.hi)
        )
        if not looks_equal:
            break
        decimals += 1
    return decimals


def _fixed(value: float, quantity: Quantity | None, decimals: int) -> str:
    """A value with a fixed number of decimals; infinite limits in words."""
    if not math.isfinite(value):
        return "no upper limit" if value > 0 else "no lower limit"
    if quantity is Quantity.PROPORTION:
        return f"{100 * value:.{decimals}f}%"
    return f"{value:.{decimals}f}"
