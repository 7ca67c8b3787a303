"""Counting a survey metric's answers in SQL: one grouped query per KPI, never a loop over answers.

The query groups the KPI's answers by day and survey version (each survey key names one stage
and audience) and returns additive sums: answers, valid answers and successes, and for a mean the
sum and sum of squares of scores and the count at each scale point. A period's counts are the
sums of its days, so months, quarters and milestones all come from the same single query.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import Date, case, cast, false, func, select
from sqlalchemy.sql.elements import ColumnElement

from feedback.extensions import db
from feedback.models import Answer, Response
from feedback.services.kpis.metrics import AnswerRule
from feedback.services.kpis.periods import ONE_DAY, Period


@dataclass
class Counts:
    """What a metric's answers add up to over some days; every field is a sum, so they add."""

    answers: int = 0  # every answer to the question in scope, "Don't know" included
    valid: int = 0  # answers counted (the denominator)
    successes: int = 0
    total: float = 0.0  # sum of the valid answers' scores
    total_squares: float = 0.0
    score_counts: dict[float, int] = field(default_factory=dict)
    versions: set[str] = field(default_factory=set)
    by_group: dict[tuple[str, str], int] = field(default_factory=dict)  # (stage, audience)
    # Valid answers by where the response came from: "invitation" (a personal link) or "poster".
    by_source: dict[str, int] = field(default_factory=dict)

    def add(self, other: Counts) -> None:
        """Add ``other``'s counts into these."""
        self.answers += other.answers
        self.valid += other.valid
        self.successes += other.successes
        self.total += other.total
        self.total_squares += other.total_squares
        for score, count in other.score_counts.items():
            self.score_counts[score] = self.score_counts.get(score, 0) + count
        self.versions |= other.versions
        for group, count in other.by_group.items():
            self.by_group[group] = self.by_group.get(group, 0) + count
        for source, count in other.by_source.items():
            self.by_source[source] = self.by_source.get(source, 0) + count

    def as_inputs(self) -> dict[str, Any]:
        """Return the counts as JSON-ready inputs for a measurement."""
        return {
            "answers": self.answers,
            "valid": self.valid,
            "excluded": self.answers - self.valid,
            "successes": self.successes,
            "total": self.total,
            "total_squares": self.total_squares,
            "score_counts": {f"{score:g}": n for score, n in sorted(self.score_counts.items())},
            "by_stage_audience": {f"{s} {a}": n for (s, a), n in sorted(self.by_group.items())},
            "by_source": dict(sorted(self.by_source.items())),
        }


def daily_counts(
    organisation_id: int, rule: AnswerRule, first: date, last: date
) -> list[tuple[date, Counts]]:
    """Count a metric's answers per day from ``first`` to ``last`` (both included), in one query.

    Returns
    -------
    list of (date, Counts)
        One entry per day and survey version with answers; days in UTC.
    """
    day = _day(db.session.get_bind().dialect.name)
    valid = _matches(rule, rule.counted)
    columns = [
        func.count().label("answers"),
        func.sum(case((valid, 1), else_=0)).label("valid"),
        func.sum(case((_matches(rule, rule.success), 1), else_=0)).label("successes"),
    ]
    if rule.scores:
        # A mean needs the sum, the sum of squares and the count at each scale point; a share
        # needs none of them, so its query stays as lean as the raw GROUP BY.
        score = Answer.numeric_value
        columns += [
            func.sum(case((valid, score), else_=0.0)).label("total"),
            func.sum(case((valid, score * score), else_=0.0)).label("total_squares"),
            *(
                func.sum(case((score == point, 1), else_=0)).label(f"point_{i}")
                for i, point in enumerate(rule.scores)
            ),
        ]
    # A survey key names one stage and audience, so they are read, not grouped by: fewer keys
    # make the sort behind GROUP BY cheaper.
    keys = (day.label("day"), Response.survey_key, Response.survey_version, Response.source)
    stage, audience = func.min(Response.stage).label("stage"), func.min(Response.audience)
    query = (
        select(*keys, stage, audience.label("audience"), *columns)
        .select_from(Answer)
        .join(Response, Answer.response_id == Response.id)
        .where(
            Response.organisation_id == organisation_id,
            Answer.question_key == rule.question_key,
            Response.stage.in_(rule.stages),
            Response.audience.in_(rule.audiences),
            Response.submitted_at >= _midnight(first),
            Response.submitted_at < _midnight(last + ONE_DAY),
        )
        .group_by(*keys)
    )
    return [(_as_date(row.day), _counts(row._mapping, rule)) for row in db.session.execute(query)]


def _counts(row: Mapping[str, Any], rule: AnswerRule) -> Counts:
    """One result row as :class:`Counts`."""
    valid = int(row["valid"] or 0)
    points = {p: int(row[f"point_{i}"] or 0) for i, p in enumerate(rule.scores)}
    return Counts(
        answers=int(row["answers"]),
        valid=valid,
        successes=int(row["successes"] or 0),
        total=float(row.get("total") or 0.0),
        total_squares=float(row.get("total_squares") or 0.0),
        score_counts={point: count for point, count in points.items() if count},
        versions={f"{row['survey_key']} v{row['survey_version']}"},
        by_group={(row["stage"], row["audience"]): valid},
        by_source={str(row["source"]): valid},
    )


def fold(daily: Iterable[tuple[date, Counts]], periods: Sequence[Period]) -> dict[Period, Counts]:
    """Add each day's counts into every period that holds the day.

    Returns
    -------
    dict of Period to Counts
        Every period, with empty counts where no day fell in it.
    """
    by_day: dict[date, Counts] = {}
    for day, counts in daily:
        by_day.setdefault(day, Counts()).add(counts)
    totals = {period: Counts() for period in periods}
    for day, counts in by_day.items():
        for period in periods:
            if period.start <= day <= period.end:
                totals[period].add(counts)
    return totals


def period_counts(organisation_id: int, rule: AnswerRule, period: Period) -> Counts:
    """Return a metric's counts over one period (one grouped query)."""
    total = Counts()
    for _, counts in daily_counts(organisation_id, rule, period.start, period.end):
        total.add(counts)
    return total


def _matches(rule: AnswerRule, values: Sequence[float | str]) -> ColumnElement[bool]:
    """SQL: the answer is one of ``values`` (scale points by number, options by key)."""
    if not values:
        return false()
    column = Answer.numeric_value if rule.column == "numeric" else Answer.text_value
    return column.in_(values)


def _day(dialect: str) -> Any:
    """SQL for the UTC calendar day of a response."""
    if dialect == "postgresql":
        return cast(func.timezone("UTC", Response.submitted_at), Date)
    # SQLite stores UTC timestamps as ISO text; date() takes the day part.
    return func.date(Response.submitted_at)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
