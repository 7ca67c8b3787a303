"""Safeguarding flags: telling the designated lead, listing open flags, closing them.

The email says only that a comment was flagged and links to the staff page; the comment's words
never leave the service by email.
"""

from __future__ import annotations

from enum import StrEnum

from flask import current_app, url_for
from sqlalchemy import select

from feedback.extensions import db
from feedback.models import Channel, Comment, User, utcnow
from feedback.models.messaging import OutboundMessage
from feedback.models.reviews import FlagStatus, ReviewSettings, SafeguardingFlag
from feedback.services import audit
from feedback.services.messaging import deliver_now, queue_message

ALERT_TEMPLATE = "safeguarding_alert"


class FlagOutcome(StrEnum):
    """What the designated lead did about a flag (no personal data)."""

    REFERRED = "referred"
    ALREADY_KNOWN = "already_known"
    NO_CONCERN = "no_concern"


class AlertError(ValueError):
    """A safeguarding change was refused; the message says why and nothing was changed."""


def designated_lead_email(organisation_id: int) -> str:
    """Return the address safeguarding alerts go to ("" when none is set anywhere)."""
    settings = db.session.get(ReviewSettings, organisation_id)
    if settings is not None and settings.safeguarding_lead_email:
        return settings.safeguarding_lead_email
    return str(current_app.config.get("SAFEGUARDING_LEAD_EMAIL") or "")


def set_designated_lead(organisation_id: int, email: str, *, actor: User) -> None:
    """Set the council's designated safeguarding lead's address; audit and commit."""
    settings = db.session.get(ReviewSettings, organisation_id)
    if settings is None:
        settings = ReviewSettings(organisation_id=organisation_id)
        db.session.add(settings)
    settings.safeguarding_lead_email = email.strip() or None
    settings.updated_at = utcnow()
    audit.record(
        "safeguarding.lead_set", actor=actor, target_type="organisation", target_id=organisation_id
    )
    db.session.commit()


def queue_alert(flag: SafeguardingFlag) -> OutboundMessage | None:
    """Queue the email to the designated lead, a link to the flag and never the comment, in the
    caller's transaction, and set ``notified_at``; return the message (no commit).

    Queued in the same transaction as the flag, the alert exists exactly when the flag does:
    a worker that dies after the commit leaves it for the next ``invitations send-due``, which
    delivers queued messages. Without an address nothing is queued and ``None`` is returned.
    """
    address = designated_lead_email(flag.organisation_id)
    if not address:
        return None
    db.session.flush()  # the link and the reference need the flag's id
    # The link must work from the lead's inbox, also when a command (not a request) raised it.
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_BASE_URL"]):
        link = url_for("reviews.safeguarding_flag", flag_id=flag.id, _external=True)
    message = queue_message(
        organisation_id=flag.organisation_id,
        channel=Channel.EMAIL.value,
        to=address,
        template=ALERT_TEMPLATE,
        personalisation={"link": link, "concerns": ", ".join(flag.categories)},
        reference=f"safeguarding-{flag.id}",
    )
    flag.notified_at = utcnow()
    audit.record(
        "safeguarding.notified",
        organisation_id=flag.organisation_id,
        target_type="safeguarding_flag",
        target_id=flag.id,
    )
    return message


def deliver_alerts(messages: list[OutboundMessage]) -> None:
    """Hand alerts queued by :func:`queue_alert`, once committed, to Notify at once."""
    for message in messages:
        deliver_now(message.id)


def alert_unnotified_flags(*, limit: int = 200) -> list[OutboundMessage]:
    """Queue alerts for open flags no lead was told of (none was set when they were raised);
    commit and return the messages queued.

    Flags are claimed with ``SELECT … FOR UPDATE SKIP LOCKED`` and the alert is queued in the
    claiming transaction, so two schedulers never alert twice; a council still without a lead
    is skipped quietly (the warning was logged when the flag was raised).
    """
    candidates = db.session.scalars(
        select(SafeguardingFlag)
        .where(
            SafeguardingFlag.notified_at.is_(None),
            SafeguardingFlag.status == FlagStatus.OPEN.value,
        )
        .order_by(SafeguardingFlag.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    queued = [message for flag in candidates if (message := queue_alert(flag)) is not None]
    db.session.commit()
    return queued


def flags(organisation_id: int, *, status: FlagStatus | None = None) -> list[SafeguardingFlag]:
    """Return the council's flags, open first and newest first within each status."""
    query = select(SafeguardingFlag).where(SafeguardingFlag.organisation_id == organisation_id)
    if status is not None:
        query = query.where(SafeguardingFlag.status == status.value)
    return list(
        db.session.scalars(
            query.order_by(SafeguardingFlag.status.desc(), SafeguardingFlag.flagged_at.desc())
        )
    )


def flag_by_id(organisation_id: int, flag_id: int) -> SafeguardingFlag | None:
    """Return the council's flag with this id, or ``None`` (another council's is ``None``)."""
    flag = db.session.get(SafeguardingFlag, flag_id)
    return flag if flag is not None and flag.organisation_id == organisation_id else None


def close_flag(organisation_id: int, flag_id: int, outcome: str, *, actor: User) -> None:
    """Close an open flag with what was done about it; audit and commit.

    Raises ``LookupError`` for a missing or another council's flag and ``AlertError`` for an
    unknown outcome or a flag already closed.
    """
    flag = flag_by_id(organisation_id, flag_id)
    if flag is None:
        raise LookupError("no such flag")
    if outcome not in {choice.value for choice in FlagOutcome}:
        raise AlertError("Select what was done about this comment")
    if flag.status == FlagStatus.CLOSED.value:
        raise AlertError("This flag is already closed")
    flag.status = FlagStatus.CLOSED.value
    flag.outcome = outcome
    flag.closed_by_id = actor.id
    flag.closed_at = utcnow()
    audit.record(
        "safeguarding.close",
        actor=actor,
        target_type="safeguarding_flag",
        target_id=flag.id,
        outcome=outcome,
    )
    db.session.commit()


def response_was_flagged(response_id: int) -> bool:
    """Return whether any comment of this response raised a safeguarding flag."""
    return (
        db.session.scalar(
            select(SafeguardingFlag.id)
            .join(Comment, Comment.id == SafeguardingFlag.comment_id)
            .where(Comment.response_id == response_id)
            .limit(1)
        )
        is not None
    )


def flagged_comment(flag: SafeguardingFlag) -> Comment:
    """Return the comment a flag is about."""
    comment = db.session.get(Comment, flag.comment_id)
    if comment is None:  # the flag is deleted with its comment, so this cannot happen
        raise LookupError("flag without a comment")
    return comment
