"""Erasing one family's data on request: the case goes, its answers stay as anonymous figures."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from feedback.extensions import db
from feedback.models import (
    Answer,
    AuditEvent,
    Case,
    Comment,
    DraftAnswer,
    Invitation,
    Organisation,
    Response,
)
from feedback.models.messaging import OutboundMessage
from feedback.services.operations.erasure import ErasureError, erase_family
from tests.feedback.operations_data import (
    PARENT_EMAIL,
    add_case,
    add_draft,
    add_invitation,
    add_response,
)


def _family_with_history(reference: str = "C-0001", organisation: str = "demo") -> int:
    """A case with a submitted week-6 survey, an unfinished week-16 one and two messages."""
    case = add_case(reference, organisation=organisation)
    answered = add_invitation(case, created_days_ago=100, expires_in_days=-72)
    add_response(answered, days_ago_submitted=95)
    add_draft(add_invitation(case, created_days_ago=2, expires_in_days=26, stage="week16"))
    for invitation_id in (answered.id, None):
        db.session.add(
            OutboundMessage(
                organisation_id=case.organisation_id,
                invitation_id=invitation_id,
                channel="email",
                template="invitation_email",
                recipient=PARENT_EMAIL,
                status="outbox",
            )
        )
    db.session.commit()
    return case.organisation_id


def _count(model: type) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)))


def test_erasure_removes_case_invitations_drafts_comments_and_messages(app: Flask) -> None:
    with app.app_context():
        organisation_id = _family_with_history()
        report = erase_family(organisation_id=organisation_id, reference="C-0001")
        remaining = {
            m: _count(m) for m in (Case, Invitation, DraftAnswer, Comment, OutboundMessage)
        }
    assert set(remaining.values()) == {0}
    assert report.counts() == {
        "invitations_deleted": 2,
        "messages_deleted": 2,
        "drafts_deleted": 1,
        "comments_deleted": 1,
        "responses_unlinked": 1,
    }


def test_erased_familys_closed_answers_stay_unlinked_under_a_new_reference(app: Flask) -> None:
    with app.app_context():
        organisation_id = _family_with_history()
        old_reference = db.session.scalar(select(Response.reference))
        erase_family(organisation_id=organisation_id, reference="C-0001")
        response = db.session.scalar(select(Response))
        assert response.invitation_id is None
        assert response.reference != old_reference
        assert [a.numeric_value for a in db.session.scalars(select(Answer))] == [4.0]


def test_erasure_is_audited_with_counts_and_no_personal_data(app: Flask) -> None:
    with app.app_context():
        organisation_id = _family_with_history()
        report = erase_family(organisation_id=organisation_id, reference="C-0001")
        event = db.session.get(AuditEvent, report.audit_event_id)
        assert (event.action, event.target_type, event.organisation_id) == (
            "family.erase",
            "case",
            organisation_id,
        )
        recorded = repr(event.details) + str(event.target_id)
    assert "C-0001" not in recorded and PARENT_EMAIL not in recorded
    assert event.details["invitations_deleted"] == 2


def test_erasure_touches_nothing_of_another_council_with_the_same_reference(app: Flask) -> None:
    with app.app_context():
        _family_with_history(organisation="elsewhere")
        demo_id = _family_with_history()
        erase_family(organisation_id=demo_id, reference="C-0001")
        left = db.session.scalar(select(Case).join(Organisation))
        assert (left.reference, left.organisation.slug) == ("C-0001", "elsewhere")
        assert _count(Invitation) == 2 and _count(Comment) == 1


def test_erasing_an_unknown_case_raises_and_changes_nothing(app: Flask) -> None:
    with app.app_context():
        organisation_id = _family_with_history()
        with pytest.raises(
            ErasureError, match=r"^No case with that reference in this organisation$"
        ):
            erase_family(organisation_id=organisation_id, reference="NO-SUCH")
        erasures = select(func.count(AuditEvent.id)).where(AuditEvent.action == "family.erase")
        assert _count(Case) == 1 and db.session.scalar(erasures) == 0


def test_erase_family_command_erases_after_confirmation(app: Flask, runner: FlaskCliRunner) -> None:
    with app.app_context():
        _family_with_history()
    refused = runner.invoke(
        args=["erase-family", "--case", "C-0001", "--organisation", "demo"], input="n\n"
    )
    assert refused.exit_code == 1
    result = runner.invoke(
        args=["erase-family", "--case", "C-0001", "--organisation", "demo"], input="y\n"
    )
    assert result.exit_code == 0, result.output
    assert "invitations deleted: 2" in result.output
    with app.app_context():
        assert _count(Case) == 0


def test_erase_family_command_names_an_unknown_organisation(
    app: Flask, runner: FlaskCliRunner
) -> None:
    result = runner.invoke(
        args=["erase-family", "--case", "C-0001", "--organisation", "nowhere", "--yes"]
    )
    assert result.exit_code == 1
    assert "No organisation with slug 'nowhere'" in result.output
