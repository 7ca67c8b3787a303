"""Argument checks shared by the estimators: each failure names the argument it is about."""

from __future__ import annotations

import math
import numbers
from collections.abc import Collection, Iterable, Mapping
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from typing import Any, TypeVar

import numpy as np
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
        raise ValueError(f"{name} must be at most 2**53 ({MAX_WHOLE}), got {shown(value)}")
    return whole


_Member = TypeVar("_Member", bound=StrEnum)


class InputTypeError(TypeError, ValueError):
    """An argument of the wrong type; a ``TypeError`` that callers catching ``ValueError``
    (as the estimators always raised) still catch. The message names the argument and says
    what it wants."""


def wrong_type(name: str, value: object, wants: str) -> InputTypeError:
    """Return the error for ``value`` not being what ``name`` wants, e.g. "a str"."""
    return InputTypeError(f"{name} must be {wants}, got {type(value).__name__} {shown(value)}")


def check_member(name: str, value: object, kind: type[_Member], wants: str) -> _Member:
    """Return ``value`` as a member of ``kind``: a member, or the text of one's value
    ("higher" for ``Direction.HIGHER``); raise :func:`wrong_type` saying ``wants`` otherwise."""
    if isinstance(value, str) and value in {member.value for member in kind}:
        return kind(value)
    raise wrong_type(name, value, wants)


def shown(value: object) -> str:
    """``repr(value)`` cut to 60 characters, for a message."""
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:57]}..."


def check_real(name: str, value: object, *, finite: bool = True) -> float:
    """Return ``value`` as a float if it is a real number (int, float, NumPy, Fraction,
    Decimal; not a bool), else raise naming ``name``."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Number | Decimal):
        raise wrong_type(name, value, "a real number")
    try:
        real = float(value)  # type: ignore[arg-type]
    except OverflowError:
        raise ValueError(f"{name} is too large to be a number, got {shown(value)}") from None
    except (TypeError, ValueError):
        raise wrong_type(name, value, "a real number") from None
    if finite and not math.isfinite(real):
        raise ValueError(f"{name} must be a finite number, got {shown(value)}")
    return real


def check_whole(name: str, value: object, *, minimum: int = 0) -> int:
    """Return ``value`` as an int if it is a whole number of at least ``minimum``."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Number | Decimal):
        raise wrong_type(name, value, f"a whole number of at least {minimum}")
    whole = _whole(name, value)
    if whole < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {shown(value)}")
    return whole


def check_text(name: str, value: object, example: str) -> str:
    """Return ``value`` if it is a str, else raise saying what text is wanted."""
    if not isinstance(value, str):
        raise wrong_type(name, value, f"text (a str) such as {example!r}")
    return value


def check_instance(name: str, value: object, kind: type, wants: str) -> None:
    """Raise unless ``value`` is an instance of ``kind``."""
    if not isinstance(value, kind):
        raise wrong_type(name, value, wants)


def check_mapping(name: str, value: object, wants: str) -> Mapping[Any, Any]:
    """Return ``value`` if it is a mapping (a dict), else raise."""
    if not isinstance(value, Mapping):
        raise wrong_type(name, value, wants)
    return value


def check_list(name: str, value: object, wants: str) -> list[Any]:
    """Return the items of a sequence or array (not text, not a mapping) as a list."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise wrong_type(name, value, wants)
    if isinstance(value, np.ndarray) and value.ndim == 0:
        raise wrong_type(name, value, wants)
    return list(value)


def check_hashable(name: str, value: object, wants: str) -> None:
    """Raise unless ``value`` can be a dict key (a label, a name)."""
    try:
        hash(value)
    except TypeError:
        raise wrong_type(name, value, wants) from None


def check_numbers(name: str, values: object, *, ndim: int = 1) -> np.ndarray:
    """Return ``values`` as a float array of ``ndim`` dimensions of finite real numbers."""
    wants = "a sequence of numbers" if ndim == 1 else "a table (a sequence of rows of numbers)"
    if isinstance(values, str | bytes | Mapping | set | frozenset) or not isinstance(
        values, Iterable
    ):
        raise wrong_type(name, values, wants)
    try:
        array = np.asarray(values)
    except (TypeError, ValueError) as error:
        raise wrong_type(name, values, wants) from error
    if array.dtype.kind == "O":
        try:
            array = array.astype(float)
        except (TypeError, ValueError, OverflowError) as error:
            raise wrong_type(name, values, wants) from error
    if array.dtype.kind not in "iuf" or (array.size == 0 and array.ndim != ndim):
        if array.size == 0 and ndim == 1:
            return np.zeros(0)
        raise wrong_type(name, values, wants)
    if array.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got {array.ndim}")
    array = array.astype(float)
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must all be finite numbers")
    return array


def check_rng(rng: object) -> np.random.Generator:
    """Return a NumPy Generator from ``rng`` (SPEC 7): None, a whole number of at least 0,
    a ``SeedSequence`` or a ``Generator`` (used as is, so it is consumed)."""
    if rng is None or isinstance(rng, np.random.Generator | np.random.SeedSequence):
        return np.random.default_rng(rng)
    if isinstance(rng, bool | np.bool_) or not isinstance(rng, numbers.Integral):
        raise wrong_type(
            "rng", rng, "None, a whole number of at least 0 or a numpy.random.Generator"
        )
    if rng < 0:
        raise ValueError(
            f"rng must be None, a whole number of at least 0 or a Generator, got {rng}"
        )
    return np.random.default_rng(int(rng))
