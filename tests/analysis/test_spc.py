"""XmR and p-charts with the NHS Making Data Count rules and icons.

Most examples fix a baseline of six alternating points, 6, 14, 6, 14, 6, 14, so the limits can
be checked by hand: centre 10, every moving range 8, so the mean moving range is 8, the process
limits are 10 ± 2.66 × 8 = -11.28 and 31.28, and the 2-sigma lines are 10 ± (2/3 × 2.66) × 8 =
-4.187 and 24.187.
"""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.spc import ChartKind, p_chart, xmr_chart
from analysis.spc_icons import AssuranceIcon, Better, VariationIcon
from analysis.spc_rules import Rule, Side, Signal

BASELINE_VALUES = [6, 14, 6, 14, 6, 14]
BASELINE = range(6)


def chart_after_baseline(later: list[float], **options):
    return xmr_chart(BASELINE_VALUES + later, baseline=BASELINE, better="higher", **options)


def rules_at(chart, index: int) -> list[Rule]:
    return [signal.rule for signal in chart.points[index].signals]


# --- limits ------------------------------------------------------------------------------


def test_xmr_limits_are_mean_plus_minus_2_66_mean_moving_ranges():
    chart = chart_after_baseline([10])
    point = chart.points[-1]
    assert chart.centre == pytest.approx(10)
    assert chart.mean_moving_range == pytest.approx(8)
    assert point.lower_limit == pytest.approx(-11.28)
    assert point.upper_limit == pytest.approx(31.28)


def test_xmr_two_sigma_lines_are_two_thirds_of_the_way_to_the_limits():
    point = chart_after_baseline([10]).points[-1]
    assert point.lower_two_sigma == pytest.approx(10 - 2 / 3 * 2.66 * 8)
    assert point.upper_two_sigma == pytest.approx(24.1867, abs=1e-4)


def test_making_data_count_excel_example_matches_published_limits():
    # NHSRplotthedots vignette "Deviations from Excel defaults" (NHS-R Community, v0.2.2): this
    # series, without outlier screening, "produces the same output as Excel" — the Making Data
    # Count tool — with UPL 6.95, mean 1.94 and LPL -3.06, and one special-cause point (the 10).
    data = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]
    chart = xmr_chart(data, better="higher")
    assert round(chart.centre, 2) == 1.94
    assert round(chart.points[0].upper_limit, 2) == 6.95
    assert round(chart.points[0].lower_limit, 2) == -3.06
    assert chart.special_cause_points == (4,)
    assert chart.points[4].headline == Signal(Rule.OUTSIDE_LIMITS, Side.HIGH)


def test_baseline_points_alone_set_the_limits():
    chart = xmr_chart([6, 14, 6, 14, 100], baseline=range(4), better="higher")
    assert chart.centre == pytest.approx(10)
    assert [point.in_baseline for point in chart.points] == [True, True, True, True, False]
    assert chart.points[4].headline == Signal(Rule.OUTSIDE_LIMITS, Side.HIGH)


def test_fewer_than_twelve_baseline_points_give_trial_limits():
    assert xmr_chart(list(range(11)), better="higher").trial_limits is True


def test_twelve_baseline_points_give_firm_limits():
    assert xmr_chart(list(range(12)), better="higher").trial_limits is False


def test_a_short_fixed_baseline_gives_trial_limits_however_long_the_series():
    chart = xmr_chart([6, 14] * 10, baseline=range(6), better="higher")
    assert chart.trial_limits is True


def test_p_chart_limits_vary_with_each_periods_denominator():
    chart = p_chart([12, 30, 18, 45], [20, 50, 30, 100], better="higher")
    # pooled p = 105 / 200 = 0.525
    assert chart.kind is ChartKind.P
    assert chart.centre == pytest.approx(0.525)
    assert chart.points[0].upper_limit == pytest.approx(0.525 + 3 * math.sqrt(0.525 * 0.475 / 20))
    assert chart.points[3].lower_limit == pytest.approx(0.525 - 3 * math.sqrt(0.525 * 0.475 / 100))


def test_p_chart_lower_limit_is_clipped_at_zero():
    chart = p_chart([1, 0, 2, 1], [10, 10, 10, 10], better="higher")
    # p = 0.1, 3 sigma = 3 * sqrt(0.09 / 10) = 0.285 > 0.1
    assert chart.points[0].lower_limit == 0.0
    assert chart.points[0].lower_two_sigma == 0.0


def test_p_chart_upper_limit_is_clipped_at_one():
    chart = p_chart([9, 10, 9, 10], [10, 10, 10, 10], better="higher")
    assert chart.points[0].upper_limit == 1.0


def test_p_chart_flags_a_period_below_its_lower_limit():
    chart = p_chart([10] * 11 + [2], [20] * 12, better="higher")
    # p = 112 / 240 = 0.4667; LCL = 0.4667 - 3 * sqrt(0.4667 * 0.5333 / 20) = 0.132 > 2 / 20
    assert chart.points[-1].headline == Signal(Rule.OUTSIDE_LIMITS, Side.LOW)
    assert chart.variation is VariationIcon.CONCERNING_LOW


def test_a_point_exactly_on_a_clipped_limit_is_not_outside_it():
    chart = p_chart([0, 1, 2, 1], [10, 10, 10, 10], better="lower")
    assert chart.points[0].lower_limit == 0.0
    assert Rule.OUTSIDE_LIMITS not in rules_at(chart, 0)


# --- rules ------------------------------------------------------------------------------


def test_seven_rising_points_flag_a_trend_on_every_point_of_the_run():
    chart = chart_after_baseline([7, 8, 9, 10, 11, 12, 13, 9])
    flagged = [i for i, point in enumerate(chart.points) if Rule.TREND in rules_at(chart, i)]
    assert flagged == [6, 7, 8, 9, 10, 11, 12]
    assert chart.points[6].headline == Signal(Rule.TREND, Side.HIGH)


def test_six_rising_points_are_not_a_trend():
    chart = chart_after_baseline([7, 8, 9, 10, 11, 12, 9])
    assert chart.special_cause_points == ()


def test_seven_falling_points_flag_a_downward_trend():
    chart = chart_after_baseline([13, 12, 11, 10, 9, 8, 7])
    assert chart.points[-1].headline == Signal(Rule.TREND, Side.LOW)


def test_a_tie_breaks_a_trend():
    chart = chart_after_baseline([7, 8, 9, 9, 10, 11, 12, 13])
    assert chart.special_cause_points == ()


def test_seven_points_below_the_centre_line_flag_a_shift():
    chart = chart_after_baseline([9, 8, 9, 8, 9, 8, 9])
    flagged = [i for i, point in enumerate(chart.points) if Rule.SHIFT in rules_at(chart, i)]
    assert flagged == [6, 7, 8, 9, 10, 11, 12]
    assert chart.points[12].headline == Signal(Rule.SHIFT, Side.LOW)


def test_six_points_below_the_centre_line_are_not_a_shift():
    chart = chart_after_baseline([9, 8, 9, 8, 9, 8, 11])
    assert chart.special_cause_points == ()


def test_a_point_on_the_centre_line_breaks_a_shift():
    chart = chart_after_baseline([9, 8, 9, 10, 8, 9, 8, 9])
    assert chart.special_cause_points == ()


def test_two_of_three_close_to_the_upper_limit_flag_both_close_points():
    chart = chart_after_baseline([25, 12, 26])
    assert rules_at(chart, 6) == [Rule.TWO_OF_THREE]
    assert rules_at(chart, 7) == []
    assert chart.points[8].headline == Signal(Rule.TWO_OF_THREE, Side.HIGH)


def test_two_of_three_need_all_three_points_on_the_same_side_of_the_centre_line():
    chart = chart_after_baseline([25, 9, 26])
    assert chart.special_cause_points == ()


def test_two_of_three_on_opposite_sides_do_not_signal():
    chart = chart_after_baseline([25, 9, -5])
    assert chart.special_cause_points == ()


def test_one_of_three_close_to_a_limit_does_not_signal():
    chart = chart_after_baseline([25, 12, 12])
    assert chart.special_cause_points == ()


def test_a_point_beyond_the_limit_is_not_counted_as_close_to_it():
    chart = chart_after_baseline([33, 25, 12])
    assert rules_at(chart, 6) == [Rule.OUTSIDE_LIMITS]
    assert rules_at(chart, 7) == []


def test_every_rule_that_fires_is_recorded_in_precedence_order():
    # 11 ... 33 rise for 7 points above the centre (trend and shift); 25 and 26 are close to
    # the upper limit (2 of 3); 33 is beyond the upper limit of 31.28.
    chart = chart_after_baseline([11, 13, 15, 17, 25, 26, 33])
    assert rules_at(chart, 11) == [Rule.TREND, Rule.TWO_OF_THREE, Rule.SHIFT]
    assert rules_at(chart, 12) == [Rule.OUTSIDE_LIMITS, Rule.TREND, Rule.SHIFT]


def test_outside_limits_is_the_headline_over_every_other_rule():
    chart = chart_after_baseline([11, 13, 15, 17, 25, 26, 33])
    assert chart.points[12].headline == Signal(Rule.OUTSIDE_LIMITS, Side.HIGH)


def test_trend_is_the_headline_over_two_of_three_and_shift():
    chart = chart_after_baseline([11, 13, 15, 17, 25, 26, 33])
    assert chart.points[11].headline == Signal(Rule.TREND, Side.HIGH)


def test_two_of_three_is_the_headline_over_a_shift():
    chart = chart_after_baseline([11, 12, 11, 12, 25, 12, 26])
    assert rules_at(chart, 12) == [Rule.TWO_OF_THREE, Rule.SHIFT]
    assert chart.points[12].headline == Signal(Rule.TWO_OF_THREE, Side.HIGH)


# --- icons ------------------------------------------------------------------------------


def test_common_cause_when_the_latest_point_has_no_signal():
    assert chart_after_baseline([12]).variation is VariationIcon.COMMON_CAUSE


def test_a_high_signal_is_improving_when_higher_is_better():
    chart = chart_after_baseline([40])
    assert chart.variation is VariationIcon.IMPROVING_HIGH


def test_a_high_signal_is_concerning_when_lower_is_better():
    chart = xmr_chart([*BASELINE_VALUES, 40], baseline=BASELINE, better=Better.LOWER)
    assert chart.variation is VariationIcon.CONCERNING_HIGH


def test_a_low_signal_is_improving_when_lower_is_better():
    chart = xmr_chart([*BASELINE_VALUES, -20], baseline=BASELINE, better="lower")
    assert chart.variation is VariationIcon.IMPROVING_LOW


def test_a_signal_is_neither_improving_nor_concerning_without_a_better_direction():
    chart = xmr_chart([*BASELINE_VALUES, 40], baseline=BASELINE, better="neither")
    assert chart.variation is VariationIcon.NEITHER_HIGH


def test_the_variation_icon_reads_the_latest_point_only():
    chart = chart_after_baseline([40, 12])
    assert chart.special_cause_points == (6,)
    assert chart.variation is VariationIcon.COMMON_CAUSE


def test_a_target_above_the_upper_limit_will_consistently_fail_when_higher_is_better():
    assert chart_after_baseline([12], target=35).assurance is AssuranceIcon.CONSISTENTLY_FAIL


def test_a_target_below_the_lower_limit_will_consistently_be_hit_when_higher_is_better():
    assert chart_after_baseline([12], target=-15).assurance is AssuranceIcon.CONSISTENTLY_HIT


def test_a_target_above_the_upper_limit_will_consistently_be_hit_when_lower_is_better():
    chart = xmr_chart(BASELINE_VALUES, better="lower", target=35)
    assert chart.assurance is AssuranceIcon.CONSISTENTLY_HIT


def test_a_target_between_the_limits_is_hit_and_miss():
    assert chart_after_baseline([12], target=20).assurance is AssuranceIcon.HIT_AND_MISS


def test_no_assurance_icon_without_a_target():
    assert chart_after_baseline([12]).assurance is None


def test_no_assurance_icon_when_neither_direction_is_better():
    chart = xmr_chart(BASELINE_VALUES, better="neither", target=35)
    assert chart.assurance is None


def test_p_chart_assurance_reads_the_latest_periods_limits():
    # p = 0.5; latest n = 400 gives limits 0.5 ± 0.075, so a 60% target is above them.
    chart = p_chart([10, 200], [20, 400], better="higher", target=0.6)
    assert chart.assurance is AssuranceIcon.CONSISTENTLY_FAIL


def test_every_icon_has_a_plain_english_label():
    labels = [icon.label for icon in (*VariationIcon, *AssuranceIcon)]
    assert all(labels) and len(set(labels)) == len(labels)


# --- bad input --------------------------------------------------------------------------


def test_xmr_needs_two_baseline_points():
    with pytest.raises(ValueError, match="at least 2 baseline points"):
        xmr_chart([5], better="higher")


def test_xmr_rejects_missing_values():
    with pytest.raises(ValueError, match="finite"):
        xmr_chart([5, float("nan"), 6], better="higher")


def test_a_baseline_beyond_the_series_is_rejected():
    with pytest.raises(ValueError, match="outside"):
        xmr_chart([1, 2, 3], baseline=range(2, 5), better="higher")


def test_a_baseline_with_gaps_is_rejected():
    with pytest.raises(ValueError, match="step 1"):
        xmr_chart([1, 2, 3, 4], baseline=range(0, 4, 2), better="higher")


def test_an_unknown_better_direction_is_rejected():
    with pytest.raises(ValueError):
        xmr_chart([1, 2, 3], better="up")


def test_p_chart_rejects_more_events_than_the_denominator():
    with pytest.raises(ValueError, match="larger than its denominator"):
        p_chart([5, 11], [10, 10], better="higher")


def test_p_chart_rejects_an_empty_period():
    with pytest.raises(ValueError, match="denominator of at least 1"):
        p_chart([0, 3], [0, 10], better="higher")


def test_p_chart_rejects_a_target_that_is_not_a_proportion():
    with pytest.raises(ValueError, match="proportion"):
        p_chart([3, 4], [10, 10], better="higher", target=60)


# --- properties -------------------------------------------------------------------------


@given(st.lists(st.integers(-1000, 1000), min_size=7, max_size=30, unique=True))
def test_a_strictly_rising_series_is_a_rising_trend_at_every_point(values):
    chart = xmr_chart(sorted(values), better="higher")
    assert all(Signal(Rule.TREND, Side.HIGH) in point.signals for point in chart.points)


@given(st.integers(-1000, 1000), st.integers(2, 30))
def test_a_constant_series_has_no_special_cause(value, length):
    assert xmr_chart([value] * length, better="higher").special_cause_points == ()


@given(
    st.lists(
        st.tuples(st.integers(0, 50), st.integers(1, 50)).map(lambda t: (min(t), max(t))),
        min_size=1,
        max_size=20,
    )
)
def test_p_chart_limits_always_lie_between_zero_and_one(periods):
    chart = p_chart([x for x, _ in periods], [n for _, n in periods], better="higher")
    for point in chart.points:
        assert 0 <= point.lower_limit <= point.lower_two_sigma <= chart.centre
        assert chart.centre <= point.upper_two_sigma <= point.upper_limit <= 1
