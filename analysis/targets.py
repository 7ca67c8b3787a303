"""Targets as plans write them ("60%", "3/5", "20% increase", "+10pp"), read into typed values.

:func:`parse_target` refuses to guess. A wording with two sensible meanings raises
:class:`AmbiguousTarget` carrying the possible readings for a lead to choose from; an
activity ("Targets set.") raises :class:`NotAMeasure`; unreadable text raises ``ValueError``
quoting it. The rules, each with the row of a real plan that needs it:

- A bare percentage is a level: "60%" means the proportion reaches 60%.
- "N% increase"/"N% reduction" is a relative change (p1 >= (1 + N/100) x p0), except that
  plans also write it for "increase to N%". On a proportion baseline p0 below N% (or above,
  for a reduction) both readings are possible and it is flagged (Dudley 4.5: "60% increase"
  on 47%). "increase by N%" and "reduce by N%" say "by" and are always relative.
- A relative change from a baseline of 0 has no meaning. A bare "N% increase" on 0 raises
  :class:`RelativeToZero` (an :class:`AmbiguousTarget`) whose only reading is the level N%,
  for a lead to confirm (Dudley 4.1, 4.8); "increase by N%" or any reduction from 0 raises
  ``ValueError``.
- Percentage points ("+10pp", "increase by 10 percentage points") are absolute changes.
- "x/N" and "x out of N" are mean ratings on a 1-to-N scale; the scale is kept.
- A cell with several horizons ("20% 2 years 40% 5 years 90%") gives the first as the target
  and keeps the others as :class:`Horizon` data with their dates. A later bare amount
  continues the first one's wording: in "2% reduction (6% by March 2024)" the 6% is a
  6% reduction.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from analysis._checks import (
    check_list,
    check_member,
    check_real,
    check_text,
)
from analysis.baselines import (
    Baseline,
    BaselineKind,
    Quantity,
    check_baseline_argument,
    format_value,
)
from analysis.target_lexicon import BENCHMARK, RANGE, WORDED_AMOUNT
from analysis.target_phrases import Form, Phrase, Segment, Unit
from analysis.target_types import (
    AmbiguousTarget,
    BaselineMilestone,
    Direction,
    Horizon,
    NotAMeasure,
    NoTarget,
    RelativeToZero,
    Target,
    TargetKind,
)
from analysis.target_wording import normalise, read_cell

__all__ = [
    "AmbiguousTarget",
    "BaselineMilestone",
    "Direction",
    "Horizon",
    "NoTarget",
    "NotAMeasure",
    "RelativeToZero",
    "Target",
    "TargetKind",
    "parse_target",
]


_NO_TARGET = re.compile(r"^(?:n/?a|n\.a\.?|none|nil|-+|\?+|tbc|tbd|to\s+be\s+\w+\.?)$", re.I)
_BASELINE_WORDS = re.compile(r"\bbaselin", re.I)


@dataclass(frozen=True, slots=True)
class _Draft:
    """A target before the baseline is considered, with what its wording left open."""

    target: Target
    bare_change: bool  # "60% increase" (could mean "increase to 60%")
    direction_stated: bool
    percent: float | None  # the N of "N%", to form the level reading exactly


def parse_target(
    text: str,
    *,
    baseline: Baseline | str | None = None,
    milestone_levels: Sequence[float] = (),
    direction: Direction | None = None,
) -> Target:
    """Read a plan's target (or milestone) text into a :class:`Target`.

    Parameters
    ----------
    text : str
        The cell as printed, e.g. ``"60%"``, ``"3/5"``, ``"10% reduction"``, ``"+10pp"``,
        ``"at least 75%"``, ``"rise from 40% to 60%"``, ``"double"``, ``"maintain"``.
    baseline : Baseline or str or None
        The KPI's baseline: a :class:`Baseline` (``Baseline.proportion(0.28)``) or the
        plan's text (``"28%"``, read with :func:`parse_baseline`). It fills in what a change
        is measured in, and decides whether "N% increase" is ambiguous. A bare number is
        refused with a ``TypeError``: 0.28 could be a share, a rating or a count, and read
        wrongly it would hide exactly that ambiguity. A target read with a pending baseline
        should be read again once the baseline is measured.
    milestone_levels : sequence of float
        Proportions the plan sets as earlier milestones of the same measure (0.5 for
        "50%"); any real numbers, NumPy scalars and arrays included. A bare "N% increase"
        beside level milestones it continues may itself be a level (Dudley 4.12: "50%"
        then "75% increase"), so it is flagged.
    direction : Direction, {"higher", "lower"} or None
        The direction of the KPI as a whole (from its final target), for a level whose words
        do not say which side is good. A milestone may sit on the bad side of the baseline on
        the way to the target (Devon APP: absence 12.7%, milestone "13.3%", target "12.1%"),
        so this comes before the comparison with the baseline.

    Returns
    -------
    Target
        The first target in the text; later horizons are in ``later``. A level's direction
        comes from its words ("at most", "reduce to"), else from ``direction``, else from the
        baseline (a level below a fixed baseline means lower is better), else higher is
        better.

    Raises
    ------
    AmbiguousTarget
        If the text has more than one sensible meaning (``.readings`` lists them);
        :class:`RelativeToZero` for a bare "N% increase" on a baseline of 0.
    NotAMeasure
        If the text has no number to judge: an activity ("Targets set."),
        :class:`NoTarget` ("n/a", empty) or :class:`BaselineMilestone` ("Baseline
        established").
    ValueError
        If the text cannot be read, or asks for the impossible (over 100%, a reduction from
        0, a relative change on a baseline that would pass 100%). The message quotes it.
    TypeError
        If ``text`` is not a str, ``baseline`` is not a Baseline, str or None (a number
        included), ``milestone_levels`` is not a sequence of numbers or ``direction`` is not
        a Direction. The message says what to pass; it is also a ``ValueError``, so a
        caller that catches those still does.
    """
    check_text("text", text, "60%")
    baseline = check_baseline_argument(baseline)
    milestone_levels = [
        check_real("milestone_levels", level)
        for level in check_list("milestone_levels", milestone_levels, "a sequence of numbers")
    ]
    if direction is not None:
        direction = check_member(
            "direction", direction, Direction, "a Direction, 'higher', 'lower' or None"
        )
    norm = normalise(text)
    if not norm or _NO_TARGET.match(norm):
        raise NoTarget(text, "no target is given")
    if found := RANGE.search(norm):
        raise _range(text, found, baseline)
    cell = read_cell(text)
    if cell.primary is None or cell.primary.phrase is None:
        if _BASELINE_WORDS.search(norm):
            raise BaselineMilestone(text, "the service measures the baseline first", cell.fragments)
        if found := WORDED_AMOUNT.search(norm):
            raise ValueError(
                f"cannot read a target from {text!r}: it gives its amount in words "
                f"({found.group()!r}); write it in figures, e.g. 75% or 3/5"
            )
        if found := BENCHMARK.search(norm):
            raise ValueError(
                f"cannot read a target from {text!r}: it compares with {found.group()!r} but does "
                "not give its value; enter that value as the target, e.g. 62%"
            )
        if cell.fragments:
            raise ValueError(
                f"cannot read a target from {text!r}: {', '.join(cell.fragments)!s} is not "
                "a percentage, a rating (3/5) or a change (+10pp)"
            )
        raise NotAMeasure(text, "an activity or aim with no number to judge")
    primary = _draft(cell.primary.phrase, text)
    later = tuple(_horizon(segment, primary, baseline) for segment in cell.later)
    target = replace(
        primary.target,
        description=cell.description,
        when=cell.primary.when,
        later=later,
        fragments=cell.fragments,
    )
    if direction is not None and not primary.direction_stated:
        primary = replace(primary, direction_stated=True)
        target = replace(target, direction=direction)
    return _resolve(replace(primary, target=target), baseline, milestone_levels, text)


def _range(text: str, found: re.Match[str], baseline: Baseline | None) -> AmbiguousTarget:
    """A range ("60-70%") is two possible levels: a lead chooses which end is the target."""
    ends = re.findall(r"\d+(?:\.\d+)?", found.group())
    readings = [parse_target(f"{end}%", baseline=baseline) for end in ends]
    return AmbiguousTarget(text, readings, "it gives a range, not one target.")


def _draft(phrase: Phrase, text: str) -> _Draft:
    """Turn a phrase into a target before the baseline is considered; raise if impossible."""
    up = phrase.direction != -1
    direction = Direction.HIGHER_IS_BETTER if up else Direction.LOWER_IS_BETTER
    stated = phrase.direction is not None

    def made(kind: TargetKind, value: float, quantity: Quantity | None, **extra: object) -> Target:
        return Target(kind, value, direction, quantity, text=text, **extra)  # type: ignore[arg-type]

    if phrase.form is Form.MAINTAIN:
        return _Draft(made(TargetKind.MAINTAIN, 0.0, None), False, stated, None)
    if phrase.form is Form.LEVEL:
        return _Draft(_level(phrase, made, text), False, stated, None)
    if phrase.direction is None:
        raise ValueError(f"{text!r} does not say whether the value should rise or fall")
    sign = 1.0 if up else -1.0
    if phrase.unit is Unit.PERCENT:
        if not up and phrase.number > 100:
            raise ValueError(f"{text!r} asks for a reduction of more than 100%")
        target = made(TargetKind.RELATIVE_CHANGE, 1.0 + sign * phrase.number / 100, None)
        return _Draft(target, phrase.form is Form.BARE_CHANGE, True, phrase.number)
    if phrase.unit is Unit.FACTOR:
        return _Draft(made(TargetKind.RELATIVE_CHANGE, phrase.number, None), False, True, None)
    quantity = {
        Unit.PERCENTAGE_POINTS: Quantity.PROPORTION,
        Unit.RATING: Quantity.MEAN_RATING,
        Unit.COUNT: Quantity.COUNT,
    }.get(phrase.unit)
    size = phrase.number / 100 if phrase.unit is Unit.PERCENTAGE_POINTS else phrase.number
    target = made(TargetKind.ABSOLUTE_CHANGE, sign * size, quantity, scale=phrase.scale)
    return _Draft(target, False, True, None)


def _level(phrase: Phrase, made: Callable[..., Target], text: str) -> Target:
    """A level target from a phrase, checking the number can be a level."""
    stated = phrase.stated_from
    if phrase.unit is Unit.PERCENT:
        if phrase.number > 100:
            raise ValueError(f"{text!r} asks for a level over 100%")
        from_value = None if stated is None else stated / 100
        return made(
            TargetKind.LEVEL, phrase.number / 100, Quantity.PROPORTION, stated_baseline=from_value
        )
    if phrase.unit is Unit.RATING:
        return made(
            TargetKind.LEVEL,
            phrase.number,
            Quantity.MEAN_RATING,
            scale=phrase.scale,
            stated_baseline=stated,
        )
    if phrase.unit is Unit.COUNT:
        return made(TargetKind.LEVEL, phrase.number, Quantity.COUNT, stated_baseline=stated)
    raise ValueError(f"cannot read a level from {text!r}: points are a change, not a level")


def _horizon(segment: Segment, primary: _Draft, baseline: Baseline | None) -> Horizon:
    """A later horizon, resolved like the primary target; problems are kept, not raised."""
    if segment.phrase is None:
        return Horizon(segment.text, segment.when, problem="no number to judge")
    phrase = segment.phrase
    continues = primary.target.kind is not TargetKind.LEVEL and phrase.form is Form.LEVEL
    if continues and not phrase.explicit and phrase.unit is Unit.PERCENT and primary.percent:
        # "2% reduction (6% by March 2024)": the 6% is a 6% reduction too.
        up = primary.target.higher_is_better
        phrase = replace(phrase, form=Form.BARE_CHANGE, direction=1 if up else -1)
    try:
        draft = _draft(phrase, segment.text)
        return Horizon(segment.text, segment.when, _resolve(draft, baseline, (), segment.text))
    except AmbiguousTarget as ambiguous:
        return Horizon(segment.text, segment.when, None, ambiguous.readings, str(ambiguous))
    except ValueError as error:
        return Horizon(segment.text, segment.when, problem=str(error))


def _resolve(
    draft: _Draft, baseline: Baseline | None, milestone_levels: Sequence[float], text: str
) -> Target:
    """Settle what the baseline decides: quantity, direction, and whether it is ambiguous."""
    known = baseline if baseline is not None and not baseline.is_pending else None
    target = draft.target
    if known is not None and known.scale is not None and target.scale not in (None, known.scale):
        raise ValueError(
            f"{text!r} is on a 1-to-{target.scale} scale, the baseline on 1-to-{known.scale}"
        )
    if target.kind is TargetKind.LEVEL:
        # A level of 0 ("0 complaints") or below a fixed baseline can only mean lower is better.
        if not draft.direction_stated and (target.value == 0 or _below(target, known)):
            return replace(target, direction=Direction.LOWER_IS_BETTER)
        return target
    points = target.kind is TargetKind.ABSOLUTE_CHANGE and target.quantity is None
    if points and known is not None and known.quantity is Quantity.PROPORTION:
        target = replace(target, value=target.value / 100)  # points on a share: percentage points
    if target.quantity is None and known is not None and known.quantity is not None:
        target = replace(target, quantity=known.quantity, scale=known.scale)
    elif known is not None and known.quantity not in (None, target.quantity):
        raise ValueError(
            f"{text!r} is a change in a {target.quantity}, the baseline {known.describe()} "
            f"is a {known.quantity}"
        )
    if target.kind is TargetKind.ABSOLUTE_CHANGE and target.quantity is None:
        return _points(target, text)
    if target.kind is TargetKind.RELATIVE_CHANGE:
        return _relative(replace(draft, target=target), known, milestone_levels, text)
    if known is not None and known.quantity is Quantity.PROPORTION and known.value is not None:
        _check_reachable(target.threshold(known.value), text, known)
    return target


def _relative(
    draft: _Draft, known: Baseline | None, milestone_levels: Sequence[float], text: str
) -> Target:
    """A relative change checked against its baseline (Dudley 4.1, 4.5, 4.8, 4.12)."""
    target = draft.target
    level = _level_reading(draft)
    if known is not None and known.kind is BaselineKind.ZERO:
        only_level = level is not None and target.higher_is_better
        if not only_level or known.quantity not in (None, Quantity.PROPORTION):
            raise ValueError(
                f"{text!r} is a relative change from a baseline of 0: it has no meaning"
            )
        reason = (
            f"a {draft.percent:g}% increase on a baseline of 0 is still 0, so a relative change "
            f"has no meaning here; the only sensible reading is a level of {draft.percent:g}%, "
            "which a lead must confirm."
        )
        raise RelativeToZero(text, [level], reason)
    if known is not None and known.quantity is Quantity.PROPORTION and known.value is not None:
        p0 = known.value
        relative_ok = 0.0 <= target.threshold(p0) <= 1.0
        if level is not None and _moves_past(level.value, p0, target):
            readings = [level, target] if relative_ok else [level]
            shown = format_value(target.threshold(p0), Quantity.PROPORTION)
            reason = (
                f"on a baseline of {known.describe()}, {draft.percent:g}% could be the level "
                f"to reach, or the change ({shown})"
                + ("" if relative_ok else ", which is impossible as it passes 100%")
                + "."
            )
            raise AmbiguousTarget(text, readings, reason)
        _check_reachable(target.threshold(p0), text, known)
        return target
    if known is None and level is not None and milestone_levels:
        last = max(milestone_levels) if target.higher_is_better else min(milestone_levels)
        if level.value == last or _moves_past(level.value, last, target):
            shown = ", ".join(format_value(m, Quantity.PROPORTION) for m in milestone_levels)
            reason = (
                f"the milestones before it are levels ({shown}), so {draft.percent:g}% may be "
                "the level to reach rather than a change on the baseline."
            )
            raise AmbiguousTarget(text, [level, target], reason)
    return target


def _moves_past(level: float, reference: float, target: Target) -> bool:
    """True when ``level`` lies beyond ``reference`` in the target's good direction."""
    return level > reference if target.higher_is_better else level < reference


def _level_reading(draft: _Draft) -> Target | None:
    """The level a bare "N% increase" may mean, or None if the wording rules it out."""
    if not draft.bare_change or draft.percent is None or draft.percent > 100:
        return None
    target = draft.target
    return replace(
        target,
        kind=TargetKind.LEVEL,
        value=draft.percent / 100,
        quantity=Quantity.PROPORTION,
        scale=None,
    )


def _points(target: Target, text: str) -> Target:
    """ "2 points" with no baseline: percentage points or rating points, for a lead to choose."""
    as_pp = replace(target, value=target.value / 100, quantity=Quantity.PROPORTION)
    as_rating = replace(target, quantity=Quantity.MEAN_RATING, scale=5)
    raise AmbiguousTarget(
        text,
        [as_pp, as_rating],
        "'points' could be percentage points or points on a rating scale.",
    )


def _below(target: Target, known: Baseline | None) -> bool:
    """True when a level sits below a fixed baseline of the same quantity."""
    if known is None or known.value is None or known.quantity is not target.quantity:
        return False
    return target.value < known.value


def _check_reachable(threshold: float, text: str, known: Baseline) -> None:
    """Raise when a change on a proportion baseline would pass 0% or 100%."""
    if not 0.0 <= threshold <= 1.0:
        shown = format_value(threshold, Quantity.PROPORTION)
        raise ValueError(f"{text!r} on a baseline of {known.describe()} would need {shown}")
