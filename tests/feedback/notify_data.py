"""GOV.UK Notify faked at the HTTP boundary for the delivery tests: each accepted message gets an id
of its own, and receipts and status answers have the fields Notify documents ("Callbacks" and
"Get the status of one message", docs.notifications.service.gov.uk)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import responses
from flask import Flask
from requests import PreparedRequest

from tests.feedback.test_cases_messaging import (
    ACCEPTED,
    EMAIL_URL,
    FAKE_KEY,
    NOTIFY,
    SMS_URL,
    TEMPLATES,
)

# Invented for the tests, as an operator would choose one: long and random.
CALLBACK_TOKEN = "a-long-random-callback-token-0123456789"
RECEIPTS_URL = "/notify/delivery-receipts"


def status_url(notify_id: str) -> str:
    """Return the address of Notify's "get the status of one message" for ``notify_id``."""
    return f"{NOTIFY}/v2/notifications/{notify_id}"


def _accept(request: PreparedRequest) -> tuple[int, dict[str, str], str]:
    return 201, {}, json.dumps({**ACCEPTED, "id": str(uuid.uuid4())})


@contextmanager
def fake_notify(app: Flask) -> Iterator[responses.RequestsMock]:
    """Turn Notify on for ``app`` and fake its API; every email and text it accepts gets a new
    id. Status answers are registered by each test."""
    app.config.update(NOTIFY_API_KEY=FAKE_KEY, NOTIFY_TEMPLATES=TEMPLATES)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.add_callback(responses.POST, EMAIL_URL, callback=_accept)
        mock.add_callback(responses.POST, SMS_URL, callback=_accept)
        yield mock


def receipt(
    notify_id: str,
    status: str,
    completed_at: str | None = "2025-02-13T09:05:00.000000Z",
    *,
    to: str = "parent@example.com",
) -> dict[str, object]:
    """Return a delivery receipt as Notify posts it (every value a string but the version)."""
    return {
        "id": notify_id,
        "reference": "invitation-1",
        "to": to,
        "status": status,
        "created_at": "2025-02-13T09:00:00.000000Z",
        "completed_at": completed_at,
        "sent_at": "2025-02-13T09:00:01.000000Z",
        "notification_type": "email",
        "template_id": TEMPLATES["invitation_email"],
        "template_version": 1,
    }


def notification(
    notify_id: str, status: str, completed_at: str | None = "2025-02-13 09:05:00.000000"
) -> dict[str, object]:
    """Return Notify's answer to "get the status of one message" for an email."""
    return {
        "id": notify_id,
        "reference": "invitation-1",
        "email_address": "parent@example.com",
        "phone_number": None,
        "type": "email",
        "status": status,
        "template": {"version": 1, "id": TEMPLATES["invitation_email"], "uri": "/v2/template/x/1"},
        "body": "Tell us what you think",
        "subject": "Tell us",
        "created_at": "2025-02-13 09:00:00.000000",
        "created_by_name": None,
        "sent_at": "2025-02-13 09:00:01.000000",
        "completed_at": completed_at,
        "scheduled_for": None,
        "is_cost_data_ready": True,
        "cost_in_pounds": 0.0,
        "cost_details": {},
    }
