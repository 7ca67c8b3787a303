"""Recompute: each verdict and each status from answers, written back once per KPI and period.

The plan starts on 1 January 2023 with Dudley's scale; the KPI's target is 60% with milestones
50% at 3 months (due 1 April) and 55% at 6 months, on a baseline of 47%. Intervals are checked
against statsmodels and scipy, an independent calculation.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from scipy import stats
from sqlalchemy import event, func, select
from statsmodels.stats.proportion import proportion_confint

from feedback.extensions import db
from feedback.models import Case
from feedback.models.kpis import Kpi, KpiMeasurement, ManualEntry
from feedback.services.kpis.metrics import MetricKind, MetricSpec
from feedback.services.kpis.recompute import Settings, recompute_kpi, recompute_plans
from tests.feedback.kpi_fixtures import (
    AGREE,
    MEAN_SATISFACTION,
    add_answers,
    agree_answers,
    make_kpi,
    make_plan,
    measured,
    set_metric,
)

SETTINGS = Settings(level=0.95, min_n=10)
Q1, Q2 = date(2023, 1, 1), date(2023, 4, 1)
FEBRUARY, MAY = date(2023, 2, 10), date(2023, 5, 10)
END_OF_Q2 = date(2023, 6, 30)


@pytest.fixture
def context(app: Flask) -> Iterator[None]:
    with app.app_context():
        yield


def _kpi(baseline: str = "47%", target: str = "60%", spec: MetricSpec = AGREE) -> Kpi:
    plan = make_plan()
    kpi = make_kpi(
        plan, baseline=baseline, milestone_3m="50%", milestone_6m="55%", milestone_12m=target
    )
    set_metric(kpi, spec)
    return kpi


def _quarter(kpi: Kpi, start: date, answers: list[float | None], on: date) -> KpiMeasurement:
    add_answers(kpi.plan.organisation_id, on, answers)
    recompute_kpi(kpi, as_of=END_OF_Q2, settings=SETTINGS)
    return measured(kpi, "quarter", start)


@pytest.mark.parametrize(
    ("agree", "disagree", "verdict"),
    [(45, 5, "met"), (10, 40, "not_met"), (30, 20, "inconclusive"), (6, 3, "insufficient_data")],
)
def test_recompute_gives_the_verdict_of_the_whole_interval_rule(
    context: None, agree: int, disagree: int, verdict: str
) -> None:
    kpi = _kpi()
    quarter = _quarter(kpi, Q1, agree_answers(agree, disagree), FEBRUARY)
    assert quarter.verdict == verdict
    assert quarter.n == agree + disagree


def test_recompute_stores_the_wilson_interval_that_statsmodels_gives(context: None) -> None:
    kpi = _kpi()
    quarter = _quarter(kpi, Q1, agree_answers(30, 20), FEBRUARY)
    lo, hi = proportion_confint(30, 50, alpha=0.05, method="wilson")
    assert (quarter.value, quarter.lo, quarter.hi) == pytest.approx((0.6, lo, hi), abs=1e-9)
    assert (quarter.method, quarter.level, quarter.source) == ("wilson", 0.95, "survey")
    assert quarter.inputs["successes"] == 30
    assert quarter.survey_versions == ["week20_parent v1"]


@pytest.mark.parametrize(
    ("agree", "disagree", "status"),
    [
        (10, 40, "off_track"),  # 20% (11% to 33%) is wholly below the 50% milestone due
        (80, 50, "on_track"),  # 62% (53% to 70%): above the milestone and the 47% baseline
        (26, 24, "at_risk"),  # 52% (39% to 65%): on the milestone, no improvement evidenced
        (45, 5, "complete"),  # 90% (79% to 96%): the 60% target is met
        (4, 1, "insufficient_data"),
    ],
)
def test_recompute_gives_the_status_from_the_milestone_due(
    context: None, agree: int, disagree: int, status: str
) -> None:
    kpi = _kpi()
    quarter = _quarter(kpi, Q2, agree_answers(agree, disagree), MAY)
    assert quarter.status == status
    assert quarter.milestone_months == 3


def test_a_target_met_again_with_improvement_is_embedded(context: None) -> None:
    kpi = _kpi()
    add_answers(kpi.plan.organisation_id, FEBRUARY, agree_answers(45, 5))
    quarter = _quarter(kpi, Q2, agree_answers(45, 5), MAY)
    assert measured(kpi, "quarter", Q1).status == "complete"
    assert (quarter.status, quarter.change) == ("embedded", "improved")


def test_a_pending_baseline_gives_no_status_even_when_the_level_is_met(context: None) -> None:
    kpi = _kpi(baseline="n/a")
    quarter = _quarter(kpi, Q1, agree_answers(45, 5), FEBRUARY)
    assert (quarter.verdict, quarter.status) == ("met", "no_status")


def test_fewer_answers_than_the_minimum_store_no_value(context: None) -> None:
    kpi = _kpi()
    quarter = _quarter(kpi, Q1, agree_answers(9, 0), FEBRUARY)
    assert (quarter.n, quarter.value, quarter.lo, quarter.hi) == (9, None, None, None)


def test_the_minimum_number_of_answers_shows_a_value(context: None) -> None:
    kpi = _kpi()
    quarter = _quarter(kpi, Q1, agree_answers(10, 0), FEBRUARY)
    assert (quarter.n, quarter.value) == (10, 1.0)


def test_dont_know_answers_are_left_out_of_the_rate(context: None) -> None:
    kpi = _kpi()
    quarter = _quarter(kpi, Q1, [*agree_answers(8, 4), None, None, None], FEBRUARY)
    assert (quarter.n, quarter.value) == (12, pytest.approx(8 / 12))
    assert (quarter.inputs["answers"], quarter.inputs["excluded"]) == (15, 3)


def test_answers_of_other_stages_audiences_and_councils_are_not_counted(context: None) -> None:
    kpi = _kpi()
    organisation = kpi.plan.organisation_id
    add_answers(organisation, FEBRUARY, agree_answers(0, 7), stage="week6")
    add_answers(organisation, FEBRUARY, agree_answers(0, 7), audience="young_person")
    other = make_plan(organisation="elsewhere")
    add_answers(other.organisation_id, FEBRUARY, agree_answers(0, 7))
    quarter = _quarter(kpi, Q1, agree_answers(12, 0), FEBRUARY)
    assert (quarter.n, quarter.value) == (12, 1.0)


def test_a_mean_rating_has_the_t_interval_scipy_gives(context: None) -> None:
    kpi = _kpi(baseline="2/5", target="3/5", spec=MEAN_SATISFACTION)
    ratings = [1.0, 2.0, 3.0, 4.0, 5.0, 4.0, 4.0, 5.0, 3.0, 4.0, 2.0, 5.0]
    add_answers(kpi.plan.organisation_id, FEBRUARY, ratings, question_key="overall_satisfaction")
    recompute_kpi(kpi, as_of=END_OF_Q2, settings=SETTINGS)
    quarter = measured(kpi, "quarter", Q1)
    mean = sum(ratings) / len(ratings)
    lo, hi = stats.t.interval(0.95, len(ratings) - 1, loc=mean, scale=stats.sem(ratings))
    assert (quarter.value, quarter.lo, quarter.hi) == pytest.approx((mean, lo, hi), abs=1e-9)
    assert quarter.inputs["total_squares"] == sum(r * r for r in ratings)
    assert quarter.method == "t"


def test_a_count_entered_by_hand_has_the_exact_poisson_interval(context: None) -> None:
    kpi = _kpi(
        baseline="44 (21/22)", target="10% reduction", spec=MetricSpec(MetricKind.MANUAL_COUNT)
    )
    kpi.manual_entries.append(
        ManualEntry(period_start=date(2023, 1, 1), period_end=date(2023, 12, 31), count=30)
    )
    recompute_kpi(kpi, as_of=date(2024, 1, 31), settings=SETTINGS)
    entered = measured(kpi, "entered", date(2023, 1, 1))
    lo, hi = stats.chi2.ppf(0.025, 60) / 2, stats.chi2.ppf(0.975, 62) / 2
    assert (entered.value, entered.lo, entered.hi) == pytest.approx((30, lo, hi), abs=1e-6)
    # 39.6 (44 less 10%) lies inside 20.2 to 42.8.
    assert (entered.verdict, entered.threshold) == ("inconclusive", pytest.approx(39.6))


def test_timeliness_is_the_share_of_plans_issued_within_20_weeks(context: None) -> None:
    kpi = _kpi(baseline="47%", target="60%", spec=MetricSpec(MetricKind.TIMELINESS))
    issued = date(2023, 2, 20)
    for number, weeks in enumerate([18] * 9 + [24] * 3):
        db.session.add(
            Case(
                organisation_id=kpi.plan.organisation_id,
                reference=f"C{number:03d}",
                request_date=issued - timedelta(weeks=weeks),
                final_plan_date=issued,
            )
        )
    recompute_kpi(kpi, as_of=END_OF_Q2, settings=SETTINGS)
    quarter = measured(kpi, "quarter", Q1)
    lo, hi = proportion_confint(9, 12, alpha=0.05, method="wilson")
    assert (quarter.n, quarter.value, quarter.source) == (12, 0.75, "case_dates")
    assert (quarter.lo, quarter.hi) == pytest.approx((lo, hi), abs=1e-9)


def test_recompute_writes_months_quarters_and_milestones_begun_by_the_day(context: None) -> None:
    kpi = _kpi()
    recompute_kpi(kpi, as_of=date(2023, 4, 15), settings=SETTINGS)
    kinds = sorted((m.period_kind, m.period_start.isoformat()) for m in kpi.measurements)
    assert kinds == [
        ("milestone", "2023-01-01"),
        ("milestone", "2023-04-01"),
        ("month", "2023-01-01"),
        ("month", "2023-02-01"),
        ("month", "2023-03-01"),
        ("month", "2023-04-01"),
        ("quarter", "2023-01-01"),
        ("quarter", "2023-04-01"),
    ]
    assert measured(kpi, "quarter", Q2).data_to == date(2023, 4, 15)


def test_recompute_run_twice_replaces_and_never_duplicates(context: None) -> None:
    kpi = _kpi()
    add_answers(kpi.plan.organisation_id, FEBRUARY, agree_answers(30, 20))
    recompute_plans([kpi.plan], as_of=END_OF_Q2, settings=SETTINGS)
    first = {m.id: (m.period_kind, m.period_start, m.value) for m in kpi.measurements}
    add_answers(kpi.plan.organisation_id, FEBRUARY, agree_answers(10, 0))
    recompute_plans([kpi.plan], as_of=END_OF_Q2, settings=SETTINGS)
    second = {m.id: (m.period_kind, m.period_start, m.value) for m in kpi.measurements}
    assert second.keys() == first.keys()
    assert db.session.scalar(select(func.count(KpiMeasurement.id))) == len(first)
    assert measured(kpi, "quarter", Q1).value == pytest.approx(40 / 60)


def test_recompute_as_of_an_earlier_day_removes_the_later_periods(context: None) -> None:
    kpi = _kpi()
    recompute_kpi(kpi, as_of=END_OF_Q2, settings=SETTINGS)
    recompute_kpi(kpi, as_of=date(2023, 2, 15), settings=SETTINGS)
    assert max(m.period_start for m in kpi.measurements) == date(2023, 2, 1)


def test_recompute_reads_the_answers_with_one_query_per_kpi(context: None) -> None:
    kpi = _kpi()
    add_answers(kpi.plan.organisation_id, FEBRUARY, agree_answers(30, 20))
    statements: list[str] = []

    def record(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        recompute_kpi(kpi, as_of=END_OF_Q2, settings=SETTINGS)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    reading_answers = [s for s in statements if "FROM answer" in s]
    assert len(reading_answers) == 1
    assert "GROUP BY" in reading_answers[0]


def test_the_recompute_command_run_twice_leaves_one_measurement_per_period(
    app: Flask, runner: FlaskCliRunner
) -> None:
    with app.app_context():
        kpi = _kpi()
        add_answers(kpi.plan.organisation_id, FEBRUARY, agree_answers(30, 20))
        db.session.commit()
    for _ in range(2):
        result = runner.invoke(args=["kpis", "recompute", "--as-of", "2023-06-30"])
        assert result.exit_code == 0, result.output
    assert "Recomputed 1 KPI of 1 plan as of 2023-06-30: 10 measurements written." in result.output
    with app.app_context():
        # 6 months, 2 quarters and 2 milestone periods (the 12-month one begins on 1 July).
        assert db.session.scalar(select(func.count(KpiMeasurement.id))) == 10


def test_a_baseline_that_cannot_be_compared_stops_only_that_kpis_status(context: None) -> None:
    kpi = _kpi(baseline="n/a", target="20% increase")
    kpi.measurements.append(
        KpiMeasurement(
            period_kind="baseline",
            period_start=date(2022, 10, 1),
            period_end=date(2022, 12, 31),
            data_to=date(2022, 12, 31),
            label="Baseline",
            n=40,
            value=0.4,
            lo=0.3,
            hi=0.5,
            level=0.9,  # measured before the confidence level setting changed
            method="wilson",
            status="no_status",
            source="survey",
        )
    )
    quarter = _quarter(kpi, Q1, agree_answers(30, 20), FEBRUARY)
    assert quarter.status == "no_status"
    assert "level" in quarter.reason
