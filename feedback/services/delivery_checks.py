"""Asking GOV.UK Notify what became of messages, for services its receipts cannot reach.

Many councils' services cannot be reached from the internet, so Notify's delivery receipts never
arrive. ``invitations send-due`` therefore asks Notify (``get_notification_by_id``) about messages
it accepted at least ``NOTIFY_STATUS_CHECK_MINUTES`` ago whose outcome is still unknown, at most
``NOTIFY_STATUS_CHECK_BATCH`` a run, and asks again that much later while Notify is still trying.
Where receipts do arrive they settle most messages first, and the checks find little to do.

Checks are claimed like sending is (``SELECT … FOR UPDATE SKIP LOCKED``, then an UPDATE that moves
``next_check_at`` on), so schedulers on several machines share them. Errors are treated like
errors in sending: 429, 5xx and network failures are asked again after the same doubling back-off,
up to ``NOTIFY_MAX_ATTEMPTS`` in a row; anything else (a 404 once Notify's retention has passed,
400, 403) stops the checks of that message. Each error is a ``delivery_attempt`` row.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from flask import current_app
from notifications_python_client.errors import APIError, HTTPError
from notifications_python_client.notifications import NotificationsAPIClient
from sqlalchemy import Update, select, update

from feedback.extensions import db
from feedback.models import utcnow
from feedback.models.messaging import (
    AttemptOutcome,
    DeliveryAttempt,
    DeliveryStatus,
    OutboundMessage,
)
from feedback.services.delivery_receipts import (
    ReceiptError,
    notify_time,
    store_status,
    supersedes,
)
from feedback.services.messaging import (
    RETRYABLE_STATUS,
    backoff,
    describe_error,
    notify_client,
    notify_enabled,
)

log = logging.getLogger(__name__)

FINAL_STATUSES = frozenset(status.value for status in DeliveryStatus)


class CheckOutcome(StrEnum):
    """What asking Notify about one message found."""

    SETTLED = "settled"  # Notify gave its final status (stored unless a receipt came first)
    WAITING = "waiting"  # Notify is still trying: asked again later
    RETRYING = "retrying"  # Notify answered with an error that may pass
    STOPPED = "stopped"  # asking again cannot succeed


@dataclass(frozen=True, slots=True)
class CheckRun:
    """What one pass of status checks did."""

    checked: int
    settled: int
    retrying: int
    stopped: int


def check_delivery(*, now: datetime | None = None) -> CheckRun:
    """Ask Notify about every message whose status check is due (up to the batch setting), store
    the final statuses it gives, and return the counts."""
    batch = int(current_app.config["NOTIFY_STATUS_CHECK_BATCH"])
    if not notify_enabled() or batch <= 0:
        return CheckRun(checked=0, settled=0, retrying=0, stopped=0)
    now = now or utcnow()
    claimed = _claim(now, batch)
    client = notify_client()
    outcomes = [_check(client, message_id, now) for message_id in claimed]
    return CheckRun(
        checked=len(outcomes),
        settled=outcomes.count(CheckOutcome.SETTLED),
        retrying=outcomes.count(CheckOutcome.RETRYING),
        stopped=outcomes.count(CheckOutcome.STOPPED),
    )


def _interval() -> timedelta:
    return timedelta(minutes=int(current_app.config["NOTIFY_STATUS_CHECK_MINUTES"]))


def _claim(now: datetime, batch: int) -> list[int]:
    """Move the next check of up to ``batch`` due messages on by one interval (so no other worker
    takes them, and a worker that dies leaves them to be asked about later), commit, and return
    the ids this worker got."""
    due = db.session.scalars(
        select(OutboundMessage.id)
        .where(OutboundMessage.next_check_at <= now)
        .order_by(OutboundMessage.next_check_at, OutboundMessage.id)
        .limit(batch)
        .with_for_update(skip_locked=True)
    ).all()
    if not due:
        db.session.commit()
        return []
    claimed = db.session.scalars(
        update(OutboundMessage)
        .where(OutboundMessage.id.in_(due), OutboundMessage.next_check_at <= now)
        .values(next_check_at=now + _interval())
        .returning(OutboundMessage.id)
    ).all()
    db.session.commit()
    return sorted(claimed)


def _check(client: NotificationsAPIClient, message_id: int, now: datetime) -> CheckOutcome:
    """Ask Notify about one claimed message, store what it says and commit."""
    message = db.session.get(OutboundMessage, message_id)
    if message is None:  # deleted by retention or erasure since the claim
        return CheckOutcome.STOPPED
    if message.notify_id is None:
        outcome = _give_up(message, now, None, "no Notify id")
    else:
        try:
            notification = client.get_notification_by_id(message.notify_id)
        except HTTPError as error:
            outcome = _record_error(message, now, error.status_code, describe_error(error))
        except APIError as error:  # a 2xx without JSON: it may pass
            outcome = _record_error(message, now, error.status_code, "invalid response")
        else:
            outcome = _settle(message, now, notification)
    db.session.commit()
    return outcome


def _settle(message: OutboundMessage, now: datetime, notification: Any) -> CheckOutcome:
    status = str(notification.get("status", "")) if isinstance(notification, dict) else ""
    if status not in FINAL_STATUSES:
        db.session.execute(
            _unsettled(message.id).values(next_check_at=now + _interval(), failed_checks=0)
        )
        return CheckOutcome.WAITING
    try:
        completed_at = notify_time(notification.get("completed_at"))
    except ReceiptError:
        completed_at = None
    known = (message.delivery_status, message.delivery_status_at)
    if supersedes(status, completed_at, *known):
        store_status(message.id, *known, status, completed_at or now)
    return CheckOutcome.SETTLED


def _record_error(
    message: OutboundMessage, now: datetime, status_code: int, description: str
) -> CheckOutcome:
    log.warning("Notify gave no status for message %s: %s", message.id, description)
    failed = message.failed_checks + 1
    retryable = status_code in RETRYABLE_STATUS
    if not retryable or failed >= int(current_app.config["NOTIFY_MAX_ATTEMPTS"]):
        return _give_up(message, now, status_code, description)
    _attempt_row(message, now, AttemptOutcome.CHECK_RETRY, status_code, description)
    db.session.execute(
        _unsettled(message.id).values(
            next_check_at=now + backoff(failed), failed_checks=failed, last_error=description
        )
    )
    return CheckOutcome.RETRYING


def _give_up(
    message: OutboundMessage, now: datetime, status_code: int | None, description: str
) -> CheckOutcome:
    _attempt_row(message, now, AttemptOutcome.CHECK_STOPPED, status_code, description)
    db.session.execute(
        _unsettled(message.id).values(
            next_check_at=None, failed_checks=message.failed_checks + 1, last_error=description
        )
    )
    return CheckOutcome.STOPPED


def _unsettled(message_id: int) -> Update:
    """Return an UPDATE of the message that leaves it alone once a receipt has settled it."""
    return (
        update(OutboundMessage)
        .where(OutboundMessage.id == message_id, OutboundMessage.delivery_status.is_(None))
        .execution_options(synchronize_session=False)
    )


def _attempt_row(
    message: OutboundMessage,
    now: datetime,
    outcome: AttemptOutcome,
    status_code: int | None,
    error: str,
) -> None:
    db.session.add(
        DeliveryAttempt(
            message_id=message.id,
            attempted_at=now,
            status_code=status_code,
            outcome=outcome.value,
            error=error,
        )
    )
