"""Baselines as plans print them: "47%", "2/5", "44 (21/22)", "0", or "To be established".

A baseline is either a fixed value the plan gives (a proportion, a mean rating or a count,
with its period when printed), zero, or pending: the service has to measure it first in a
baseline period. :func:`parse_baseline` reads the plan's text and refuses to guess.
"""

from __future__ import annotations

import math
import numbers
import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from analysis._checks import (
    InputTypeError,
    check_member,
    check_real,
    check_text,
    check_whole,
    shown,
    wrong_type,
)
from analysis.target_wording import normalise


class Quantity(StrEnum):
    """What a KPI measures."""

    PROPORTION = "proportion"  # a share between 0 and 1, printed as a percentage
    MEAN_RATING = "mean_rating"  # the mean of ratings on a 1-to-``scale`` scale
    COUNT = "count"  # a number of events (complaints, tribunals), entered by hand


class BaselineKind(StrEnum):
    """Whether a baseline has a value yet."""

    FIXED = "fixed"  # a value given by the plan (or measured elsewhere, e.g. the PCF's survey)
    ZERO = "zero"  # a value of 0: no relative change from it has a meaning
    PENDING = "pending"  # no value yet: the service measures it in a baseline period


@dataclass(frozen=True, slots=True)
class Baseline:
    """A KPI's baseline.

    Attributes
    ----------
    kind : BaselineKind
        Fixed, zero or pending.
    value : float or None
        A proportion in [0, 1], a mean rating, or a count; 0.0 when zero; None when pending.
    quantity : Quantity or None
        What the value measures; None when pending, or for a bare "0" that could be a count
        or a share.
    scale : int or None
        The top of the rating scale (5 for "2/5"), for a mean rating.
    period : str or None
        The period printed with the value, as printed ("21/22").
    text : str
        The plan's text.
    notes : tuple of str
        Slips in the text the reader should know about (a missing closing bracket).
    """

    kind: BaselineKind
    value: float | None = None
    quantity: Quantity | None = None
    scale: int | None = None
    period: str | None = None
    text: str = ""
    notes: tuple[str, ...] = field(default=())

    @classmethod
    def proportion(cls, value: float, *, period: str | None = None) -> Baseline:
        """Return a fixed proportion baseline (``value`` in [0, 1], e.g. 0.28 for 28%).

        Raises
        ------
        ValueError
            If ``value`` is outside [0, 1] or not finite.
        TypeError
            If ``value`` is not a real number or ``period`` not a str or None.
        """
        value = _check_range("proportion", value, 0.0, 1.0)
        period = _check_period(period)
        kind = BaselineKind.ZERO if value == 0 else BaselineKind.FIXED
        return cls(kind, float(value), Quantity.PROPORTION, period=period, text=_pct(value))

    @classmethod
    def rating(cls, value: float, *, scale: int = 5, period: str | None = None) -> Baseline:
        """Return a fixed mean-rating baseline on a 1-to-``scale`` scale.

        Raises
        ------
        ValueError
            If ``value`` is outside [0, scale] or ``scale`` is not a whole number of at least 2.
        TypeError
            If an argument is of the wrong type.
        """
        scale = check_whole("scale", scale, minimum=2)
        value = _check_range("rating", value, 0.0, float(scale))
        period = _check_period(period)
        text = f"{value:g}/{scale}"
        return cls(BaselineKind.FIXED, float(value), Quantity.MEAN_RATING, scale, period, text)

    @classmethod
    def count(cls, value: float, *, period: str | None = None) -> Baseline:
        """Return a fixed count baseline (0 gives a zero baseline).

        Raises
        ------
        ValueError
            If ``value`` is negative or not finite.
        TypeError
            If an argument is of the wrong type.
        """
        value = _check_range("count", value, 0.0, math.inf)
        period = _check_period(period)
        kind = BaselineKind.ZERO if value == 0 else BaselineKind.FIXED
        return cls(kind, float(value), Quantity.COUNT, period=period, text=f"{value:g}")

    @classmethod
    def pending(cls, text: str = "") -> Baseline:
        """Return a baseline the service still has to measure (``text``: the plan's words)."""
        check_text("text", text, "To be established")
        return cls(BaselineKind.PENDING, text=text)

    @property
    def is_pending(self) -> bool:
        """True when there is no value yet."""
        return self.kind is BaselineKind.PENDING

    def describe(self) -> str:
        """Return the baseline in words a lead reads, e.g. ``"47%"`` or ``"44 (21/22)"``."""
        if self.is_pending or self.value is None:
            return "not yet measured"
        shown = format_value(self.value, self.quantity, self.scale)
        return f"{shown} ({self.period})" if self.period else shown


# Words that say the value does not exist yet; "baseline established" in a baseline cell
# gives no number, so the service still has to measure it.
_PENDING = re.compile(
    r"^(?:n/?a|n\.a\.?|none|nil|tbc|tbd|tba|unknown|pending|not\s+(?:yet\s+)?(?:known|available"
    r"|established|measured|collected|set)|new\s+measure|no\s+baseline|-+|\?+)$"
    r"|\bnew\s+(?:survey|measure|indicator|kpi)\b"
    r"|\bto\s+be\s+(?:established|confirmed|determined|agreed|set|developed|measured|collected"
    r"|defined|baselined)\b|\bbaselin\w*|\bsurvey\s+to\s+be\b|\bawaiting\b|\bnot\s+yet\b",
    re.I,
)
_VALUE = re.compile(
    r"^(?:baseline\s*[:=-]?\s*)?(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*"
    r"(?:(?P<pct>%|per\s*cent\b|percent\b)|(?:/|out\s+of\b)\s*(?P<scale>\d+)\b)?"
    r"(?P<rest>.*)$",
    re.I,
)
_PERIOD = re.compile(r"^\(\s*(?P<period>[^()]*?)\s*(?P<close>\))?\s*[.;]?\s*$")


def parse_baseline(text: str) -> Baseline:
    """Read a plan's baseline cell.

    Parameters
    ----------
    text : str
        The cell as printed: ``"47%"``, ``"2/5"``, ``"44 (21/22)"``, ``"55 (20/21"``,
        ``"2182"``, ``"0"``, ``"0%"``, ``"n/a"``, ``"To be established"``, ``"TBC"``...

    Returns
    -------
    Baseline
        A percentage gives a proportion, ``x/N`` (N from 3 to 10) a mean rating on a
        1-to-N scale, a whole number a count. A value of 0 gives a zero baseline; a bare
        "0" has no quantity, since it could be a count or a share. Empty text, "n/a" and
        words such as "to be established", "TBC" or "Baselining completed." give a pending
        baseline. A bracketed period after the value is kept as printed; a missing closing
        bracket is kept and noted.

    Raises
    ------
    ValueError
        If the text holds a number that is not a baseline (a bare decimal, a percentage over
        100, a rating above its scale, two values), or words that say nothing of one. The
        message quotes the text.
    TypeError
        If ``text`` is not a str (a number included: build ``Baseline.proportion(0.47)``,
        ``Baseline.rating`` or ``Baseline.count`` instead). It is also a ``ValueError``.
    """
    check_text("text", text, "47%")
    norm = normalise(text)
    if not norm or (not re.search(r"\d", norm) and _PENDING.search(norm)):
        return Baseline.pending(text)
    match = _VALUE.match(norm)
    if match is None and _PENDING.search(norm):
        note = f"{text!r} says the baseline is still to come; its numbers are not read as a value"
        return Baseline(BaselineKind.PENDING, text=text, notes=(note,))
    if match is None:
        raise ValueError(
            f"cannot read a baseline from {text!r}: give a value such as 47%, 2/5 or 44"
        )
    number = float(match.group("num").replace(",", ""))
    period, notes = _period(match.group("rest"), text)
    if match.group("pct"):
        if number > 100:
            raise ValueError(f"baseline {text!r} is over 100%")
        baseline = Baseline.proportion(number / 100, period=period)
    elif match.group("scale"):
        scale = int(match.group("scale"))
        if not 3 <= scale <= 10 or number > scale:
            raise ValueError(f"baseline {text!r} is not a rating on a 1-to-N scale")
        baseline = Baseline.rating(number, scale=scale, period=period)
    elif "." in match.group("num"):
        raise ValueError(
            f"baseline {text!r} is a bare decimal: write a percentage (47%), a rating (2/5) "
            "or a count"
        )
    elif number == 0:
        baseline = Baseline(BaselineKind.ZERO, 0.0, None, period=period)
    else:
        baseline = Baseline.count(number, period=period)
    return Baseline(
        baseline.kind,
        baseline.value,
        baseline.quantity,
        baseline.scale,
        baseline.period,
        text,
        notes,
    )


def _period(rest: str, text: str) -> tuple[str | None, tuple[str, ...]]:
    """The bracketed period after a value, and notes on slips; raise on anything else."""
    rest = rest.strip()
    if not rest or rest in {".", ";"}:
        return None, ()
    if found := _PERIOD.match(rest):
        notes = () if found.group("close") else (f"the period in {text!r} has no closing bracket",)
        return found.group("period") or None, notes
    if re.search(r"\d", rest):
        raise ValueError(f"cannot read one baseline value from {text!r}")
    return None, ()  # words after the value ("44 complaints") describe it


def _check_range(name: str, value: object, lo: float, hi: float) -> float:
    """Return ``value`` as a float, or raise unless it is a real number with lo <= value <= hi."""
    real = check_real("value", value)
    if not lo <= real <= hi:
        raise ValueError(f"a {name} baseline must be between {lo:g} and {hi:g}, got {shown(value)}")
    return real


def _check_period(period: object) -> str | None:
    """The period as printed ("21/22"), or None."""
    return None if period is None else check_text("period", period, "21/22")


def format_value(value: float, quantity: Quantity | None, scale: int | None = None) -> str:
    """Return a value as a lead reads it.

    Returns
    -------
    str
        A proportion as a percentage with one decimal (0.564 -> "56.4%"), or two when it
        has exactly two (0.0068 -> "0.68%"), a mean
        rating with at most two decimals and its scale ("3 out of 5"), a count or an
        unknown quantity with at most two decimals ("39.6").

    Raises
    ------
    TypeError
        If ``value`` is not a real number, ``quantity`` not a :class:`Quantity` (or its
        value, e.g. ``"proportion"``) or None, or ``scale`` not a whole number or None.
    """
    value = check_real("value", value, finite=False)
    if quantity is not None:
        quantity = check_member(
            "quantity", quantity, Quantity, "a Quantity, e.g. 'proportion', or None"
        )
    if scale is not None:
        scale = check_whole("scale", scale, minimum=1)
    if quantity is Quantity.PROPORTION:
        return _pct(value)
    shown = _number(value)
    if quantity is Quantity.MEAN_RATING and scale:
        return f"{shown} out of {scale}"
    return shown


def _pct(value: float) -> str:
    """A proportion as a percentage: 0.564 -> "56.4%", 0.56437 -> "56.4%", 0.0068 -> "0.68%".

    One decimal, or two when the value has exactly two (as plans print "0.68%" or "3.99%"),
    so a printed target is never shown rounded to a different number.
    """
    percent = 100 * value
    decimals = 2 if abs(percent - round(percent, 2)) < 1e-9 else 1
    return f"{_number(percent, decimals)}%"


def _number(value: float, decimals: int = 2) -> str:
    """``value`` rounded to ``decimals`` places without trailing zeros; "-0" shown as "0"."""
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def check_baseline_argument(baseline: object) -> Baseline | None:
    """Return a function's ``baseline`` argument as a :class:`Baseline` (text is read with
    :func:`parse_baseline`), or None; raise ``InputTypeError`` saying what to pass otherwise."""
    if baseline is None or isinstance(baseline, Baseline):
        return baseline
    if isinstance(baseline, str):
        return parse_baseline(baseline)
    if isinstance(baseline, numbers.Number | Decimal) and not isinstance(baseline, bool):
        raise InputTypeError(
            f"baseline must be a Baseline, the plan's text or None, not a bare number "
            f"({shown(baseline)}): it could be a share, a rating or a count. Pass "
            f"Baseline.proportion({shown(baseline)}) for a share, Baseline.rating(..., scale=5), "
            f"Baseline.count(...), or the text as printed, e.g. '28%'"
        )
    raise wrong_type("baseline", baseline, "a Baseline, the plan's text (e.g. '28%') or None")
