"""The sentences a lead reads under each verdict: intervals, changes and the whole-interval rule.

They are written for a reader who is not a statistician: "95% confidence interval" in full (never
"CI"), the number of answers in words ("52 answers", not "n = 52"), percentages rather than
decimals or ratios ("38% higher than the baseline", not "1.38 times"), and a conclusion at the
end of each sentence ("so the target is met"). Numbers are shown as a lead reads them (whole
percentages, one decimal for means and counts), with more decimals only when a rounded limit
would look equal to the target it is compared with, so "the whole interval is above the 60%
target" never sits beside a limit shown as 60%.
"""

from __future__ import annotations

import math

from analysis.baselines import Quantity, format_value
from analysis.estimate import Estimate


def interval_text(
    estimate: Estimate, quantity: Quantity | None, threshold: float | None = None
) -> str:
    """Return an estimate in words: "73% of 52 answers (95% confidence interval 61% to 83%)".

    Returns
    -------
    str
        The value, how many answers it rests on and its interval: "an average of 3.2 from 25
        answers (...)" for a mean rating, "36 (...)" for a count (a count is its own n).
    """
    decimals = _decimals(estimate, quantity, threshold)
    value, lo, hi = (
        _fixed(v, quantity, decimals) for v in (estimate.value, estimate.lo, estimate.hi)
    )
    interval = f"({confidence_text(estimate)} {lo} to {hi})"
    if quantity is Quantity.COUNT:
        return f"{format_value(estimate.value, quantity)} {interval}"
    answers = answers_text(estimate.n)
    if quantity is Quantity.PROPORTION:
        return f"{value} of {answers} {interval}"
    if quantity is Quantity.MEAN_RATING:
        return f"an average of {value} from {answers} {interval}"
    return f"{value} from {answers} {interval}"


def sample_text(estimate: Estimate, quantity: Quantity | None, scale: int | None) -> str:
    """Return a value with its answers but no interval: "55% of 120 answers", "20"."""
    shown = point_text(estimate, quantity, scale)
    if quantity is Quantity.COUNT:
        return shown
    answers = answers_text(estimate.n)
    if quantity is Quantity.PROPORTION:
        return f"{shown} of {answers}"
    if quantity is Quantity.MEAN_RATING:
        return f"an average of {shown} from {answers}"
    return f"{shown} from {answers}"


def point_text(estimate: Estimate, quantity: Quantity | None, scale: int | None) -> str:
    """Return just the point estimate: "52%", "3.1 out of 5", "20"."""
    return format_value(
        estimate.value, quantity, scale if quantity is Quantity.MEAN_RATING else None
    )


def answers_text(n: int) -> str:
    """Return "52 answers", "1 answer" or "no answers"."""
    if n == 0:
        return "no answers"
    return f"{n} answer" + ("" if n == 1 else "s")


def level_text(estimate: Estimate) -> str:
    """Return the confidence level: "95%"."""
    return f"{100 * estimate.level:g}%"


def confidence_text(estimate: Estimate) -> str:
    """Return "95% confidence interval"."""
    return f"{level_text(estimate)} confidence interval"


def side_sentence(
    side: int, higher: bool, label: str, *, about: str = "target", noun: str = "target"
) -> str:
    """Return the whole-interval rule in words, with its conclusion for a target.

    Parameters
    ----------
    side : int
        +1 when the whole interval is on the good side, -1 on the bad side, 0 around it.
    higher : bool
        True when higher is better.
    label : str
        What the interval was compared with, e.g. "the 60% target".
    about : {"target", "change"}
        For a target the sentence ends with what it means: "so the target is met", "so the
        target is not met", "so it is not yet clear whether the target is met". A change
        is named by the caller ("Improved: ...").
    noun : str
        What is judged; its first word is used in the conclusion ("milestone due at 6
        months" gives "so the milestone is met").
    """
    short = noun.split()[0] if noun.strip() else "target"
    if side == 0:
        if about == "change":
            return f"the interval includes {label}."
        return f"the interval includes {label}, so it is not yet clear whether the {short} is met."
    above = (side == 1) == higher
    where = f"the whole interval is {'above' if above else 'below'} {label}"
    if about == "change":
        return f"{where}."
    return f"{where}, so the {short} is {'met' if side == 1 else 'not met'}."


def too_few_text(n: int, min_n: int, whose: str = "") -> str:
    """Return "Only 7 answers, fewer than the 10 needed to judge.".

    ``whose`` names a sample other than the current one: "the baseline" gives "The baseline
    has only 6 answers, ...".
    """
    few = "no answers" if n == 0 else f"only {answers_text(n)}"
    text = f"{whose} has {few}" if whose else few
    return f"{text[0].upper()}{text[1:]}, fewer than the {min_n} needed to judge."


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
    """Return "a change of +12 percentage points (95% confidence interval +2 to +21)"."""
    limits = [signed_text(round(v, 3), quantity, unit=False) for v in (found.lo, found.hi)]
    what = "" if quantity is Quantity.PROPORTION else " in the average"
    return (
        f"a change of {signed_text(found.value, quantity)}{what} "
        f"({confidence_text(found)} {limits[0]} to {limits[1]})"
    )


def ratio_text(found: Estimate, reference: float | None = None) -> str:
    """Return a ratio to the baseline as a percentage change.

    Returns
    -------
    str
        "38% higher than the baseline (95% confidence interval 4% higher to 85% higher)";
        a decimal is added while a limit would look equal to ``reference`` (1.2 is "20%
        higher"), and an infinite limit is "no upper limit".
    """
    decimals = _ratio_decimals(found, reference)
    lo, hi = (_relative(v, decimals) for v in (found.lo, found.hi))
    interval = f"({confidence_text(found)} {lo} to {hi})"
    if math.isnan(found.value):
        return f"nothing to compare, with no events now or at baseline {interval}"
    if math.isinf(found.value):
        return f"higher than a baseline of zero {interval}"
    return f"{_relative(found.value, decimals, against=True)} the baseline {interval}"


def offset_text(found: Estimate, factor: float) -> str:
    """Return a mean's distance from a multiple of its baseline, for a relative target.

    Returns
    -------
    str
        "0.32 above 1.2 times the baseline average (95% confidence interval 0.31 below to
        0.94 above)".
    """
    lo, hi = (_offset(v) for v in (found.lo, found.hi))
    return (
        f"{_offset(found.value)} {factor:g} times the baseline average "
        f"({confidence_text(found)} {lo} to {hi})"
    )


def zero_baseline_text(interval: str, target: str, baseline: str, noun: str) -> str:
    """Return why a relative change on a baseline of 0 gets no verdict."""
    short = noun.split()[0] if noun.strip() else "target"
    return (
        f"{interval}: the {noun} asks for {target}, but the baseline is {baseline}, and any "
        f"percentage of zero is zero, so the {short} has no meaning as written and a lead must "
        "restate it."
    )


def sentence(text: str) -> str:
    """Return ``text`` with its first letter in capitals, to start a sentence."""
    return text[:1].upper() + text[1:]


def after_colon(text: str) -> str:
    """Return a sentence to follow "Status: ...", its first letter small unless an acronym."""
    if len(text) > 1 and text[1].islower():
        return text[:1].lower() + text[1:]
    return text


def _relative(ratio: float, decimals: int, *, against: bool = False) -> str:
    """A ratio as a change: 1.38 -> "38% higher", 0.45 -> "55% lower" (+ " than" if against)."""
    than = " than" if against else ""
    if not math.isfinite(ratio):
        return "no upper limit"
    percent = 100 * (ratio - 1)
    if round(percent, decimals) == 0:
        return "the same as" if against else "no change"
    shown = f"{abs(percent):.{decimals}f}%"
    return f"{shown} {'higher' if percent > 0 else 'lower'}{than}"


def _ratio_decimals(found: Estimate, reference: float | None) -> int:
    """Whole percentages, more while a limit would look equal to the reference ratio."""
    decimals = 0
    if reference is None:
        return decimals
    for _ in range(3):
        looks_equal = any(
            math.isfinite(limit)
            and limit != reference
            and round(100 * (limit - 1), decimals) == round(100 * (reference - 1), decimals)
            for limit in (found.lo, found.hi)
        )
        if not looks_equal:
            break
        decimals += 1
    return decimals


def _offset(value: float) -> str:
    """A signed distance in words: 0.32 -> "0.32 above", -0.31 -> "0.31 below"."""
    shown = format_value(abs(value), None)
    if shown == "0":
        return "exactly at"
    return f"{shown} {'above' if value > 0 else 'below'}"


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
