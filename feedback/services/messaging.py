"""The one place that sends email and text messages.

With a ``NOTIFY_API_KEY`` every message goes through GOV.UK Notify (``notifications-python-client``,
one Notify template id per template name in the ``NOTIFY_TEMPLATES`` setting); without one it
stops in the outbox table, where an admin can read it, so the service runs offline.

A message is written to the database and committed *before* Notify is called, and is claimed
with a conditional UPDATE, so two workers never send it twice. Rate limits (429), Notify's own
errors (5xx) and network failures are retried with exponential back-off by
:func:`deliver_due_messages`; a rejected message (400, 403) is not retried, as retrying cannot
succeed. Every attempt is recorded, without the recipient or Notify's message text.

What became of a message after Notify accepted it is learnt from Notify's delivery receipts
(:mod:`feedback.services.delivery_receipts`) or, where receipts cannot reach the service, by asking
Notify (:mod:`feedback.services.delivery_checks`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from notifications_python_client.errors import APIError, HTTPError
from notifications_python_client.notifications import NotificationsAPIClient
from sqlalchemy import select, update

from feedback.extensions import db
from feedback.models import Channel, utcnow
from feedback.models.messaging import (
    AttemptOutcome,
    DeliveryAttempt,
    MessageStatus,
    OutboundMessage,
)

log = logging.getLogger(__name__)

# Rate limits and Notify's own failures may pass; anything else will fail the same way again.
RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class DeliveryRun:
    """What one pass over the queued messages did."""

    sent: int
    retrying: int
    failed: int


def notify_enabled() -> bool:
    """Return whether messages go to GOV.UK Notify (a key is set) rather than to the outbox."""
    return bool(current_app.config.get("NOTIFY_API_KEY"))


def notify_client() -> NotificationsAPIClient:
    """Return a GOV.UK Notify client with the key, address and timeout from the settings."""
    config = current_app.config
    return NotificationsAPIClient(
        config["NOTIFY_API_KEY"],
        base_url=config["NOTIFY_BASE_URL"],
        timeout=config["NOTIFY_TIMEOUT_SECONDS"],
    )


def send_email(
    *,
    organisation_id: int,
    to: str,
    template: str,
    personalisation: dict[str, Any],
    reference: str | None = None,
    invitation_id: int | None = None,
    unsubscribe_url: str | None = None,
) -> OutboundMessage:
    """Send an email now (or put it in the outbox) and return the stored message.

    Commits the session twice: once to store the message before Notify is called, once with the
    outcome. A failure that may pass is left queued for :func:`deliver_due_messages`.
    """
    return _send_now(
        organisation_id=organisation_id,
        channel=Channel.EMAIL.value,
        to=to,
        template=template,
        personalisation=personalisation,
        reference=reference,
        invitation_id=invitation_id,
        unsubscribe_url=unsubscribe_url,
    )


def send_sms(
    *,
    organisation_id: int,
    to: str,
    template: str,
    personalisation: dict[str, Any],
    reference: str | None = None,
    invitation_id: int | None = None,
) -> OutboundMessage:
    """Send a text message now (or put it in the outbox) and return the stored message.

    Commits like :func:`send_email`.
    """
    return _send_now(
        organisation_id=organisation_id,
        channel=Channel.SMS.value,
        to=to,
        template=template,
        personalisation=personalisation,
        reference=reference,
        invitation_id=invitation_id,
    )


def _send_now(**message_fields: Any) -> OutboundMessage:
    """Store the message (commit) so it is never lost, then try to deliver it at once."""
    message = queue_message(**message_fields)
    db.session.commit()
    _deliver_claimed(message.id)
    return message


def queue_message(
    *,
    organisation_id: int,
    channel: str,
    to: str,
    template: str,
    personalisation: dict[str, Any],
    reference: str | None = None,
    invitation_id: int | None = None,
    unsubscribe_url: str | None = None,
    now: datetime | None = None,
) -> OutboundMessage:
    """Add a message to the session (flushed, not committed) and return it.

    For callers that must store the message in the same transaction as something else (the
    invitation scheduler claims an invitation and queues its message atomically); delivery then
    happens in :func:`deliver_due_messages`. Without a Notify key the message goes straight to
    the outbox.
    """
    if channel not in (Channel.EMAIL.value, Channel.SMS.value):
        raise ValueError(f"messages go by email or sms, not {channel!r}")
    now = now or utcnow()
    message = OutboundMessage(
        organisation_id=organisation_id,
        invitation_id=invitation_id,
        channel=channel,
        template=template,
        recipient=to,
        personalisation=dict(personalisation),
        unsubscribe_url=unsubscribe_url,
        reference=reference,
        status=MessageStatus.QUEUED.value if notify_enabled() else MessageStatus.OUTBOX.value,
        next_attempt_at=now,
        created_at=now,
    )
    db.session.add(message)
    db.session.flush()
    return message


def deliver_due_messages(*, now: datetime | None = None, limit: int = 500) -> DeliveryRun:
    """Hand every queued message whose next attempt is due to Notify, and return the counts.

    Rows are read with ``SELECT … FOR UPDATE SKIP LOCKED`` and claimed in the same transaction
    by an UPDATE that returns the ids it changed, so workers on several machines share the
    queue and each message is sent once (on SQLite the single writer lock serialises them).
    """
    if not notify_enabled():
        return DeliveryRun(sent=0, retrying=0, failed=0)
    now = now or utcnow()
    due_ids = db.session.scalars(
        select(OutboundMessage.id)
        .where(
            OutboundMessage.status == MessageStatus.QUEUED.value,
            OutboundMessage.next_attempt_at <= now,
        )
        .order_by(OutboundMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    claimed = _claim(due_ids)
    outcomes = [_deliver(message_id, now=now) for message_id in claimed]
    return DeliveryRun(
        sent=outcomes.count(AttemptOutcome.SENT),
        retrying=outcomes.count(AttemptOutcome.RETRY),
        failed=outcomes.count(AttemptOutcome.FAILED),
    )


def _claim(message_ids: list[int] | tuple[int, ...]) -> list[int]:
    """Mark queued messages as being sent by this worker, commit, and return the ids it got."""
    if not message_ids:
        db.session.commit()
        return []
    claimed = db.session.scalars(
        update(OutboundMessage)
        .where(
            OutboundMessage.id.in_(message_ids),
            OutboundMessage.status == MessageStatus.QUEUED.value,
        )
        .values(status=MessageStatus.SENDING.value)
        .returning(OutboundMessage.id)
    ).all()
    db.session.commit()
    return sorted(claimed)


def deliver_now(message_id: int) -> AttemptOutcome | None:
    """Hand one message, queued and committed by the caller, to Notify at once.

    Nothing happens for an outbox message or one another worker has claimed; a message left
    queued (this process died first) goes with the next :func:`deliver_due_messages`.
    """
    return _deliver_claimed(message_id)


def _deliver_claimed(message_id: int) -> AttemptOutcome | None:
    """Claim one just-queued message and deliver it (nothing happens for an outbox message)."""
    if not _claim([message_id]):
        return None
    return _deliver(message_id, now=utcnow())


def _deliver(message_id: int, *, now: datetime) -> AttemptOutcome:
    """Call Notify for a claimed message, record the outcome and commit it."""
    message = db.session.get(OutboundMessage, message_id)
    if message is None:  # deleted by retention between claim and send
        return AttemptOutcome.FAILED
    outcome = _attempt(message, now=now)
    db.session.commit()
    return outcome


def _attempt(message: OutboundMessage, *, now: datetime) -> AttemptOutcome:
    config = current_app.config
    message.attempts += 1
    template_id = config.get("NOTIFY_TEMPLATES", {}).get(message.template)
    if not template_id:
        return _record(message, now, AttemptOutcome.FAILED, None, "template not configured")
    client = notify_client()
    try:
        if message.channel == Channel.EMAIL.value:
            result = client.send_email_notification(
                email_address=message.recipient,
                template_id=template_id,
                personalisation=message.personalisation,
                reference=message.reference,
                one_click_unsubscribe_url=message.unsubscribe_url,
            )
        else:
            result = client.send_sms_notification(
                phone_number=message.recipient,
                template_id=template_id,
                personalisation=message.personalisation,
                reference=message.reference,
            )
    except HTTPError as error:
        return _record_error(message, now, error)
    except APIError as error:  # a 2xx without JSON: Notify may have accepted it, so never resend
        return _record(message, now, AttemptOutcome.FAILED, error.status_code, "invalid response")
    message.notify_id = str(result.get("id", ""))[:64] or None
    message.sent_at = now
    return _record(message, now, AttemptOutcome.SENT, 201, None)


def _record_error(message: OutboundMessage, now: datetime, error: HTTPError) -> AttemptOutcome:
    code = error.status_code
    description = describe_error(error)
    log.warning("Notify refused message %s: %s", message.id, description)
    retryable = code in RETRYABLE_STATUS
    if retryable and message.attempts < current_app.config["NOTIFY_MAX_ATTEMPTS"]:
        return _record(message, now, AttemptOutcome.RETRY, code, description)
    return _record(message, now, AttemptOutcome.FAILED, code, description)


def describe_error(error: HTTPError) -> str:
    """Return the status code and Notify's error class names (``400 BadRequestError``), never
    its message text, which could echo what was sent."""
    try:
        errors = error.response.json().get("errors", [])  # type: ignore[union-attr]
        types = ", ".join(sorted({str(item.get("error", "")) for item in errors})) or "error"
    except (AttributeError, TypeError, ValueError):
        types = "no response"
    return f"{error.status_code} {types}"[:255]


def _record(
    message: OutboundMessage,
    now: datetime,
    outcome: AttemptOutcome,
    status_code: int | None,
    error: str | None,
) -> AttemptOutcome:
    message.attempt_log.append(
        DeliveryAttempt(
            attempted_at=now, status_code=status_code, outcome=outcome.value, error=error
        )
    )
    message.last_error = error
    if outcome is AttemptOutcome.SENT:
        message.status = MessageStatus.SENT.value
        message.next_attempt_at = None
        if message.notify_id:  # asked about later unless a receipt comes first (delivery_checks)
            minutes = current_app.config["NOTIFY_STATUS_CHECK_MINUTES"]
            message.next_check_at = now + timedelta(minutes=minutes)
        # Notify has it now: nothing here needs the address or the link any more.
        message.recipient = None
        message.personalisation = None
        message.unsubscribe_url = None
    elif outcome is AttemptOutcome.RETRY:
        message.status = MessageStatus.QUEUED.value
        message.next_attempt_at = now + backoff(message.attempts)
    else:
        message.status = MessageStatus.FAILED.value
        message.next_attempt_at = None
    return outcome


def backoff(attempts: int) -> timedelta:
    """Return how long to wait after ``attempts`` failed attempts: doubling from the base setting.

    ``NOTIFY_RETRY_BASE_SECONDS`` × 2^(attempts − 1), capped at ``NOTIFY_RETRY_MAX_SECONDS``.
    """
    config = current_app.config
    seconds = config["NOTIFY_RETRY_BASE_SECONDS"] * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, config["NOTIFY_RETRY_MAX_SECONDS"]))
