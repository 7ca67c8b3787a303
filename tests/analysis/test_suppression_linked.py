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
    suppress_breakdowns,
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


@pytest.mark.parametrize(
    ("tables", "message"), [([], "at least one"), ([[1, 2], [4]], "same total")]
)
def test_no_table_or_tables_with_different_totals_are_refused(
    tables: list[list[int]], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        suppress_linked_counts(tables)


def test_measures_with_tables_of_other_shapes_or_unknown_pairs_are_refused() -> None:
    with pytest.raises(ValueError, match="same shapes"):
        suppress_breakdowns({"invited": [[6, 5]], "answered": [[3, 2, 1]]})
    with pytest.raises(ValueError, match="nested measures"):
        suppress_breakdowns({"invited": [[6, 5]]}, nested=[("answered", "invited")])


# Answered by month [3, 5] beside started [6, 5]: "not shown" means 5 or more and answered is at
# most started, so month B's answered would be 5 and month A's 8 - 5 = 3.
# Started [3, 7] between opened [9, 7] and answered [2, 7]: started B is caught between 7 and 7.
@pytest.mark.parametrize(
    ("measures", "nested", "small"),
    [
        ({"started": [[6, 5]], "answered": [[3, 5]]}, [("answered", "started")], ("answered", 0)),
        (
            {"opened": [[9, 7]], "started": [[3, 7]], "answered": [[2, 7]]},
            [("started", "opened"), ("answered", "started")],
            ("started", 0),
        ),
    ],
)
def test_a_wider_measures_shown_count_cannot_pin_a_narrower_ones_small_count(
    measures: dict[str, list[list[int]]], nested: list[tuple[str, str]], small: tuple[str, int]
) -> None:
    shown = suppress_breakdowns(measures, nested=nested)
    name, position = small
    assert shown[name][0].cells[position].reason is SuppressionReason.SMALL_COUNT
    assert _small_counts_pinned(measures, nested, shown) == []


def test_a_pair_the_counts_do_not_bear_out_is_not_assumed() -> None:
    # More answered than opened in month A (links answered from a letter's QR code, say): the
    # reader's order is false there, and the audit must still stand without it.
    shown = suppress_breakdowns(
        {"opened": [[2, 9]], "answered": [[6, 3]]}, nested=[("answered", "opened")]
    )
    assert [cell.text for cell in shown["answered"][0].cells] == ["not shown", "fewer than 5"]


def _small_counts_pinned(
    measures: dict[str, list[list[int]]],
    nested: list[tuple[str, str]],
    shown: dict[str, tuple[PublishedCounts, ...]],
) -> list[tuple[str, int, int]]:
    """Try every set of counts a reader could believe (one table per measure) and return the
    small counts that take one value in all of them."""
    names = list(measures)
    per_measure = [
        [
            combo
            for combo in itertools.product(*(_possible_values(c) for c in shown[name][0].cells))
            if sum(combo) in _possible_values(shown[name][0].total)
        ]
        for name in names
    ]
    orders = [
        (part, whole)
        for part, whole in nested
        if all(a <= b for a, b in zip(measures[part][0], measures[whole][0], strict=True))
    ]

    def believable(reading: dict[str, tuple[int, ...]]) -> bool:
        return all(
            sum(reading[part]) <= sum(reading[whole])
            and all(p <= w for p, w in zip(reading[part], reading[whole], strict=True))
            for part, whole in orders
        )

    readings = [
        reading
        for combos in itertools.product(*per_measure)
        for reading in [dict(zip(names, combos, strict=True))]
        if believable(reading)
    ]
    assert {name: tuple(measures[name][0]) for name in names} in readings
    return [
        (name, 0, position)
        for name in names
        for position, cell in enumerate(shown[name][0].cells)
        if cell.reason is SuppressionReason.SMALL_COUNT
        and len({reading[name][position] for reading in readings}) == 1
    ]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 9), min_size=2, max_size=3).flatmap(
        lambda wider: st.tuples(
            st.just(wider), st.tuples(*(st.integers(0, value) for value in wider))
        )
    )
)
def test_no_small_count_of_nested_measures_can_be_worked_out(
    pair: tuple[list[int], tuple[int, ...]],
) -> None:
    wider, narrower = pair
    measures = {"opened": [list(wider)], "answered": [list(narrower)]}
    nested = [("answered", "opened")]
    shown = suppress_breakdowns(measures, nested=nested)
    if any(
        cell.reason is SuppressionReason.WITHHELD for t in shown.values() for cell in t[0].cells
    ):
        return
    assert _small_counts_pinned(measures, nested, shown) == []


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
