"""Verdicts: is a KPI's interval on the good side of its target, and has it moved from baseline?

The rules (DESIGN.md §6), at the interval's own level:

- ``met``: the whole interval is on the good side of the target (strictly: an interval that
  touches the target contains it); ``not_met``: the whole interval is on the bad side;
  ``inconclusive``: the interval contains the target; ``insufficient_data``: fewer than
  ``min_n`` answers. Counts entered by hand (complaints) are not answers, so ``min_n`` does
  not apply to them; their exact Poisson interval already widens when they are small.
- A change target on a fixed baseline (the PCF's "2/5", "44 (21/22)") is turned into a
  fixed threshold and compared with the interval. On a sampled baseline it is judged on a
  two-sample interval, never on point estimates: for proportions the ratio (Koopman 1984)
  or difference (Newcombe 1998) of counts rebuilt as x = round(p x n); for means the MOVER
  interval (Zou & Donner 2008) for mean1 - factor x mean0; for counts the Poisson rate ratio
  over equal periods.
- The change against a baseline is ``improved``, ``worsened`` or ``no_clear_change`` by the
  same whole-interval rule, with zero change as the reference.
"""

from __future__ import annotations

import numbers
from decimal import Decimal

from analysis._checks import (
    check_instance,
    check_member,
    check_real,
    check_text,
    check_whole,
    wrong_type,
)
from analysis.baselines import Baseline, BaselineKind, Quantity, format_value, parse_baseline
from analysis.estimate import Estimate
from analysis.estimates import difference, rate_ratio, ratio
from analysis.mover import mover_difference
from analysis.targets import Target, TargetKind
from analysis.verdict_text import (
    difference_text,
    interval_text,
    offset_text,
    point_text,
    ratio_text,
    sample_text,
    sentence,
    side_sentence,
    too_few_text,
    zero_baseline_text,
)
from analysis.verdict_types import Assessment, Change, Verdict

_METHOD_QUANTITIES = {
    "wilson": Quantity.PROPORTION,
    "clopper_pearson": Quantity.PROPORTION,
    "jeffreys": Quantity.PROPORTION,
    "t": Quantity.MEAN_RATING,
    "bca": Quantity.MEAN_RATING,
    "garwood": Quantity.COUNT,
}


__all__ = ["Assessment", "Change", "Verdict", "assess"]


def assess(
    estimate: Estimate,
    target: Target,
    *,
    baseline: Baseline | Estimate | float | str | None = None,
    min_n: int = 10,
    quantity: Quantity | None = None,
    noun: str = "target",
) -> Assessment:
    """Judge an estimate against its target, and against its baseline.

    Parameters
    ----------
    estimate : Estimate
        The current value with its interval (from :mod:`analysis.estimates`).
    target : Target
        From :func:`analysis.targets.parse_target`.
    baseline : Baseline, Estimate, float, str or None
        A fixed baseline (a :class:`Baseline`, the plan's text such as ``"2/5"``, or a
        number in the estimate's units), a
        sampled baseline (an :class:`Estimate` at the same level), or None. With None, a
        baseline stated in the target itself ("rise from 40% to 60%") is used.
    min_n : int, default 10
        The fewest answers for a verdict on a proportion or a mean.
    quantity : Quantity or None
        What the estimate measures; by default the target's, else the baseline's, else
        read from the estimate's method ("wilson" is a proportion, "t" a mean).
    noun : str, default "target"
        What the reason calls the target, e.g. "milestone due at 6 months (1 December 2022)".

    Returns
    -------
    Assessment
        The verdict and change with their reasons. Methods: the whole-interval rule above;
        two-sample intervals by Koopman (1984) ratio, Newcombe (1998) difference, the
        MOVER of Zou & Donner (2008) for means, and the score rate ratio for counts.

    Raises
    ------
    ValueError
        If ``min_n`` is below 1, a sampled baseline is at another confidence level, a fixed
        baseline measures something else (a count beside a proportion), or a proportion's
        value times n is not a whole number of answers.
    TypeError
        If an argument is of the wrong type, e.g. ``target`` is text rather than a
        :class:`Target` (also a ``ValueError``). The message says what to pass.

    References
    ----------
    Koopman PAR (1984). Confidence intervals for the ratio of two binomial proportions.
    Biometrics 40:513-517.
    Newcombe RG (1998). Interval estimation for the difference between independent
    proportions: comparison of eleven methods. Stat Med 17:873-890.
    Zou GY, Donner A (2008). Construction of confidence limits about effect measures: a
    general approach. Stat Med 27:1693-1702.
    """
    check_instance("estimate", estimate, Estimate, "an Estimate, e.g. analysis.proportion(x, n)")
    check_instance("target", target, Target, "a Target, e.g. analysis.parse_target('60%')")
    min_n = check_whole("min_n", min_n, minimum=1)
    check_text("noun", noun, "target")
    if quantity is not None:
        quantity = check_member(
            "quantity", quantity, Quantity, "a Quantity, e.g. 'proportion', or None"
        )
    if isinstance(baseline, str):
        baseline = parse_baseline(baseline)
    elif baseline is not None and not isinstance(baseline, Baseline | Estimate):
        if not isinstance(baseline, numbers.Real | Decimal) or isinstance(baseline, bool):
            raise wrong_type(
                "baseline", baseline, "a Baseline, an Estimate, a number, the plan's text or None"
            )
        baseline = check_real("baseline", baseline)
    q = quantity or target.quantity or _baseline_quantity(baseline) or _method_quantity(estimate)
    base = _as_baseline(baseline, target, q)
    if isinstance(base, Baseline) and None not in (base.quantity, q) and base.quantity is not q:
        raise ValueError(
            f"the estimate is a {q} but the baseline {base.describe()} is a {base.quantity}"
        )
    if isinstance(base, Estimate) and base.level != estimate.level:
        raise ValueError(
            f"the baseline's interval is at level {base.level}, the estimate's at {estimate.level}"
        )
    made = {"estimate": estimate, "target": target, "baseline": base, "quantity": q, "min_n": min_n}
    if q is not Quantity.COUNT and estimate.n < min_n:
        few = too_few_text(estimate.n, min_n)
        return Assessment(verdict=Verdict.INSUFFICIENT_DATA, reason=few, change_reason=few, **made)
    change, change_reason = _change(estimate, base, target, q, min_n)
    verdict, reason, threshold, comparison = _verdict(estimate, base, target, q, min_n, noun)
    return Assessment(
        verdict=verdict,
        reason=reason,
        change=change,
        change_reason=change_reason,
        threshold=threshold,
        comparison=comparison,
        **made,
    )


def _verdict(
    estimate: Estimate,
    base: Baseline | Estimate | None,
    target: Target,
    q: Quantity | None,
    min_n: int,
    noun: str,
) -> tuple[Verdict | None, str, float | None, Estimate | None]:
    """The verdict, its reason, the value compared with, and any two-sample interval."""
    higher = target.higher_is_better
    if target.kind is TargetKind.LEVEL:
        label = f"the {format_value(target.value, q, target.scale)} {noun}"
        return _against(estimate, target.value, higher, label, q, noun)
    if base is None or (isinstance(base, Baseline) and base.is_pending):
        text = f"{interval_text(estimate, q)}: the {noun} asks for {target.describe()}, "
        return None, sentence(text + "and the baseline is still to be measured."), None, None
    if isinstance(base, Baseline):
        value = base.value or 0.0
        if value == 0 and target.kind is TargetKind.RELATIVE_CHANGE:
            return None, _zero_reason(estimate, target, base.describe(), q, noun), None, None
        threshold = target.threshold(value)
        label = (
            f"the {format_value(threshold, q, target.scale)} {noun} "
            f"({target.describe()} of {base.describe()})"
        )
        return _against(estimate, threshold, higher, label, q, noun)
    return _two_sample_verdict(estimate, base, target, q, min_n, noun)


def _against(
    estimate: Estimate, threshold: float, higher: bool, label: str, q: Quantity | None, noun: str
) -> tuple[Verdict, str, float, None]:
    """Compare an interval with a fixed threshold."""
    side = _side(estimate.lo, estimate.hi, threshold, higher)
    rule = side_sentence(side, higher, label, noun=noun)
    text = sentence(f"{interval_text(estimate, q, threshold)} — {rule}")
    return _VERDICTS[side], text, threshold, None


def _two_sample_verdict(
    estimate: Estimate, base: Estimate, target: Target, q: Quantity | None, min_n: int, noun: str
) -> tuple[Verdict | None, str, float | None, Estimate | None]:
    """Judge a change target on a sampled baseline with a two-sample interval."""
    if q is not Quantity.COUNT and base.n < min_n:
        few = too_few_text(base.n, min_n, "the baseline")
        return Verdict.INSUFFICIENT_DATA, few, None, None
    if target.kind is TargetKind.RELATIVE_CHANGE and _is_zero(base, q):
        shown = point_text(base, q, target.scale)
        return None, _zero_reason(estimate, target, shown, q, noun), None, None
    comparison, reference, what, label = _comparison(estimate, base, target, q, noun)
    higher = target.higher_is_better
    side = _side(comparison.lo, comparison.hi, reference, higher)
    now = sample_text(estimate, q, target.scale)
    then = sample_text(base, q, target.scale)
    rule = side_sentence(side, higher, label, noun=noun)
    text = sentence(f"{now} now, against {then} at baseline: {what} — {rule}")
    return _VERDICTS[side], text, reference, comparison


def _comparison(
    estimate: Estimate, base: Estimate, target: Target, q: Quantity | None, noun: str
) -> tuple[Estimate, float, str, str]:
    """The two-sample interval for a change target, the value it must pass, and words for both."""
    level = estimate.level
    relative = target.kind is TargetKind.RELATIVE_CHANGE
    if relative and q in (Quantity.PROPORTION, Quantity.COUNT):
        if q is Quantity.PROPORTION:
            (x1, n1), (x0, n0) = _successes(estimate), _successes(base)
            found = ratio(x1, n1, x0, n0, level=level)
        else:
            found = rate_ratio(round(estimate.value), 1.0, round(base.value), 1.0, level=level)
        label = f"{target.describe()}, which the {noun} asks for"
        return found, target.value, ratio_text(found, target.value), label
    if q is None:
        raise ValueError("say what the estimate measures (quantity=...) to compare two samples")
    if q is Quantity.PROPORTION:
        (x1, n1), (x0, n0) = _successes(estimate), _successes(base)
        found = difference(x1, n1, x0, n0, level=level)
    elif relative:
        found = mover_difference(estimate, base, factor=target.value)
        label = f"{target.value:g} times the baseline average, which the {noun} asks for"
        return found, 0.0, offset_text(found, target.value), label
    else:
        found = mover_difference(estimate, base)
    label = f"{target.describe()}, which the {noun} asks for"
    return found, target.value, difference_text(found, q), label


def _change(
    estimate: Estimate,
    base: Baseline | Estimate | None,
    target: Target,
    q: Quantity | None,
    min_n: int,
) -> tuple[Change | None, str]:
    """The change against the baseline and its reason."""
    if base is None:
        return None, "There is no baseline to compare with."
    if isinstance(base, Baseline):
        if base.is_pending or base.value is None:
            return None, "The baseline is still to be measured."
        side = _side(estimate.lo, estimate.hi, base.value, target.higher_is_better)
        label = f"the baseline of {base.describe()}"
        return _CHANGES[side], f"{_CHANGE_WORDS[side]}: " + side_sentence(
            side, target.higher_is_better, label, about="change"
        )
    if q is not Quantity.COUNT and base.n < min_n:
        return None, too_few_text(base.n, min_n, "the baseline")
    if q is Quantity.PROPORTION:
        (x1, n1), (x0, n0) = _successes(estimate), _successes(base)
        found, reference = difference(x1, n1, x0, n0, level=estimate.level), 0.0
    elif q is Quantity.COUNT:
        ks = round(estimate.value), round(base.value)
        found, reference = rate_ratio(ks[0], 1.0, ks[1], 1.0, level=estimate.level), 1.0
    else:
        found, reference = mover_difference(estimate, base), 0.0
    side = _side(found.lo, found.hi, reference, target.higher_is_better)
    words = ratio_text(found) if q is Quantity.COUNT else difference_text(found, q)
    reference_text = "0% (no change)" if q is Quantity.COUNT else "zero (no change)"
    return _CHANGES[side], f"{_CHANGE_WORDS[side]}: {words} — " + side_sentence(
        side, target.higher_is_better, reference_text, about="change"
    )


def _as_baseline(
    baseline: Baseline | Estimate | float | None, target: Target, q: Quantity | None
) -> Baseline | Estimate | None:
    """A number becomes a fixed baseline; None falls back to a baseline stated in the target."""
    if baseline is None and target.stated_baseline is not None:
        baseline = target.stated_baseline
    if isinstance(baseline, bool):
        raise ValueError(f"baseline must be a number, Baseline or Estimate, got {baseline!r}")
    if isinstance(baseline, int | float):
        value = float(baseline)
        kind = BaselineKind.ZERO if value == 0 else BaselineKind.FIXED
        text = format_value(value, q, target.scale)
        return Baseline(kind, value, q, target.scale, text=text)
    return baseline


def _side(lo: float, hi: float, threshold: float, higher: bool) -> int:
    """+1 if the whole interval is on the good side, -1 if on the bad side, else 0."""
    if lo > threshold:
        return 1 if higher else -1
    if hi < threshold:
        return -1 if higher else 1
    return 0


_VERDICTS = {1: Verdict.MET, -1: Verdict.NOT_MET, 0: Verdict.INCONCLUSIVE}
_CHANGES = {1: Change.IMPROVED, -1: Change.WORSENED, 0: Change.NO_CLEAR_CHANGE}
_CHANGE_WORDS = {1: "Improved", -1: "Worsened", 0: "No clear change"}


def _zero_reason(
    estimate: Estimate, target: Target, base: str, q: Quantity | None, noun: str
) -> str:
    """Why a relative change on a baseline of 0 gets no verdict."""
    return sentence(zero_baseline_text(interval_text(estimate, q), target.describe(), base, noun))


def _successes(estimate: Estimate) -> tuple[int, int]:
    """The counts behind a proportion: x = round(p x n), checked to be whole."""
    exact = estimate.value * estimate.n
    x = round(exact)
    if abs(exact - x) > 1e-6 * max(1, estimate.n):
        raise ValueError(
            f"a proportion of {estimate.value!r} out of n = {estimate.n} is not a whole number "
            "of answers"
        )
    return x, estimate.n


def _is_zero(estimate: Estimate, q: Quantity | None) -> bool:
    return estimate.value == 0 and q in (Quantity.PROPORTION, Quantity.COUNT)


def _baseline_quantity(baseline: Baseline | Estimate | float | str | None) -> Quantity | None:
    return baseline.quantity if isinstance(baseline, Baseline) else None


def _method_quantity(estimate: Estimate) -> Quantity | None:
    return _METHOD_QUANTITIES.get(estimate.method.lower())
