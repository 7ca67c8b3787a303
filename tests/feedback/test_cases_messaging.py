"""The one place that sends messages: GOV.UK Notify faked only at the HTTP boundary with its
documented responses (docs.notifications.service.gov.uk, "Error codes"), and the outbox."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta

import pytest
import responses
from flask import Flask

from feedback.extensions import db
from feedback.models.messaging import MessageStatus, OutboundMessage
from feedback.services.messaging import deliver_due_messages, send_email, send_sms
from feedback.services.organisations import ensure_organisation
from tests.feedback.cases_data import at

NOTIFY = "https://api.notifications.service.gov.uk"
EMAIL_URL = f"{NOTIFY}/v2/notifications/email"
SMS_URL = f"{NOTIFY}/v2/notifications/sms"
# A key in Notify's format: name, service id, secret (both UUIDs). Invented for the tests.
FAKE_KEY = "test_key-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0"
TEMPLATES = {
    "invitation_email": "f33517ff-2a88-4f6e-b855-c550268ce08a",
    "invitation_sms": "a8d2a5a3-1a0c-4ec5-a9c4-2b6a3b4c5d6e",
    "reminder_email": "0d6f3a51-52a4-4a8e-9a0c-3f1b2c4d5e6f",
    "reminder_sms": "9b1c2d3e-4f50-4a6b-8c7d-1e2f3a4b5c6d",
}
ACCEPTED = {
    "id": "740e5834-3a29-46b4-9a6f-16142fde533a",
    "reference": None,
    "content": {"subject": "Tell us", "body": "Hello", "from_email": "send@notify.example"},
    "uri": f"{EMAIL_URL}/740e5834-3a29-46b4-9a6f-16142fde533a",
    "template": {"id": TEMPLATES["invitation_email"], "version": 1, "uri": "x"},
    "scheduled_for": None,
}


def _error(status: int, error: str, message: str) -> dict[str, object]:
    return {"status_code": status, "errors": [{"error": error, "message": message}]}


@pytest.fixture
def notify(app: Flask) -> Iterator[responses.RequestsMock]:
    """Turn Notify on for ``app`` and fake its HTTP API."""
    app.config.update(NOTIFY_API_KEY=FAKE_KEY, NOTIFY_TEMPLATES=TEMPLATES)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def _send(app: Flask) -> OutboundMessage:
    with app.app_context():
        organisation = ensure_organisation("demo", "Demo Council")
        message = send_email(
            organisation_id=organisation.id,
            to="parent@example.com",
            template="invitation_email",
            personalisation={"link": "https://feedback.example/s/abc"},
            reference="invitation-1",
        )
        db.session.refresh(message)
        db.session.expunge(message)
        return message


def test_without_a_notify_key_a_message_waits_in_the_outbox(app: Flask) -> None:
    message = _send(app)
    assert message.status == MessageStatus.OUTBOX.value
    assert message.recipient == "parent@example.com"
    assert message.personalisation == {"link": "https://feedback.example/s/abc"}


def test_notify_is_called_with_the_template_id_and_personalisation(
    app: Flask, notify: responses.RequestsMock
) -> None:
    call = notify.post(EMAIL_URL, json=ACCEPTED, status=201)
    message = _send(app)
    assert call.call_count == 1
    sent = json.loads(notify.calls[0].request.body)
    assert sent == {
        "email_address": "parent@example.com",
        "template_id": TEMPLATES["invitation_email"],
        "personalisation": {"link": "https://feedback.example/s/abc"},
        "reference": "invitation-1",
    }
    assert notify.calls[0].request.headers["Authorization"].startswith("Bearer ")
    assert message.status == MessageStatus.SENT.value
    assert message.notify_id == ACCEPTED["id"]


def test_once_notify_has_the_message_the_address_and_link_are_cleared(
    app: Flask, notify: responses.RequestsMock
) -> None:
    notify.post(EMAIL_URL, json=ACCEPTED, status=201)
    message = _send(app)
    assert (message.recipient, message.personalisation) == (None, None)


def test_sms_goes_to_the_sms_endpoint(app: Flask, notify: responses.RequestsMock) -> None:
    call = notify.post(SMS_URL, json={**ACCEPTED, "content": {"body": "Hi"}}, status=201)
    with app.app_context():
        organisation = ensure_organisation("demo", "Demo Council")
        message = send_sms(
            organisation_id=organisation.id,
            to="+447700900982",
            template="invitation_sms",
            personalisation={"link": "https://feedback.example/s/abc"},
        )
        assert message.status == MessageStatus.SENT.value
    assert json.loads(notify.calls[0].request.body)["phone_number"] == "+447700900982"
    assert call.call_count == 1


@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        (
            400,
            _error(400, "ValidationError", "email_address Not a valid email address"),
            "400 ValidationError",
        ),
        (
            400,
            _error(
                400, "BadRequestError", "Can't send to this recipient using a team-only API key"
            ),
            "400 BadRequestError",
        ),
        (403, _error(403, "AuthError", "Invalid token: API key not found"), "403 AuthError"),
    ],
)
def test_a_message_notify_rejects_fails_at_once_without_retrying(
    app: Flask, notify: responses.RequestsMock, status: int, body: dict[str, object], error: str
) -> None:
    call = notify.post(EMAIL_URL, json=body, status=status)
    message = _send(app)
    assert message.status == MessageStatus.FAILED.value
    assert message.last_error == error
    with app.app_context():
        assert deliver_due_messages(now=at("2030-01-01")).sent == 0
    assert call.call_count == 1


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (
            429,
            _error(429, "RateLimitError", "Exceeded rate limit for key type LIVE of 3000 requests"),
        ),
        (500, _error(500, "Exception", "Internal server error")),
    ],
)
def test_rate_limits_and_notify_errors_are_retried_after_a_back_off(
    app: Flask, notify: responses.RequestsMock, status: int, body: dict[str, object]
) -> None:
    notify.post(EMAIL_URL, json=body, status=status)
    message = _send(app)
    assert message.status == MessageStatus.QUEUED.value
    assert message.attempts == 1
    assert message.next_attempt_at is not None
    first_wait = message.next_attempt_at - message.created_at
    assert timedelta(seconds=59) <= first_wait <= timedelta(seconds=61)
    notify.replace(responses.POST, EMAIL_URL, json=ACCEPTED, status=201)
    with app.app_context():
        assert deliver_due_messages(now=message.next_attempt_at - timedelta(seconds=1)).sent == 0
        assert deliver_due_messages(now=message.next_attempt_at).sent == 1
        stored = db.session.get(OutboundMessage, message.id)
        assert stored is not None
        assert [attempt.outcome for attempt in stored.attempt_log] == ["retry", "sent"]
        assert [attempt.status_code for attempt in stored.attempt_log] == [status, 201]


def test_back_off_doubles_and_the_message_fails_after_the_last_attempt(
    app: Flask, notify: responses.RequestsMock
) -> None:
    app.config["NOTIFY_MAX_ATTEMPTS"] = 3
    call = notify.post(
        EMAIL_URL, json=_error(500, "Exception", "Internal server error"), status=500
    )
    message = _send(app)
    with app.app_context():
        second = message.next_attempt_at
        assert second is not None
        deliver_due_messages(now=second)
        stored = db.session.get(OutboundMessage, message.id)
        assert stored is not None and stored.next_attempt_at is not None
        assert stored.next_attempt_at - second == timedelta(seconds=120)
        deliver_due_messages(now=stored.next_attempt_at)
        stored = db.session.get(OutboundMessage, message.id)
        assert stored is not None
        assert (stored.status, stored.attempts) == (MessageStatus.FAILED.value, 3)
    assert call.call_count == 3


def test_a_network_failure_is_retried(app: Flask, notify: responses.RequestsMock) -> None:
    from requests.exceptions import ConnectionError as RequestsConnectionError

    notify.post(EMAIL_URL, body=RequestsConnectionError("connection refused"))
    message = _send(app)
    assert (message.status, message.last_error) == (MessageStatus.QUEUED.value, "503 no response")


def test_a_template_missing_from_the_settings_fails_without_calling_notify(
    app: Flask, notify: responses.RequestsMock
) -> None:
    app.config["NOTIFY_TEMPLATES"] = {}
    message = _send(app)
    assert (message.status, message.last_error) == (
        MessageStatus.FAILED.value,
        "template not configured",
    )
    assert len(notify.calls) == 0
