"""Messages sent to families and staff (email, SMS) and every attempt to deliver them.

Without a GOV.UK Notify key a message stops in the outbox (status ``outbox``), where an admin can
read it; with a key it is handed to Notify and the recipient and personalisation are cleared once
Notify has accepted it. What became of it afterwards (delivered, or not) is Notify's delivery
status, learnt from a delivery receipt or by asking Notify.
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
    """What one call to Notify for a message led to: handing it over, or asking its status."""

    SENT = "sent"
    RETRY = "retry"
    FAILED = "failed"
    CHECK_RETRY = "check_retry"  # Notify answered a status check with an error; asked again later
    CHECK_STOPPED = "check_stopped"  # status checks given up: asking again cannot succeed


class DeliveryStatus(StrEnum):
    """What GOV.UK Notify last said became of a message it accepted (its receipt's ``status``)."""

    DELIVERED = "delivered"
    PERMANENT_FAILURE = "permanent-failure"  # the address or number is wrong
    TEMPORARY_FAILURE = "temporary-failure"  # inbox full, phone off: final after Notify's retries
    TECHNICAL_FAILURE = "technical-failure"  # never left Notify; it may be sent again
    INTERNATIONAL = "sent"  # to an international number: some networks say nothing more


# Notify's statuses on the way (it is still trying): nothing is stored, the message is asked about
# again later.
PENDING_DELIVERY = frozenset({"created", "sending", "pending"})
# Receipts that mean the family did not get the message.
NOT_DELIVERED = frozenset(
    {
        DeliveryStatus.PERMANENT_FAILURE.value,
        DeliveryStatus.TEMPORARY_FAILURE.value,
        DeliveryStatus.TECHNICAL_FAILURE.value,
    }
)


class OutboundMessage(db.Model):  # type: ignore[name-defined]
    """An email or text message, from the moment it is asked for until Notify says whether it
    reached the family."""

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
    # Notify's id for the message: delivery receipts find the message by it.
    notify_id: Mapped[str | None] = mapped_column(String(64), index=True)
    # Status code and Notify's error type only: Notify's messages could echo what was sent.
    last_error: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A DeliveryStatus value and Notify's time for it; empty until Notify reports an outcome.
    delivery_status: Mapped[str | None] = mapped_column(String(32))
    delivery_status_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When to ask Notify for the delivery status; empty once it is known or asking is given up.
    next_check_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    # Status checks in a row that Notify answered with an error (for the back-off).
    failed_checks: Mapped[int] = mapped_column(default=0, server_default="0")
    # Set when a message Notify could not send (technical failure) has been sent again, once.
    resent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

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
