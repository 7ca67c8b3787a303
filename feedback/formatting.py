"""Every figure a person reads, in the page's language, with one precision rule; and the
template filters that apply it.

The rule (docs/decisions.md): counts are whole numbers with the language's grouping ("1,234");
shares are whole percentages ("47%"); means and other measured numbers have one decimal place
("3.4 out of 5"); agreement coefficients (Cohen's kappa) two ("0.47") and p- and q-values three
("0.004"), the places they are read to. The verdict sentences of ``analysis.verdict_text`` follow
the same rule and add decimals only where a limit would look equal to the target it differs
from; a plan's own targets and baselines are shown as the plan prints them. Babel writes the
digits, the separators and the percent sign the way the page's language does. Exports keep raw
numbers where they are data (a CSV's value column), and use these where they are words.
"""

from __future__ import annotations

import math
from typing import Protocol

from flask import Flask
from flask_babel import format_date, format_decimal, format_percent
from flask_babel import gettext as _
from markupsafe import Markup, escape

from analysis.baselines import Quantity

COUNT = "#,##0"
PERCENT = "#,##0%"
DECIMAL = "#,##0.0"
COEFFICIENT = "0.00"
P_VALUE = "0.000"
# GOV.UK style for dates ("24 December 2026"), written the way each language writes it.
LONG_DATE = "d MMMM y"


def count(value: int) -> str:
    """A count with the language's grouping: 1234 → "1,234" in English.

    Returns
    -------
    str
        The whole number as the page's language writes it.
    """
    return str(format_decimal(value, format=COUNT))


def percent(share: float) -> str:
    """A share as a whole percentage: 0.4666 → "47%".

    Returns
    -------
    str
        The percentage as the page's language writes it.
    """
    return str(format_percent(share, format=PERCENT))


def percent_range(low: float, high: float) -> str:
    """An interval of shares: (0.28, 0.55) → "28% to 55%".

    Returns
    -------
    str
        Both limits with :func:`percent`.
    """
    return _("%(low)s to %(high)s", low=percent(low), high=percent(high))


def decimal(value: float) -> str:
    """A mean or another measured number with one decimal place: 3.456 → "3.5".

    Returns
    -------
    str
        The number as the page's language writes it.
    """
    return _unsigned_zero(value, 0.05, DECIMAL)


def coefficient(value: float) -> str:
    """An agreement coefficient (Cohen's kappa) with two decimal places: 0.4666 → "0.47".

    Returns
    -------
    str
        The number as the page's language writes it.
    """
    return _unsigned_zero(value, 0.005, COEFFICIENT)


def _unsigned_zero(value: float, half_step: float, pattern: str) -> str:
    # A value that rounds to zero is written "0.0", never "-0.0".
    return str(format_decimal(0.0 if abs(value) < half_step else value, format=pattern))


def figure(value: float, quantity: Quantity | None, scale: int | None = None) -> str:
    """A KPI's value or limit by what it measures: "47%", "3.4 out of 5", "36", "2.5".

    Parameters
    ----------
    value : float
        The value.
    quantity : Quantity or None
        What the KPI measures; None when unknown.
    scale : int, optional
        The top of a rating scale, named after a mean rating ("out of 5").

    Returns
    -------
    str
        The value with :func:`percent`, :func:`decimal` or :func:`count`.
    """
    if not math.isfinite(value):
        return _("no limit")
    if quantity is Quantity.PROPORTION:
        return percent(value)
    if quantity is Quantity.MEAN_RATING:
        shown = decimal(value)
        return _("%(value)s out of %(scale)s", value=shown, scale=scale) if scale else shown
    return count(int(value)) if float(value).is_integer() else decimal(value)


def p_value(value: float) -> str:
    """A p- or q-value with three decimal places: 0.0412 → "0.041".

    Returns
    -------
    str
        The value as the page's language writes it.
    """
    return str(format_decimal(value, format=P_VALUE))


def long_date(value: object) -> str:
    """A date as GOV.UK writes it ("24 December 2026"), in the page's language.

    Returns
    -------
    str
        e.g. "24 Rhagfyr 2026" in Welsh, "24 دسمبر 2026" in Urdu.
    """
    return str(format_date(value, LONG_DATE))


class Shown(Protocol):
    """A count that may be hidden to protect small numbers (``analysis.PublishedCell``)."""

    text: str
    value: int | None


def published(cell: Shown) -> str:
    """A protected count: the count with :func:`count` when shown, else why it is hidden.

    Returns
    -------
    str
        "1,234", or "fewer than 5" / "not shown".
    """
    return cell.text if cell.value is None else count(cell.value)


def line_breaks(text: str | None) -> Markup:
    """Text a person typed, escaped, with each line break kept as ``<br>``.

    Returns
    -------
    Markup
        Safe HTML: the text is escaped before the breaks are added.
    """
    if not text:
        return Markup("")
    lines = str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    # No newline beside the <br>: a box styled ``white-space: pre-line`` would break twice.
    return Markup("<br>").join(escape(line) for line in lines)


FILTERS = {
    "count": count,
    # The older name of ``count``, kept for templates written before.
    "number": count,
    "published": published,
    "percent": percent,
    "decimal": decimal,
    "coefficient": coefficient,
    "p_value": p_value,
    "long_date": long_date,
    "line_breaks": line_breaks,
}


def register_filters(app: Flask) -> None:
    """Add every figure filter to the app's templates.

    ``{{ n | count }}``, ``{{ share | percent }}``, ``{{ mean | decimal }}``,
    ``{{ kappa | coefficient }}``,
    ``{{ q | p_value }}``, ``{{ cell | published }}``, ``{{ day | long_date }}`` and
    ``{{ comment | line_breaks }}``, with ``percent_range(low, high)`` as a global.
    """
    for name, function in FILTERS.items():
        app.add_template_filter(function, name)
    app.add_template_global(percent_range, "percent_range")
