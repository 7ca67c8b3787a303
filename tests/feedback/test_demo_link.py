"""``flask demo-link``: the demo case behind a fresh family link records the events that make
its stage due, so the case page and the case list agree with the invitation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from feedback.cases_forms import AUDIENCE_LABELS, STAGE_LABELS
from feedback.extensions import db
from feedback.models import Audience, Case, Invitation, Stage
from feedback.services.cases.invitation_reasons import case_progress
from feedback.services.surveys import survey_for
from tests.feedback.case_pages import case_rows
from tests.feedback.pages import soup


def _offered(app: Flask, audience: str) -> list[str]:
    """The stages with a survey for ``audience``."""
    offered = []
    with app.app_context():
        for stage in Stage:
            try:
                survey_for(stage.value, audience)
            except KeyError:
                continue
            offered.append(stage.value)
    return offered


@pytest.mark.parametrize("audience", [a.value for a in Audience])
def test_a_demo_link_case_shows_its_invitation_as_due_at_its_stage(
    app: Flask,
    runner: FlaskCliRunner,
    signed_in: Callable[..., FlaskClient],
    audience: str,
) -> None:
    stages = _offered(app, audience)
    assert stages
    client = signed_in()
    for stage in stages:
        result = runner.invoke(args=["demo-link", "--stage", stage, "--audience", audience])
        assert result.exit_code == 0, result.output
        with app.app_context():
            invitation = db.session.scalars(
                select(Invitation).order_by(Invitation.id.desc()).limit(1)
            ).one()
            reference = db.session.get(Case, invitation.case_id).reference
        label = str(STAGE_LABELS[stage])
        who = f"{AUDIENCE_LABELS[audience]} (email):"
        rows = case_rows(client, reference)
        shown = [row for row in rows if row[0] == label and who in row[4]]
        assert len(shown) == 1, (stage, audience, rows)
        stage_row = shown[0]
        assert stage_row[2] != "–", (stage, rows)  # its event happened
        assert "Not invited yet" not in stage_row[4], (stage, rows)
        before = rows[: rows.index(stage_row)]
        assert all(row[2] != "–" for row in before), (stage, rows)  # and every earlier one

        listing = soup(client.get("/staff/cases/"))
        cells = next(
            [" ".join(cell.get_text(" ").split()) for cell in tr.find_all(["th", "td"])]
            for tr in listing.select("table tbody tr")
            if tr.find("th").get_text(strip=True) == reference
        )
        assert label in cells[3].split("; "), (stage, cells)
        assert "overdue" not in cells[4], (stage, cells)
        with app.app_context():
            case = db.session.scalar(select(Case).where(Case.reference == reference))
            waiting_for = case_progress(case, date.today()).waiting_for
        order = [s.value for s in Stage]
        assert (
            waiting_for is None
            or order.index(waiting_for) > order.index(stage)
            or waiting_for == stage == Stage.ANNUAL_REVIEW.value  # the next review
        ), (stage, waiting_for)
