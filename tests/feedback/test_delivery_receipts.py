"""Delivery receipts GOV.UK Notify posts to /notify/delivery-receipts ("Callbacks" in Notify's
documentation): the bearer token the service owner chose, one receipt per message outcome."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import responses
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from feedback.extensions import db
from feedback.models.messaging import OutboundMessage
from feedback.services.messaging import send_email
from feedback.services.organisations import ensure_organisation
from tests.feedback.notify_data import CALLBACK_TOKEN, RECEIPTS_URL, fake_notify, receipt

STATUSES = ("delivered", "permanent-failure", "temporary-failure", "technical-failure")


@pytest.fixture
def notify(app: Flask) -> Iterator[responses.RequestsMock]:
    """Notify on, faked at the HTTP boundary."""
    with fake_notify(app) as mock:
        yield mock


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A client for Notify's side, with receipts turned on and CSRF checks on, as in production."""
    app.config.update(NOTIFY_CALLBACK_TOKEN=CALLBACK_TOKEN, WTF_CSRF_ENABLED=True)
    return app.test_client()


@pytest.fixture
def notify_id(app: Flask, notify: responses.RequestsMock) -> str:
    """Send one email through (fake) Notify and return the id Notify gave it."""
    with app.app_context():
        organisation = ensure_organisation("demo", "Demo Council")
        message = send_email(
            organisation_id=organisation.id,
            to="parent@example.com",
            template="invitation_email",
            personalisation={"link": "https://feedback.example/s/abc"},
            reference="invitation-1",
        )
        assert message.notify_id is not None
        return message.notify_id


def _post(client: FlaskClient, body: object, token: str | None = CALLBACK_TOKEN) -> TestResponse:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return client.post(RECEIPTS_URL, json=body, headers=headers)


def _stored(app: Flask, notify_id: str) -> tuple[str | None, datetime | None, datetime | None]:
    """Return the message's delivery status, its time and its next status check."""
    with app.app_context():
        message = db.session.scalar(
            db.select(OutboundMessage).where(OutboundMessage.notify_id == notify_id)
        )
        assert message is not None
        return message.delivery_status, message.delivery_status_at, message.next_check_at


@pytest.mark.parametrize("status", STATUSES)
def test_each_documented_status_is_recorded_with_notifys_time(
    app: Flask, client: FlaskClient, notify_id: str, status: str
) -> None:
    response = _post(client, receipt(notify_id, status))
    assert (response.status_code, response.json) == (200, {"result": "recorded"})
    assert _stored(app, notify_id) == (status, datetime(2025, 2, 13, 9, 5, tzinfo=UTC), None)


def test_a_receipt_stops_the_status_checks_of_its_message(
    app: Flask, client: FlaskClient, notify_id: str
) -> None:
    assert _stored(app, notify_id)[2] is not None  # asked about later, until a receipt comes
    _post(client, receipt(notify_id, "delivered"))
    assert _stored(app, notify_id)[2] is None


def test_a_wrong_token_is_refused_and_changes_nothing(
    app: Flask, client: FlaskClient, notify_id: str
) -> None:
    response = _post(client, receipt(notify_id, "delivered"), token="not-the-token")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="notify"'
    assert _stored(app, notify_id)[0] is None


def test_a_receipt_without_a_token_is_refused(
    app: Flask, client: FlaskClient, notify_id: str
) -> None:
    assert _post(client, receipt(notify_id, "delivered"), token=None).status_code == 401
    assert _stored(app, notify_id)[0] is None


def test_receipts_are_off_until_a_token_is_set(app: Flask, notify_id: str) -> None:
    response = _post(app.test_client(), receipt(notify_id, "delivered"))
    assert response.status_code == 404
    assert _stored(app, notify_id)[0] is None


def test_the_same_receipt_twice_changes_nothing(
    app: Flask, client: FlaskClient, notify_id: str
) -> None:
    _post(client, receipt(notify_id, "delivered"))
    first = _stored(app, notify_id)
    again = _post(client, receipt(notify_id, "delivered"))
    assert (again.status_code, again.json) == (200, {"result": "unchanged"})
    assert _stored(app, notify_id) == first


def test_a_receipt_without_notifys_time_twice_changes_nothing(
    app: Flask, client: FlaskClient, notify_id: str
) -> None:
    _post(client, receipt(notify_id, "delivered", completed_at=None))
    first = _stored(app, notify_id)
    assert first[0] == "delivered" and first[1] is not None  # the time it was learnt
    _post(client, receipt(notify_id, "delivered", completed_at=None))
    assert _stored(app, notify_id) == first


def test_an_older_receipt_arriving_late_does_not_replace_a_newer_one(
    app: Flask, client: FlaskClient, notify_id: str
) -> None:
    _post(client, receipt(notify_id, "permanent-failure", "2025-02-13T09:10:00.000000Z"))
    late = _post(client, receipt(notify_id, "delivered", "2025-02-13T09:05:00.000000Z"))
    assert late.json == {"result": "unchanged"}
    assert _stored(app, notify_id)[:2] == (
        "permanent-failure",
        datetime(2025, 2, 13, 9, 10, tzinfo=UTC),
    )


def test_a_newer_receipt_replaces_an_older_one(
    app: Flask, client: FlaskClient, notify_id: str
) -> None:
    _post(client, receipt(notify_id, "delivered", "2025-02-13T09:05:00.000000Z"))
    _post(client, receipt(notify_id, "permanent-failure", "2025-02-13T09:10:00.000000Z"))
    assert _stored(app, notify_id)[0] == "permanent-failure"


def test_a_status_on_the_way_is_not_stored(app: Flask, client: FlaskClient, notify_id: str) -> None:
    response = _post(client, receipt(notify_id, "sending"))
    assert (response.status_code, response.json) == (200, {"result": "unchanged"})
    assert _stored(app, notify_id)[0] is None


def test_a_receipt_for_an_unknown_message_is_accepted_and_logs_only_the_id(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    unknown = "5a6b1e0c-0a4f-4f5e-9d2b-3c1d2e3f4a5b"
    with caplog.at_level(logging.INFO, logger="feedback.services.delivery_receipts"):
        response = _post(client, receipt(unknown, "delivered", to="someone@example.com"))
    # 200: Notify retries a callback that fails, and retrying cannot find the message either.
    assert (response.status_code, response.json) == (200, {"result": "unknown"})
    assert unknown in caplog.text
    assert "someone@example.com" not in caplog.text


@pytest.mark.parametrize(
    "body",
    [
        b'{"id": "740e5834-3a29-46b4-9a6f-16142fde533a", "status": "delivered"',  # cut short
        b"[]",
        b'{"status": "delivered"}',
        b'{"id": "not-a-uuid", "status": "delivered"}',
        b'{"id": "NOTIFY_ID", "status": "lost-in-the-post"}',
        b'{"id": "NOTIFY_ID", "status": "delivered", "completed_at": "yesterday"}',
    ],
    ids=["truncated", "not-an-object", "no-id", "id-not-a-uuid", "unknown-status", "bad-time"],
)
def test_a_malformed_receipt_is_refused_and_changes_nothing(
    app: Flask, client: FlaskClient, notify_id: str, body: bytes
) -> None:
    response = client.post(
        RECEIPTS_URL,
        data=body.replace(b"NOTIFY_ID", notify_id.encode()),
        content_type="application/json",
        headers={"Authorization": f"Bearer {CALLBACK_TOKEN}"},
    )
    assert response.status_code == 400
    assert _stored(app, notify_id)[0] is None
