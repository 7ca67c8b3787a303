"""Intervals for the ratio p1 / p0 of two independent proportions (relative risk)."""

from __future__ import annotations

import math
from collections.abc import Callable

from scipy.optimize import brentq

from analysis._checks import check_level, check_method, check_successes, normal_quantile
from analysis.estimate import Estimate

RATIO_METHODS = ("koopman", "log")

# Limits are found on the log scale; this tolerance is a relative error of 1e-12 in the ratio.
_LOG_TOLERANCE = 1e-12


def ratio(
    x1: int, n1: int, x0: int, n0: int, *, level: float = 0.95, method: str = "koopman"
) -> Estimate:
    """Estimate the ratio p1 / p0 of two independent proportions with an interval.

    Parameters
    ----------
    x1, n1 : int
        Successes and trials in the group of interest.
    x0, n0 : int
        Successes and trials in the comparison (baseline) group.
    level : float, default 0.95
        Confidence level, strictly between 0 and 1.
    method : {"koopman", "log"}, default "koopman"
        ``"koopman"``: the asymptotic score interval of Koopman (1984), the set of ratios
        phi whose Pearson chi-squared statistic, with p1 and p0 fitted by maximum
        likelihood under p1 = phi * p0, is below the chi-squared critical value. It is the
        Miettinen & Nurminen (1985) interval without their N / (N - 1) variance factor.
        ``"log"``: the Wald interval on the log scale of Katz et al. (1978).

    Returns
    -------
    Estimate
        ``value`` = (x1/n1) / (x0/n0) with its interval; ``n`` = n1 + n0. With
        ``"koopman"`` the zero cells give these answers, all mathematically right:

        - x0 = 0 < x1: ``value`` and ``hi`` are ``math.inf`` (no upper bound), ``lo`` finite;
        - x1 = 0 < x0: ``value`` and ``lo`` are 0, ``hi`` finite;
        - x1 = x0 = 0: the data say nothing about the ratio, so ``value`` is ``math.nan``
          and the interval is (0, ``math.inf``).

        With ``"log"`` both groups must have at least one success; when both are full
        (x1 = n1 and x0 = n0) Katz's standard error is 0 and the interval collapses to
        (1, 1), a known weakness of that method: prefer ``"koopman"``.

    Raises
    ------
    ValueError
        If a count is not a whole number, x1 > n1, x0 > n0, n1 or n0 < 1, level is not in
        (0, 1), method is unknown, or method is ``"log"`` and x1 or x0 is 0. The message
        names the argument.

    References
    ----------
    Koopman PAR (1984). Confidence intervals for the ratio of two binomial proportions.
    Biometrics 40:513-517.
    Katz D, Baptista J, Azen SP, Pike MC (1978). Obtaining confidence intervals for the
    risk ratio in cohort studies. Biometrics 34:469-474.
    Miettinen O, Nurminen M (1985). Comparative analysis of two rates. Stat Med 4:213-226.
    """
    x1, n1 = check_successes("x1", x1, "n1", n1)
    x0, n0 = check_successes("x0", x0, "n0", n0)
    level = check_level(level)
    check_method(method, RATIO_METHODS)
    z = normal_quantile(level)
    if method == "log":
        lo, value, hi = _katz_limits(x1, n1, x0, n0, z)
    else:
        lo, value, hi = _koopman_limits(x1, n1, x0, n0, z)
    return Estimate(value=value, lo=lo, hi=hi, level=level, n=n1 + n0, method=method)


def _katz_limits(x1: int, n1: int, x0: int, n0: int, z: float) -> tuple[float, float, float]:
    """Katz et al. (1978): ratio times exp(-/+ z * SE of the log ratio)."""
    for name, count in (("x1", x1), ("x0", x0)):
        if count == 0:
            raise ValueError(
                f"{name} must be at least 1 for method 'log': Katz's interval is undefined "
                "when a group has no successes; use method='koopman'"
            )
    value = (x1 / n1) / (x0 / n0)
    margin = z * math.sqrt(1.0 / x1 - 1.0 / n1 + 1.0 / x0 - 1.0 / n0)
    return value * math.exp(-margin), value, value * math.exp(margin)


def _koopman_limits(x1: int, n1: int, x0: int, n0: int, z: float) -> tuple[float, float, float]:
    """Koopman (1984) score limits by root finding on log(phi)."""
    if x1 == 0 and x0 == 0:
        return 0.0, math.nan, math.inf
    p1, p0 = x1 / n1, x0 / n0
    score = _koopman_score(x1, n1, x0, n0)
    # A first step the width of the Katz interval with 1/2 added to each success count.
    step = z * math.sqrt(1.0 / (x1 + 0.5) + 1.0 / (x0 + 0.5))
    if x1 > 0 and x0 > 0:
        log_ratio = math.log(p1 / p0)

        def score_at(t: float) -> float:
            # The statistic is 0/0 at the observed ratio itself, where it is 0 by definition.
            return 0.0 if t == log_ratio else score(math.exp(t))

        lo = math.exp(_limit(lambda t: score_at(t) - z, log_ratio, -step))
        hi = math.exp(_limit(lambda t: score_at(t) + z, log_ratio, step))
        return lo, p1 / p0, hi

    def log_score(t: float) -> float:
        return score(math.exp(t))

    # With one zero cell the observed ratio is 0 or inf; start from the ratio with 1/2
    # added to each success count and walk towards the open end until inside the interval,
    # where the statistic tends to 0.
    inside = math.log(((x1 + 0.5) / (n1 + 0.5)) / ((x0 + 0.5) / (n0 + 0.5)))
    if x0 == 0:
        while log_score(inside) >= z:
            inside, step = inside + step, 2.0 * step
        return math.exp(_limit(lambda t: log_score(t) - z, inside, -step)), math.inf, math.inf
    while log_score(inside) <= -z:
        inside, step = inside - step, 2.0 * step
    return 0.0, 0.0, math.exp(_limit(lambda t: log_score(t) + z, inside, step))


def _koopman_score(x1: int, n1: int, x0: int, n0: int) -> Callable[[float], float]:
    """The signed score statistic z(phi) of Koopman (1984), decreasing in phi."""
    p1_hat, p0_hat = x1 / n1, x0 / n0
    total_n, total_x = n1 + n0, x1 + x0

    def score(phi: float) -> float:
        # p0 fitted under p1 = phi * p0: the smaller root of a p0^2 + b p0 + c = 0
        # (Miettinen & Nurminen 1985), written as 2c / (-b + sqrt(b^2 - 4ac)) for stability.
        b = -(n1 * phi + x1 + n0 + x0 * phi)
        discriminant = max(b * b - 4.0 * total_n * phi * total_x, 0.0)
        fitted0 = min(2.0 * total_x / (math.sqrt(discriminant) - b), 1.0)
        fitted1 = min(phi * fitted0, 1.0)
        variance = fitted1 * (1.0 - fitted1) / n1 + phi * phi * fitted0 * (1.0 - fitted0) / n0
        difference = p1_hat - phi * p0_hat
        if variance <= 0.0:
            # Only reached far out in a bracket search, where phi under- or overflows.
            return math.copysign(math.inf, difference)
        return difference / math.sqrt(variance)

    return score


def _limit(func: Callable[[float], float], inside: float, step: float) -> float:
    """Root of decreasing ``func`` on the side of ``inside`` given by the sign of ``step``.

    ``func(inside)`` must be negative for a lower limit (step < 0) and positive for an upper
    limit (step > 0); the bracket is widened by doubling until it holds the root.
    """
    inner = inside
    outer = inside + step
    while (func(outer) > 0.0) != (step < 0.0):
        step *= 2.0
        inner, outer = outer, outer + step
    a, b = (outer, inner) if step < 0.0 else (inner, outer)
    return float(brentq(func, a, b, xtol=_LOG_TOLERANCE))
