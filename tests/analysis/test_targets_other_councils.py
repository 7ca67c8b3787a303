"""Target and baseline wordings from other councils' published SEND plans, read without guessing.

Each wording is quoted as the council published it (sources below, retrieved 2025); the
outcome must be a typed target, a pending baseline, a refusal quoting the text, or "not a
measure" - never a silent guess. The last group holds wordings plans commonly use that the
other councils' plans did not happen to contain.

Sources
-------
DEVON: Devon SEND Accelerated Progress Plan, key performance indicators (2023-24),
  devon.gov.uk/education-and-families/send-local-offer/.../accelerated-progress-plan/
  key-performance-indicators
YORK: City of York SEND Written Statement of Action 2020-22, "measures of success" columns,
  yorksend.org/help-shape-services/special-educational-needs-disabilities-local-area-
  inspection-written-statement-action/7, /9 and /10
NORFOLK: Norfolk SEND Written Statement of Action (October 2020), as reported by Planet
  Radio West Norfolk, 9 October 2020, and the Eastern Daily Press
HERTFORDSHIRE: Hertfordshire SEND priority action plan (December 2023), as quoted in the
  answer to parliamentary question 6537
SURREY: Surrey County Council, Cabinet Member's report (March 2024); Surrey Local Offer,
  "EHCNA and annual review timeliness" (June 2024); Children's select committee minutes
  (EHCP recovery plan, 2023)
BRISTOL: Bristol Written Statement of Action (2020) and quarterly performance report
  (Q1 2024/25), as reported by Chopsy Baby magazine
HILLINGDON: Hillingdon SEND & AP Strategy update, committee minutes (2025)
CHESHIRE_WEST: Cheshire West and Chester performance framework, "Increase Parent/Carer
  satisfaction with the final SEND EHCP"
CHESHIRE_EAST: Cheshire East Local Offer, "Timeliness and quality of EHC plans"
GLOUCESTERSHIRE: Gloucestershire One Plan for children and young people 2024-2030, "How we
  will measure our success"
SOUTHEND: Southend SEND Local Offer, recommendation 3 update (October 2025)
SUFFOLK: Suffolk EHCP timeliness, as reported by the Eastern Daily Press (2020)
DFE: DfE, Experiences of EHC plans survey (2017), as presented to London SEND managers
"""

from __future__ import annotations

import pytest

from analysis.baselines import Quantity
from analysis.targets import Direction, NotAMeasure, Target, TargetKind, parse_target

HIGHER = Direction.HIGHER_IS_BETTER
LOWER = Direction.LOWER_IS_BETTER
LEVEL = TargetKind.LEVEL
SHARE = Quantity.PROPORTION


def reading(target: Target) -> tuple[TargetKind, float, Direction, Quantity | None]:
    return target.kind, round(target.value, 10), target.direction, target.quantity


# Levels of a share, in the councils' own sentences


@pytest.mark.parametrize(
    ("text", "baseline", "value", "direction"),
    [
        # DEVON: parent carers rating services "good" or better, baseline 8% (May 23).
        ("90%", "8% (May 23)", 0.9, HIGHER),
        ("15%", "8% (May 23)", 0.15, HIGHER),
        ("30%", "8% (May 23)", 0.3, HIGHER),
        # DEVON: absence of pupils with SEN support; the England average is the target.
        ("10% (England average 21/22)", "10.9% (academic year 21/22)", 0.1, LOWER),
        ("12.1% (England average 21/22)", "12.7% (academic year 21/22)", 0.121, LOWER),
        # DEVON: EHC assessment requests as a share of the population.
        ("0.68% (national SEN2 2022)", "0.97% (academic year 21/22)", 0.0068, LOWER),
        ("1.05%", "0.97% (academic year 21/22)", 0.0105, HIGHER),
        # YORK, area 3 and 4 measures of success.
        (
            "The model will be published on the Local Offer, and of families surveyed 75% "
            "indicate an increase in awareness of how young people, parents and carers can be "
            "involved in co-producing local services in York.",
            None,
            0.75,
            HIGHER,
        ),
        (
            "95% of case files audited indicate the voice of the child and young person is "
            "evident throughout.",
            None,
            0.95,
            HIGHER,
        ),
        # HERTFORDSHIRE: the priority action plan's timeliness target.
        (
            "complete 60% of all new Education, Health and Care needs assessments within the "
            "statutory 20 week deadline",
            None,
            0.6,
            HIGHER,
        ),
        # SURREY: the ambition stated to the select committee.
        ("ultimately the ambition was 100% wherever feasible", None, 1.0, HIGHER),
        # BRISTOL: internal timeliness target, and a WSoA training measure.
        ("internal target of 50 per cent", None, 0.5, HIGHER),
        ("At least 50 per cent of Bristol SendCos will have SEMH training", None, 0.5, HIGHER),
        # CHESHIRE_EAST and SUFFOLK: timeliness as reported against targets.
        ("79% of plans due in May on time", None, 0.79, HIGHER),
        ("above the 60% national target", None, 0.6, HIGHER),
        # DFE: the national satisfaction figure, worded as plans quote it.
        (
            "66% of parents and young people were satisfied with the overall process of "
            "getting an EHC plan",
            None,
            0.66,
            HIGHER,
        ),
    ],
)
def test_councils_level_wordings_are_read_as_levels(
    text: str, baseline: str | None, value: float, direction: Direction
) -> None:
    assert reading(parse_target(text, baseline=baseline)) == (LEVEL, value, direction, SHARE)


def test_two_decimal_percentage_target_is_described_as_printed() -> None:
    # DEVON: a 0.68% target must not be shown to a lead as "at most 0.7%".
    target = parse_target("0.68% (national SEN2 2022)", baseline="0.97% (academic year 21/22)")
    assert target.describe() == "at most 0.68%"


def test_benchmark_note_after_a_target_is_kept_as_printed() -> None:
    # DEVON
    target = parse_target("10% (England average 21/22)", baseline="10.9% (academic year 21/22)")
    assert target.fragments == ("(England average 21/22)",)


@pytest.mark.parametrize(
    ("text", "when"),
    [
        # YORK, area 3: 90% of EHCPs show effective co-production by May 2021.
        (
            "Case file audits and quality assurance will indicate that by May 2021 90% of "
            "Education, Helath and Care Plan's (EHCPs) indicate effective co-production with "
            "children, young people, families and partner agencies",
            "by May 2021",
        ),
        # YORK, area 4.
        (
            "By September 2021 98% of EHCP's scored through auditing and quality assurance are "
            "consistent, compliant and of a high standard.",
            "By September 2021",
        ),
        # SURREY: a date with no year stays with its target.
        ("60% EHCP timeliness by May", "by May"),
        (
            "70% of EHCNAs being completed on time by the end of the summer",
            "by the end of the summer",
        ),
    ],
)
def test_councils_dated_levels_keep_their_date(text: str, when: str) -> None:
    assert parse_target(text).when == when


def test_satisfaction_consistently_above_a_level_is_a_level_higher_is_better() -> None:
    # YORK, area 4: "consistently above 90% by September 2021".
    text = (
        "Satisfaction rates from children, young people and families demonstrate incremental "
        "rise over the next 12 months, and show a satisfaction level that is consistently above "
        "90% by September 2021."
    )
    target = parse_target(text)
    assert reading(target) == (LEVEL, 0.9, HIGHER, SHARE)
    assert "by September 2021" in (target.when or "")


def test_from_and_at_least_gives_the_level_and_the_stated_baseline() -> None:
    # NORFOLK: "from 8% to at least 60% in the next 18 months".
    text = (
        "improve the proportion of EHCPs completed in timescale from 8% to at least 60% in the "
        "next 18 months"
    )
    target = parse_target(text)
    assert reading(target) == (LEVEL, 0.6, HIGHER, SHARE)
    assert target.stated_baseline == pytest.approx(0.08)


def test_hyphenated_statutory_period_is_wording_not_a_number() -> None:
    # HILLINGDON: "20-week" is the measure's definition, not an unread fragment.
    target = parse_target(
        "compliance with the 20-week statutory deadline improving from 54% to 85%"
    )
    assert reading(target) == (LEVEL, 0.85, HIGHER, SHARE)
    assert (target.stated_baseline, target.fragments) == (pytest.approx(0.54), ())


# Aims with no number: not a measure, never read as "maintain"


@pytest.mark.parametrize(
    "text",
    [
        # YORK, area 1: "sustained progress" is not a target to hold the baseline.
        "All key performance indicators and stretched targets are shown through the integrated "
        "data dashboard and indicate steady and sustained progress against the areas of "
        "improvement.",
        # BRISTOL WSoA.
        "Educational Psychologist reports will all be on time by November 2020",
        # CHESHIRE_WEST.
        "Increase Parent/Carer satisfaction with the final SEND Education Heath and Care Plan "
        "(EHCP)",
        # GLOUCESTERSHIRE.
        "The quality of Education, Health and Care Plans for those children who need them will "
        "increase and the number of tribunals will reduce",
        "Waiting lists for specialist services will reduce",
        # SOUTHEND: a duration, which is the measure's wording, not a share to judge.
        "reduced the backlog of EHC needs assessments to under 30 weeks",
        # Common wordings.
        "Year on year improvement",
        "sustained improvement",
    ],
)
def test_councils_aims_without_a_number_are_not_a_measure(text: str) -> None:
    with pytest.raises(NotAMeasure, match="no number to judge"):
        parse_target(text)


def test_year_in_an_aim_is_refused_quoting_the_text() -> None:
    # BRISTOL WSoA: "2020" is neither a target nor a date the parser can place.
    text = "All 2020 EHCP backlog will be cleared by November 2020"
    with pytest.raises(ValueError, match="All 2020 EHCP backlog"):
        parse_target(text)


# Benchmarks without a value, and amounts in words: refused, not guessed


@pytest.mark.parametrize(
    ("text", "benchmark"),
    [
        ("above the national average", "national average"),
        ("in line with statistical neighbours", "statistical neighbours"),
        ("Top quartile", "Top quartile"),
        # DEVON: a suspension rate per 100 pupils, a bare decimal, against the England average.
        ("18.59 (England average 21/22)", "England average"),
    ],
)
def test_benchmark_without_its_value_is_refused_naming_it(text: str, benchmark: str) -> None:
    with pytest.raises(
        ValueError, match=f"compares with '{benchmark}' but does not give"
    ) as raised:
        parse_target(text)
    assert not isinstance(raised.value, NotAMeasure)


def test_benchmark_with_its_value_is_read_as_that_level() -> None:
    assert reading(parse_target("In line with national average of 49.2%")) == (
        LEVEL,
        0.492,
        HIGHER,
        SHARE,
    )


@pytest.mark.parametrize(
    "text", ["seventy five percent", "two thirds of parents", "Over half of parents"]
)
def test_amount_in_words_is_refused_asking_for_figures(text: str) -> None:
    with pytest.raises(ValueError, match="gives its amount in words"):
        parse_target(text)


@pytest.mark.parametrize("text", ["average rating of 4 or above", "rating of at least 4"])
def test_rating_without_a_scale_is_refused_not_read_as_a_count(text: str) -> None:
    with pytest.raises(ValueError, match="is not a percentage, a rating"):
        parse_target(text)


# Common plan wordings


@pytest.mark.parametrize(
    ("text", "value", "direction"),
    [
        ("Increase to 75% by March 2025", 0.75, HIGHER),
        ("75%+", 0.75, HIGHER),
        ("≥ 75 %", 0.75, HIGHER),
        ("75 per cent", 0.75, HIGHER),
        ("90% of EHCPs issued within 20 weeks (excluding exceptions)", 0.9, HIGHER),
        ("maintain at or above 80%", 0.8, HIGHER),
        ("maintain at or below 5%", 0.05, LOWER),
        ("at least 4 out of 5 parents", 0.8, HIGHER),
    ],
)
def test_common_level_wordings_are_read_as_levels(
    text: str, value: float, direction: Direction
) -> None:
    assert reading(parse_target(text)) == (LEVEL, value, direction, SHARE)


@pytest.mark.parametrize(
    ("text", "value"), [("at least 3.5 out of 5", 3.5), ("4/5 average rating", 4)]
)
def test_common_rating_wordings_are_mean_levels_on_five(text: str, value: float) -> None:
    target = parse_target(text)
    assert reading(target) == (LEVEL, value, HIGHER, Quantity.MEAN_RATING)
    assert target.scale == 5


@pytest.mark.parametrize(
    ("text", "factor", "direction"),
    [("Reduce by a third", 2 / 3, LOWER), ("Increase by a quarter", 1.25, HIGHER)],
)
def test_fraction_of_the_baseline_is_a_relative_change(
    text: str, factor: float, direction: Direction
) -> None:
    target = parse_target(text)
    assert (target.kind, target.direction) == (TargetKind.RELATIVE_CHANGE, direction)
    assert target.value == pytest.approx(factor)


def test_fraction_without_a_direction_is_refused() -> None:
    with pytest.raises(ValueError, match="does not say whether the value should rise or fall"):
        parse_target("by a third")


def test_increase_from_to_keeps_the_stated_baseline() -> None:
    target = parse_target("increase from 35% to 50%")
    assert (reading(target), target.stated_baseline) == ((LEVEL, 0.5, HIGHER, SHARE), 0.35)


def test_trailing_from_is_the_stated_baseline_of_the_target_before_it() -> None:
    target = parse_target("Improve to 65% (from 52%)")
    assert (reading(target), target.stated_baseline, target.fragments) == (
        (LEVEL, 0.65, HIGHER, SHARE),
        0.52,
        (),
    )


def test_end_of_year_dates_stay_with_their_own_amounts() -> None:
    target = parse_target("60% by end of year 1, 80% by end of year 2")
    assert target.when == "by end of year 1"
    assert [(h.target.value if h.target else None, h.when) for h in target.later] == [
        (0.8, "by end of year 2")
    ]
