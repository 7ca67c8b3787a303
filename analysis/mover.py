"""MOVER: an interval for a difference from the intervals of its two parts."""

from __future__ import annotations

import math

from analysis._checks import check_instance, check_real
from analysis.estimate import Estimate


def mover_difference(first: Estimate, second: Estimate, *, factor: float = 1.0) -> Estimate:
    """Return an interval for ``first - factor x second`` from two independent intervals.

    Parameters
    ----------
    first, second : Estimate
        Independent estimates at the same level (e.g. two means).
    factor : float, default 1.0
        A positive multiplier of ``second`` (1.2 to test "20% above the baseline").

    Returns
    -------
    Estimate
        The method of variance estimates recovery (MOVER) of Zou & Donner (2008):
        lower = d - sqrt((t1 - l1)^2 + (u2' - t2')^2), upper = d + sqrt((u1 - t1)^2 +
        (t2' - l2')^2), with d = t1 - t2' and the primed interval ``factor`` times the
        second's. ``n`` is the sum of both, ``method`` is ``"mover"``.

    Raises
    ------
    ValueError
        If the levels differ or ``factor`` is not a positive finite number.
    TypeError
        If ``first`` or ``second`` is not an :class:`Estimate` or ``factor`` not a number
        (also a ``ValueError``).

    References
    ----------
    Zou GY, Donner A (2008). Construction of confidence limits about effect measures: a
    general approach. Stat Med 27:1693-1702.
    """
    check_instance("first", first, Estimate, "an Estimate, e.g. from analysis.mean")
    check_instance("second", second, Estimate, "an Estimate, e.g. from analysis.mean")
    factor = check_real("factor", factor)
    if first.level != second.level:
        raise ValueError(f"levels differ: {first.level} and {second.level}")
    if not (math.isfinite(factor) and factor > 0):
        raise ValueError(f"factor must be a positive finite number, got {factor!r}")
    t2, l2, u2 = factor * second.value, factor * second.lo, factor * second.hi
    d = first.value - t2
    lo = d - math.hypot(first.value - first.lo, u2 - t2)
    hi = d + math.hypot(first.hi - first.value, t2 - l2)
    return Estimate(d, lo, hi, first.level, first.n + second.n, "mover")
