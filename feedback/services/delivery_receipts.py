"""GOV.UK Notify's delivery receipts: what became of a message after Notify accepted it.

Notify posts a receipt to the service's callback address whenever a message is delivered or fails
(docs.notifications.service.gov.uk, "Callbacks"): ``id``, ``reference``, ``to``, ``status``,
``created_at``, ``completed_at``, ``sent_at``, ``notification_type``, ``template_id`` and
``template_version``. Where receipts cannot reach the service,
:mod:`feedback.services.delivery_checks` asks Notify for the same status. Both store it through
:func:`store_status`, so the same receipt twice changes nothing and an older status never
replaces a newer one.

A receipt names the family's address or number (``to``): it is never stored or logged.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import ColumnElement, exists, select, update

from feedback.extensions import db
from feedback.models import Invitation, utcnow
from feedback.models.messaging import PENDING_DELIVERY, DeliveryStatus, OutboundMessage

log = logging.getLogger(__name__)

KNOWN_STATUSES = frozenset(status.value for status in DeliveryStatus) | PENDING_DELIVERY
# A receipt racing another for the same message is looked up again this many times at most.
_TRIES = 3


class ReceiptError(ValueError):
    """A receipt that is not what Notify documents; the message says which field is wrong."""


class ReceiptOutcome(StrEnum):
    """What a receipt did to the stored message."""

    RECORDED = "recorded"
    UNCHANGED = "unchanged"  # the same status again, an older one, or Notify still trying
    UNKNOWN = "unknown"  # no message has this id: removed by retention or erasure, or not ours


@dataclass(frozen=True, slots=True)
class Receipt:
    """The parts of a receipt the service uses: Notify's id, its status and when it was set."""

    notify_id: str
    status: str
    completed_at: datetime | None


def parse_receipt(body: object) -> Receipt:
    """Return the receipt in a decoded JSON body, or raise :class:`ReceiptError`."""
    if not isinstance(body, dict):
        raise ReceiptError("the receipt must be a JSON object")
    notify_id = body.get("id")
    if not isinstance(notify_id, str):
        raise ReceiptError("id must be Notify's id for the message")
    try:
        uuid.UUID(notify_id)
    except ValueError as error:
        raise ReceiptError("id must be Notify's id for the message") from error
    status = body.get("status")
    if status not in KNOWN_STATUSES:
        raise ReceiptError("status must be one of Notify's delivery statuses")
    return Receipt(
        notify_id=notify_id, status=str(status), completed_at=notify_time(body.get("completed_at"))
    )


def notify_time(value: object) -> datetime | None:
    """Return a Notify timestamp (``2017-05-14T12:15:30.000000Z``, or with a space and no zone,
    which is UTC) as an aware UTC datetime; ``None`` stays ``None``."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ReceiptError("completed_at must be a timestamp or null")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise ReceiptError("completed_at must be a timestamp or null") from error
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def record_receipt(receipt: Receipt, *, now: datetime | None = None) -> ReceiptOutcome:
    """Store the receipt's status on its message, commit, and return what the receipt did.

    One indexed lookup by Notify's id and one conditional update: the update only applies if
    the message is as the lookup found it, so two receipts at once cannot undo each other.
    """
    # Without Notify's time, the time it was learnt is kept (but never wins over a stored status).
    at = receipt.completed_at or now or utcnow()
    for _ in range(_TRIES):
        found = db.session.execute(
            select(
                OutboundMessage.id,
                OutboundMessage.delivery_status,
                OutboundMessage.delivery_status_at,
            )
            .where(OutboundMessage.notify_id == receipt.notify_id)
            .limit(1)
        ).one_or_none()
        if found is None:
            log.info("Delivery receipt for unknown Notify id %s", receipt.notify_id)
            return ReceiptOutcome.UNKNOWN
        message_id, known_status, known_at = found
        if not supersedes(receipt.status, receipt.completed_at, known_status, known_at):
            return ReceiptOutcome.UNCHANGED
        if store_status(message_id, known_status, known_at, receipt.status, at):
            db.session.commit()
            return ReceiptOutcome.RECORDED
        db.session.rollback()  # another receipt changed the message since the lookup
    return ReceiptOutcome.UNCHANGED


def supersedes(
    status: str, at: datetime | None, known_status: str | None, known_at: datetime | None
) -> bool:
    """Return whether Notify's ``status`` at ``at`` should replace what the message holds.

    Statuses on the way (``sending``…) are never stored. A final status replaces none, or one
    Notify set strictly earlier: a duplicate or an older receipt arriving late changes nothing.
    """
    if status in PENDING_DELIVERY:
        return False
    if known_status is None:
        return True
    return at is not None and known_at is not None and at > known_at


def store_status(
    message_id: int,
    known_status: str | None,
    known_at: datetime | None,
    status: str,
    at: datetime | None,
) -> bool:
    """Set the message's delivery status if it still holds ``known_status`` at ``known_at``, stop
    its status checks, and return whether it changed (the caller commits)."""
    result = db.session.execute(
        update(OutboundMessage)
        .where(
            OutboundMessage.id == message_id,
            OutboundMessage.delivery_status.is_not_distinct_from(known_status),
            OutboundMessage.delivery_status_at.is_not_distinct_from(known_at),
        )
        .values(delivery_status=status, delivery_status_at=at, next_check_at=None)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)


def invitation_delivered() -> ColumnElement[bool]:
    """Return the condition, on ``Invitation``, that Notify delivered one of its messages (the
    invitation, its reminder or a resend): the family was reached."""
    return exists().where(
        OutboundMessage.invitation_id == Invitation.id,
        OutboundMessage.delivery_status == DeliveryStatus.DELIVERED.value,
    )
