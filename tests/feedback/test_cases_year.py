"""A year of scheduling at the scale of a council: 2,000 synthetic cases spread over 2025 are
imported, and ``send-due`` runs every day for 13 months on two machines at once against
PostgreSQL, while some families answer. Every family must get exactly the invitations and
reminders its dates call for, on the day they call for them, once.

The expectation is worked out here from the rules and the settings, independently of the
scheduler: a stage is surveyed only when the export records its event (decision, draft plan, final
plan, review meeting) and, for weeks 16 and 20, every earlier stage's date (for a review, the final
plan's); the invitation falls due ``INVITE_DELAY_DAYS`` after the latest of those dates (never
before an earlier stage's), and is sent only within ``INVITE_WINDOW_DAYS`` of falling due; email
and text messages that day, letters left for the print run; one reminder ``REMINDER_AFTER_DAYS``
later unless the family has answered; nobody who opted out.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
import responses
from flask import Flask
from sqlalchemy import select, update

from feedback.extensions import db
from feedback.models import Case, Invitation
from feedback.models.messaging import OutboundMessage
from tests.feedback.cases_data import at, import_file, write_csv
from tests.feedback.test_cases_concurrency import run_together
from tests.feedback.test_cases_messaging import ACCEPTED, EMAIL_URL, FAKE_KEY, SMS_URL, TEMPLATES

CASES = 2_000
FIRST_DAY, LAST_DAY = date(2025, 1, 1), date(2026, 1, 31)
WEEKS = {"week6": 6, "week16": 16, "week20": 20}
EVENT_COLUMN = {"week6": "decision_date", "week16": "draft_plan_date", "week20": "final_plan_date"}
# (case reference, stage, audience) -> (channel, day invited)
Plan = dict[tuple[str, str, str], tuple[str, date]]


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def _export(rng: random.Random) -> list[dict[str, str]]:
    """Cases requested through 2025 (some dates known, some not), a few from 2024 with only an
    annual review in 2025, a few opted out; parents by email, text or letter; some young people
    with a mobile of their own."""
    rows = []
    for n in range(CASES):
        reference = f"Y-{n:04d}"
        if n % 10 == 9:  # an older case: its assessment is long past, its review is this year
            request = date(2024, 1, 1) + timedelta(days=rng.randrange(150))
            values = {
                "final_plan_date": (request + timedelta(weeks=20)).isoformat(),
                "annual_review_dates": (
                    date(2025, 2, 1) + timedelta(days=rng.randrange(300))
                ).isoformat(),
            }
        else:
            request = FIRST_DAY + timedelta(days=rng.randrange(181))
            values = {
                column: (
                    request + timedelta(weeks=WEEKS[stage], days=rng.randint(-7, 21))
                ).isoformat()
                for stage, column in EVENT_COLUMN.items()
                if rng.random() < 0.7
            }
        channel = rng.choice(["email", "email", "sms", "letter"])
        values["parent_channel"] = channel
        if channel == "email":
            values["parent_email"] = f"{reference.lower()}@example.com"
        elif channel == "sms":
            values["parent_mobile"] = f"07700 900{n % 1000:03d}"
        if rng.random() < 0.3:
            values["young_person_mobile"] = f"07700 900{(n + 500) % 1000:03d}"
        if rng.random() < 0.03:
            values["opted_out"] = "yes"
        rows.append({"case_reference": reference, "request_date": request.isoformat(), **values})
    return rows


def _expected_invitations(rows: list[dict[str, str]], config: dict[str, object]) -> Plan:
    """Every invitation the rules call for in the simulated days, with the day it is sent."""
    delay, window = int(config["INVITE_DELAY_DAYS"]), int(config["INVITE_WINDOW_DAYS"])
    plan: Plan = {}
    for values in rows:
        if values.get("opted_out"):
            continue
        recorded = {
            stage: date.fromisoformat(values[column])
            for stage, column in EVENT_COLUMN.items()
            if values.get(column)
        }
        if values.get("annual_review_dates"):
            recorded["annual_review"] = date.fromisoformat(values["annual_review_dates"])
        # Each stage with the stages whose dates it needs, in order; the latest date sets the day.
        needs = {
            "week6": ["week6"],
            "week16": ["week6", "week16"],
            "week20": ["week6", "week16", "week20"],
            "annual_review": ["week20", "annual_review"],
        }
        audiences = {"parent": values["parent_channel"]}
        if values.get("young_person_mobile"):
            audiences["young_person"] = "sms"
        for stage, needed in needs.items():
            if not all(other in recorded for other in needed):
                continue
            stages_so_far = list(needs)[: list(needs).index(stage) + 1]
            latest = max(recorded[other] for other in stages_so_far if other in recorded)
            due = latest + timedelta(days=delay)
            # Invited on the first run inside [due, due + window], if the runs reach it.
            sent = max(due, FIRST_DAY)
            if sent > due + timedelta(days=window) or sent > LAST_DAY:
                continue
            for audience, channel in audiences.items():
                plan[(values["case_reference"], stage, audience)] = (channel, sent)
    return plan


def _answers(reference: str) -> bool:
    """Whether this family answers, two days after its invitation (a third of them do)."""
    return int(reference[2:]) % 3 == 0


def test_a_year_of_two_schedulers_sends_every_family_exactly_what_its_dates_call_for(
    database_url: str,
    app: Flask,
    restarted_app: Callable[[], Flask],
    tmp_path: Path,
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("two schedulers at once need PostgreSQL's row locks")
    rows = _export(random.Random(2025))
    expected = _expected_invitations(rows, app.config)
    with app.app_context():
        assert import_file(write_csv(tmp_path / "cases.csv", rows)).succeeded
    servers = [restarted_app(), restarted_app()]
    for server in servers:
        # Receipts would come from Notify; asking it about every message is not under test here.
        server.config.update(
            NOTIFY_API_KEY=FAKE_KEY, NOTIFY_TEMPLATES=TEMPLATES, NOTIFY_STATUS_CHECK_BATCH=0
        )
    with responses.RequestsMock() as notify:
        notify.post(EMAIL_URL, json=ACCEPTED, status=201)
        notify.post(SMS_URL, json=ACCEPTED, status=201)
        for day in _days(FIRST_DAY, LAST_DAY):
            run_together(servers, day.isoformat())
            _families_answer(app, day)
        sent = Counter(json.loads(call.request.body)["reference"] for call in notify.calls)

    with app.app_context():
        invitations = {
            invitation.id: invitation
            for invitation in db.session.scalars(select(Invitation).join(Case))
        }
        messages = db.session.scalars(select(OutboundMessage.reference)).all()
        references = {i.id: i.case.reference for i in invitations.values()}

    actual = {
        (references[i.id], i.stage, i.audience): (i.channel, i.due_at.date())
        for i in invitations.values()
    }
    assert len(invitations) == len(actual)  # one invitation per case, stage and audience
    assert actual == expected

    messaged = {key: value for key, value in expected.items() if value[0] != "letter"}
    wanted: Counter[str] = Counter()
    for invitation in invitations.values():
        key = (references[invitation.id], invitation.stage, invitation.audience)
        if key not in messaged:
            continue
        wanted[f"invitation-{invitation.id}"] += 1
        assert invitation.sent_at.date() == messaged[key][1]
        reminder_day = messaged[key][1] + timedelta(days=int(app.config["REMINDER_AFTER_DAYS"]))
        if not _answers(key[0]) and reminder_day <= LAST_DAY:
            wanted[f"reminder-{invitation.id}"] += 1
            assert invitation.reminded_at.date() == reminder_day
        else:
            assert invitation.reminded_at is None
    assert sent == wanted  # each handed to Notify exactly once
    assert Counter(messages) == wanted
    assert len(wanted) > 5_000
    assert {kind.split("-")[0] for kind in wanted} == {"invitation", "reminder"}


def _families_answer(app: Flask, today: date) -> None:
    """The families who answer do so two days after their invitation was sent."""
    with app.app_context():
        sent_day = at((today - timedelta(days=2)).isoformat(), 0)
        invited = db.session.execute(
            select(Invitation.id, Case.reference)
            .join(Case)
            .where(Invitation.sent_at >= sent_day, Invitation.sent_at < sent_day + timedelta(1))
        ).all()
        answering = [invitation_id for invitation_id, reference in invited if _answers(reference)]
        if answering:
            db.session.execute(
                update(Invitation)
                .where(Invitation.id.in_(answering))
                .values(completed_at=at(today.isoformat(), 12))
            )
            db.session.commit()
