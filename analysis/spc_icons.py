"""The Making Data Count summary icons: variation (what the process is doing) and assurance
(whether it can be relied on to meet its target).

NHS England and NHS Improvement (2019) *Making Data Count: Strengthening your decisions*,
"Using summary icons". Each icon has a ``label`` so a page can give it a text alternative.
"""

from __future__ import annotations

from enum import StrEnum

from analysis.spc_rules import Side, Signal


class Better(StrEnum):
    """Which direction is an improvement for the measure on a chart."""

    HIGHER = "higher"
    LOWER = "lower"
    NEITHER = "neither"


class VariationIcon(StrEnum):
    """The variation icon, read from the most recent point (as in Making Data Count)."""

    COMMON_CAUSE = "common_cause"
    IMPROVING_HIGH = "special_cause_improving_high"
    IMPROVING_LOW = "special_cause_improving_low"
    CONCERNING_HIGH = "special_cause_concerning_high"
    CONCERNING_LOW = "special_cause_concerning_low"
    NEITHER_HIGH = "special_cause_neither_high"
    NEITHER_LOW = "special_cause_neither_low"

    @property
    def label(self) -> str:
        """Return the icon's meaning in plain English."""
        return _VARIATION_LABELS[self]


_VARIATION_LABELS = {
    VariationIcon.COMMON_CAUSE: "Common cause variation: no significant change",
    VariationIcon.IMPROVING_HIGH: "Special cause variation: improving, because values are high",
    VariationIcon.IMPROVING_LOW: "Special cause variation: improving, because values are low",
    VariationIcon.CONCERNING_HIGH: "Special cause variation: concerning, because values are high",
    VariationIcon.CONCERNING_LOW: "Special cause variation: concerning, because values are low",
    VariationIcon.NEITHER_HIGH: "Special cause variation: values are high",
    VariationIcon.NEITHER_LOW: "Special cause variation: values are low",
}


class AssuranceIcon(StrEnum):
    """The assurance icon, read from where the target lies against the process limits."""

    CONSISTENTLY_HIT = "consistently_hit"
    CONSISTENTLY_FAIL = "consistently_fail"
    HIT_AND_MISS = "hit_and_miss"

    @property
    def label(self) -> str:
        """Return the icon's meaning in plain English."""
        return _ASSURANCE_LABELS[self]


_ASSURANCE_LABELS = {
    AssuranceIcon.CONSISTENTLY_HIT: "The process will consistently hit the target",
    AssuranceIcon.CONSISTENTLY_FAIL: (
        "The process will consistently fail the target unless something changes"
    ),
    AssuranceIcon.HIT_AND_MISS: (
        "Hit and miss: the target lies within the process limits, so it will be met in some "
        "periods and missed in others by chance alone"
    ),
}


def variation_icon(latest: Signal | None, better: Better) -> VariationIcon:
    """Return the variation icon for a chart from its most recent point's headline signal.

    Parameters
    ----------
    latest : Signal or None
        The headline signal of the most recent point, or None for common cause.
    better : Better
        Which direction is an improvement.

    Returns
    -------
    VariationIcon
        Common cause, or special cause improving / concerning (or, when neither direction is
        better, simply high / low). Method: NHS England and NHS Improvement (2019).
    """
    if latest is None:
        return VariationIcon.COMMON_CAUSE
    high = latest.side is Side.HIGH
    if better is Better.NEITHER:
        return VariationIcon.NEITHER_HIGH if high else VariationIcon.NEITHER_LOW
    improving = high == (better is Better.HIGHER)
    if improving:
        return VariationIcon.IMPROVING_HIGH if high else VariationIcon.IMPROVING_LOW
    return VariationIcon.CONCERNING_HIGH if high else VariationIcon.CONCERNING_LOW


def assurance_icon(
    target: float | None, *, lower_limit: float, upper_limit: float, better: Better
) -> AssuranceIcon | None:
    """Return the assurance icon from where the target lies against the process limits.

    Parameters
    ----------
    target : float or None
        The target on the chart's scale, or None when the measure has no target.
    lower_limit, upper_limit : float
        The process limits of the most recent point.
    better : Better
        Which direction is an improvement.

    Returns
    -------
    AssuranceIcon or None
        ``consistently_hit`` when the whole range between the limits is on the good side of the
        target, ``consistently_fail`` when it is all on the bad side, ``hit_and_miss`` when the
        target lies on or between the limits; None without a target or a better direction.
        Method: NHS England and NHS Improvement (2019), as in NHSRplotthedots.
    """
    if target is None or better is Better.NEITHER:
        return None
    if lower_limit <= target <= upper_limit:
        return AssuranceIcon.HIT_AND_MISS
    target_above = target > upper_limit
    # A higher-is-better measure whose whole process sits below the target always fails it.
    fails = target_above == (better is Better.HIGHER)
    return AssuranceIcon.CONSISTENTLY_FAIL if fails else AssuranceIcon.CONSISTENTLY_HIT
