"""Baselines and whole KPI rows from other councils' published SEND plans.

The wordings and their sources are those of ``test_targets_other_councils.py``.
"""

from __future__ import annotations

import pytest

from analysis.baselines import BaselineKind, Quantity, parse_baseline
from analysis.kpi_rows import CellOutcome, RowOutcome, classify_kpi_row
from analysis.targets import Direction

LOWER = Direction.LOWER_IS_BETTER
SHARE = Quantity.PROPORTION


# Baselines


@pytest.mark.parametrize(
    ("text", "value", "period"),
    [
        ("8% (May 23)", 0.08, "May 23"),  # DEVON
        ("10.9% (academic year 21/22)", 0.109, "academic year 21/22"),  # DEVON
        ("3.99% (SEN2 Jan 2023)", 0.0399, "SEN2 Jan 2023"),  # DEVON
        ("33 per cent", 0.33, None),  # BRISTOL
    ],
)
def test_councils_percentage_baselines_are_read_with_their_period(
    text: str, value: float, period: str | None
) -> None:
    baseline = parse_baseline(text)
    assert (baseline.quantity, round(baseline.value or 0, 10), baseline.period) == (
        SHARE,
        value,
        period,
    )


def test_rate_per_hundred_baseline_is_refused_as_a_bare_decimal() -> None:
    # DEVON: "28.92" suspensions per 100 pupils is neither a share nor a count.
    with pytest.raises(ValueError, match="bare decimal"):
        parse_baseline("28.92 (academic year 21/22)")


@pytest.mark.parametrize("text", ["New survey", "n/a - new survey", "Survey to be developed"])
def test_new_survey_baseline_is_pending(text: str) -> None:
    assert parse_baseline(text).kind is BaselineKind.PENDING


# Whole rows


def test_milestones_take_the_direction_of_the_final_target() -> None:
    # DEVON: absence with an EHC plan may rise to 13.3% on the way to at most 12.1%.
    row = {
        "ref": "A2",
        "measure": "Percentage of children and young people absent from school with an EHC plan",
        "baseline": "12.7% (academic year 21/22)",
        "milestone_3m": "13.3%",
        "milestone_6m": "13.1%",
        "milestone_12m": "12.1% (England average 21/22)",
    }
    reading_ = classify_kpi_row(row)
    assert reading_.outcome is RowOutcome.READY
    assert [cell.reason for cell in reading_.milestones] == [
        "at most 13.3%",
        "at most 13.1%",
        "at most 12.1%",
    ]


def test_milestone_equal_to_the_baseline_takes_the_final_targets_direction() -> None:
    # DEVON: absence with SEN support, first milestone held at the baseline of 10.9%.
    row = {
        "baseline": "10.9% (academic year 21/22)",
        "milestone_3m": "10.9%",
        "milestone_6m": "10.5%",
        "milestone_12m": "10% (England average 21/22)",
    }
    assert classify_kpi_row(row).milestone(3).target.direction is LOWER  # type: ignore[union-attr]


def test_row_with_only_a_benchmark_target_is_unreadable_with_the_reason_flagged() -> None:
    row = {
        "measure": "Families satisfied with the EHC process",
        "target": "above the national average",
    }
    reading_ = classify_kpi_row(row)
    assert reading_.outcome is RowOutcome.UNREADABLE
    assert reading_.target.outcome is CellOutcome.UNREADABLE
    assert "national average" in reading_.target.reason


def test_devon_parent_carer_row_is_ready_with_its_milestones() -> None:
    row = {
        "measure": "Parent carers rate their lived experience of Local Area SEND services as "
        "'good' or 'better'",
        "baseline": "8% (May 23)",
        "milestone_3m": "15%",
        "milestone_6m": "30%",
        "target": "90%",
    }
    reading_ = classify_kpi_row(row)
    assert (reading_.outcome, reading_.reason) == (
        RowOutcome.READY,
        "Target at least 90% from a baseline of 8%.",
    )
    assert [round(t.value, 2) for t in reading_.milestone_targets().values()] == [0.15, 0.3, 0.9]
