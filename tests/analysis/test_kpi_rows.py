"""Every row of the Dudley Accelerated Progress Plan 2022 KPI table, read without guessing."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from analysis.baselines import BaselineKind, Quantity
from analysis.kpi_rows import (
    CellOutcome,
    FlagCode,
    KpiReading,
    RowOutcome,
    Source,
    classify_kpi_row,
)
from analysis.targets import TargetKind

DUDLEY = Path(__file__).parents[1] / "data" / "dudley-app-2022-kpis.csv"


def dudley_rows() -> list[dict[str, str]]:
    with DUDLEY.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


ROWS = dudley_rows()


def read(ref: str, nth: int = 0) -> KpiReading:
    """The reading of the ``nth`` row with this ref (4.12 and 4.13 have two)."""
    return classify_kpi_row([row for row in ROWS if row["ref"] == ref][nth])


def flag_text(reading: KpiReading, code: FlagCode) -> str:
    return " ".join(flag.reason for flag in reading.flags if flag.code is code)


def test_the_example_table_has_66_measures() -> None:
    assert len(ROWS) == 66


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['ref']}-{i}" for i, r in enumerate(ROWS)])
def test_every_row_reads_to_a_target_a_pending_baseline_an_ambiguity_or_no_measure(
    row: dict[str, str],
) -> None:
    reading = classify_kpi_row(row)
    target = reading.target
    if reading.outcome in (RowOutcome.READY, RowOutcome.BASELINE_PENDING):
        assert target.outcome is CellOutcome.TARGET and target.target is not None
    elif reading.outcome is RowOutcome.AMBIGUOUS:
        assert target.outcome is CellOutcome.AMBIGUOUS and target.readings
    else:
        assert reading.outcome is RowOutcome.NOT_A_MEASURE
        assert target.outcome in (CellOutcome.ACTIVITY, CellOutcome.BASELINE_MILESTONE)
    assert reading.reason


EXPECTED_OUTCOMES = {
    RowOutcome.NOT_A_MEASURE: ["1.1", "1.2", "1.5", "1.6", "1.7", "1.8"]
    + [f"5.{i}" for i in range(1, 18)],
    RowOutcome.READY: ["1.3", "1.4", "3.1", "3.2", "3.3", "3.4", "3.5", "4.3", "4.11"],
    RowOutcome.AMBIGUOUS: ["4.1", "4.5", "4.8", "4.12", "6.2", "6.6"],
    RowOutcome.BASELINE_PENDING: [f"2.{i}" for i in range(1, 12)]
    + ["4.2", "4.4", "4.6", "4.7", "4.9", "4.10", "4.12", "4.13", "4.13"]
    + ["6.1", "6.3", "6.4", "6.5", "6.7", "6.8", "6.9", "6.10"],
}


@pytest.mark.parametrize("outcome", list(EXPECTED_OUTCOMES))
def test_rows_with_each_outcome(outcome: RowOutcome) -> None:
    refs = [row["ref"] for row in ROWS if classify_kpi_row(row).outcome is outcome]
    assert refs == EXPECTED_OUTCOMES[outcome]


def test_4_5_sixty_percent_increase_on_47_percent_is_flagged_not_settled() -> None:
    reading = read("4.5")
    assert reading.outcome is RowOutcome.AMBIGUOUS
    level, relative = reading.target.readings
    assert (level.kind, level.value) == (TargetKind.LEVEL, pytest.approx(0.6))
    assert relative.threshold(reading.baseline.value) == pytest.approx(0.752)
    assert reading.has_flag(FlagCode.AMBIGUOUS)


def test_4_1_zero_baseline_with_level_milestones_and_a_relative_target() -> None:
    reading = read("4.1")
    assert reading.baseline.kind is BaselineKind.ZERO
    assert {m: t.value for m, t in reading.milestone_targets().items()} == {
        3: pytest.approx(0.2),
        6: pytest.approx(0.4),
    }
    assert reading.outcome is RowOutcome.AMBIGUOUS
    assert [r.value for r in reading.target.readings] == [pytest.approx(0.6)]
    assert "no meaning" in flag_text(reading, FlagCode.RELATIVE_TO_ZERO)


def test_4_8_sixty_percent_increase_on_zero_offers_only_the_level() -> None:
    reading = read("4.8")
    assert (reading.baseline.kind, reading.outcome) == (BaselineKind.ZERO, RowOutcome.AMBIGUOUS)
    assert [r.kind for r in reading.target.readings] == [TargetKind.LEVEL]


@pytest.mark.parametrize("ref", ["3.1", "3.5"])
def test_pcf_rating_rises_from_two_to_three_out_of_five(ref: str) -> None:
    reading = read(ref)
    assert (reading.baseline.quantity, reading.baseline.value) == (Quantity.MEAN_RATING, 2.0)
    target = reading.target.target
    assert (target.kind, target.quantity, target.value, target.scale) == (
        TargetKind.LEVEL,
        Quantity.MEAN_RATING,
        3.0,
        5,
    )
    assert reading.outcome is RowOutcome.READY


def test_3_2_complaints_fall_ten_percent_from_44() -> None:
    reading = read("3.2")
    assert (reading.baseline.value, reading.baseline.period) == (44.0, "21/22")
    target = reading.target.target
    assert (target.kind, target.quantity) == (TargetKind.RELATIVE_CHANGE, Quantity.COUNT)
    assert target.threshold(reading.baseline.value) == pytest.approx(39.6)
    assert reading.suggested_source is Source.MANUAL


def test_4_3_reads_the_same_44_with_its_long_period() -> None:
    assert read("4.3").baseline.period == "2021/2022"


def test_3_4_baseline_missing_its_bracket_is_read_and_flagged() -> None:
    reading = read("3.4")
    assert (reading.baseline.value, reading.baseline.period) == (55.0, "20/21")
    assert "closing bracket" in flag_text(reading, FlagCode.BASELINE_NOTE)


def test_1_3_mld_count_falls_two_percent_with_six_percent_by_march_2024() -> None:
    reading = read("1.3")
    target = reading.target.target
    assert target.threshold(2182.0) == pytest.approx(2138.36)
    (horizon,) = target.later
    assert (horizon.when, horizon.target.threshold(2182.0)) == (
        "by March 2024",
        pytest.approx(2051.08),
    )
    assert reading.has_flag(FlagCode.LATER_HORIZONS)


def test_1_3_three_month_n_a_means_no_milestone() -> None:
    assert read("1.3").milestone(3).outcome is CellOutcome.NONE


def test_4_4_sentence_level_with_a_fifty_percent_milestone_waits_for_its_baseline() -> None:
    reading = read("4.4")
    assert reading.outcome is RowOutcome.BASELINE_PENDING
    assert reading.milestone(3).outcome is CellOutcome.BASELINE_MILESTONE
    assert reading.milestone(6).target.value == pytest.approx(0.5)
    assert (reading.target.target.kind, reading.target.target.value) == (
        TargetKind.LEVEL,
        pytest.approx(0.6),
    )
    assert reading.suggested_source is Source.SURVEY


def test_6_5_bare_fifty_percent_is_a_level() -> None:
    milestone = read("6.5").milestone(6)
    assert (milestone.target.kind, milestone.target.value) == (TargetKind.LEVEL, 0.5)


def test_6_8_fifty_percent_increase_on_zero_is_flagged_with_the_level_reading() -> None:
    reading = read("6.8")
    milestone = reading.milestone(6)
    assert milestone.outcome is CellOutcome.AMBIGUOUS
    assert [r.value for r in milestone.readings] == [pytest.approx(0.5)]
    assert reading.target.target.value == pytest.approx(1.0)


def test_4_12_second_row_bare_increase_after_a_level_milestone_is_ambiguous() -> None:
    reading = read("4.12", nth=1)
    assert reading.outcome is RowOutcome.AMBIGUOUS
    assert [r.kind for r in reading.target.readings] == [
        TargetKind.LEVEL,
        TargetKind.RELATIVE_CHANGE,
    ]


def test_6_1_keeps_the_two_and_five_year_horizons() -> None:
    reading = read("6.1")
    target = reading.target.target
    assert target.value == pytest.approx(0.2)
    assert [(h.when, h.target.value) for h in target.later] == [
        ("2 years", pytest.approx(0.4)),
        ("5 years", pytest.approx(0.9)),
    ]
    assert "at least 90% (5 years)" in flag_text(reading, FlagCode.LATER_HORIZONS)


def test_6_1_zero_baseline_with_a_baseline_milestone_is_measured_first() -> None:
    reading = read("6.1")
    assert (reading.baseline.kind, reading.baseline_pending) == (BaselineKind.ZERO, True)
    assert "Baseline established" in flag_text(reading, FlagCode.BASELINE_PENDING)


def test_6_2_increase_on_zero_is_flagged_and_its_horizons_kept() -> None:
    reading = read("6.2")
    assert reading.outcome is RowOutcome.AMBIGUOUS
    assert "All young people offered an in-borough option" in flag_text(
        reading, FlagCode.LATER_HORIZONS
    )


def test_2_9_garbled_fragments_are_kept_and_flagged() -> None:
    reading = read("2.9")
    fragments = flag_text(reading, FlagCode.FRAGMENT)
    assert "(50. 2022)" in fragments and "(.p. 2020)" in fragments
    assert reading.target.target.value == pytest.approx(1.2)


def test_1_1_activities_are_not_a_survey_measure() -> None:
    reading = read("1.1")
    assert reading.outcome is RowOutcome.NOT_A_MEASURE
    assert [cell.outcome for cell in reading.milestones] == [
        CellOutcome.BASELINE_MILESTONE,
        CellOutcome.ACTIVITY,
        CellOutcome.ACTIVITY,
    ]


def test_4_2_relative_target_on_a_pending_baseline_is_to_be_read_again() -> None:
    reading = read("4.2")
    assert reading.outcome is RowOutcome.BASELINE_PENDING
    assert reading.has_flag(FlagCode.RECHECK_WHEN_MEASURED)


def test_4_5_timeliness_comes_from_case_dates() -> None:
    assert read("4.5").suggested_source is Source.CASE_DATES


def test_4_7_dip_sample_is_entered_by_hand() -> None:
    assert read("4.7").suggested_source is Source.MANUAL


def test_row_with_only_a_target_column_is_ready() -> None:
    reading = classify_kpi_row(
        {"ref": "7", "measure": "Parents satisfied", "baseline": "47%", "target": "at least 60%"}
    )
    assert reading.outcome is RowOutcome.READY
    assert [cell.outcome for cell in reading.milestones[:2]] == [CellOutcome.NONE] * 2


def test_row_with_an_unreadable_baseline_is_unreadable_and_says_why() -> None:
    reading = classify_kpi_row({"baseline": "lots", "milestone_12m": "60%"})
    assert reading.outcome is RowOutcome.UNREADABLE
    assert "'lots'" in flag_text(reading, FlagCode.BASELINE_UNREADABLE)


def test_level_target_on_a_count_baseline_is_flagged_as_a_mismatch() -> None:
    reading = classify_kpi_row({"baseline": "44", "milestone_12m": "60%"})
    assert reading.has_flag(FlagCode.QUANTITY_MISMATCH)
