"""Reading plans' baseline cells: values, zero, pending, and the slips plans print."""

from __future__ import annotations

import re

import pytest

from analysis.baselines import Baseline, BaselineKind, Quantity, format_value, parse_baseline


def test_percentage_baseline_is_a_proportion() -> None:
    baseline = parse_baseline("47%")
    assert (baseline.kind, baseline.quantity, baseline.value) == (
        BaselineKind.FIXED,
        Quantity.PROPORTION,
        pytest.approx(0.47),
    )


def test_rating_baseline_keeps_its_scale() -> None:
    baseline = parse_baseline("2/5")
    assert (baseline.quantity, baseline.value, baseline.scale) == (Quantity.MEAN_RATING, 2.0, 5)


def test_rating_written_out_of_is_a_rating() -> None:
    assert parse_baseline("3.5 out of 5").value == 3.5


def test_count_with_period_keeps_the_period_as_printed() -> None:
    baseline = parse_baseline("44 (21/22)")
    assert (baseline.quantity, baseline.value, baseline.period) == (Quantity.COUNT, 44.0, "21/22")


def test_long_period_is_kept_as_printed() -> None:
    assert parse_baseline("44 (2021/2022)").period == "2021/2022"


def test_period_missing_its_closing_bracket_is_read_and_noted() -> None:
    baseline = parse_baseline("55 (20/21")
    assert (baseline.value, baseline.period) == (55.0, "20/21")
    assert "closing bracket" in baseline.notes[0]


def test_bare_whole_number_is_a_count() -> None:
    baseline = parse_baseline("2182")
    assert (baseline.kind, baseline.quantity, baseline.value) == (
        BaselineKind.FIXED,
        Quantity.COUNT,
        2182.0,
    )


def test_count_with_thousands_separator_is_read() -> None:
    assert parse_baseline("2,182").value == 2182.0


def test_bare_zero_is_zero_of_unknown_quantity() -> None:
    baseline = parse_baseline("0")
    assert (baseline.kind, baseline.quantity, baseline.value) == (BaselineKind.ZERO, None, 0.0)


def test_zero_percent_is_a_zero_proportion() -> None:
    baseline = parse_baseline("0%")
    assert (baseline.kind, baseline.quantity) == (BaselineKind.ZERO, Quantity.PROPORTION)


@pytest.mark.parametrize(
    "text",
    [
        "n/a",
        "N/A",
        "",
        "To be established",
        "Survey to be developed",
        "Baseline to be confirmed.",
        "TBC",
        "Baselining completed.",
        "Baseline established",
        "not yet known",
    ],
)
def test_words_without_a_value_give_a_pending_baseline(text: str) -> None:
    assert parse_baseline(text).kind is BaselineKind.PENDING


def test_pending_text_with_garbled_numbers_is_pending_and_noted() -> None:
    baseline = parse_baseline("Baseline established (50. 2022)")
    assert baseline.is_pending
    assert "not read as a value" in baseline.notes[0]


@pytest.mark.parametrize("text", ["0.47", "120%", "6/5", "47% 52%", "excellent"])
def test_unreadable_baseline_raises_quoting_the_text(text: str) -> None:
    with pytest.raises(ValueError, match=re.escape(repr(text))):
        parse_baseline(text)


def test_describe_shows_value_and_period() -> None:
    assert parse_baseline("44 (21/22)").describe() == "44 (21/22)"


def test_describe_shows_rating_on_its_scale() -> None:
    assert parse_baseline("2/5").describe() == "2 out of 5"


def test_proportion_constructor_rejects_values_over_one() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        Baseline.proportion(47)


def test_format_value_shows_one_decimal_of_a_percentage() -> None:
    assert format_value(0.564, Quantity.PROPORTION) == "56.4%"
