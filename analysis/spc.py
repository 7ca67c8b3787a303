"""Statistical process control charts: XmR (individuals) charts and p-charts.

Limits, rules and icons follow NHS England's "Making Data Count" programme (NHS England and NHS
Improvement, 2019), so a council's charts read the same as its NHS partners'. The rules are in
``analysis.spc_rules`` and the icons in ``analysis.spc_icons``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from analysis._checks import (
    MAX_WHOLE,
    InputTypeError,
    check_member,
    check_numbers,
    check_real,
    wrong_type,
)
from analysis.spc_icons import (
    AssuranceIcon,
    Better,
    VariationIcon,
    assurance_icon,
    variation_icon,
)
from analysis.spc_rules import Signal, detect_signals, headline

#: Scaling constant for XmR limits: 3 / d2 with d2 = 1.128 for moving ranges of two points,
#: rounded as in Making Data Count and Wheeler (1993).
XMR_LIMIT_FACTOR = 2.66
#: Fewer baseline points than this give trial limits (Making Data Count: 12 points).
TRIAL_LIMIT_POINTS = 12


class ChartKind(StrEnum):
    """The type of control chart."""

    XMR = "xmr"
    P = "p"


@dataclass(frozen=True, slots=True)
class ChartPoint:
    """One plotted point with its limits and the special-cause signals it takes part in.

    Attributes
    ----------
    index : int
        Position in the series, from 0.
    value : float
        The plotted value (the measurement, or the proportion x / n on a p-chart).
    n : int or None
        The denominator on a p-chart; None on an XmR chart.
    lower_limit, upper_limit : float
        The process limits (3 sigma) at this point.
    lower_two_sigma, upper_two_sigma : float
        The 2-sigma lines at this point, used by the "2 of 3" rule.
    signals : tuple of Signal
        Every rule that fired for this point, ordered by ``RULE_PRECEDENCE``.
    headline : Signal or None
        The one signal to show for this point, or None for common-cause variation.
    in_baseline : bool
        Whether the point was used to compute the centre line and limits.
    """

    index: int
    value: float
    n: int | None
    lower_limit: float
    upper_limit: float
    lower_two_sigma: float
    upper_two_sigma: float
    signals: tuple[Signal, ...]
    headline: Signal | None
    in_baseline: bool

    @property
    def special_cause(self) -> bool:
        """Return whether any special-cause rule fired for this point."""
        return bool(self.signals)


@dataclass(frozen=True, slots=True)
class ControlChart:
    """A control chart with its limits, per-point signals and summary icons.

    Attributes
    ----------
    kind : ChartKind
        ``xmr`` or ``p``.
    method : str
        How the limits were computed, so a reader can check them.
    points : tuple of ChartPoint
        The points in time order.
    centre : float
        The centre line: the mean of the baseline values (XmR), or the pooled proportion of the
        baseline periods (p-chart).
    mean_moving_range : float or None
        The mean of the baseline's moving ranges (XmR only).
    baseline : range
        The points used for the centre line and limits.
    trial_limits : bool
        True when the baseline has fewer than ``TRIAL_LIMIT_POINTS`` points, so the limits are
        provisional and will move as data arrive.
    better : Better
        Which direction is an improvement.
    target : float or None
        The target on the chart's scale, if any.
    variation : VariationIcon
        What the most recent point says about the process.
    assurance : AssuranceIcon or None
        Whether the process can be relied on to meet the target; None without a target or
        when neither direction is better.
    """

    kind: ChartKind
    method: str
    points: tuple[ChartPoint, ...]
    centre: float
    mean_moving_range: float | None
    baseline: range
    trial_limits: bool
    better: Better
    target: float | None
    variation: VariationIcon
    assurance: AssuranceIcon | None

    @property
    def special_cause_points(self) -> tuple[int, ...]:
        """Return the indices of the points where any special-cause rule fired."""
        return tuple(point.index for point in self.points if point.special_cause)


def xmr_chart(
    values: Sequence[float],
    *,
    better: Better | str,
    target: float | None = None,
    baseline: range | None = None,
) -> ControlChart:
    """Build an XmR (individuals and moving range) chart with Making Data Count rules.

    Parameters
    ----------
    values : sequence of float
        The measurements in time order, one per period (e.g. a monthly mean rating).
    better : Better or {"higher", "lower", "neither"}
        Which direction is an improvement; it colours the variation icon and decides the
        assurance icon.
    target : float, optional
        The target on the same scale as ``values``.
    baseline : range, optional
        The points (by index, step 1) used for the centre line and limits; by default all of
        them. Fix a baseline to keep limits steady while later points are judged against them.

    Returns
    -------
    ControlChart
        Centre line = mean of the baseline values; process limits = centre ± 2.66 × mean moving
        range; 2-sigma lines = centre ± (2/3 × 2.66) × mean moving range (about 1.77). Method:
        Shewhart individuals chart with moving-range sigma (Wheeler, 1993, *Understanding
        Variation*), NHS England and NHS Improvement (2019) *Making Data Count*. Moving ranges
        are not screened for outliers, as in the Making Data Count Excel tools.

    Raises
    ------
    ValueError
        If a value is not finite, the baseline is outside the series or has fewer than 2 points.
    TypeError
        If ``values`` is not a sequence of numbers, ``better`` not a :class:`Better` (or
        its value), ``target`` not a number or ``baseline`` not a range (also a
        ``ValueError``).
    """
    y = _finite_values(values)
    better, target = _check_better(better), _check_target(target)
    chosen = _baseline(baseline, y.size, minimum=2)
    base = y[chosen.start : chosen.stop]
    centre = float(np.mean(base))
    mean_moving_range = float(np.mean(np.abs(np.diff(base))))
    sigma = XMR_LIMIT_FACTOR / 3 * mean_moving_range
    ones = np.ones(y.size)
    return _chart(
        kind=ChartKind.XMR,
        method="xmr: centre = mean, limits = mean ± 2.66 × mean moving range (Making Data Count)",
        values=y,
        denominators=None,
        centre=centre,
        sigmas=sigma * ones,
        bounds=(-math.inf, math.inf),
        mean_moving_range=mean_moving_range,
        baseline=chosen,
        better=better,
        target=target,
    )


def p_chart(
    events: Sequence[int],
    denominators: Sequence[int],
    *,
    better: Better | str,
    target: float | None = None,
    baseline: range | None = None,
) -> ControlChart:
    """Build a p-chart for a proportion measured each period, with Making Data Count rules.

    Parameters
    ----------
    events : sequence of int
        The count with the characteristic each period (e.g. families satisfied).
    denominators : sequence of int
        The number asked each period (e.g. valid answers); may vary between periods.
    better : Better or {"higher", "lower", "neither"}
        Which direction is an improvement.
    target : float, optional
        The target proportion, between 0 and 1.
    baseline : range, optional
        The periods (by index, step 1) used for the centre line and limits; by default all.

    Returns
    -------
    ControlChart
        Centre line p̄ = Σx / Σn over the baseline; limits at each point p̄ ± 3·√(p̄(1 − p̄)/nᵢ)
        and 2-sigma lines p̄ ± 2·√(p̄(1 − p̄)/nᵢ), clipped to [0, 1]. Method: Shewhart p-chart
        (Montgomery, 2013, *Introduction to Statistical Quality Control*, 7th ed., chapter 7)
        with the Making Data Count special-cause rules.

    Raises
    ------
    ValueError
        If counts are negative or not whole, an event count exceeds its denominator, a
        denominator is 0, the lengths differ, or the baseline is outside the series.
    TypeError
        If an argument is of the wrong type, as for :func:`xmr_chart` (also a ``ValueError``).
    """
    x = _counts(events, "events")
    n = _counts(denominators, "denominators")
    better, target = _check_better(better), _check_target(target)
    if x.size != n.size:
        raise ValueError(f"got {x.size} event counts but {n.size} denominators")
    if np.any(n == 0):
        raise ValueError("every period needs a denominator of at least 1; drop empty periods")
    if np.any(x > n):
        raise ValueError("an event count is larger than its denominator")
    if target is not None and not 0 <= target <= 1:
        raise ValueError(f"a p-chart target is a proportion between 0 and 1, got {target}")
    chosen = _baseline(baseline, x.size, minimum=1)
    centre = float(x[chosen.start : chosen.stop].sum() / n[chosen.start : chosen.stop].sum())
    sigmas = np.sqrt(centre * (1 - centre) / n)
    return _chart(
        kind=ChartKind.P,
        method="p_chart: centre = pooled proportion, limits = p̄ ± 3·√(p̄(1 − p̄)/n) in [0, 1]",
        values=x / n,
        denominators=n,
        centre=centre,
        sigmas=sigmas,
        bounds=(0.0, 1.0),
        mean_moving_range=None,
        baseline=chosen,
        better=better,
        target=target,
    )


def _check_better(better: object) -> Better:
    """A :class:`Better`, also from its value ("higher", "lower", "neither")."""
    return check_member("better", better, Better, "a Better or one of 'higher', 'lower', 'neither'")


def _check_target(target: object) -> float | None:
    """The target as a float, or None."""
    return None if target is None else check_real("target", target)


def _chart(
    *,
    kind: ChartKind,
    method: str,
    values: np.ndarray,
    denominators: np.ndarray | None,
    centre: float,
    sigmas: np.ndarray,
    bounds: tuple[float, float],
    mean_moving_range: float | None,
    baseline: range,
    better: Better,
    target: float | None,
) -> ControlChart:
    low, high = bounds
    lower = np.clip(centre - 3 * sigmas, low, high)
    upper = np.clip(centre + 3 * sigmas, low, high)
    lower2 = np.clip(centre - 2 * sigmas, low, high)
    upper2 = np.clip(centre + 2 * sigmas, low, high)
    signals = detect_signals(
        values,
        centre=centre,
        lower_limits=lower,
        upper_limits=upper,
        lower_two_sigma=lower2,
        upper_two_sigma=upper2,
    )
    points = tuple(
        ChartPoint(
            index=i,
            value=float(values[i]),
            n=None if denominators is None else int(denominators[i]),
            lower_limit=float(lower[i]),
            upper_limit=float(upper[i]),
            lower_two_sigma=float(lower2[i]),
            upper_two_sigma=float(upper2[i]),
            signals=signals[i],
            headline=headline(signals[i]),
            in_baseline=i in baseline,
        )
        for i in range(values.size)
    )
    latest = points[-1]
    return ControlChart(
        kind=kind,
        method=method,
        points=points,
        centre=centre,
        mean_moving_range=mean_moving_range,
        baseline=baseline,
        trial_limits=len(baseline) < TRIAL_LIMIT_POINTS,
        better=better,
        target=target,
        variation=variation_icon(latest.headline, better),
        assurance=assurance_icon(
            target, lower_limit=latest.lower_limit, upper_limit=latest.upper_limit, better=better
        ),
    )


def _finite_values(values: Sequence[float]) -> np.ndarray:
    try:
        y = check_numbers("values", values)
    except InputTypeError:
        raise
    except ValueError as error:
        if "dimension" in str(error):
            raise ValueError("values must be a flat sequence of numbers") from None
        raise ValueError("every value must be a finite number") from None
    if y.size == 0:
        raise ValueError("values must hold at least one number")
    return y


def _counts(counts: Sequence[int], name: str) -> np.ndarray:
    try:
        raw = check_numbers(name, counts)
    except InputTypeError:
        raise
    except ValueError as error:
        if "dimension" in str(error):
            raise ValueError(f"{name} must be a flat sequence of counts") from None
        raise ValueError(f"{name} must be whole numbers of at least 0") from None
    if np.any(raw < 0) or np.any(raw != np.round(raw)) or np.any(raw > MAX_WHOLE):
        raise ValueError(f"{name} must be whole numbers of at least 0")
    if raw.size == 0:
        raise ValueError(f"{name} must hold at least one count")
    return raw.astype(np.int64)


def _baseline(baseline: range | None, size: int, *, minimum: int) -> range:
    if baseline is not None and not isinstance(baseline, range):
        raise wrong_type("baseline", baseline, "a range of point indices, e.g. range(12), or None")
    chosen = range(size) if baseline is None else baseline
    if chosen.step != 1:
        raise ValueError("the baseline must be a run of consecutive points (range step 1)")
    if chosen.start < 0 or chosen.stop > size:
        raise ValueError(f"the baseline {chosen} is outside the {size} points given")
    if len(chosen) < minimum:
        raise ValueError(f"the limits need at least {minimum} baseline points, got {len(chosen)}")
    return chosen
