"""Small-number suppression for published tables (the minimum-n rule is in :mod:`analysis.min_n`).

Counts from 1 to ``threshold - 1`` are shown as "fewer than 5" (primary suppression). A hidden
count must not be recoverable from the totals, so further cells are hidden (secondary, or
complementary, suppression) until no hidden count can be worked out from what is shown. The
method is cell suppression with an audit by linear programming, as described by the Federal
Committee on Statistical Methodology (1994), *Report on Statistical Disclosure Limitation
Methodology*, Statistical Policy Working Paper 22, and Hundepool et al. (2012), *Statistical
Disclosure Control*, Wiley.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from scipy.optimize import linprog

#: Counts from 1 up to one less than this are hidden.
DEFAULT_THRESHOLD = 5
#: What every cell of a withheld table shows.
WITHHELD_TEXT = "not published"
#: What a complementary (secondary) suppressed cell shows.
COMPLEMENTARY_TEXT = "not shown"

_METHOD = "primary suppression of counts 1 to {last}; complementary suppression audited by LP"


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


@dataclass(frozen=True, slots=True)
class PublishedCounts:
    """A one-way table of counts with its total, ready to publish.

    Attributes
    ----------
    cells : tuple of PublishedCell
        The counts, in the order given.
    total : PublishedCell
        Their total.
    threshold : int
        Counts from 1 to ``threshold - 1`` were hidden.
    method : str
        How the table was protected.
    """

    cells: tuple[PublishedCell, ...]
    total: PublishedCell
    threshold: int
    method: str


@dataclass(frozen=True, slots=True)
class PublishedTable:
    """A two-way table of counts with row, column and grand totals, ready to publish.

    Attributes
    ----------
    cells : tuple of tuple of PublishedCell
        The counts, row by row.
    row_totals, column_totals : tuple of PublishedCell
        The margins.
    grand_total : PublishedCell
        The total of the whole table.
    threshold : int
        Counts from 1 to ``threshold - 1`` were hidden.
    method : str
        How the table was protected.
    """

    cells: tuple[tuple[PublishedCell, ...], ...]
    row_totals: tuple[PublishedCell, ...]
    column_totals: tuple[PublishedCell, ...]
    grand_total: PublishedCell
    threshold: int
    method: str


def suppress_counts(
    counts: Sequence[int], *, threshold: int = DEFAULT_THRESHOLD
) -> PublishedCounts:
    """Protect a one-way table of counts (e.g. answers by option) and its total.

    Parameters
    ----------
    counts : sequence of int
        The counts, each a whole number of at least 0.
    threshold : int, default 5
        Counts from 1 to ``threshold - 1`` are shown as "fewer than {threshold}"; 0 is shown.

    Returns
    -------
    PublishedCounts
        Every cell with its displayed text, and the total. When exactly one count is hidden the
        next smallest non-zero count (or, failing that, the total) is hidden too, and so on until
        no hidden count can be worked out from the rest (Hundepool et al., 2012).

    Raises
    ------
    ValueError
        If a count is negative or not whole, or the threshold is below 1.
    """
    return suppress_linked_counts([counts], threshold=threshold)[0]


def suppress_linked_counts(
    tables: Sequence[Sequence[int]], *, threshold: int = DEFAULT_THRESHOLD
) -> tuple[PublishedCounts, ...]:
    """Protect one-way tables that break the same total down in different ways (invitations by
    stage, by channel, by month…), as they are published side by side.

    Parameters
    ----------
    tables : sequence of sequence of int
        Each table's counts; every table must add up to the same total.
    threshold : int, default 5
        Counts from 1 to ``threshold - 1`` are hidden.

    Returns
    -------
    tuple of PublishedCounts
        One per table, in order. The shared total is one cell, hidden in every table or in none,
        and the LP audit (Hundepool et al., 2012) covers all tables at once: a total shown by one
        table cannot pin down the small counts of another (linked tables, FCSM 1994, ch. 4).

    Raises
    ------
    ValueError
        If there is no table, the tables' totals differ, a count is negative or not whole, or
        the threshold is below 1.
    """
    checked = [_validated(counts, threshold) for counts in tables]
    if not checked or len({sum(values) for values in checked}) != 1:
        raise ValueError("linked tables must be at least one, all with the same total")
    values = [value for table in checked for value in table]
    total_id = len(values)
    lines, first = [], 0
    for table in checked:
        lines.append((tuple(range(first, first + len(table))), total_id))
        first += len(table)
    shown = _protect([*values, sum(checked[0])], lines, threshold)
    method = _METHOD.format(last=threshold - 1)
    return tuple(
        PublishedCounts(
            cells=shown[ids[0] : ids[-1] + 1] if ids else (),
            total=shown[total_id],
            threshold=threshold,
            method=method,
        )
        for ids, _total in lines
    )


def suppress_table(
    rows: Sequence[Sequence[int]], *, threshold: int = DEFAULT_THRESHOLD
) -> PublishedTable:
    """Protect a two-way table of counts (e.g. themes by stage) with all its margins.

    Parameters
    ----------
    rows : sequence of sequence of int
        The counts row by row; every row the same length.
    threshold : int, default 5
        Counts from 1 to ``threshold - 1`` (in the body or the margins) are hidden.

    Returns
    -------
    PublishedTable
        Every cell and margin with its displayed text. Complementary cells are chosen as the
        next smallest non-zero count in the same row or column, then the table is audited: each
        hidden small count's smallest and largest possible values given everything shown are
        found by linear programming, and more cells are hidden until none is pinned down
        (Hundepool et al., 2012).

    Raises
    ------
    ValueError
        If the table is empty or ragged, a count is negative or not whole, or the threshold is
        below 1.
    """
    if not rows or not rows[0] or any(len(row) != len(rows[0]) for row in rows):
        raise ValueError("the table needs at least one row, and every row the same length")
    n_rows, n_cols = len(rows), len(rows[0])
    body = _validated([count for row in rows for count in row], threshold)
    grid = np.array(body, dtype=np.int64).reshape(n_rows, n_cols)
    row_total_id = n_rows * n_cols
    col_total_id = row_total_id + n_rows
    grand_id = col_total_id + n_cols
    values = [*body, *grid.sum(axis=1).tolist(), *grid.sum(axis=0).tolist(), int(grid.sum())]
    lines = [
        (tuple(i * n_cols + j for j in range(n_cols)), row_total_id + i) for i in range(n_rows)
    ]
    lines += [
        (tuple(i * n_cols + j for i in range(n_rows)), col_total_id + j) for j in range(n_cols)
    ]
    lines.append((tuple(row_total_id + i for i in range(n_rows)), grand_id))
    lines.append((tuple(col_total_id + j for j in range(n_cols)), grand_id))
    shown = _protect(values, lines, threshold)
    return PublishedTable(
        cells=tuple(tuple(shown[i * n_cols + j] for j in range(n_cols)) for i in range(n_rows)),
        row_totals=shown[row_total_id:col_total_id],
        column_totals=shown[col_total_id:grand_id],
        grand_total=shown[grand_id],
        threshold=threshold,
        method=_METHOD.format(last=threshold - 1),
    )


# A line of a table: the cells that add up, and the cell holding their total.
Line = tuple[tuple[int, ...], int]
Hidden = dict[int, SuppressionReason]


def _validated(counts: Sequence[int], threshold: int) -> list[int]:
    if threshold < 1:
        raise ValueError(f"threshold must be at least 1, got {threshold}")
    values = []
    for count in counts:
        if count < 0 or count != int(count):
            raise ValueError(f"counts must be whole numbers of at least 0, got {count}")
        values.append(int(count))
    return values


def _protect(values: list[int], lines: list[Line], threshold: int) -> tuple[PublishedCell, ...]:
    """Choose the hidden cells and render every cell."""
    hidden: Hidden = {
        i: SuppressionReason.SMALL_COUNT for i, v in enumerate(values) if 0 < v < threshold
    }
    while True:
        _hide_lone_cells(values, lines, hidden)
        pinned = _pinned_small_counts(values, lines, hidden, threshold)
        if not pinned:
            break
        extra = _complement(values, lines, hidden, around=pinned[0])
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
) -> int | None:
    """Pick the next smallest shown non-zero cell sharing a line with ``around``.

    Hiding a 0 protects nothing (the hidden cells would still add up to the small count), so
    zeros are never chosen. Among equal counts, prefer a cell whose other line already has a
    hidden cell, which avoids starting a new chain of suppressions.
    """
    touching = [within] if within is not None else [ln for ln in lines if around in _members(ln)]
    candidates = {i for line in touching for i in _members(line) if i not in hidden and values[i]}
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
    values: list[int], lines: list[Line], hidden: Hidden, threshold: int
) -> list[int]:
    """Return the hidden small counts whose value a reader could work out exactly.

    A reader sees every shown count and knows a "fewer than" cell holds 1 to threshold - 1 and
    a "not shown" cell holds at least threshold (zeros are never hidden as complements). The
    smallest and largest value of each hidden small count consistent with the totals are found
    by linear programming; the table constraints are totally unimodular, so both are whole
    numbers and equal only when the count is pinned down.
    """
    unknown = sorted(hidden)
    if not unknown:
        return []
    column = {cell: k for k, cell in enumerate(unknown)}
    equations, targets = [], []
    for members, total in lines:
        row = np.zeros(len(unknown))
        known = 0
        for cell, sign in [*((m, 1) for m in members), (total, -1)]:
            if cell in column:
                row[column[cell]] += sign
            else:
                known += sign * values[cell]
        if row.any():
            equations.append(row)
            targets.append(-known)
    bounds = [
        (1, threshold - 1) if hidden[cell] is SuppressionReason.SMALL_COUNT else (threshold, None)
        for cell in unknown
    ]
    pinned = []
    for cell in unknown:
        if hidden[cell] is not SuppressionReason.SMALL_COUNT:
            continue
        objective = np.zeros(len(unknown))
        objective[column[cell]] = 1
        low = linprog(objective, A_eq=equations or None, b_eq=targets or None, bounds=bounds)
        high = linprog(-objective, A_eq=equations or None, b_eq=targets or None, bounds=bounds)
        # A solver failure is treated as pinned, so the table errs towards hiding more.
        if not (low.success and high.success) or round(low.fun) == round(-high.fun):
            pinned.append(cell)
    return pinned


def _render(value: int, reason: SuppressionReason | None, threshold: int) -> PublishedCell:
    if reason is SuppressionReason.SMALL_COUNT:
        return PublishedCell(text=f"fewer than {threshold}", value=None, reason=reason)
    if reason is SuppressionReason.COMPLEMENTARY:
        return PublishedCell(text=COMPLEMENTARY_TEXT, value=None, reason=reason)
    if reason is SuppressionReason.WITHHELD:
        return PublishedCell(text=WITHHELD_TEXT, value=None, reason=reason)
    return PublishedCell(text=str(value), value=value, reason=None)
