"""Verdicts against targets and changes against baselines, with the reasons a lead reads."""

from __future__ import annotations

import math

import pytest

from analysis.baselines import Baseline, Quantity, parse_baseline
from analysis.estimate import Estimate
from analysis.estimates import difference, proportion, rate_ratio, ratio
from analysis.mover import mover_difference
from analysis.targets import parse_target
from analysis.verdicts import Change, Verdict, assess


def share(value: float, lo: float, hi: float, n: int = 52) -> Estimate:
    return Estimate(value, lo, hi, 0.95, n, "wilson")


def rating(value: float, lo: float, hi: float, n: int = 40) -> Estimate:
    return Estimate(value, lo, hi, 0.95, n, "t")


def count(value: float, lo: float, hi: float) -> Estimate:
    return Estimate(value, lo, hi, 0.95, int(value), "garwood")


# Levels


def test_whole_interval_above_a_level_is_met_with_a_plain_reason() -> None:
    assessment = assess(share(0.73, 0.61, 0.83), parse_target("60%"))
    assert assessment.verdict is Verdict.MET
    assert assessment.reason == (
        "73% of 52 answers (95% confidence interval 61% to 83%) — the whole interval is above "
        "the 60% target, so the target is met."
    )


def test_whole_interval_below_a_level_is_not_met() -> None:
    assessment = assess(share(0.45, 0.32, 0.58), parse_target("60%"))
    assert assessment.verdict is Verdict.NOT_MET
    assert assessment.reason.endswith(
        "the whole interval is below the 60% target, so the target is not met."
    )


def test_interval_containing_the_level_is_inconclusive() -> None:
    assessment = assess(share(0.58, 0.44, 0.70), parse_target("60%"))
    assert assessment.verdict is Verdict.INCONCLUSIVE
    assert "includes the 60% target, so it is not yet clear" in assessment.reason


def test_interval_touching_the_level_contains_it() -> None:
    assert assess(share(0.7, 0.6, 0.8), parse_target("60%")).verdict is Verdict.INCONCLUSIVE


def test_fewer_than_ten_answers_is_insufficient_data() -> None:
    assessment = assess(share(0.71, 0.36, 0.92, n=7), parse_target("60%"))
    assert assessment.verdict is Verdict.INSUFFICIENT_DATA
    assert assessment.reason == "Only 7 answers, fewer than the 10 needed to judge."


def test_minimum_n_is_a_setting() -> None:
    assessment = assess(share(0.71, 0.36, 0.92, n=7), parse_target("60%"), min_n=5)
    assert assessment.verdict is Verdict.INCONCLUSIVE


def test_minimum_n_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="min_n"):
        assess(share(0.7, 0.6, 0.8), parse_target("60%"), min_n=0)


def test_lower_is_better_level_is_met_below_it() -> None:
    assessment = assess(share(0.05, 0.02, 0.08, n=120), parse_target("at most 10%"))
    assert assessment.verdict is Verdict.MET
    assert assessment.reason.endswith(
        "the whole interval is below the 10% target, so the target is met."
    )


def test_limit_that_would_round_to_the_target_is_shown_with_a_decimal() -> None:
    assessment = assess(share(0.7308, 0.5974, 0.8323), parse_target("60%"))
    assert assessment.reason.startswith(
        "73.1% of 52 answers (95% confidence interval 59.7% to 83.2%)"
    )


def test_verdict_is_a_string_enum() -> None:
    assert Verdict.MET == "met" and Change.NO_CLEAR_CHANGE == "no_clear_change"


# Fixed baselines


def test_pcf_rating_against_a_fixed_two_out_of_five() -> None:
    target = parse_target("3/5", baseline="2/5")
    assessment = assess(rating(3.4, 3.1, 3.7), target, baseline=parse_baseline("2/5"))
    assert (assessment.verdict, assessment.change) == (Verdict.MET, Change.IMPROVED)
    assert assessment.reason == (
        "An average of 3.4 from 40 answers (95% confidence interval 3.1 to 3.7) — the whole "
        "interval is above the 3 out of 5 target, so the target is met."
    )
    assert assessment.change_reason == (
        "Improved: the whole interval is above the baseline of 2 out of 5."
    )


def test_interval_around_a_fixed_baseline_is_no_clear_change() -> None:
    assessment = assess(rating(2.2, 1.9, 2.5), parse_target("3/5"), baseline="2/5")
    assert assessment.change is Change.NO_CLEAR_CHANGE


def test_interval_below_a_fixed_baseline_has_worsened() -> None:
    assessment = assess(rating(1.6, 1.3, 1.9), parse_target("3/5"), baseline=2.0)
    assert (assessment.verdict, assessment.change) == (Verdict.NOT_MET, Change.WORSENED)


def test_complaints_reduction_is_judged_on_ninety_percent_of_44() -> None:
    baseline = parse_baseline("44 (21/22)")
    assessment = assess(
        count(20, 12.2, 30.9), parse_target("10% reduction", baseline=baseline), baseline=baseline
    )
    assert (assessment.verdict, assessment.threshold) == (Verdict.MET, pytest.approx(39.6))
    assert "below the 39.6 target (a 10% reduction on the baseline of 44 (21/22))" in (
        assessment.reason
    )


def test_counts_are_judged_however_small() -> None:
    baseline = parse_baseline("11 (21/22)")
    target = parse_target("10% reduction", baseline=baseline)
    assessment = assess(count(6, 2.2, 13.06), target, baseline=baseline)
    assert assessment.verdict is Verdict.INCONCLUSIVE


def test_relative_increase_on_a_fixed_proportion_sets_the_threshold() -> None:
    assessment = assess(share(0.70, 0.62, 0.77, 150), parse_target("20% increase"), baseline="47%")
    assert (assessment.verdict, assessment.threshold) == (Verdict.MET, pytest.approx(0.564))


def test_percentage_points_on_a_fixed_proportion_add_to_it() -> None:
    assessment = assess(share(0.6, 0.52, 0.68, 150), parse_target("+10pp"), baseline="47%")
    assert (assessment.verdict, assessment.threshold) == (
        Verdict.INCONCLUSIVE,
        pytest.approx(0.57),
    )


def test_relative_change_on_a_zero_baseline_gets_no_verdict() -> None:
    assessment = assess(share(0.3, 0.2, 0.4), parse_target("increase by 20%"), baseline="0%")
    assert assessment.verdict is None
    assert "has no meaning" in assessment.reason


def test_baseline_stated_in_the_target_is_used() -> None:
    assessment = assess(share(0.55, 0.46, 0.64, 120), parse_target("rise from 40% to 60%"))
    assert (assessment.verdict, assessment.change) == (Verdict.INCONCLUSIVE, Change.IMPROVED)


# Pending baselines


def test_relative_target_on_a_pending_baseline_gets_no_verdict() -> None:
    pending = Baseline.pending("To be established")
    assessment = assess(share(0.6, 0.53, 0.67, 200), parse_target("20% increase"), baseline=pending)
    assert (assessment.verdict, assessment.baseline_pending) == (None, True)
    assert "the baseline is still to be measured" in assessment.reason


def test_level_target_on_a_pending_baseline_is_judged_without_a_change() -> None:
    pending = Baseline.pending("n/a")
    assessment = assess(share(0.73, 0.61, 0.83), parse_target("60%"), baseline=pending)
    assert (assessment.verdict, assessment.change) == (Verdict.MET, None)


def test_no_baseline_gives_no_change() -> None:
    assessment = assess(share(0.73, 0.61, 0.83), parse_target("60%"))
    assert (assessment.change, assessment.change_reason) == (
        None,
        "There is no baseline to compare with.",
    )


# Sampled baselines: two-sample intervals, never point estimates


def test_relative_target_on_a_sampled_proportion_uses_the_koopman_ratio() -> None:
    assessment = assess(
        proportion(130, 200), parse_target("20% increase"), baseline=proportion(60, 150)
    )
    assert assessment.comparison == ratio(130, 200, 60, 150)
    assert (assessment.verdict, assessment.threshold) == (Verdict.MET, 1.2)


def test_relative_target_is_not_met_on_points_when_the_ratio_interval_includes_it() -> None:
    # 52% against 40% is 1.3 times the baseline, above 1.2, yet the interval includes 1.2.
    assessment = assess(
        proportion(52, 100), parse_target("20% increase"), baseline=proportion(40, 100)
    )
    assert assessment.comparison.lo < 1.2 < assessment.comparison.hi
    assert assessment.verdict is Verdict.INCONCLUSIVE


def test_percentage_point_target_on_a_sampled_proportion_uses_newcombe() -> None:
    assessment = assess(proportion(120, 200), parse_target("+10pp"), baseline=proportion(60, 150))
    assert assessment.comparison == difference(120, 200, 60, 150)
    assert assessment.verdict is Verdict.INCONCLUSIVE
    assert "a change of +20 percentage points" in assessment.reason


def test_change_on_a_sampled_proportion_uses_the_difference() -> None:
    assessment = assess(proportion(120, 200), parse_target("60%"), baseline=proportion(60, 150))
    assert assessment.change is Change.IMPROVED
    assert assessment.change_reason.startswith("Improved: a change of +20 percentage points")


def test_sampled_baseline_with_too_few_answers_cannot_show_a_change() -> None:
    assessment = assess(
        proportion(120, 200), parse_target("20% increase"), baseline=proportion(3, 6)
    )
    assert assessment.verdict is Verdict.INSUFFICIENT_DATA
    assert assessment.reason == (
        "The baseline has only 6 answers, fewer than the 10 needed to judge."
    )


def test_relative_target_on_sampled_means_uses_mover() -> None:
    now, then = rating(3.5, 3.2, 3.8), rating(2.8, 2.5, 3.1)
    assessment = assess(now, parse_target("20% increase"), baseline=then)
    assert assessment.comparison == mover_difference(now, then, factor=1.2)
    assert assessment.verdict is Verdict.INCONCLUSIVE


def test_relative_target_on_sampled_counts_uses_the_rate_ratio() -> None:
    assessment = assess(
        count(20, 12.2, 30.9), parse_target("10% reduction"), baseline=count(44, 32, 59)
    )
    assert assessment.comparison == rate_ratio(20, 1.0, 44, 1.0)
    assert assessment.verdict is Verdict.MET


def test_sampled_baseline_at_another_level_is_refused() -> None:
    then = Estimate(0.4, 0.3, 0.5, 0.9, 100, "wilson")
    with pytest.raises(ValueError, match="level"):
        assess(proportion(60, 100), parse_target("20% increase"), baseline=then)


def test_proportion_that_is_not_a_whole_number_of_answers_is_refused() -> None:
    with pytest.raises(ValueError, match="whole number of answers"):
        assess(share(0.333, 0.2, 0.5, 50), parse_target("+10pp"), baseline=proportion(10, 50))


# MOVER


def test_mover_difference_of_two_intervals() -> None:
    found = mover_difference(rating(3.5, 3.2, 3.8), rating(3.0, 2.7, 3.3))
    expected = (0.5, 0.5 - math.sqrt(0.18), 0.5 + math.sqrt(0.18))
    assert (found.value, found.lo, found.hi) == pytest.approx(expected)
    assert (found.n, found.method) == (80, "mover")


def test_mover_difference_with_a_factor_scales_the_second_interval() -> None:
    found = mover_difference(rating(3.5, 3.2, 3.8), rating(3.0, 2.7, 3.3), factor=1.2)
    spread = math.sqrt(0.3**2 + 0.36**2)
    assert (found.value, found.lo, found.hi) == pytest.approx((-0.1, -0.1 - spread, -0.1 + spread))


def test_mover_refuses_intervals_at_different_levels() -> None:
    with pytest.raises(ValueError, match="levels differ"):
        mover_difference(rating(3.5, 3.2, 3.8), Estimate(3.0, 2.7, 3.3, 0.9, 40, "t"))


def test_quantity_can_be_given_when_the_method_says_nothing() -> None:
    now = Estimate(0.6, 0.5, 0.7, 0.95, 100, "custom")
    assessment = assess(now, parse_target("60%"), quantity=Quantity.PROPORTION)
    assert assessment.reason.startswith("60% of 100 answers (95% confidence interval 50% to 70%)")


def test_fixed_baseline_of_another_quantity_is_refused() -> None:
    with pytest.raises(ValueError, match="the estimate is a proportion but the baseline 44"):
        assess(share(0.6, 0.5, 0.7), parse_target("60%"), baseline="44")


# Reasons a non-statistician reads


@pytest.mark.parametrize(
    ("estimate", "target", "baseline"),
    [
        (proportion(38, 52), "60%", None),
        (proportion(5, 6), "60%", None),
        (proportion(66, 120), "20% increase", proportion(40, 100)),
        (proportion(33, 60), "+10pp", proportion(20, 50)),
        (rating(3.2, 2.7, 3.6, n=25), "3/5", "2/5"),
        (rating(3.9, 3.5, 4.3, n=12), "20% increase", rating(3.0, 2.6, 3.4, n=12)),
        (count(20, 12.2, 30.9), "10% reduction", count(44, 32, 59)),
        (proportion(30, 52), "20% increase", "To be established"),
    ],
)
def test_reasons_spell_out_the_interval_and_count_answers_in_words(
    estimate: Estimate, target: str, baseline: object
) -> None:
    assessment = assess(estimate, parse_target(target), baseline=baseline)  # type: ignore[arg-type]
    for text in (assessment.reason, assessment.change_reason):
        assert " CI " not in text and "n = " not in text and "times the baseline (" not in text
        assert not text[:1].islower()
    assert "confidence interval" in assessment.reason or "answers" in assessment.reason


def test_relative_target_on_a_sampled_baseline_is_read_as_a_percentage_change() -> None:
    assessment = assess(
        proportion(66, 120), parse_target("20% increase"), baseline=proportion(40, 100)
    )
    assert assessment.reason == (
        "55% of 120 answers now, against 40% of 100 answers at baseline: 38% higher than the "
        "baseline (95% confidence interval 4% higher to 85% higher) — the interval includes a "
        "20% increase on the baseline, which the target asks for, so it is not yet clear whether "
        "the target is met."
    )


def test_fall_in_a_count_is_read_as_a_percentage_lower() -> None:
    assessment = assess(
        count(20, 12.2, 30.9), parse_target("10% reduction"), baseline=count(44, 32, 59)
    )
    assert assessment.change_reason == (
        "Improved: 55% lower than the baseline (95% confidence interval 73% lower to 23% lower) "
        "— the whole interval is below 0% (no change)."
    )
