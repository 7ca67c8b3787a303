"""The stages of an EHC needs assessment with their statutory due dates (DESIGN.md §3).

The assessment runs 20 weeks from the request: decision whether to assess by week 6, draft plan
by week 16, final plan by week 20; then an annual review every 12 months from the final plan.
Due dates tell case officers what is late; invitations follow only the dates that happened
(``eligibility``).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app

from feedback.models import Case, Stage

STATUTORY_WEEKS: dict[str, int] = {
    Stage.WEEK6.value: 6,
    Stage.WEEK16.value: 16,
    Stage.WEEK20.value: 20,
}
ANNUAL_REVIEW_MONTHS = 12


@dataclass(frozen=True, slots=True)
class StageEvent:
    """One stage of a case: its statutory due date and the date it actually happened, if known.

    ``annual_review_id`` is set for an annual review recorded in the case system; the next review
    not yet recorded has only a due date.
    """

    stage: str
    due: date | None
    actual: date | None
    annual_review_id: int | None = None

    def is_late(self, today: date) -> bool:
        """Return whether the stage happened after its due date, or is overdue and not done."""
        if self.due is None:
            return False
        return (self.actual or today) > self.due


def add_months(day: date, months: int) -> date:
    """Return ``day`` moved by ``months`` calendar months (31st → the month's last day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def stage_events(case: Case) -> list[StageEvent]:
    """Return the case's stages in order: weeks 6, 16 and 20, each recorded annual review, and
    the next annual review due (once the final plan is issued)."""
    actual = {
        Stage.WEEK6.value: case.decision_date,
        Stage.WEEK16.value: case.draft_plan_date,
        Stage.WEEK20.value: case.final_plan_date,
    }
    events = [
        StageEvent(stage, case.request_date + timedelta(weeks=weeks), actual[stage])
        for stage, weeks in STATUTORY_WEEKS.items()
    ]
    previous = case.final_plan_date
    for review in sorted(case.annual_reviews, key=lambda r: r.review_date):
        due = add_months(previous, ANNUAL_REVIEW_MONTHS) if previous else None
        events.append(StageEvent(Stage.ANNUAL_REVIEW.value, due, review.review_date, review.id))
        previous = review.review_date
    if previous is not None:
        events.append(
            StageEvent(Stage.ANNUAL_REVIEW.value, add_months(previous, ANNUAL_REVIEW_MONTHS), None)
        )
    return events


def invite_delay_days(stage: str, audience: str) -> int:
    """Return how many days after a stage's event its invitation is sent, from the settings.

    ``INVITE_DELAY_OVERRIDES`` may name ``"stage:audience"`` or ``"stage"``; otherwise
    ``INVITE_DELAY_DAYS`` applies.
    """
    config = current_app.config
    overrides = config.get("INVITE_DELAY_OVERRIDES", {})
    for key in (f"{stage}:{audience}", stage):
        if key in overrides:
            return int(overrides[key])
    return int(config["INVITE_DELAY_DAYS"])
