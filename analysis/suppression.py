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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from analysis._checks import check_hashable, check_list, check_mapping, wrong_type
from analysis.suppression_audit import (
    COMPLEMENTARY_TEXT,
    WITHHELD_TEXT,
    Line,
    Order,
    PublishedCell,
    SuppressionReason,
    protect,
    validated,
)

__all__ = [
    "COMPLEMENTARY_TEXT",
    "DEFAULT_THRESHOLD",
    "WITHHELD_TEXT",
    "PublishedCell",
    "PublishedCounts",
    "PublishedTable",
    "SuppressionReason",
    "suppress_breakdowns",
    "suppress_counts",
    "suppress_linked_counts",
    "suppress_table",
]

#: Counts from 1 up to one less than this are hidden.
DEFAULT_THRESHOLD = 5

_METHOD = "primary suppression of counts 1 to {last}; complementary suppression audited by LP"


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
    TypeError
        If ``counts`` is not a sequence of numbers (also a ``ValueError``).
    """
    return suppress_linked_counts([counts], threshold=threshold)[0]


def suppress_linked_counts(
    tables: Sequence[Sequence[int]], *, threshold: int = DEFAULT_THRESHOLD
) -> tuple[PublishedCounts, ...]:
    """Protect one-way tables that break the same total down in different ways (answers by
    stage, by month…), as they are published side by side.

    Returns
    -------
    tuple of PublishedCounts
        One per table, in order: :func:`suppress_breakdowns` with one measure.

    Raises
    ------
    ValueError
        As :func:`suppress_breakdowns`.
    TypeError
        If ``tables`` is not a sequence of sequences of numbers (also a ``ValueError``).
    """
    tables = check_list("tables", tables, "a sequence of tables of counts, e.g. [[3, 10], [6, 7]]")
    return suppress_breakdowns({"count": tables}, threshold=threshold)["count"]


def suppress_breakdowns(
    measures: Mapping[str, Sequence[Sequence[int]]],
    *,
    nested: Sequence[tuple[str, str]] = (),
    threshold: int = DEFAULT_THRESHOLD,
) -> dict[str, tuple[PublishedCounts, ...]]:
    """Protect several measures (invited, opened, answered…) of one population, each broken
    down the same ways (by stage, by month…) and published side by side.

    Parameters
    ----------
    measures : mapping of str to sequence of sequence of int
        For each measure, its tables of counts; every measure has tables of the same shapes, and
        all of one measure's tables add up to the same total.
    nested : sequence of (str, str)
        Pairs ``(part, whole)`` of measures where a reader would take each count of ``part`` to
        be at most the matching count of ``whole`` (answered ≤ opened). A pair is used wherever
        the counts bear it out, since a reader can reason with it.
    threshold : int, default 5
        Counts from 1 to ``threshold - 1`` are hidden.

    Returns
    -------
    dict of str to tuple of PublishedCounts
        For each measure, one published table per table given. Each measure's shared total is
        one cell, hidden in all its tables or in none, and one LP audit covers every table of
        every measure with the orders (linked tables, FCSM 1994, ch. 4; Hundepool et al.
        2012), so neither a total printed by one table nor a shown count of a wider measure can
        pin down a small count.

    Raises
    ------
    ValueError
        If there is no measure or table, tables differ in shape between measures, a measure's
        tables have different totals, a pair names an unknown measure, a count is negative or
        not whole, or the threshold is below 1.
    TypeError
        If ``measures`` is not a mapping of names to tables of counts, or ``nested`` not a
        sequence of pairs of names (also a ``ValueError``).
    """
    wants = "a mapping of measure names to tables of counts, e.g. {'answered': [[3, 10]]}"
    checked = {
        name: [
            validated(counts, threshold)
            for counts in check_list(f"measures[{name!r}]", tables, "a sequence of tables")
        ]
        for name, tables in check_mapping("measures", measures, wants).items()
    }
    pairs = check_list("nested", nested, "a sequence of (part, whole) pairs of measure names")
    for pair in pairs:
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            raise wrong_type("nested", pair, "pairs (part, whole) of measure names")
        for name in pair:
            check_hashable("a measure in nested", name, "a measure's name")
    nested = [(pair[0], pair[1]) for pair in pairs]
    shapes = {tuple(len(table) for table in tables) for tables in checked.values()}
    if not checked or len(shapes) != 1 or not next(iter(shapes)):
        raise ValueError("give at least one measure, each with tables of the same shapes")
    if any(len({sum(table) for table in tables}) != 1 for tables in checked.values()):
        raise ValueError("each measure's tables must all have the same total")
    if any(name not in checked for pair in nested for name in pair):
        raise ValueError(f"nested measures must be among {sorted(checked)}")
    values: list[int] = []
    lines: list[Line] = []
    cell_ids: dict[str, list[tuple[int, ...]]] = {}  # per measure, each table's cells
    total_id: dict[str, int] = {}  # per measure, its one total cell
    for name, tables in checked.items():
        cell_ids[name] = []
        for table in tables:
            cell_ids[name].append(tuple(range(len(values), len(values) + len(table))))
            values += table
        total_id[name] = len(values)
        values.append(sum(tables[0]))
        lines += [(members, total_id[name]) for members in cell_ids[name]]
    orders: list[Order] = [
        (a, b)
        for part, whole in nested
        for part_ids, whole_ids in zip(
            [*cell_ids[part], (total_id[part],)],
            [*cell_ids[whole], (total_id[whole],)],
            strict=True,
        )
        for a, b in zip(part_ids, whole_ids, strict=True)
        if values[a] <= values[b]
    ]
    shown = protect(values, lines, threshold, orders)
    method = _METHOD.format(last=threshold - 1)
    return {
        name: tuple(
            PublishedCounts(
                cells=tuple(shown[i] for i in table),
                total=shown[total_id[name]],
                threshold=threshold,
                method=method,
            )
            for table in cell_ids[name]
        )
        for name in checked
    }


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
    TypeError
        If ``rows`` is not a sequence of rows of numbers (also a ``ValueError``).
    """
    wants = "rows of counts, e.g. [[3, 10], [6, 7]]"
    rows = [check_list("rows", row, wants) for row in check_list("rows", rows, wants)]
    if not rows or not rows[0] or any(len(row) != len(rows[0]) for row in rows):
        raise ValueError("the table needs at least one row, and every row the same length")
    n_rows, n_cols = len(rows), len(rows[0])
    body = validated([count for row in rows for count in row], threshold)
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
    shown = protect(values, lines, threshold)
    return PublishedTable(
        cells=tuple(tuple(shown[i * n_cols + j] for j in range(n_cols)) for i in range(n_rows)),
        row_totals=shown[row_total_id:col_total_id],
        column_totals=shown[col_total_id:grand_id],
        grand_total=shown[grand_id],
        threshold=threshold,
        method=_METHOD.format(last=threshold - 1),
    )
