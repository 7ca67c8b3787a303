"""Invitations ask only about what has happened, checked over generated case dates.

Hypothesis draws a case's dates (each recorded or not, in order or not, with annual reviews),
whether the young person has a channel, per-stage delays and the days the scheduler runs. The
scheduler runs on those days and the invitations it made are compared with the rule worked out
here on its own: a stage is surveyed only when the case data records its event and the events it
follows (every earlier assessment stage; the final plan for a review), never before an earlier
stage's invitation to the same audience, and only within the window after falling due. The case
page's reason for each stage must agree with what was done.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feedback.extensions import db
from feedback.models import AnnualReview, Case, Invitation
from feedback.services.cases.eligibility import stage_checks
from feedback.services.cases.invitation_reasons import stage_reason
from feedback.services.cases.scheduling import create_due_invitations
from feedback.services.organisations import ensure_organisation

REQUEST = date(2025, 1, 6)
ASSESSMENT = ("week6", "week16", "week20")
COLUMN = {"week6": "decision_date", "week16": "draft_plan_date", "week20": "final_plan_date"}
_references = itertools.count()

# A stage's date: not recorded, or some day in the year after the request.
_maybe_day = st.one_of(st.none(), st.integers(0, 400).map(lambda d: REQUEST + timedelta(days=d)))
_case_dates = st.fixed_dictionaries(
    {
        "week6": _maybe_day,
        "week16": _maybe_day,
        "week20": _maybe_day,
        "reviews": st.sets(
            st.integers(150, 800).map(lambda d: REQUEST + timedelta(days=d)), max_size=2
        ),
        "young_person": st.booleans(),
        "delays": st.dictionaries(
            st.sampled_from(["week6", "week16", "week20", "annual_review", "week16:young_person"]),
            st.integers(0, 20),
            max_size=3,
        ),
        # Extra runs besides the days invitations fall due (before, between and long after).
        "extra_runs": st.lists(st.integers(0, 900), max_size=3),
    }
)


def _delay(delays: dict[str, int], default: int, stage: str, audience: str) -> int:
    return delays.get(f"{stage}:{audience}", delays.get(stage, default))


def _expected(values: dict, runs: list[date], default: int, window: int) -> dict:
    """(stage, review date or None, audience) -> the run day its invitation is created."""
    recorded = [(stage, values[stage], None) for stage in ASSESSMENT]
    recorded += [("annual_review", day, day) for day in sorted(values["reviews"])]
    audiences = ["parent", "young_person"] if values["young_person"] else ["parent"]
    expected = {}
    for index, (stage, day, review) in enumerate(recorded):
        if stage == "annual_review":
            needs_dates = [values["week20"], day]
        else:
            needs_dates = [values[other] for other in ASSESSMENT[: ASSESSMENT.index(stage) + 1]]
        if any(needed is None for needed in needs_dates):
            continue
        for audience in audiences:
            due = max(
                other_day + timedelta(days=_delay(values["delays"], default, other, audience))
                for other, other_day, _ in recorded[: index + 1]
                if other_day is not None
            )
            first = next((run for run in runs if due <= run <= due + timedelta(days=window)), None)
            if first is not None:
                expected[(stage, review, audience)] = first
    return expected


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(values=_case_dates)
def test_invitations_follow_only_recorded_events_in_stage_order(app: Flask, values: dict) -> None:
    app.config["INVITE_DELAY_OVERRIDES"] = values["delays"]
    default = int(app.config["INVITE_DELAY_DAYS"])
    window = int(app.config["INVITE_WINDOW_DAYS"])
    recorded_days = [day for day in (values[s] for s in ASSESSMENT) if day] + list(
        values["reviews"]
    )
    runs = sorted(
        {day + timedelta(days=d) for day in recorded_days for d in range(0, 21)}
        | {REQUEST + timedelta(days=d) for d in values["extra_runs"]}
    )
    with app.app_context():
        organisation = ensure_organisation("demo", "Demo Council")
        case = Case(
            organisation_id=organisation.id,
            reference=f"H-{next(_references)}",
            request_date=REQUEST,
            parent_email="family@example.com",
            young_person_channel="sms" if values["young_person"] else None,
            young_person_phone="07700 900111" if values["young_person"] else None,
            **{COLUMN[stage]: values[stage] for stage in ASSESSMENT},
        )
        case.annual_reviews = [AnnualReview(review_date=day) for day in values["reviews"]]
        db.session.add(case)
        db.session.commit()
        case_id = case.id
        for run in runs:
            create_due_invitations(now=datetime(run.year, run.month, run.day, 9, tzinfo=UTC))

        case = db.session.get(Case, case_id)
        invitations = db.session.scalars(
            db.select(Invitation).where(Invitation.case_id == case_id)
        ).all()
        actual = {
            (
                i.stage,
                i.annual_review.review_date if i.annual_review else None,
                i.audience,
            ): i.due_at.date()
            for i in invitations
        }
        assert actual == _expected(values, runs, default, window)

        # Never before an earlier stage's invitation to the same audience.
        order = [("week6", None), ("week16", None), ("week20", None)]
        order += [("annual_review", day) for day in sorted(values["reviews"])]
        for audience in ("parent", "young_person"):
            days = [actual[(s, r, audience)] for s, r in order if (s, r, audience) in actual]
            assert days == sorted(days)

        # The case page's reason agrees with what the scheduler did.
        last_run = runs[-1] if runs else REQUEST
        for check in stage_checks(case):
            review_day = check.event.actual if check.event.stage == "annual_review" else None
            mine = [
                i
                for i in invitations
                if i.stage == check.event.stage
                and (i.annual_review.review_date if i.annual_review else None) == review_day
            ]
            reason = stage_reason(check, case, mine, last_run)
            if mine:
                assert reason.startswith("Invited: ")
            elif not check.ready:
                assert reason.startswith("Not invited yet: ")
            else:
                assert reason.startswith(("Not invited: ", "To be invited "))
