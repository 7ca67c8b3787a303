"""Wordings the parser must not settle alone: ambiguity, zero baselines, activities, horizons."""

from __future__ import annotations

import pytest

from analysis.baselines import Quantity
from analysis.targets import (
    AmbiguousTarget,
    BaselineMilestone,
    NotAMeasure,
    NoTarget,
    RelativeToZero,
    TargetKind,
    parse_target,
)

# Ambiguity


def test_sixty_percent_increase_on_47_percent_is_ambiguous() -> None:
    with pytest.raises(AmbiguousTarget) as raised:
        parse_target("60% increase", baseline="47%")
    level, relative = raised.value.readings
    assert (level.kind, level.value) == (TargetKind.LEVEL, pytest.approx(0.6))
    assert (relative.kind, relative.threshold(0.47)) == (
        TargetKind.RELATIVE_CHANGE,
        pytest.approx(0.752),
    )


def test_ambiguous_message_quotes_the_text_and_both_readings() -> None:
    with pytest.raises(AmbiguousTarget, match=r"'60% increase'.*at least 60%.*60% increase on"):
        parse_target("60% increase", baseline="47%")


def test_ambiguous_target_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="ambiguous"):
        parse_target("60% increase", baseline="47%")


def test_increase_whose_relative_reading_passes_100_percent_keeps_only_the_level() -> None:
    with pytest.raises(AmbiguousTarget) as raised:
        parse_target("90% increase", baseline="60%")
    assert [r.kind for r in raised.value.readings] == [TargetKind.LEVEL]
    assert "impossible" in raised.value.reason


def test_bare_reduction_above_the_level_is_ambiguous() -> None:
    with pytest.raises(AmbiguousTarget) as raised:
        parse_target("10% reduction", baseline="30%")
    assert [round(r.threshold(0.3), 4) for r in raised.value.readings] == [0.1, 0.27]


def test_bare_increase_after_level_milestones_is_ambiguous() -> None:
    with pytest.raises(AmbiguousTarget, match="milestones before it are levels"):
        parse_target("75% increase", milestone_levels=[0.5])


def test_bare_increase_below_the_level_milestones_stays_relative() -> None:
    target = parse_target("10% increase", milestone_levels=[0.5])
    assert target.kind is TargetKind.RELATIVE_CHANGE


def test_points_without_a_baseline_are_ambiguous_between_scales() -> None:
    with pytest.raises(AmbiguousTarget) as raised:
        parse_target("increase by 2 points")
    assert [r.quantity for r in raised.value.readings] == [
        Quantity.PROPORTION,
        Quantity.MEAN_RATING,
    ]


# Zero baselines


def test_relative_increase_on_zero_percent_offers_only_the_level() -> None:
    with pytest.raises(RelativeToZero) as raised:
        parse_target("60% increase", baseline="0%")
    (level,) = raised.value.readings
    assert (level.kind, level.value) == (TargetKind.LEVEL, pytest.approx(0.6))


def test_relative_to_zero_is_an_ambiguous_target() -> None:
    with pytest.raises(AmbiguousTarget, match="no meaning"):
        parse_target("60% increase", baseline="0")


def test_increase_by_a_percentage_from_zero_is_an_error() -> None:
    with pytest.raises(ValueError, match="relative change from a baseline of 0"):
        parse_target("increase by 20%", baseline="0")


def test_reduction_from_zero_is_an_error() -> None:
    with pytest.raises(ValueError, match="relative change from a baseline of 0"):
        parse_target("10% reduction", baseline="0")


def test_percentage_points_from_zero_are_fine() -> None:
    assert parse_target("+10pp", baseline="0%").threshold(0.0) == pytest.approx(0.1)


def test_bare_level_beside_a_zero_baseline_is_a_level() -> None:
    target = parse_target("50%", baseline="0")
    assert (target.kind, target.value) == (TargetKind.LEVEL, 0.5)


# Several horizons in one cell


def test_first_of_several_levels_is_the_target_and_later_ones_keep_their_dates() -> None:
    target = parse_target("20% 2 years 40% 5 years 90%")
    assert target.value == pytest.approx(0.2)
    later = [(h.when, h.target.value) for h in target.later if h.target]
    assert later == [("2 years", pytest.approx(0.4)), ("5 years", pytest.approx(0.9))]


def test_later_bare_percentage_continues_a_reduction() -> None:
    target = parse_target("2% reduction (6% by March 2024).", baseline="2182")
    assert target.value == pytest.approx(0.98)
    (horizon,) = target.later
    assert (horizon.when, horizon.target.value) == ("by March 2024", pytest.approx(0.94))


def test_later_horizon_without_a_number_is_kept_as_text() -> None:
    text = (
        "10% increase 25% increase (April 2024) All young people offered an in-borough "
        "option April 2027)"
    )
    target = parse_target(text, baseline="5")
    second, third = target.later
    assert (second.when, second.target.value) == ("April 2024", pytest.approx(1.25))
    assert (third.text, third.when, third.target) == (
        "All young people offered an in-borough option",
        "April 2027",
        None,
    )


def test_later_horizon_on_a_zero_baseline_keeps_its_readings() -> None:
    with pytest.raises(RelativeToZero) as raised:
        parse_target("10% increase 25% increase (April 2024)", baseline="0")
    horizon = raised.value.readings[0].later[0]
    assert horizon.target is None
    assert horizon.readings[0].value == pytest.approx(0.25)


# Activities and unreadable text


@pytest.mark.parametrize(
    "text",
    [
        "Targets set.",
        "Touchpoint with stakeholders to assess interim progress.",
        "First evaluation completed.",
        "First evaluation (Summer 2023)",
        "A measurable increase",
    ],
)
def test_activities_are_not_a_measure(text: str) -> None:
    with pytest.raises(NotAMeasure, match="not a measure"):
        parse_target(text)


@pytest.mark.parametrize("text", ["n/a", "", "TBC", "-"])
def test_no_target_given_is_not_a_measure(text: str) -> None:
    with pytest.raises(NoTarget, match="no target is given"):
        parse_target(text)


@pytest.mark.parametrize(
    "text", ["Baseline established", "Baselining completed & targets set.", "Baseline confirmed."]
)
def test_baseline_milestones_say_the_baseline_comes_first(text: str) -> None:
    with pytest.raises(BaselineMilestone, match="measures the baseline first"):
        parse_target(text)


def test_baseline_milestone_keeps_its_garbled_fragment() -> None:
    with pytest.raises(BaselineMilestone) as raised:
        parse_target("Baseline established (50. 2022)")
    assert raised.value.fragments == ("(50. 2022)",)


def test_garbled_fragment_after_a_target_is_kept_not_read() -> None:
    target = parse_target("20% increase. (.p. 2020)")
    assert (target.value, target.fragments) == (pytest.approx(1.2), ("(.p. 2020)",))


def test_numbers_that_are_no_target_raise_quoting_the_text() -> None:
    with pytest.raises(ValueError, match=r"cannot read a target from 'see annex 2b'"):
        parse_target("see annex 2b")


def test_change_without_a_direction_is_refused() -> None:
    with pytest.raises(ValueError, match="rise or fall"):
        parse_target("by 10%")


@pytest.mark.parametrize("text", ["60-70%", "between 60% and 70%", "60% to 70%"])
def test_range_is_ambiguous_between_its_ends(text: str) -> None:
    with pytest.raises(AmbiguousTarget, match="range") as raised:
        parse_target(text)
    assert [r.value for r in raised.value.readings] == [pytest.approx(0.6), pytest.approx(0.7)]


@pytest.mark.parametrize("text", ["4 stars", "4*"])
def test_stars_without_a_scale_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="cannot read a target"):
        parse_target(text)


def test_one_in_three_is_refused_rather_than_guessed() -> None:
    with pytest.raises(ValueError, match="'1 in 3 parents'"):
        parse_target("1 in 3 parents")
