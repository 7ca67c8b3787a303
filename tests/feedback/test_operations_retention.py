"""`flask retention apply` keeps personal data only as long as the retention settings say."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from feedback.extensions import db
from feedback.models import AuditEvent, Case, Comment, DraftAnswer
from feedback.models.messaging import OutboundMessage
from feedback.services import audit
from feedback.services.operations.retention import apply_retention
from tests.feedback.operations_data import (
    add_case,
    add_draft,
    add_invitation,
    add_response,
    days_ago,
)


def _case(app: Flask, reference: str) -> Case:
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.reference == reference))
        db.session.expunge(case)
        return case


def test_contact_details_go_once_the_last_invitation_ended_longer_ago_than_the_period(
    app: Flask,
) -> None:
    with app.app_context():
        finished = add_case("FINISHED")
        add_invitation(finished, created_days_ago=80, expires_in_days=-52, completed_days_ago=70)
        db.session.commit()
        report = apply_retention()
    assert report.contact_details_cleared == 1
    case = _case(app, "FINISHED")
    assert (case.parent_email, case.parent_phone) == (None, None)
    assert case.contact_deleted_at is not None


def test_contact_details_stay_while_an_invitation_is_open_or_recently_ended(app: Flask) -> None:
    with app.app_context():
        open_link = add_case("OPEN")
        add_invitation(open_link, created_days_ago=10, expires_in_days=18)
        recent = add_case("RECENT")
        add_invitation(recent, created_days_ago=40, expires_in_days=-12, completed_days_ago=20)
        never_invited = add_case("WAITING")
        assert never_invited.id
        db.session.commit()
        report = apply_retention()
    assert report.contact_details_cleared == 0
    for reference in ("OPEN", "RECENT", "WAITING"):
        assert _case(app, reference).parent_email == "parent.carer@example.com"


def test_opted_out_family_loses_contact_details_at_once(app: Flask) -> None:
    with app.app_context():
        case = add_case("OPTED-OUT")
        add_invitation(case, created_days_ago=2, expires_in_days=26)
        case.opted_out_at = days_ago(1)
        db.session.commit()
        assert apply_retention().contact_details_cleared == 1
    assert _case(app, "OPTED-OUT").parent_phone is None


def test_comment_text_older_than_the_period_goes_and_the_redacted_copy_stays(app: Flask) -> None:
    with app.app_context():
        invitation = add_invitation(add_case(), created_days_ago=400, expires_in_days=-372)
        add_response(invitation, days_ago_submitted=366)
        newer = add_invitation(add_case("C-2"), created_days_ago=20, expires_in_days=8)
        add_response(newer, comment="Recent words", redacted="Recent words", days_ago_submitted=5)
        db.session.commit()
        report = apply_retention()
        comments = {c.redacted_text: c.text for c in db.session.scalars(select(Comment))}
    assert report.comment_texts_removed == 1
    assert report.comment_texts_removed_without_redacted_copy == 0
    assert comments == {"The case officer, [name], was kind.": None, "Recent words": "Recent words"}


def test_comment_without_a_redacted_copy_is_counted_when_its_text_goes(app: Flask) -> None:
    with app.app_context():
        invitation = add_invitation(add_case(), created_days_ago=400, expires_in_days=-372)
        add_response(invitation, redacted=None, days_ago_submitted=370)
        db.session.commit()
        report = apply_retention()
    assert (report.comment_texts_removed, report.comment_texts_removed_without_redacted_copy) == (
        1,
        1,
    )


def test_audit_events_older_than_the_period_are_deleted(app: Flask) -> None:
    with app.app_context():
        old = audit.record("user.create", target_type="user", target_id=1)
        old.at = days_ago(731)
        audit.record("user.create", target_type="user", target_id=2).at = days_ago(729)
        db.session.commit()
        report = apply_retention()
        remaining = db.session.scalars(select(AuditEvent.target_id).order_by(AuditEvent.id)).all()
    assert report.audit_events_deleted == 1
    assert remaining == ["2", None]  # the newer event, then this run's own record


def test_drafts_of_surveys_abandoned_longer_ago_than_the_period_are_deleted(app: Flask) -> None:
    with app.app_context():
        abandoned = add_invitation(add_case(), created_days_ago=70, expires_in_days=-42)
        add_draft(abandoned)
        in_progress = add_invitation(add_case("C-2"), created_days_ago=3, expires_in_days=25)
        add_draft(in_progress)
        db.session.commit()
        report = apply_retention()
        left = db.session.scalars(select(DraftAnswer.invitation_id)).all()
        assert left == [in_progress.id]
    assert report.abandoned_drafts_deleted == 1


def test_outbox_messages_older_than_the_period_lose_recipient_and_link(app: Flask) -> None:
    with app.app_context():
        case = add_case()
        for status, age in (("outbox", 31), ("queued", 31), ("sent", 2)):
            db.session.add(
                OutboundMessage(
                    organisation_id=case.organisation_id,
                    channel="email",
                    template="invitation_email",
                    recipient="parent.carer@example.com",
                    personalisation={"link": "https://example.org/s/token"},
                    status=status,
                    created_at=days_ago(age),
                )
            )
        db.session.commit()
        report = apply_retention()
        kept = db.session.scalars(
            select(OutboundMessage.status).where(OutboundMessage.recipient.is_not(None))
        ).all()
    assert report.outbox_messages_cleared == 1
    assert sorted(kept) == ["queued", "sent"]


def test_second_run_changes_nothing_and_reports_zeros(app: Flask) -> None:
    with app.app_context():
        invitation = add_invitation(add_case(), created_days_ago=400, expires_in_days=-372)
        add_response(invitation, days_ago_submitted=370)
        add_draft(add_invitation(add_case("C-2"), created_days_ago=90, expires_in_days=-62))
        db.session.commit()
        first = apply_retention()
        second = apply_retention()
    assert sum(first.as_dict().values()) >= 3
    assert set(second.as_dict().values()) == {0}


def test_retention_apply_command_prints_counts_and_audits_them(
    app: Flask, runner: FlaskCliRunner
) -> None:
    with app.app_context():
        add_invitation(add_case(), created_days_ago=80, expires_in_days=-52, completed_days_ago=70)
        db.session.commit()
    result = runner.invoke(args=["retention", "apply"])
    assert result.exit_code == 0, result.output
    assert "contact details cleared: 1" in result.output
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "retention.apply"))
        assert event.details["contact_details_cleared"] == 1
        assert "example.com" not in repr(event.details)
        assert (
            db.session.scalar(select(func.count(Case.id)).where(Case.parent_email.is_(None))) == 1
        )


def test_second_run_reports_no_outbox_messages_cleared_again(app: Flask) -> None:
    """A message's personalisation cleared once is SQL NULL, so the rerun finds nothing to do."""
    with app.app_context():
        case = add_case()
        for status in ("outbox", "sent", "failed"):
            db.session.add(
                OutboundMessage(
                    organisation_id=case.organisation_id,
                    channel="email",
                    template="invitation_email",
                    recipient="parent.carer@example.com",
                    personalisation={"link": "https://example.org/s/token"},
                    status=status,
                    created_at=days_ago(31),
                )
            )
        # Already emptied when Notify took it: Python's None in a JSON column is JSON 'null'.
        db.session.add(
            OutboundMessage(
                organisation_id=case.organisation_id,
                channel="email",
                template="invitation_email",
                recipient=None,
                personalisation=None,
                status="sent",
                created_at=days_ago(31),
            )
        )
        db.session.commit()
        first = apply_retention()
        second = apply_retention()
        third = apply_retention()
        left = db.session.scalars(select(OutboundMessage.personalisation)).all()
    assert first.outbox_messages_cleared == 3
    assert set(second.as_dict().values()) == {0}
    assert set(third.as_dict().values()) == {0}
    assert left == [None] * 4


def test_retention_apply_command_prints_zeros_on_a_rerun(
    app: Flask, runner: FlaskCliRunner
) -> None:
    with app.app_context():
        case = add_case()
        add_invitation(case, created_days_ago=80, expires_in_days=-52, completed_days_ago=70)
        add_draft(add_invitation(add_case("C-2"), created_days_ago=90, expires_in_days=-62))
        db.session.add(
            OutboundMessage(
                organisation_id=case.organisation_id,
                channel="sms",
                template="invitation_sms",
                recipient="07700 900123",
                personalisation={"link": "https://example.org/s/token"},
                status="sent",
                created_at=days_ago(40),
            )
        )
        db.session.commit()
    assert runner.invoke(args=["retention", "apply"]).exit_code == 0
    rerun = runner.invoke(args=["retention", "apply"])
    assert rerun.exit_code == 0, rerun.output
    counts = [line.rsplit(": ", 1)[1] for line in rerun.output.splitlines() if ": " in line]
    assert counts and set(counts) == {"0"}, rerun.output
