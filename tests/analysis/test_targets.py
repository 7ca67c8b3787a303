"""Reading plans' target wordings that have one meaning: levels, changes, ratings, counts."""

from __future__ import annotations

import pytest

from analysis.baselines import Baseline, Quantity, parse_baseline
from analysis.targets import Direction, Target, TargetKind, parse_target

HIGHER = Direction.HIGHER_IS_BETTER
LOWER = Direction.LOWER_IS_BETTER


def reading(target: Target) -> tuple[TargetKind, float, Direction, Quantity | None]:
    """The parts of a target most tests check, with the value rounded for floats."""
    return target.kind, round(target.value, 10), target.direction, target.quantity


# Levels of a proportion


def test_bare_percentage_is_a_level() -> None:
    assert reading(parse_target("60%")) == (TargetKind.LEVEL, 0.6, HIGHER, Quantity.PROPORTION)


def test_percentage_with_its_population_is_a_level_with_a_description() -> None:
    target = parse_target("80% of responding parents")
    assert reading(target) == (TargetKind.LEVEL, 0.8, HIGHER, Quantity.PROPORTION)
    assert target.description == "of responding parents"


def test_level_written_as_a_sentence_is_read() -> None:
    text = (
        "60% of parents/YP submitting feedback agree that the assessment process was a "
        "positive experience."
    )
    assert reading(parse_target(text)) == (TargetKind.LEVEL, 0.6, HIGHER, Quantity.PROPORTION)


def test_level_in_the_middle_of_a_sentence_is_read() -> None:
    text = (
        "Feedback following EHC assessment shows that 80% of responding parents, children "
        "and young people feel involved and listened to"
    )
    assert parse_target(text).value == pytest.approx(0.8)


@pytest.mark.parametrize("text", ["at least 75%", "75% or more", "≥ 75%", ">=75%", "75%+"])
def test_at_least_wordings_are_a_level_with_higher_better(text: str) -> None:
    assert reading(parse_target(text)) == (TargetKind.LEVEL, 0.75, HIGHER, Quantity.PROPORTION)


@pytest.mark.parametrize("text", ["increase to 75%", "rise to 75%", "reach 75%"])
def test_change_to_a_value_is_a_level(text: str) -> None:
    assert reading(parse_target(text)) == (TargetKind.LEVEL, 0.75, HIGHER, Quantity.PROPORTION)


def test_verb_far_from_to_still_gives_the_direction() -> None:
    target = parse_target("Reduce the proportion waiting over 20 weeks to 10%")
    assert reading(target) == (TargetKind.LEVEL, 0.1, LOWER, Quantity.PROPORTION)


@pytest.mark.parametrize("text", ["no more than 10%", "at most 10%", "10% or less", "≤ 10%"])
def test_at_most_wordings_are_a_level_with_lower_better(text: str) -> None:
    assert reading(parse_target(text)) == (TargetKind.LEVEL, 0.1, LOWER, Quantity.PROPORTION)


def test_rise_from_to_gives_the_level_and_keeps_the_stated_baseline() -> None:
    target = parse_target("rise from 40% to 60%")
    assert reading(target) == (TargetKind.LEVEL, 0.6, HIGHER, Quantity.PROPORTION)
    assert target.stated_baseline == pytest.approx(0.4)


def test_fall_from_to_gives_lower_is_better() -> None:
    assert parse_target("from 40% to 30%").direction is LOWER


def test_out_of_ten_parents_is_a_proportion() -> None:
    target = parse_target("8 out of 10 parents satisfied")
    assert reading(target) == (TargetKind.LEVEL, 0.8, HIGHER, Quantity.PROPORTION)


def test_level_below_a_fixed_baseline_means_lower_is_better() -> None:
    assert parse_target("30%", baseline="45%").direction is LOWER


def test_level_over_100_percent_is_refused() -> None:
    with pytest.raises(ValueError, match="over 100%"):
        parse_target("120%")


# Mean ratings


@pytest.mark.parametrize(
    ("text", "value"),
    [("3/5", 3.0), ("3 out of 5", 3.0), ("3.5/5", 3.5), ("4 out of 5 stars", 4.0)],
)
def test_ratings_are_a_mean_level_on_a_five_point_scale(text: str, value: float) -> None:
    target = parse_target(text)
    assert reading(target) == (TargetKind.LEVEL, value, HIGHER, Quantity.MEAN_RATING)
    assert target.scale == 5


def test_rating_target_on_a_rating_baseline_is_a_level() -> None:
    target = parse_target("3/5", baseline="2/5")
    assert (target.kind, target.value, target.scale) == (TargetKind.LEVEL, 3.0, 5)


def test_rating_on_another_scale_than_the_baseline_is_refused() -> None:
    with pytest.raises(ValueError, match="1-to-10 scale"):
        parse_target("7/10", baseline="2/5")


def test_rating_above_its_scale_is_not_read_as_a_rating() -> None:
    with pytest.raises(ValueError, match="6/5"):
        parse_target("6/5")


# Relative changes


@pytest.mark.parametrize("text", ["20% increase", "increase by 20%", "an increase of 20%"])
def test_percentage_increase_is_a_relative_change(text: str) -> None:
    assert reading(parse_target(text)) == (TargetKind.RELATIVE_CHANGE, 1.2, HIGHER, None)


@pytest.mark.parametrize(
    "text", ["10% reduction", "reduce by 10%", "10% decrease", "a reduction of 10%", "10% fewer"]
)
def test_percentage_reduction_is_a_relative_change_down(text: str) -> None:
    assert reading(parse_target(text)) == (TargetKind.RELATIVE_CHANGE, 0.9, LOWER, None)


def test_reduction_of_a_count_takes_the_count_from_the_baseline() -> None:
    target = parse_target("10% reduction", baseline="44 (21/22)")
    assert reading(target) == (TargetKind.RELATIVE_CHANGE, 0.9, LOWER, Quantity.COUNT)
    assert target.threshold(44.0) == pytest.approx(39.6)


def test_increase_of_a_proportion_sets_the_threshold_on_the_baseline() -> None:
    target = parse_target("20% increase", baseline="40%")
    assert target.threshold(0.4) == pytest.approx(0.48)


def test_increase_with_words_after_it_keeps_them_as_description() -> None:
    target = parse_target("20% increase in numbers of Parents/Carers satisfied.")
    assert target.description == "in numbers of Parents/Carers satisfied"


def test_double_is_a_factor_of_two() -> None:
    assert reading(parse_target("double")) == (TargetKind.RELATIVE_CHANGE, 2.0, HIGHER, None)


@pytest.mark.parametrize("text", ["halve", "reduce by half"])
def test_halve_is_a_factor_of_one_half(text: str) -> None:
    assert reading(parse_target(text)) == (TargetKind.RELATIVE_CHANGE, 0.5, LOWER, None)


def test_reduction_of_more_than_100_percent_is_refused() -> None:
    with pytest.raises(ValueError, match="more than 100%"):
        parse_target("120% reduction")


def test_relative_change_that_would_pass_100_percent_with_by_is_refused() -> None:
    with pytest.raises(ValueError, match="114%"):
        parse_target("increase by 90%", baseline="60%")


def test_explicit_increase_by_is_never_ambiguous() -> None:
    target = parse_target("increase by 60%", baseline="47%")
    assert target.threshold(0.47) == pytest.approx(0.752)


def test_bare_increase_below_a_proportion_baseline_is_relative() -> None:
    # A level of 20% would be a fall from 47%, so only the relative reading makes sense.
    target = parse_target("20% increase", baseline="47%")
    assert target.threshold(0.47) == pytest.approx(0.564)


# Absolute changes (percentage points)


@pytest.mark.parametrize(
    "text",
    [
        "increase by 10 percentage points",
        "+10pp",
        "10 percentage point increase",
        "10pp increase",
        "increase by 10 % points",
    ],
)
def test_percentage_points_are_an_absolute_change(text: str) -> None:
    expected = (TargetKind.ABSOLUTE_CHANGE, 0.1, HIGHER, Quantity.PROPORTION)
    assert reading(parse_target(text)) == expected


@pytest.mark.parametrize("text", ["increase by 5 percentage points", "5pp increase"])
def test_five_points_is_an_absolute_change_of_five_hundredths(text: str) -> None:
    assert parse_target(text).value == pytest.approx(0.05)


def test_reduction_in_percentage_points_is_negative() -> None:
    target = parse_target("reduce by 5 percentage points")
    assert (target.value, target.direction) == (pytest.approx(-0.05), LOWER)


def test_absolute_change_threshold_adds_to_the_baseline() -> None:
    assert parse_target("+10pp", baseline="47%").threshold(0.47) == pytest.approx(0.57)


def test_points_without_direction_are_refused() -> None:
    with pytest.raises(ValueError, match="rise or fall"):
        parse_target("10pp")


def test_rating_points_on_a_rating_baseline_are_an_absolute_change() -> None:
    target = parse_target("increase by 0.5 points", baseline="2/5")
    assert reading(target) == (TargetKind.ABSOLUTE_CHANGE, 0.5, HIGHER, Quantity.MEAN_RATING)


def test_points_on_a_proportion_baseline_are_percentage_points() -> None:
    assert parse_target("increase by 5 points", baseline="40%").value == pytest.approx(0.05)


# Counts and maintain


def test_fewer_than_a_number_is_a_count_level_lower_better() -> None:
    target = parse_target("fewer than 40 complaints")
    assert reading(target) == (TargetKind.LEVEL, 40.0, LOWER, Quantity.COUNT)


def test_reduce_to_a_number_is_a_count_level() -> None:
    assert reading(parse_target("reduce to 40")) == (TargetKind.LEVEL, 40.0, LOWER, Quantity.COUNT)


def test_bare_whole_number_alone_is_a_count_level() -> None:
    target = parse_target("40", baseline="44 (21/22)")
    assert reading(target) == (TargetKind.LEVEL, 40.0, LOWER, Quantity.COUNT)


def test_maintain_is_no_worse_than_the_baseline() -> None:
    target = parse_target("maintain", baseline="80%")
    assert reading(target) == (TargetKind.MAINTAIN, 0.0, HIGHER, Quantity.PROPORTION)
    assert target.threshold(0.8) == pytest.approx(0.8)


def test_maintain_at_least_a_value_is_a_level() -> None:
    assert reading(parse_target("maintain at least 80%")) == (
        TargetKind.LEVEL,
        0.8,
        HIGHER,
        Quantity.PROPORTION,
    )


# Dates and description


def test_date_after_the_target_is_kept_as_its_when() -> None:
    target = parse_target("increase to 75% by March 2024")
    assert (target.value, target.when) == (pytest.approx(0.75), "by March 2024")


def test_change_target_needs_a_baseline_for_its_threshold() -> None:
    with pytest.raises(ValueError, match="needs a baseline"):
        parse_target("20% increase").threshold()


def test_pending_baseline_leaves_the_quantity_of_a_change_open() -> None:
    target = parse_target("20% increase", baseline=Baseline.pending("n/a"))
    assert target.quantity is None


def test_baseline_may_be_given_already_parsed() -> None:
    target = parse_target("10% reduction", baseline=parse_baseline("2182"))
    assert target.threshold(2182.0) == pytest.approx(1963.8)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("60%", "at least 60%"),
        ("10% reduction", "a 10% reduction on the baseline"),
        ("80% increase", "an 80% increase on the baseline"),
        ("+10pp", "an increase of 10 percentage points on the baseline"),
        ("3/5", "at least 3 out of 5"),
        ("double", "double the baseline"),
    ],
)
def test_describe_says_the_target_in_words(text: str, words: str) -> None:
    assert parse_target(text).describe() == words


@pytest.mark.parametrize(
    "text", ["60% (baseline 47%)", "Baseline: 47%, target 60%", "60% from a baseline of 47%"]
)
def test_baseline_stated_beside_the_target_is_kept(text: str) -> None:
    target = parse_target(text)
    assert (target.value, target.stated_baseline) == (pytest.approx(0.6), pytest.approx(0.47))


@pytest.mark.parametrize("text", ["Reduce to zero", "0 complaints"])
def test_level_of_zero_means_lower_is_better(text: str) -> None:
    assert reading(parse_target(text)) == (TargetKind.LEVEL, 0.0, LOWER, Quantity.COUNT)


def test_school_year_labels_go_with_the_amount_after_them() -> None:
    target = parse_target("Year 1: 50%, Year 2: 60%")
    assert (target.when, target.later[0].when, target.later[0].target.value) == (
        "Year 1",
        "Year 2",
        pytest.approx(0.6),
    )


def test_measure_wording_with_weeks_is_not_read_as_an_amount() -> None:
    target = parse_target("95% of EHCPs issued within 20 weeks")
    assert (target.value, target.fragments) == (pytest.approx(0.95), ())
