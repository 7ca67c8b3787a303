"""Intervals for one proportion and for the difference between two independent proportions."""

from __future__ import annotations

import math

from scipy.special import betaincinv

from analysis._checks import check_level, check_method, check_successes, normal_quantile
from analysis.estimate import Estimate

PROPORTION_METHODS = ("wilson", "clopper_pearson", "jeffreys")
DIFFERENCE_METHODS = ("newcombe",)


def proportion(x: int, n: int, *, level: float = 0.95, method: str = "wilson") -> Estimate:
    """Estimate a proportion x/n with a confidence interval.

    Parameters
    ----------
    x : int
        Number of successes (e.g. families who answered "satisfied"), 0 <= x <= n.
    n : int
        Number of trials (valid answers), at least 1.
    level : float, default 0.95
        Confidence level, strictly between 0 and 1.
    method : {"wilson", "clopper_pearson", "jeffreys"}, default "wilson"
        ``"wilson"``: the score interval of Wilson (1927), method 3 of Newcombe (1998a).
        ``"clopper_pearson"``: the exact interval of Clopper & Pearson (1934) from beta
        quantiles, method 5 of Newcombe (1998a).
        ``"jeffreys"``: the equal-tailed Bayesian interval under the Jeffreys prior
        Beta(1/2, 1/2), as recommended by Brown, Cai & DasGupta (2001).

    Returns
    -------
    Estimate
        ``value`` = x/n and the interval, always within [0, 1]. For every method
        0/n has ``lo == 0`` and n/n has ``hi == 1`` exactly (for Jeffreys this is the
        boundary modification of Brown, Cai & DasGupta 2001, section 4.1.1). The Jeffreys
        interval is centred on the posterior, not on x/n: at levels below about 0.2 it can
        miss x/n (e.g. 1/10); at the usual levels it always holds it.

    Raises
    ------
    ValueError
        If x or n is not a whole number, x < 0, n < 1, x > n, level is not in (0, 1) or
        method is unknown. The message names the argument.

    References
    ----------
    Wilson EB (1927). J Am Stat Assoc 22:209-212.
    Clopper CJ, Pearson ES (1934). Biometrika 26:404-413.
    Newcombe RG (1998a). Two-sided confidence intervals for the single proportion:
    comparison of seven methods. Stat Med 17:857-872.
    Brown LD, Cai TT, DasGupta A (2001). Interval estimation for a binomial proportion.
    Stat Sci 16:101-133.
    """
    x, n = check_successes("x", x, "n", n)
    level = check_level(level)
    check_method(method, PROPORTION_METHODS)
    if method == "wilson":
        lo, hi = wilson_limits(x, n, normal_quantile(level))
    elif method == "clopper_pearson":
        lo, hi = _beta_limits(x, n, level, prior=0.0)
    else:
        lo, hi = _beta_limits(x, n, level, prior=0.5)
    return Estimate(value=x / n, lo=lo, hi=hi, level=level, n=n, method=method)


def difference(
    x1: int, n1: int, x0: int, n0: int, *, level: float = 0.95, method: str = "newcombe"
) -> Estimate:
    """Estimate the difference p1 - p0 of two independent proportions with an interval.

    Parameters
    ----------
    x1, n1 : int
        Successes and trials in the group of interest (e.g. this year).
    x0, n0 : int
        Successes and trials in the comparison group (e.g. the baseline year).
    level : float, default 0.95
        Confidence level, strictly between 0 and 1.
    method : {"newcombe"}, default "newcombe"
        The hybrid score interval of Newcombe (1998b), his method 10: it combines the
        Wilson limits of each proportion and needs no iteration.

    Returns
    -------
    Estimate
        ``value`` = x1/n1 - x0/n0 with an interval within [-1, 1]; ``n`` = n1 + n0.
        Zero or full counts need no special case: 0/10 - 0/20 gives (-0.1611, 0.2775)
        and 10/10 - 0/20 gives (0.6791, 1), as Newcombe (1998b) prints.

    Raises
    ------
    ValueError
        If a count is not a whole number, x1 > n1, x0 > n0, n1 or n0 < 1, level is not in
        (0, 1) or method is unknown. The message names the argument.

    References
    ----------
    Newcombe RG (1998b). Interval estimation for the difference between independent
    proportions: comparison of eleven methods. Stat Med 17:873-890.
    """
    x1, n1 = check_successes("x1", x1, "n1", n1)
    x0, n0 = check_successes("x0", x0, "n0", n0)
    level = check_level(level)
    check_method(method, DIFFERENCE_METHODS)
    z = normal_quantile(level)
    p1, p0 = x1 / n1, x0 / n0
    l1, u1 = wilson_limits(x1, n1, z)
    l0, u0 = wilson_limits(x0, n0, z)
    value = p1 - p0
    lo = value - math.hypot(p1 - l1, u0 - p0)
    hi = value + math.hypot(u1 - p1, p0 - l0)
    # The limits lie in [-1, 1] exactly; the clamp only removes rounding at 0/n - n/n.
    return Estimate(
        value=value,
        lo=max(lo, -1.0),
        hi=min(hi, 1.0),
        level=level,
        n=n1 + n0,
        method=method,
    )


def wilson_limits(x: int, n: int, z: float) -> tuple[float, float]:
    """Wilson (1927) score limits for x/n at critical value z; arguments already checked."""
    p = x / n
    z2n = z * z / n
    centre = (p + z2n / 2.0) / (1.0 + z2n)
    half = z * math.sqrt(p * (1.0 - p) / n + z2n / (4.0 * n)) / (1.0 + z2n)
    lo = 0.0 if x == 0 else max(centre - half, 0.0)
    hi = 1.0 if x == n else min(centre + half, 1.0)
    return lo, hi


def _beta_limits(x: int, n: int, level: float, *, prior: float) -> tuple[float, float]:
    """Equal-tailed beta-quantile limits: Clopper-Pearson (prior 0) or Jeffreys (prior 1/2)."""
    tail = (1.0 - level) / 2.0
    lo = 0.0 if x == 0 else float(betaincinv(x + prior, n - x + 1.0 - prior, tail))
    hi = 1.0 if x == n else float(betaincinv(x + 1.0 - prior, n - x + prior, 1.0 - tail))
    return lo, hi
