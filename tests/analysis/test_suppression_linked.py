"""Linked one-way tables: breakdowns of one total published side by side (FCSM 1994, ch. 4)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.suppression import (
    PublishedCell,
    PublishedCounts,
    SuppressionReason,
    suppress_counts,
    suppress_linked_counts,
)


def texts(table: PublishedCounts) -> list[str]:
    return [cell.text for cell in (*table.cells, table.total)]


def test_a_total_shown_by_one_table_cannot_pin_the_small_counts_of_another() -> None:
    # Answers by month (4 and 4) and by stage (all 8 at one stage). Alone, the month table hides
    # its total; the stage table would print it, and 4 + 4 = 8 with both "fewer than 5".
    by_month, by_stage = [4, 4], [8]
    assert texts(suppress_counts(by_month)) == ["fewer than 5", "fewer than 5", "not shown"]
    assert texts(suppress_counts(by_stage)) == ["8", "8"]

    month, stage = suppress_linked_counts([by_month, by_stage])

    assert month.total.suppressed and stage.total.suppressed
    assert all(cell.suppressed for cell in stage.cells)
    assert texts(month)[:2] == ["fewer than 5", "fewer than 5"]


def test_tables_with_nothing_small_are_shown_whole() -> None:
    by_stage, by_channel = suppress_linked_counts([[12, 30, 8], [40, 10]])
    assert texts(by_stage) == ["12", "30", "8", "50"]
    assert texts(by_channel) == ["40", "10", "50"]


def test_one_table_gives_the_same_as_suppress_counts() -> None:
    assert suppress_linked_counts([[3, 9, 12]]) == (suppress_counts([3, 9, 12]),)


@pytest.mark.parametrize("tables", [[], [[1, 2], [4]]])
def test_no_table_or_tables_with_different_totals_are_refused(tables: list[list[int]]) -> None:
    with pytest.raises(ValueError, match="same total"):
        suppress_linked_counts(tables)


LARGEST = 40  # above any total the examples below can have


def _possible_values(cell: PublishedCell, threshold: int = 5) -> range:
    """What a reader can believe a printed cell holds."""
    if cell.value is not None:
        return range(cell.value, cell.value + 1)
    if cell.reason is SuppressionReason.SMALL_COUNT:
        return range(1, threshold)
    return range(threshold, LARGEST)  # "not shown" is never a hidden 0 or small count


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 9), min_size=2, max_size=3),
    st.lists(st.integers(0, 9), min_size=1, max_size=3),
)
def test_no_hidden_small_count_can_be_worked_out_from_all_the_tables(
    first: list[int], second: list[int]
) -> None:
    second = [*second[:-1], max(0, sum(first) - sum(second[:-1]))]
    first = [*first[:-1], first[-1] + sum(second) - sum(first)]  # both now add up the same
    shown = suppress_linked_counts([first, second])
    if any(cell.reason is SuppressionReason.WITHHELD for cell in shown[0].cells):
        return
    totals = _possible_values(shown[0].total)
    # Every pair of tables a reader could believe, given everything printed.
    readings = [
        (a, b)
        for a in itertools.product(*(_possible_values(c) for c in shown[0].cells))
        for b in itertools.product(*(_possible_values(c) for c in shown[1].cells))
        if sum(a) == sum(b) and sum(a) in totals
    ]
    for table, (original, published) in enumerate(zip((first, second), shown, strict=True)):
        assert tuple(original) in {reading[table] for reading in readings}
        for position, cell in enumerate(published.cells):
            if cell.reason is SuppressionReason.SMALL_COUNT:
                possible = {reading[table][position] for reading in readings}
                assert len(possible) > 1, (first, second, table, position)
