"""Intervals for a Poisson count and for the ratio of two Poisson rates."""

from __future__ import annotations

import math

from scipy.special import betaincinv, gammaincinv

from analysis._checks import (
    check_count,
    check_exposure,
    check_level,
    check_method,
    normal_quantile,
)
from analysis.estimate import Estimate
from analysis.proportions import wilson_limits

RATE_RATIO_METHODS = ("score", "exact")


def poisson(count: int, *, level: float = 0.95) -> Estimate:
    """Estimate the mean of a Poisson count (e.g. complaints in a year) with an exact interval.

    Parameters
    ----------
    count : int
        The observed count, a whole number of at least 0.
    level : float, default 0.95
        Confidence level, strictly between 0 and 1.

    Returns
    -------
    Estimate
        ``value`` = count; the exact central interval of Garwood (1936), whose limits are
        gamma quantiles: lo = G(alpha/2; count), hi = G(1 - alpha/2; count + 1), with
        lo = 0 when count = 0. ``n`` = count (the events observed); ``method`` = "garwood".

    Raises
    ------
    ValueError
        If count is not a whole number of at least 0 or level is not in (0, 1).

    References
    ----------
    Garwood F (1936). Fiducial limits for the Poisson distribution. Biometrika 28:437-442.
    """
    count = check_count("count", count)
    level = check_level(level)
    tail = (1.0 - level) / 2.0
    lo = 0.0 if count == 0 else float(gammaincinv(count, tail))
    hi = float(gammaincinv(count + 1, 1.0 - tail))
    return Estimate(value=float(count), lo=lo, hi=hi, level=level, n=count, method="garwood")


def rate_ratio(
    k1: int,
    exposure1: float,
    k0: int,
    exposure0: float,
    *,
    level: float = 0.95,
    method: str = "score",
) -> Estimate:
    """Estimate the ratio of two Poisson rates (k1/exposure1) / (k0/exposure0) with an interval.

    Both methods condition on the total k1 + k0: given it, k1 is binomial with
    probability pi = R e1 / (R e1 + e0), so an interval (pi_lo, pi_hi) for pi maps to
    R = pi / (1 - pi) * e0 / e1 (Cox 1953; Breslow & Day 1987, section 2.4).

    Parameters
    ----------
    k1, exposure1 : int, float
        Events and exposure (person-time, cases open) in the group of interest.
    k0, exposure0 : int, float
        Events and exposure in the comparison group.
    level : float, default 0.95
        Confidence level, strictly between 0 and 1.
    method : {"score", "exact"}, default "score"
        ``"score"``: the Wilson score interval for pi, which is the score-test interval of
        the rate ratio (agrees with statsmodels ``confint_poisson_2indep(method="score")``).
        ``"exact"``: the Clopper-Pearson interval for pi, the exact conditional interval.

    Returns
    -------
    Estimate
        ``value`` = the rate ratio; ``n`` = k1 + k0 (the events behind it). When k0 = 0
        ``value`` and ``hi`` are ``math.inf``; when k1 = 0 ``value`` and ``lo`` are 0;
        when k1 = k0 = 0 there is no information: ``value`` is ``math.nan`` and the
        interval is (0, ``math.inf``).

    Raises
    ------
    ValueError
        If k1 or k0 is not a whole number of at least 0, an exposure is not a positive
        finite number, level is not in (0, 1) or method is unknown. The message names the
        argument.

    References
    ----------
    Cox DR (1953). Some simple approximate tests for Poisson variates. Biometrika 40:354-360.
    Breslow NE, Day NE (1987). Statistical Methods in Cancer Research II. IARC, Lyon.
    """
    k1 = check_count("k1", k1)
    exposure1 = check_exposure("exposure1", exposure1)
    k0 = check_count("k0", k0)
    exposure0 = check_exposure("exposure0", exposure0)
    level = check_level(level)
    check_method(method, RATE_RATIO_METHODS)
    total = k1 + k0
    if total == 0:
        return Estimate(math.nan, 0.0, math.inf, level=level, n=0, method=method)
    if method == "score":
        pi_lo, pi_hi = wilson_limits(k1, total, normal_quantile(level))
    else:
        tail = (1.0 - level) / 2.0
        pi_lo = 0.0 if k1 == 0 else float(betaincinv(k1, k0 + 1, tail))
        pi_hi = 1.0 if k0 == 0 else float(betaincinv(k1 + 1, k0, 1.0 - tail))
    scale = exposure0 / exposure1
    value = math.inf if k0 == 0 else (k1 / k0) * scale
    return Estimate(
        value=value,
        lo=_odds(pi_lo) * scale,
        hi=_odds(pi_hi) * scale,
        level=level,
        n=total,
        method=method,
    )


def _odds(pi: float) -> float:
    """pi / (1 - pi), infinite at pi = 1."""
    return math.inf if pi >= 1.0 else pi / (1.0 - pi)
