"""Retention: personal data is kept only as long as the settings say (DESIGN.md §7).

Each rule is one set-based UPDATE or DELETE whose condition excludes rows already dealt with, so
``apply_retention`` is idempotent and two schedulers running it at once do no harm.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import Text, and_, cast, delete, exists, func, null, or_, select, update

from feedback.extensions import db
from feedback.models import AuditEvent, Case, Comment, DraftAnswer, Invitation, utcnow
from feedback.models.messaging import MessageStatus, OutboundMessage
from feedback.models.rate_limits import RateLimitCounter
from feedback.services import audit

CONTACT_COLUMNS = ("parent_email", "parent_phone", "young_person_email", "young_person_phone")


@dataclass(frozen=True, slots=True)
class RetentionReport:
    """What one run removed: rows changed per rule (all zero on a second run)."""

    contact_details_cleared: int
    outbox_messages_cleared: int
    comment_texts_removed: int
    comment_texts_removed_without_redacted_copy: int
    audit_events_deleted: int
    abandoned_drafts_deleted: int
    expired_rate_limit_counters_deleted: int

    def as_dict(self) -> dict[str, int]:
        """Return the counts by name, for the command's output and the audit record."""
        return asdict(self)


def _cutoff(settings: Mapping[str, Any], name: str, now: datetime) -> datetime:
    days = int(settings[name])
    if days < 0:
        raise ValueError(f"{name} must be zero or more days, not {days}")
    return now - timedelta(days=days)


def _clear_contact_details(cutoff: datetime, now: datetime) -> int:
    """Null the contact details of cases that no invitation needs any more.

    An opted-out case loses them at once. Otherwise a case keeps them while any invitation is
    open (not completed, not opted out, link not expired), until its last invitation ended
    (completed, or its link expired) more than the period ago, and while the case was changed by
    an import within the period. A case never invited yet keeps them: its first stage needs them.
    Later stages get fresh details from the next case import.
    """
    ended_at = func.coalesce(Invitation.completed_at, Invitation.expires_at)
    invited = exists().where(Invitation.case_id == Case.id)
    still_needed = exists().where(
        Invitation.case_id == Case.id,
        or_(
            and_(
                Invitation.completed_at.is_(None),
                Invitation.opted_out_at.is_(None),
                Invitation.expires_at > now,
            ),
            ended_at >= cutoff,
        ),
    )
    holds_details = or_(*(getattr(Case, column).is_not(None) for column in CONTACT_COLUMNS))
    last_changed = func.coalesce(Case.updated_at, Case.created_at)
    no_longer_needed = or_(
        Case.opted_out_at.is_not(None),
        and_(invited, ~still_needed, last_changed < cutoff),
    )
    result = db.session.execute(
        update(Case)
        .where(holds_details, no_longer_needed)
        .values({**dict.fromkeys(CONTACT_COLUMNS), "contact_deleted_at": now})
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)


def _clear_outbox(cutoff: datetime) -> int:
    """Null the recipient and link of messages older than the period that are no longer waiting
    to be sent (in the outbox for an admin, sent, or failed)."""
    finished = OutboundMessage.status.not_in(
        [MessageStatus.QUEUED.value, MessageStatus.SENDING.value]
    )
    # A JSON column set to None in Python holds JSON 'null', not SQL NULL: both are empty.
    holds_personalisation = and_(
        OutboundMessage.personalisation.is_not(None),
        cast(OutboundMessage.personalisation, Text) != "null",
    )
    holds_details = or_(
        OutboundMessage.recipient.is_not(None),
        holds_personalisation,
        OutboundMessage.unsubscribe_url.is_not(None),
    )
    result = db.session.execute(
        update(OutboundMessage)
        .where(finished, holds_details, OutboundMessage.created_at < cutoff)
        .values(recipient=None, personalisation=null(), unsubscribe_url=None)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)


def _remove_comment_texts(cutoff: datetime) -> tuple[int, int]:
    """Null the original text of comments older than the period; the redacted copy stays."""
    expired = and_(Comment.text.is_not(None), Comment.created_at < cutoff)
    unredacted = db.session.scalar(
        select(func.count(Comment.id)).where(expired, Comment.redacted_text.is_(None))
    )
    result = db.session.execute(
        update(Comment)
        .where(expired)
        .values(text=None)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount), int(unredacted or 0)


def _delete_audit_events(cutoff: datetime) -> int:
    result = db.session.execute(
        delete(AuditEvent)
        .where(AuditEvent.at < cutoff)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)


def _delete_abandoned_drafts(cutoff: datetime) -> int:
    """Delete saved answers of surveys never submitted whose link expired before the cutoff."""
    abandoned = select(Invitation.id).where(
        Invitation.completed_at.is_(None), Invitation.expires_at < cutoff
    )
    result = db.session.execute(
        delete(DraftAnswer)
        .where(DraftAnswer.invitation_id.in_(abandoned))
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)


def _delete_expired_rate_limit_counters(now: datetime) -> int:
    """Delete rate-limit counters whose window has ended: they hold a keyed hash of a client's
    address, and a later hit would start its window again anyway."""
    result = db.session.execute(
        delete(RateLimitCounter)
        .where(RateLimitCounter.expires_at <= now)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)


def apply_retention(
    *, now: datetime | None = None, settings: Mapping[str, Any] | None = None
) -> RetentionReport:
    """Enforce every retention period, audit the run with its counts, commit, and return them.

    ``settings`` defaults to the app's configuration (``RETENTION_*_DAYS``,
    ``CONTACT_RETENTION_DAYS``, ``OUTBOX_RETENTION_DAYS``).
    """
    now = now or utcnow()
    settings = settings if settings is not None else current_app.config
    contact = _clear_contact_details(_cutoff(settings, "CONTACT_RETENTION_DAYS", now), now)
    outbox = _clear_outbox(_cutoff(settings, "OUTBOX_RETENTION_DAYS", now))
    comments, unredacted = _remove_comment_texts(
        _cutoff(settings, "RETENTION_COMMENT_TEXT_DAYS", now)
    )
    audit_events = _delete_audit_events(_cutoff(settings, "RETENTION_AUDIT_EVENTS_DAYS", now))
    drafts = _delete_abandoned_drafts(_cutoff(settings, "RETENTION_ABANDONED_DRAFTS_DAYS", now))
    report = RetentionReport(
        contact_details_cleared=contact,
        outbox_messages_cleared=outbox,
        comment_texts_removed=comments,
        comment_texts_removed_without_redacted_copy=unredacted,
        audit_events_deleted=audit_events,
        abandoned_drafts_deleted=drafts,
        expired_rate_limit_counters_deleted=_delete_expired_rate_limit_counters(now),
    )
    audit.record("retention.apply", target_type="installation", **report.as_dict())
    db.session.commit()
    return report
