"""Intervals for the mean of a sample of scores (e.g. ratings on a 1-5 scale)."""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from decimal import Decimal

import numpy as np
from numpy.typing import ArrayLike
from scipy.special import stdtrit
from scipy.stats import bootstrap

from analysis._checks import (
    check_level,
    check_method,
    check_real,
    check_rng,
    check_size,
    wrong_type,
)
from analysis.estimate import Estimate

MEAN_METHODS = ("t", "bca")

# Efron & Tibshirani (1993, section 14.3) advise at least 1000 resamples for BCa limits.
MIN_RESAMPLES = 1000

# Larger values would overflow when squared for the standard deviation; ratings are 1 to 10.
MAX_MAGNITUDE = 1e100

# Resampled values held in memory at once by the bootstrap (8 MB of float64).
_BATCH_VALUES = 1_000_000


def mean(
    values: ArrayLike,
    *,
    level: float = 0.95,
    method: str = "t",
    rng: int | np.random.Generator | None = None,
    n_resamples: int = 9999,
) -> Estimate:
    """Estimate a mean with a confidence interval.

    Parameters
    ----------
    values : array_like of real numbers
        The sample, one-dimensional, at least 2 finite numbers: a list, a tuple or a NumPy
        array of ints or floats (Fractions and Decimals are read as floats).
    level : float, default 0.95
        Confidence level, strictly between 0 and 1.
    method : {"t", "bca"}, default "t"
        ``"t"``: Student's (1908) t interval, mean -/+ t(n-1) * s / sqrt(n).
        ``"bca"``: the bias-corrected and accelerated bootstrap interval of Efron (1987),
        computed by :func:`scipy.stats.bootstrap`.
    rng : int, numpy.random.Generator or None, default None
        The bootstrap's source of random numbers (``"bca"`` only), as SPEC 7 asks: read
        with :func:`numpy.random.default_rng`. The same int gives the same interval; a
        ``Generator`` is used as is, so it is consumed (two calls with one generator
        differ); None draws fresh entropy, so repeated calls differ slightly.
    n_resamples : int, default 9999
        Number of bootstrap resamples (``"bca"`` only), at least 1000.

    Returns
    -------
    Estimate
        ``value`` = the sample mean and its interval; ``n`` = the number of values.
        A constant sample (standard deviation 0) gets the degenerate interval
        lo = hi = value from both methods: that is what the t formula gives, and every
        bootstrap resample of it has the same mean. It claims no uncertainty, so callers
        wanting a cautious verdict should also apply a minimum n.

    Raises
    ------
    ValueError
        If values is empty, holds fewer than 2 numbers (no spread can be estimated from
        one), is not one-dimensional, holds anything but finite real numbers (of size at
        most 1e100, so their squares do not overflow), or if level,
        method, rng or n_resamples is invalid. The message names the argument.
    TypeError
        If rng is neither None, a whole number nor a ``Generator`` (it is also a
        ``ValueError``, so callers catching that still catch it).

    References
    ----------
    Student (1908). The probable error of a mean. Biometrika 6:1-25.
    Efron B (1987). Better bootstrap confidence intervals. J Am Stat Assoc 82:171-185.
    Efron B, Tibshirani RJ (1993). An Introduction to the Bootstrap. Chapman & Hall.
    """
    sample = _check_values(values)
    level = check_level(level)
    check_method(method, MEAN_METHODS)
    resamples = check_size("n_resamples", n_resamples)
    if resamples < MIN_RESAMPLES:
        raise ValueError(f"n_resamples must be at least {MIN_RESAMPLES}, got {resamples}")
    generator = check_rng(rng)
    n = sample.size
    if np.all(sample == sample[0]):
        # Taken as is: the computed mean of e.g. [0.1, 0.1, 0.1] is off in the last bit.
        value = float(sample[0])
        return Estimate(value=value, lo=value, hi=value, level=level, n=n, method=method)
    value = float(sample.mean())
    if method == "t":
        margin = float(stdtrit(n - 1, 0.5 + level / 2.0)) * float(sample.std(ddof=1))
        margin /= math.sqrt(n)
        return Estimate(
            value=value, lo=value - margin, hi=value + margin, level=level, n=n, method=method
        )
    result = bootstrap(
        (sample,),
        np.mean,
        n_resamples=resamples,
        batch=max(1, _BATCH_VALUES // n),
        vectorized=True,
        confidence_level=level,
        method="BCa",
        rng=generator,
    )
    interval = result.confidence_interval
    return Estimate(
        value=value,
        lo=float(interval.low),
        hi=float(interval.high),
        level=level,
        n=n,
        method=method,
    )


def _check_values(values: ArrayLike) -> np.ndarray:
    """``values`` as a 1-D float array of at least 2 finite numbers, or raise naming it."""
    wants = "a sequence of real numbers, e.g. [3, 4, 2]"
    if isinstance(values, str | bytes | Mapping | set | frozenset):
        raise wrong_type("values", values, wants)
    try:
        sample = np.asarray(values)
    except (TypeError, ValueError) as error:
        raise wrong_type("values", values, wants) from error
    if sample.ndim != 1:
        raise ValueError(f"values must be one-dimensional, got {sample.ndim} dimensions")
    if sample.size == 0:
        raise ValueError("values must not be empty")
    if sample.dtype.kind == "O" and all(_is_real(item) for item in sample):
        sample = np.array([check_real("values", item, finite=False) for item in sample])
    if sample.dtype.kind not in "iuf":
        raise wrong_type("values", values, wants)
    sample = sample.astype(float)
    finite = np.isfinite(sample)
    if not finite.all():
        first = int(np.flatnonzero(~finite)[0])
        raise ValueError(f"values must be finite, values[{first}] is {sample[first]}")
    if (too_big := np.abs(sample) > MAX_MAGNITUDE).any():
        first = int(np.flatnonzero(too_big)[0])
        raise ValueError(
            f"values must be at most {MAX_MAGNITUDE:g} in size (their squares would overflow), "
            f"values[{first}] is {sample[first]}"
        )
    if sample.size < 2:
        raise ValueError("values must hold at least 2 numbers to estimate their spread, got 1")
    return sample


def _is_real(item: object) -> bool:
    """True for a real number that NumPy leaves as an object (Fraction, Decimal, huge int)."""
    return isinstance(item, numbers.Real | Decimal) and not isinstance(item, bool)
