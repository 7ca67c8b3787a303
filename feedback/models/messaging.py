"""Messages sent to families and staff (email, SMS) and every attempt to deliver them.

Without a GOV.UK Notify key a message stops in the outbox (status ``outbox``), where an admin can
read it; with a key it is handed to Notify and the recipient and personalisation are cleared once
Notify has accepted it.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from feedback.extensions import db
from feedback.models.types import UTCDateTime, utcnow


class MessageStatus(StrEnum):
    """Where a message is on its way to the recipient."""

    QUEUED = "queued"  # waiting for its first or next attempt
    SENDING = "sending"  # claimed by a worker; left here only if that worker died mid-send
    SENT = "sent"  # accepted by GOV.UK Notify
    OUTBOX = "outbox"  # no Notify key: kept for an admin to read
    FAILED = "failed"  # rejected by Notify, or out of attempts
    CANCELLED = "cancelled"  # the family opted out before it was sent


class AttemptOutcome(StrEnum):
    """What one attempt to hand a message to Notify led to."""

    SENT = "sent"
    RETRY = "retry"
    FAILED = "failed"


class OutboundMessage(db.Model):  # type: ignore[name-defined]
    """An email or text message, from the moment it is asked for until Notify accepts it."""

    __tablename__ = "outbound_message"
    __table_args__ = (Index("ix_outbound_message_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    # Set when the message carries a family's invitation, so bounces count against it.
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitation.id", ondelete="SET NULL"), index=True
    )
    channel: Mapped[str] = mapped_column(String(16))
    template: Mapped[str] = mapped_column(String(64))
    # Personal data: cleared once Notify accepts the message, or by the retention command.
    recipient: Mapped[str | None] = mapped_column(String(254))
    personalisation: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    unsubscribe_url: Mapped[str | None] = mapped_column(String(500))
    reference: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default=MessageStatus.QUEUED.value)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    notify_id: Mapped[str | None] = mapped_column(String(64))
    # Status code and Notify's error type only: Notify's messages could echo what was sent.
    last_error: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    attempt_log: Mapped[list[DeliveryAttempt]] = relationship(
        back_populates="message", cascade="all, delete-orphan", order_by="DeliveryAttempt.id"
    )


class DeliveryAttempt(db.Model):  # type: ignore[name-defined]
    """One call to GOV.UK Notify for a message, with what came back."""

    __tablename__ = "delivery_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("outbound_message.id", ondelete="CASCADE"), index=True
    )
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    status_code: Mapped[int | None]
    outcome: Mapped[str] = mapped_column(String(16))
    error: Mapped[str | None] = mapped_column(String(255))

    message: Mapped[OutboundMessage] = relationship(back_populates="attempt_log")
