"""The SQL that counts a KPI's answers agrees with counting them one by one in Python."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from feedback.extensions import db
from feedback.models import Answer, Response
from feedback.services.kpis.aggregation import Counts, daily_counts, fold
from feedback.services.kpis.metrics import MetricKind, MetricSpec, answer_rule
from feedback.services.kpis.periods import Period, reporting_periods
from feedback.services.organisations import ensure_organisation
from feedback.services.surveys import registry
from tests.feedback.kpi_fixtures import AGREE, MEAN_SATISFACTION, add_answers

START = date(2023, 1, 1)
AS_OF = date(2023, 3, 31)
ANSWER = st.tuples(
    st.integers(min_value=-5, max_value=95),  # days after the start; some fall outside
    st.sampled_from([None, 1.0, 2.0, 3.0, 4.0, 5.0]),
    st.sampled_from(["week6", "week20"]),
    st.sampled_from(["parent", "young_person"]),
)


def _python_counts(
    answers: list[tuple[int, float | None, str, str]], first: date, last: date
) -> tuple[int, int, int, float, float]:
    """Count by hand: (answers, valid, successes, sum, sum of squares) in scope and period."""
    chosen = [
        value
        for offset, value, stage, audience in answers
        if stage == "week20"
        and audience == "parent"
        and first <= START + timedelta(days=offset) <= last
    ]
    valid = [v for v in chosen if v is not None]
    return (
        len(chosen),
        len(valid),
        sum(1 for v in valid if v >= 4),
        sum(valid),
        sum(v * v for v in valid),
    )


def _totals(organisation_id: int, spec: MetricSpec, periods: list[Period]) -> dict[Period, Counts]:
    rule = answer_rule(spec, registry())
    return fold(daily_counts(organisation_id, rule, START, AS_OF), periods)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(answers=st.lists(ANSWER, max_size=40))
def test_sql_counts_per_period_equal_a_count_in_python(
    app: Flask, answers: list[tuple[int, float | None, str, str]]
) -> None:
    with app.app_context():
        organisation = ensure_organisation("demo", "Demo Council")
        for offset, value, stage, audience in answers:
            add_answers(
                organisation.id,
                START + timedelta(days=offset),
                [value],
                stage=stage,
                audience=audience,
            )
        periods = reporting_periods(START, (1, 2), AS_OF)
        shares = _totals(organisation.id, AGREE, periods)
        means = _totals(organisation.id, replace(AGREE, kind=MetricKind.MEAN), periods)
        for period in periods:
            share, mean = shares[period], means[period]
            got = (share.answers, share.valid, share.successes, mean.total, mean.total_squares)
            assert got == _python_counts(answers, period.start, period.end), period.label
        db.session.execute(delete(Answer))
        db.session.execute(delete(Response))
        db.session.commit()


def test_sql_counts_each_scale_point_for_a_mean(app: Flask) -> None:
    with app.app_context():
        organisation = ensure_organisation("demo", "Demo Council")
        ratings = [1.0, 5.0, 5.0, 3.0, None, 4.0, 5.0]
        add_answers(organisation.id, START, ratings, question_key="overall_satisfaction")
        rule = answer_rule(MEAN_SATISFACTION, registry())
        ((_, counts),) = daily_counts(organisation.id, rule, START, START)
        expected = {v: ratings.count(v) for v in set(ratings) if v is not None}
        assert counts.score_counts == expected
        assert counts.by_group == {("week20", "parent"): 6}
