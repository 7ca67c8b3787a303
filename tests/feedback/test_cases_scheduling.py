"""``flask invitations send-due`` with a frozen clock: each family gets what its dates call for,
once (DESIGN.md §3: invite 3 days after the event, one reminder after 7, links expire after 28),
and only about events the case data shows happened, in stage order (docs/decisions.md)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from pathlib import Path

import time_machine
from flask import Flask
from flask.testing import FlaskCliRunner

from feedback.extensions import db
from feedback.models.messaging import OutboundMessage
from tests.feedback.cases_data import at, import_file, invitations_of, row, write_csv


def _run_on(runner: FlaskCliRunner, day: str) -> None:
    with time_machine.travel(at(day), tick=False):
        result = runner.invoke(args=["invitations", "send-due"])
    assert result.exit_code == 0, result.output


def _messages(app: Flask) -> list[tuple[str, str]]:
    with app.app_context():
        return [
            (message.template, message.reference or "")
            for message in db.session.scalars(
                db.select(OutboundMessage).order_by(OutboundMessage.id)
            )
        ]


def _import(app: Flask, tmp_path: Path, *rows: dict[str, str]) -> None:
    with app.app_context():
        assert import_file(write_csv(tmp_path / "cases.csv", rows)).succeeded


def test_invitation_goes_three_days_after_the_decision_and_not_before(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    _import(app, tmp_path, row("A-1", decision_date="2025-02-10"))
    _run_on(runner, "2025-02-12")
    assert _messages(app) == []
    _run_on(runner, "2025-02-13")
    assert [template for template, _ in _messages(app)] == ["invitation_email"]


def test_a_stage_whose_event_is_not_recorded_is_not_surveyed_even_when_overdue(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    # Requested 6 January: the decision was due 17 February, but the case system has no date.
    _import(app, tmp_path, row("A-1", request_date="2025-01-06"))
    for day in ("2025-02-20", "2025-03-01", "2025-05-01"):
        _run_on(runner, day)
    assert _messages(app) == []
    with app.app_context():
        assert invitations_of("A-1") == []


def test_an_overdue_draft_plan_is_not_asked_about_but_the_decision_is(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    # The decision was made 10 February; the draft plan was due 28 April and is not issued.
    _import(app, tmp_path, row("A-1", request_date="2025-01-06", decision_date="2025-02-10"))
    for day in ("2025-02-13", "2025-05-01", "2025-05-20"):
        _run_on(runner, day)
    with app.app_context():
        assert [(i.stage, i.audience) for i in invitations_of("A-1")] == [("week6", "parent")]


def test_a_later_stage_waits_for_the_earlier_stages_dates(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    # The draft plan is recorded, the decision before it is not: neither is surveyed.
    _import(app, tmp_path, row("A-1", request_date="2025-01-06", draft_plan_date="2025-04-28"))
    _run_on(runner, "2025-05-01")
    with app.app_context():
        assert invitations_of("A-1") == []
    # Once the decision's date arrives from the case system, both are, in stage order.
    _import(
        app,
        tmp_path,
        row(
            "A-1",
            request_date="2025-01-06",
            decision_date="2025-04-25",
            draft_plan_date="2025-04-28",
        ),
    )
    for day in ("2025-05-02", "2025-05-03"):
        _run_on(runner, day)
    with app.app_context():
        assert [(i.stage, i.due_at.date().isoformat()) for i in invitations_of("A-1")] == [
            ("week6", "2025-05-02"),
            ("week16", "2025-05-02"),
        ]


def test_a_stage_is_never_due_before_the_stage_before_it(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    # Week 6 invitations wait 10 days, week 16 ones 3: the draft plan's still waits for week 6.
    app.config["INVITE_DELAY_OVERRIDES"] = {"week6": 10}
    _import(
        app,
        tmp_path,
        row(
            "A-1",
            request_date="2025-01-06",
            decision_date="2025-04-24",
            draft_plan_date="2025-04-25",
        ),
    )
    for day in ("2025-04-28", "2025-05-03", "2025-05-04"):
        _run_on(runner, day)
    with app.app_context():
        assert [(i.stage, i.due_at.date().isoformat()) for i in invitations_of("A-1")] == [
            ("week6", "2025-05-04"),
            ("week16", "2025-05-04"),
        ]


def test_running_twice_on_the_same_day_sends_nothing_more(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    _import(app, tmp_path, row("A-1", decision_date="2025-02-10"))
    _run_on(runner, "2025-02-13")
    _run_on(runner, "2025-02-13")
    assert len(_messages(app)) == 1


def test_one_reminder_seven_days_later_to_a_family_that_has_not_answered(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    _import(app, tmp_path, row("A-1", decision_date="2025-02-10"))
    for offset in range(0, 30):
        _run_on(runner, (at("2025-02-10") + timedelta(days=offset)).date().isoformat())
    with app.app_context():
        invitation = invitations_of("A-1")[0]
        assert invitation.sent_at == at("2025-02-13")
        assert invitation.reminded_at == at("2025-02-20")
    assert [template for template, _ in _messages(app)] == ["invitation_email", "reminder_email"]


def test_no_reminder_once_the_family_has_answered(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    _import(app, tmp_path, row("A-1", decision_date="2025-02-10"))
    _run_on(runner, "2025-02-13")
    with app.app_context():
        invitations_of("A-1")[0].completed_at = at("2025-02-15")
        db.session.commit()
    _run_on(runner, "2025-02-21")
    assert [template for template, _ in _messages(app)] == ["invitation_email"]


def test_no_reminder_after_the_link_has_expired(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    app.config["REMINDER_AFTER_DAYS"] = 30  # later than the 28-day link
    _import(app, tmp_path, row("A-1", decision_date="2025-02-10"))
    _run_on(runner, "2025-02-13")
    _run_on(runner, "2025-03-16")
    assert [template for template, _ in _messages(app)] == ["invitation_email"]


def test_events_older_than_the_window_are_never_invited(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    _import(app, tmp_path, row("OLD-1", request_date="2024-01-08", decision_date="2024-02-12"))
    _run_on(runner, "2025-02-13")
    assert _messages(app) == []
    with app.app_context():
        assert invitations_of("OLD-1") == []


def test_delay_per_stage_is_a_setting(app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> None:
    app.config["INVITE_DELAY_OVERRIDES"] = {"week6": 10}
    _import(app, tmp_path, row("A-1", decision_date="2025-02-10"))
    _run_on(runner, "2025-02-19")
    assert _messages(app) == []
    _run_on(runner, "2025-02-20")
    assert len(_messages(app)) == 1


def test_young_person_with_a_channel_of_their_own_gets_their_own_invitation(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    _import(
        app,
        tmp_path,
        row("A-1", decision_date="2025-02-10", young_person_mobile="07700 900111"),
    )
    _run_on(runner, "2025-02-13")
    assert sorted(template for template, _ in _messages(app)) == [
        "invitation_email",
        "invitation_sms",
    ]
    with app.app_context():
        assert sorted(i.audience for i in invitations_of("A-1")) == ["parent", "young_person"]


def test_annual_review_is_surveyed_after_the_recorded_review(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    _import(
        app,
        tmp_path,
        row(
            "A-1",
            request_date="2024-01-08",
            decision_date="2024-02-19",
            draft_plan_date="2024-04-29",
            final_plan_date="2024-05-27",
            annual_review_dates="2025-05-19",
        ),
    )
    _run_on(runner, "2025-05-22")
    with app.app_context():
        invitations = invitations_of("A-1")
        assert [(i.stage, i.annual_review_id is not None) for i in invitations] == [
            ("annual_review", True)
        ]


def test_family_that_opted_out_in_the_case_system_is_never_contacted(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    _import(app, tmp_path, row("A-1", decision_date="2025-02-10", opted_out="yes"))
    for day in ("2025-02-13", "2025-02-20"):
        _run_on(runner, day)
    assert _messages(app) == []


def test_letters_are_left_for_the_print_run_not_messaged(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    _import(app, tmp_path, row("A-1", decision_date="2025-02-10", parent_channel="letter"))
    _run_on(runner, "2025-02-13")
    assert _messages(app) == []
    with app.app_context():
        [invitation] = invitations_of("A-1")
        assert (invitation.channel, invitation.sent_at) == ("letter", None)


def test_day_by_day_every_family_gets_exactly_what_its_dates_call_for(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    _import(
        app,
        tmp_path,
        # Decision 10 Feb: invited 13 Feb, reminded 20 Feb.
        row("A-1", decision_date="2025-02-10"),
        # No decision date recorded (it was due 17 Feb): never invited.
        row("B-1", request_date="2025-01-06", parent_mobile="07700 900222", parent_email=""),
        # Decision 14 Feb by text message: invited 17 Feb, reminded 24 Feb.
        row(
            "D-1",
            request_date="2025-01-06",
            decision_date="2025-02-14",
            parent_mobile="07700 900333",
            parent_email="",
        ),
        # Draft plan 3 March: its own invitation 6 March and reminder 13 March.
        row(
            "C-1",
            request_date="2024-11-18",
            decision_date="2024-12-30",
            draft_plan_date="2025-03-03",
        ),
    )
    day = at("2025-02-01")
    while day <= at("2025-03-31"):
        _run_on(runner, day.date().isoformat())
        day += timedelta(days=1)
    sent = Counter(reference.split("-")[0] for _, reference in _messages(app))
    assert sent == {"invitation": 3, "reminder": 3}
    with app.app_context():
        plan = {
            reference: [
                (i.stage, i.sent_at.date().isoformat(), i.reminded_at.date().isoformat())
                for i in invitations_of(reference)
            ]
            for reference in ("A-1", "B-1", "C-1", "D-1")
        }
    assert plan == {
        "A-1": [("week6", "2025-02-13", "2025-02-20")],
        "B-1": [],
        "C-1": [("week16", "2025-03-06", "2025-03-13")],
        "D-1": [("week6", "2025-02-17", "2025-02-24")],
    }
