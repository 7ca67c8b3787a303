"""The demo's cases at different points of their process: ``invitations send-due`` invites
exactly those whose case data shows the stage's event, and the case list says where each is."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from feedback.extensions import db
from feedback.models import Case, Invitation
from feedback.services.demo import DEMO_CONTACT_DETAILS, DEMO_POINTS, demo_organisation, load_demo
from tests.feedback.pages import soup

# What send-due must do for each demo point: (stage, audience, channel) invited.
EXPECTED = {
    "DEMO-S01-REQUESTED": [],
    "DEMO-S02-DECISION-OVERDUE": [],
    "DEMO-S03-DECIDED-TODAY": [("week6", "parent", "email")],
    "DEMO-S04-DECIDED": [("week6", "parent", "email"), ("week6", "young_person", "sms")],
    "DEMO-S05-DRAFT-OVERDUE": [("week6", "parent", "email")],
    "DEMO-S06-DRAFT-ISSUED": [("week16", "parent", "email")],
    "DEMO-S07-DRAFT-NO-DECISION": [],
    "DEMO-S08-FINAL-ISSUED": [("week20", "parent", "email")],
    "DEMO-S09-FINAL-BY-LETTER": [("week20", "parent", "letter")],
    "DEMO-S10-REVIEW-HELD": [("annual_review", "parent", "email")],
    "DEMO-S11-OPTED-OUT": [],
}


def _invited(app: Flask) -> dict[str, list[tuple[str, str, str]]]:
    with app.app_context():
        rows = db.session.execute(
            select(Case.reference, Invitation.stage, Invitation.audience, Invitation.channel)
            .join(Invitation, Invitation.case_id == Case.id)
            .where(Case.reference.like("DEMO-S%"))
            .order_by(Case.reference, Invitation.stage, Invitation.audience)
        ).all()
    invited: dict[str, list[tuple[str, str, str]]] = {point.reference: [] for point in DEMO_POINTS}
    for reference, stage, audience, channel in rows:
        invited[reference].append((stage, audience, channel))
    return invited


def test_send_due_invites_the_demo_cases_whose_events_happened(
    app: Flask, runner: FlaskCliRunner
) -> None:
    with app.app_context():
        load_demo(cases=5)
    assert _invited(app) == {reference: [] for reference in EXPECTED}

    result = runner.invoke(args=["invitations", "send-due"])

    assert result.exit_code == 0, result.output
    assert _invited(app) == EXPECTED
    assert runner.invoke(args=["invitations", "send-due"]).exit_code == 0
    assert _invited(app) == EXPECTED  # once


def test_case_list_says_what_each_demo_case_was_invited_for_and_waits_for(
    app: Flask, runner: FlaskCliRunner, signed_in: Callable[..., FlaskClient]
) -> None:
    with app.app_context():
        load_demo(cases=5)
    runner.invoke(args=["invitations", "send-due"])
    page = soup(signed_in().get("/staff/cases/"))

    listed = {
        cells[0]: cells[3:5]
        for cells in (
            [" ".join(cell.get_text(" ").split()) for cell in row.find_all(["th", "td"])]
            for row in page.select("table tbody tr")
        )
        if cells[0].startswith("DEMO-S")
    }

    assert listed["DEMO-S01-REQUESTED"] == ["Not invited yet", "Decision whether to assess"]
    assert listed["DEMO-S02-DECISION-OVERDUE"] == [
        "Not invited yet",
        "Decision whether to assess (overdue)",
    ]
    assert listed["DEMO-S05-DRAFT-OVERDUE"] == [
        "Decision whether to assess (week 6)",
        "Draft plan (overdue)",
    ]
    assert listed["DEMO-S07-DRAFT-NO-DECISION"] == [
        "Not invited yet",
        "Decision whether to assess (overdue)",
    ]
    assert listed["DEMO-S10-REVIEW-HELD"] == ["Annual review", "Review meeting"]


def test_demo_council_gives_families_its_contact_details(app: Flask) -> None:
    with app.app_context():
        organisation = demo_organisation()
        assert {name: getattr(organisation, name) for name in DEMO_CONTACT_DETAILS} == (
            DEMO_CONTACT_DETAILS
        )
