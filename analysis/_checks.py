"""Argument checks shared by the estimators: each failure names the argument it is about."""

from __future__ import annotations

import math
import numbers
from collections.abc import Collection
from functools import lru_cache

from scipy.special import ndtri


def check_level(level: object) -> float:
    """Return ``level`` as a float, or raise if it is not strictly between 0 and 1."""
    value = _real(level)
    if value is None or not 0.0 < value < 1.0:
        raise ValueError(f"level must be between 0 and 1 (exclusive), got {level!r}")
    return value


def check_count(name: str, value: object) -> int:
    """Return ``value`` as an int, or raise if it is not a whole number of at least 0."""
    count = _whole(name, value)
    if count < 0:
        raise ValueError(f"{name} must not be negative, got {count}")
    return count


def check_size(name: str, value: object) -> int:
    """Return a sample size as an int, or raise if it is not a whole number of at least 1."""
    size = _whole(name, value)
    if size < 1:
        raise ValueError(f"{name} must be at least 1, got {size}")
    return size


def check_successes(x_name: str, x: object, n_name: str, n: object) -> tuple[int, int]:
    """Return ``(x, n)`` for x successes out of n trials, or raise if they cannot be."""
    successes = check_count(x_name, x)
    trials = check_size(n_name, n)
    if successes > trials:
        raise ValueError(f"{x_name} ({successes}) must not exceed {n_name} ({trials})")
    return successes, trials


def check_exposure(name: str, value: object) -> float:
    """Return an exposure (person-time, cases open) as a float, or raise if not positive."""
    exposure = _real(value)
    if exposure is None or not (math.isfinite(exposure) and exposure > 0.0):
        raise ValueError(f"{name} must be a positive, finite number, got {value!r}")
    return exposure


def check_method(method: object, allowed: Collection[str]) -> str:
    """Return ``method`` if it is one of ``allowed``, else raise listing the choices."""
    if not isinstance(method, str) or method not in allowed:
        choices = ", ".join(repr(name) for name in allowed)
        raise ValueError(f"method must be one of {choices}; got {method!r}")
    return method


@lru_cache(maxsize=64)
def normal_quantile(level: float) -> float:
    """The two-sided critical value z with P(-z < Z < z) = ``level`` for a standard normal Z."""
    # Cached: KPI pages ask for thousands of intervals at the same one or two levels.
    return float(ndtri(0.5 + level / 2.0))


def _real(value: object) -> float | None:
    """``value`` as a float if it is a real number (not a bool), else None."""
    if isinstance(value, bool) or not isinstance(value, numbers.Number):
        return None
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None


# Above 2**53 a float cannot hold every whole number, and the interval formulas underflow.
MAX_WHOLE = 2**53


def _whole(name: str, value: object) -> int:
    """``value`` as an int if it is a finite whole number (7 or 7.0, not 7.5 or True)."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        whole = int(value)
    else:
        real = _real(value)
        if real is None or not math.isfinite(real) or not real.is_integer():
            raise ValueError(f"{name} must be a whole number, got {value!r}")
        whole = int(real)
    if abs(whole) > MAX_WHOLE:
        raise ValueError(f"{name} must be at most 2**53 ({MAX_WHOLE}), got {value!r}")
    return whole
