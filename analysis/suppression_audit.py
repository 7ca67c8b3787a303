"""The engine behind :mod:`analysis.suppression`: which cells to hide, audited by linear
programming.

Cells are numbered; a *line* is a set of cells that add up to a total cell, and an *order* says
one cell can be no larger than another (answered ≤ opened, say), as a reader would assume. Small
counts are hidden, then complements, until no hidden small count is pinned down by the lines and
orders together (Federal Committee on Statistical Methodology 1994; Hundepool et al. 2012).
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

import numpy as np
from scipy.optimize import linprog

from analysis._checks import check_list, check_whole, shown, wrong_type

#: What every cell of a withheld table shows.
WITHHELD_TEXT = "not published"
#: What a complementary (secondary) suppressed cell shows.
COMPLEMENTARY_TEXT = "not shown"


class SuppressionReason(StrEnum):
    """Why a cell is hidden."""

    SMALL_COUNT = "small_count"
    COMPLEMENTARY = "complementary"
    WITHHELD = "withheld"

    @property
    def description(self) -> str:
        """Return the reason in plain English, for a table's footnote."""
        if self is SuppressionReason.SMALL_COUNT:
            return "the count is too small to publish"
        if self is SuppressionReason.WITHHELD:
            return "the whole table is withheld: any cell shown would reveal a small count"
        return "hidden so that a small count cannot be worked out from the totals"


@dataclass(frozen=True, slots=True)
class PublishedCell:
    """One cell of a published table.

    Attributes
    ----------
    text : str
        What to display: the count, "fewer than 5", or "not shown".
    value : int or None
        The count when it is shown; None when it is hidden, so a hidden count never reaches a
        page or an export.
    reason : SuppressionReason or None
        Why the cell is hidden, or None when it is shown.
    """

    text: str
    value: int | None
    reason: SuppressionReason | None

    @property
    def suppressed(self) -> bool:
        """Return whether the cell is hidden."""
        return self.reason is not None


# A line of a table: the cells that add up, and the cell holding their total.
Line = tuple[tuple[int, ...], int]
# An order: the first cell's count is at most the second's (e.g. answered at most invited).
Order = tuple[int, int]
Hidden = dict[int, SuppressionReason]


def validated(counts: Sequence[int], threshold: int) -> list[int]:
    """The counts as ints, or raise: each must be a whole number of at least 0, the
    threshold a whole number of at least 1."""
    check_whole("threshold", threshold, minimum=1)
    values = []
    for count in check_list("counts", counts, "a sequence of whole numbers, e.g. [3, 10, 12]"):
        if isinstance(count, bool | np.bool_) or not isinstance(count, numbers.Number | Decimal):
            raise wrong_type("counts", count, "whole numbers of at least 0")
        try:
            whole = check_whole("counts", count, minimum=0)
        except ValueError:
            raise ValueError(
                f"counts must be whole numbers of at least 0, got {shown(count)}"
            ) from None
        values.append(whole)
    return values


def protect(
    values: list[int], lines: list[Line], threshold: int, orders: Sequence[Order] = ()
) -> tuple[PublishedCell, ...]:
    """Return every cell as published: small counts hidden, then complements until the audit
    finds no small count pinned down by ``lines`` and ``orders``, or the table withheld."""
    hidden: Hidden = {
        i: SuppressionReason.SMALL_COUNT for i, v in enumerate(values) if 0 < v < threshold
    }
    while True:
        _hide_lone_cells(values, lines, hidden)
        pinned = _pinned_small_counts(values, lines, orders, hidden, threshold)
        if not pinned:
            break
        extra = _complement(values, lines, hidden, around=pinned[0], orders=orders)
        if extra is None:
            # Every non-zero cell is hidden and a small count can still be worked out (e.g. four
            # 1s with a total of 4): withhold the whole table, zeros included.
            return tuple(_render(value, SuppressionReason.WITHHELD, threshold) for value in values)
        hidden[extra] = SuppressionReason.COMPLEMENTARY
    return tuple(_render(value, hidden.get(i), threshold) for i, value in enumerate(values))


def _members(line: Line) -> tuple[int, ...]:
    return (*line[0], line[1])


def _hide_lone_cells(values: list[int], lines: list[Line], hidden: Hidden) -> None:
    """Hide a complement in every line (members and total) with exactly one hidden cell."""
    changed = True
    while changed:
        changed = False
        for line in lines:
            lone = [i for i in _members(line) if i in hidden]
            if len(lone) == 1:
                extra = _complement(values, lines, hidden, around=lone[0], within=line)
                if extra is not None:
                    hidden[extra] = SuppressionReason.COMPLEMENTARY
                    changed = True


def _complement(
    values: list[int],
    lines: list[Line],
    hidden: Hidden,
    *,
    around: int,
    within: Line | None = None,
    orders: Sequence[Order] = (),
) -> int | None:
    """Pick the next smallest shown non-zero cell sharing a line with ``around``, or bounding
    a hidden cell of those lines through an order (the shown count that caps a hidden one).

    Hiding a 0 protects nothing (the hidden cells would still add up to the small count), so
    zeros are never chosen. Among equal counts, prefer a cell whose other line already has a
    hidden cell, which avoids starting a new chain of suppressions.
    """
    touching = [within] if within is not None else [ln for ln in lines if around in _members(ln)]
    near = {i for line in touching for i in _members(line)} | {around}
    if within is None:
        near |= {a if b in near else b for a, b in orders if (a in near) != (b in near)}
    candidates = {i for i in near if i not in hidden and values[i]}
    if not candidates:
        candidates = {i for i, v in enumerate(values) if i not in hidden and v}
    if not candidates:
        return None

    def lines_without_hidden(cell: int) -> int:
        return sum(
            1
            for line in lines
            if cell in _members(line) and not any(i in hidden for i in _members(line))
        )

    return min(candidates, key=lambda i: (values[i], lines_without_hidden(i), i))


def _pinned_small_counts(
    values: list[int],
    lines: list[Line],
    orders: Sequence[Order],
    hidden: Hidden,
    threshold: int,
) -> list[int]:
    """Return the hidden small counts whose value a reader could work out exactly.

    A reader sees every shown count and knows a "fewer than" cell holds 1 to threshold - 1, a
    "not shown" cell at least threshold (zeros are never hidden as complements), and every
    order. The smallest and largest value of each hidden small count consistent with all of it
    are found by linear programming; the constraints are totally unimodular, so both are whole
    numbers and equal only when the count is pinned.
    """
    unknown = sorted(hidden)
    if not unknown:
        return []
    column = {cell: k for k, cell in enumerate(unknown)}
    equations, targets = _linear(values, column, [(m, t) for m, t in lines])
    below, limits = _linear(values, column, [((a,), b) for a, b in orders])
    bounds = [
        (1, threshold - 1) if hidden[cell] is SuppressionReason.SMALL_COUNT else (threshold, None)
        for cell in unknown
    ]
    problem = {
        "A_eq": equations or None,
        "b_eq": targets or None,
        "A_ub": below or None,
        "b_ub": limits or None,
        "bounds": bounds,
    }
    pinned = []
    for cell in unknown:
        if hidden[cell] is not SuppressionReason.SMALL_COUNT:
            continue
        objective = np.zeros(len(unknown))
        objective[column[cell]] = 1
        low = linprog(objective, **problem)
        high = linprog(-objective, **problem)
        # A solver failure is treated as pinned, so the table errs towards hiding more.
        if not (low.success and high.success) or round(low.fun) == round(-high.fun):
            pinned.append(cell)
    return pinned


def _linear(
    values: list[int], column: dict[int, int], sums: Sequence[Line]
) -> tuple[list[np.ndarray], list[float]]:
    """Return rows ``sum(members) - total`` in the unknowns, and what they must equal (for
    lines) or stay below (for orders, as ``member - bound``), with the shown counts moved over."""
    rows, targets = [], []
    for members, total in sums:
        row = np.zeros(len(column))
        known = 0
        for cell, sign in [*((m, 1) for m in members), (total, -1)]:
            if cell in column:
                row[column[cell]] += sign
            else:
                known += sign * values[cell]
        if row.any():
            rows.append(row)
            targets.append(-known)
    return rows, targets


def _render(value: int, reason: SuppressionReason | None, threshold: int) -> PublishedCell:
    if reason is SuppressionReason.SMALL_COUNT:
        return PublishedCell(text=f"fewer than {threshold}", value=None, reason=reason)
    if reason is SuppressionReason.COMPLEMENTARY:
        return PublishedCell(text=COMPLEMENTARY_TEXT, value=None, reason=reason)
    if reason is SuppressionReason.WITHHELD:
        return PublishedCell(text=WITHHELD_TEXT, value=None, reason=reason)
    return PublishedCell(text=str(value), value=value, reason=None)
