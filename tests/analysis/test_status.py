"""Plan status from the verdict and the milestone due, each with its reason."""

from __future__ import annotations

from datetime import date

import pytest

from analysis.baselines import Baseline, parse_baseline
from analysis.estimate import Estimate
from analysis.status import (
    DueMilestone,
    Status,
    StatusCode,
    add_months,
    milestone_due,
    plan_status,
)
from analysis.targets import parse_target
from analysis.verdicts import assess

START = date(2022, 6, 1)
FINAL = parse_target("60%")
MILESTONES = {3: parse_target("40%"), 6: parse_target("50%"), 12: FINAL}
SIX_MONTHS = DueMilestone(6, date(2022, 12, 1), MILESTONES[6])


def share(value: float, lo: float, hi: float, n: int = 100) -> Estimate:
    return Estimate(value, lo, hi, 0.95, n, "wilson")


def status_of(estimate: Estimate, baseline: object = None, **kwargs: object) -> Status:
    assessment = assess(estimate, FINAL, baseline=baseline)  # type: ignore[arg-type]
    return plan_status(assessment, **kwargs)  # type: ignore[arg-type]


# Milestone due


def test_no_milestone_is_due_before_three_months() -> None:
    assert milestone_due(START, MILESTONES, date(2022, 8, 31)) is None


def test_three_month_milestone_is_due_on_its_day() -> None:
    due = milestone_due(START, MILESTONES, date(2022, 9, 1))
    assert (due.months, due.due, due.target.value) == (3, date(2022, 9, 1), pytest.approx(0.4))


def test_latest_passed_milestone_is_the_one_due() -> None:
    assert milestone_due(START, MILESTONES, date(2023, 2, 14)).months == 6


def test_final_target_is_due_after_twelve_months() -> None:
    assert milestone_due(START, MILESTONES, date(2023, 7, 1)).months == 12


def test_activity_milestones_left_out_leave_the_earlier_one_due() -> None:
    due = milestone_due(START, {3: MILESTONES[3], 12: FINAL}, date(2023, 1, 1))
    assert due.months == 3


def test_adding_a_month_to_the_31st_stays_in_the_month() -> None:
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)


def test_adding_months_across_a_leap_february() -> None:
    assert add_months(date(2023, 11, 30), 3) == date(2024, 2, 29)


def test_milestone_months_must_be_positive_whole_numbers() -> None:
    with pytest.raises(ValueError, match="whole numbers of at least 1"):
        milestone_due(START, {0: FINAL}, date(2023, 1, 1))


# Statuses


def test_pending_baseline_gives_no_status() -> None:
    assessment = assess(
        share(0.6, 0.5, 0.7),
        parse_target("20% increase"),
        baseline=Baseline.pending("To be established"),
    )
    status = plan_status(assessment, milestone_due=SIX_MONTHS)
    assert (status.code, status.reason) == (
        StatusCode.NO_STATUS,
        "No status yet: the baseline is still to be measured.",
    )


def test_too_few_answers_is_grey() -> None:
    status = status_of(share(0.71, 0.36, 0.92, n=7), milestone_due=SIX_MONTHS)
    assert status.code is StatusCode.INSUFFICIENT_DATA
    assert status.reason == "Not enough data: only 7 answers, fewer than the 10 needed to judge."


def test_final_target_met_is_complete() -> None:
    status = status_of(share(0.75, 0.66, 0.82), milestone_due=SIX_MONTHS)
    assert status.code is StatusCode.COMPLETE
    assert status.reason.endswith(
        "the whole interval is above the 60% target, so the target is met."
    )


def test_met_again_after_complete_with_impact_is_embedded() -> None:
    status = status_of(share(0.75, 0.66, 0.82), "40%", previous=StatusCode.COMPLETE)
    assert status.code is StatusCode.EMBEDDED


def test_met_again_after_complete_accepts_the_previous_status() -> None:
    before = Status(StatusCode.COMPLETE, "Complete: met.")
    assert status_of(share(0.75, 0.66, 0.82), "40%", previous=before).code is StatusCode.EMBEDDED


def test_met_again_without_a_baseline_stays_complete() -> None:
    status = status_of(share(0.75, 0.66, 0.82), previous=StatusCode.COMPLETE)
    assert status.code is StatusCode.COMPLETE


def test_whole_interval_below_the_milestone_due_is_off_track() -> None:
    status = status_of(share(0.35, 0.26, 0.45), "40%", milestone_due=SIX_MONTHS)
    assert status.code is StatusCode.OFF_TRACK
    assert status.reason == (
        "Off track: 35% of 100 answers (95% confidence interval 26% to 45%) — the whole "
        "interval is below the 50% milestone due at 6 months (1 December 2022), so the "
        "milestone is not met."
    )


def test_above_the_milestone_with_improvement_is_on_track() -> None:
    status = status_of(share(0.58, 0.52, 0.64), "40%", milestone_due=SIX_MONTHS)
    assert status.code is StatusCode.ON_TRACK
    assert "Improved: the whole interval is above the baseline of 40%." in status.reason


def test_around_the_milestone_with_the_estimate_above_it_and_improvement_is_on_track() -> None:
    status = status_of(share(0.53, 0.45, 0.61), "40%", milestone_due=SIX_MONTHS)
    assert status.code is StatusCode.ON_TRACK


def test_around_the_milestone_with_the_estimate_below_it_is_at_risk() -> None:
    status = status_of(share(0.48, 0.42, 0.55), "40%", milestone_due=SIX_MONTHS)
    assert status.code is StatusCode.AT_RISK
    assert "not yet at or above the milestone due at 6 months" in status.reason


def test_above_the_milestone_without_clear_improvement_is_at_risk() -> None:
    status = status_of(share(0.55, 0.51, 0.59), "52%", milestone_due=SIX_MONTHS)
    assert status.code is StatusCode.AT_RISK
    assert "no improvement on the baseline is shown yet" in status.reason


def test_without_any_baseline_the_whole_interval_above_the_milestone_is_on_track() -> None:
    assert status_of(share(0.58, 0.52, 0.64), milestone_due=SIX_MONTHS).code is StatusCode.ON_TRACK


def test_without_any_baseline_an_interval_around_the_milestone_is_at_risk() -> None:
    assert status_of(share(0.53, 0.45, 0.61), milestone_due=SIX_MONTHS).code is StatusCode.AT_RISK


def test_before_any_milestone_improvement_is_on_track() -> None:
    status = status_of(share(0.5, 0.45, 0.55), "40%")
    assert (status.code, status.milestone) == (StatusCode.ON_TRACK, None)
    assert status.reason.startswith(
        "On track: no milestone is due yet, and the figure has improved"
    )


def test_before_any_milestone_without_improvement_is_at_risk() -> None:
    assert status_of(share(0.42, 0.35, 0.49), "40%").code is StatusCode.AT_RISK


def test_relative_count_milestone_is_judged_on_the_fixed_baseline() -> None:
    baseline = parse_baseline("44 (21/22)")
    final = parse_target("10% reduction", baseline=baseline)
    milestone = DueMilestone(6, date(2022, 12, 1), parse_target("5% reduction", baseline=baseline))
    assessment = assess(Estimate(60, 45.8, 77.2, 0.95, 60, "garwood"), final, baseline=baseline)
    status = plan_status(assessment, milestone_due=milestone)
    assert status.code is StatusCode.OFF_TRACK
    assert status.milestone_assessment.threshold == pytest.approx(41.8)


def test_final_target_can_be_given_apart_from_the_assessment() -> None:
    assessment = assess(share(0.58, 0.52, 0.64), MILESTONES[6], baseline="40%")
    status = plan_status(assessment, milestone_due=SIX_MONTHS, final_target=FINAL)
    assert status.code is StatusCode.ON_TRACK


def test_relative_target_on_a_zero_baseline_gives_no_status() -> None:
    assessment = assess(share(0.3, 0.2, 0.4), parse_target("increase by 20%"), baseline="0%")
    status = plan_status(assessment)
    assert status.code is StatusCode.NO_STATUS
    assert "has no meaning" in status.reason


def test_on_track_around_the_milestone_says_the_interval_still_includes_it() -> None:
    status = status_of(share(0.53, 0.45, 0.61), "40%", milestone_due=SIX_MONTHS)
    assert status.reason.startswith(
        "On track: the figure is at or above the milestone due at 6 months (1 December 2022), "
        "though its interval still includes it, and the figure has improved on the baseline."
    )
