"""Small-number suppression of published tables and the minimum-n rule."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.min_n import can_publish
from analysis.suppression import (
    PublishedCell,
    SuppressionReason,
    suppress_counts,
    suppress_table,
)


def texts(cells) -> list[str]:
    return [cell.text for cell in cells]


# --- minimum n ---------------------------------------------------------------------------


def test_nine_answers_are_too_few_to_publish_a_rate():
    assert can_publish(9) is False


def test_ten_answers_are_enough_to_publish_a_rate():
    assert can_publish(10) is True


def test_the_minimum_n_is_a_setting():
    assert can_publish(25, min_n=30) is False


def test_a_negative_n_is_rejected():
    with pytest.raises(ValueError, match="at least 0"):
        can_publish(-1)


# --- primary suppression -----------------------------------------------------------------


def test_a_count_of_three_is_shown_as_fewer_than_five():
    cell = suppress_counts([3, 12, 40, 7]).cells[0]
    assert cell == PublishedCell(
        text="fewer than 5", value=None, reason=SuppressionReason.SMALL_COUNT
    )
    assert cell.suppressed is True


def test_zero_is_shown():
    assert suppress_counts([0, 12, 40]).cells[0] == PublishedCell("0", 0, None)


def test_a_count_of_five_is_shown():
    assert suppress_counts([5, 12, 40]).cells[0] == PublishedCell("5", 5, None)


def test_the_threshold_is_a_setting():
    published = suppress_counts([7, 12, 40, 15], threshold=10)
    assert published.cells[0].text == "fewer than 10"
    assert published.threshold == 10


def test_a_table_without_small_counts_is_published_whole():
    published = suppress_counts([12, 40, 7])
    assert texts(published.cells) == ["12", "40", "7"]
    assert published.total.text == "59"


def test_a_small_total_is_hidden_too():
    published = suppress_counts([1, 2, 0])
    assert texts(published.cells) == ["fewer than 5", "fewer than 5", "0"]
    assert published.total.text == "fewer than 5"


# --- secondary suppression, one-way ------------------------------------------------------


def test_a_lone_small_count_hides_the_next_smallest_count():
    published = suppress_counts([3, 12, 40, 7])
    assert texts(published.cells) == ["fewer than 5", "12", "40", "not shown"]
    assert published.cells[3].reason is SuppressionReason.COMPLEMENTARY
    assert published.total.text == "62"


def test_two_small_counts_protect_each_other():
    # 55 - 50 = 5 is shared by two counts of 1 to 4: either could be 1, 2, 3 or 4.
    published = suppress_counts([2, 3, 50])
    assert texts(published.cells) == ["fewer than 5", "fewer than 5", "50"]


def test_two_small_counts_adding_to_two_are_protected_by_a_third_cell():
    # 52 - 50 = 2, and each hidden count is at least 1, so both would be exactly 1.
    published = suppress_counts([1, 1, 50])
    assert texts(published.cells) == ["fewer than 5", "fewer than 5", "not shown"]


def test_the_total_is_hidden_when_no_other_count_can_protect():
    # 8 = 4 + 4 is the only way two counts of 1 to 4 make 8.
    published = suppress_counts([4, 4])
    assert published.total == PublishedCell(
        text="not shown", value=None, reason=SuppressionReason.COMPLEMENTARY
    )


def test_a_zero_is_never_hidden_to_protect_a_small_count():
    published = suppress_counts([3, 0, 20])
    assert texts(published.cells) == ["fewer than 5", "0", "not shown"]


# --- secondary suppression, two-way ------------------------------------------------------


def test_a_small_count_in_a_two_way_table_hides_a_rectangle_of_cells():
    published = suppress_table([[3, 10, 12], [8, 9, 20], [15, 11, 30]])
    assert [texts(row) for row in published.cells] == [
        ["fewer than 5", "not shown", "12"],
        ["not shown", "not shown", "20"],
        ["15", "11", "30"],
    ]
    assert texts(published.row_totals) == ["25", "37", "56"]
    assert texts(published.column_totals) == ["26", "30", "62"]
    assert published.grand_total.text == "118"


def test_a_small_row_total_is_protected_through_the_margins():
    published = suppress_table([[1, 2], [10, 20]])
    assert [texts(row) for row in published.cells] == [
        ["fewer than 5", "fewer than 5"],
        ["not shown", "not shown"],
    ]
    assert texts(published.row_totals) == ["fewer than 5", "not shown"]
    assert texts(published.column_totals) == ["11", "22"]
    assert published.grand_total.text == "33"


def test_a_ragged_table_is_rejected():
    with pytest.raises(ValueError, match="same length"):
        suppress_table([[1, 2], [3]])


def test_a_negative_count_is_rejected():
    with pytest.raises(ValueError, match="at least 0"):
        suppress_counts([3, -1])


# --- properties --------------------------------------------------------------------------

small_heavy_counts = st.one_of(st.integers(0, 6), st.integers(0, 40))


def feasible_values(cells, total, index, threshold):
    """Values 1..threshold-1 a reader could give hidden cell ``index`` of a one-way table.

    Worked out independently of the code under test by interval arithmetic on the single
    equation "cells add up to the total", with what the reader knows of each hidden cell:
    "fewer than 5" is 1 to 4, "not shown" is at least 5 (zeros are never hidden).
    """

    def bounds(cell):
        if cell.reason is SuppressionReason.SMALL_COUNT:
            return (1, threshold - 1)
        if cell.reason is SuppressionReason.WITHHELD:
            return (0, math.inf)
        return (threshold, math.inf)

    known = sum(cell.value for cell in cells if not cell.suppressed)
    others = [bounds(c) for k, c in enumerate(cells) if c.suppressed and k != index]
    low = known + sum(b[0] for b in others)
    high = known + sum(b[1] for b in others)
    total_low, total_high = (total.value, total.value) if not total.suppressed else bounds(total)
    return [v for v in range(1, threshold) if low + v <= total_high and total_low <= high + v]


@given(st.lists(small_heavy_counts, min_size=1, max_size=6))
def test_no_hidden_small_count_can_be_worked_out_in_a_one_way_table(counts):
    published = suppress_counts(counts)
    for index, cell in enumerate(published.cells):
        if cell.reason is SuppressionReason.SMALL_COUNT:
            assert len(feasible_values(published.cells, published.total, index, 5)) >= 2


@given(st.lists(small_heavy_counts, min_size=1, max_size=6))
def test_shown_counts_are_the_true_counts_and_every_small_count_is_hidden(counts):
    published = suppress_counts(counts)
    withheld = published.total.reason is SuppressionReason.WITHHELD
    for count, cell in zip(counts, published.cells, strict=True):
        if withheld:
            assert cell.reason is SuppressionReason.WITHHELD and cell.value is None
            continue
        if cell.suppressed:
            assert count != 0
        else:
            assert cell.value == count
        assert (cell.reason is SuppressionReason.SMALL_COUNT) == (1 <= count <= 4)


def every_cell(published) -> dict[tuple[str, int], PublishedCell]:
    """Every body cell and margin of a published two-way table, by a key naming its place."""
    n_cols = len(published.column_totals)
    shown = {
        ("cell", i * n_cols + j): cell
        for i, row in enumerate(published.cells)
        for j, cell in enumerate(row)
    }
    shown |= {("row", i): cell for i, cell in enumerate(published.row_totals)}
    shown |= {("col", j): cell for j, cell in enumerate(published.column_totals)}
    shown[("grand", 0)] = published.grand_total
    return shown


def recoverable_by_arithmetic(published) -> set[tuple[str, int]]:
    """Hidden cells whose value follows from the shown cells and totals by linear algebra.

    A hidden cell is determined exactly when its unit vector lies in the row space of the
    table's adding-up equations restricted to the hidden cells.
    """
    n_rows, n_cols = len(published.row_totals), len(published.column_totals)
    shown = every_cell(published)
    cells = [("cell", k) for k in range(n_rows * n_cols)]
    row_totals = [("row", i) for i in range(n_rows)]
    col_totals = [("col", j) for j in range(n_cols)]
    grand = ("grand", 0)
    # Each equation: the cells that add up, then the total they add up to.
    equations = [(cells[i * n_cols : (i + 1) * n_cols], row_totals[i]) for i in range(n_rows)]
    equations += [(cells[j::n_cols], col_totals[j]) for j in range(n_cols)]
    equations += [(row_totals, grand), (col_totals, grand)]
    hidden = sorted(key for key, cell in shown.items() if cell.suppressed)
    position = {key: k for k, key in enumerate(hidden)}
    matrix = np.zeros((len(equations), len(hidden)))
    for r, (parts, total) in enumerate(equations):
        for key, sign in [*((part, 1) for part in parts), (total, -1)]:
            if key in position:
                matrix[r, position[key]] += sign
    rank = np.linalg.matrix_rank(matrix)
    recoverable = set()
    for key in hidden:
        unit = np.zeros(len(hidden))
        unit[position[key]] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            recoverable.add(key)
    return recoverable


two_way_tables = st.integers(2, 4).flatmap(
    lambda cols: st.lists(
        st.lists(small_heavy_counts, min_size=cols, max_size=cols), min_size=2, max_size=4
    )
)


@settings(max_examples=60, deadline=None)
@given(two_way_tables)
def test_no_hidden_small_count_can_be_worked_out_from_row_or_column_totals(rows):
    published = suppress_table(rows)
    small = {
        key
        for key, cell in every_cell(published).items()
        if cell.reason is SuppressionReason.SMALL_COUNT
    }
    assert not small & recoverable_by_arithmetic(published)


@settings(max_examples=60, deadline=None)
@given(two_way_tables)
def test_no_row_or_column_of_a_two_way_table_has_exactly_one_hidden_cell(rows):
    published = suppress_table(rows)
    lines = [
        [*row, total] for row, total in zip(published.cells, published.row_totals, strict=True)
    ]
    lines += [
        [*(row[j] for row in published.cells), published.column_totals[j]]
        for j in range(len(rows[0]))
    ]
    lines += [[*published.row_totals, published.grand_total]]
    lines += [[*published.column_totals, published.grand_total]]
    assert all(sum(cell.suppressed for cell in line) != 1 for line in lines)


def test_a_table_whose_small_counts_pin_each_other_is_withheld_whole():
    published = suppress_counts([1, 1, 1, 1, 0])
    assert {cell.text for cell in published.cells} == {"not published"}
    assert published.total.reason is SuppressionReason.WITHHELD
    assert all(cell.value is None for cell in published.cells)
