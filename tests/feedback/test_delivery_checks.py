"""Asking GOV.UK Notify what became of a message (``get_notification_by_id``) during
``invitations send-due``, for services Notify's receipts cannot reach; and sending again, once,
what Notify itself failed to send (a technical failure)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import responses
import time_machine
from flask import Flask
from flask.testing import FlaskCliRunner

from feedback.extensions import db
from feedback.models.messaging import OutboundMessage
from feedback.services.cases.contact import opt_out
from feedback.services.cases.sending import send_due
from feedback.services.delivery_checks import check_delivery
from feedback.services.messaging import send_email
from feedback.services.organisations import ensure_organisation
from tests.feedback.cases_data import at, import_file, invitations_of, row, write_csv
from tests.feedback.notify_data import (
    CALLBACK_TOKEN,
    RECEIPTS_URL,
    fake_notify,
    notification,
    receipt,
    status_url,
)
from tests.feedback.test_cases_messaging import EMAIL_URL, _error

HOUR = timedelta(minutes=60)


@pytest.fixture
def notify(app: Flask) -> Iterator[responses.RequestsMock]:
    """Notify on, faked at the HTTP boundary."""
    with fake_notify(app) as mock:
        yield mock


def _send(app: Flask) -> OutboundMessage:
    """Send one email through (fake) Notify and return the stored message, detached."""
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


def _reload(app: Flask, message_id: int) -> OutboundMessage:
    with app.app_context():
        message = db.session.get(OutboundMessage, message_id)
        assert message is not None
        message.attempt_log  # noqa: B018 - loaded before the session closes
        db.session.expunge(message)
        return message


def _gets(mock: responses.RequestsMock) -> list[str]:
    return [call.request.url or "" for call in mock.calls if call.request.method == "GET"]


def test_send_due_records_delivered_from_notify_an_hour_after_sending(
    app: Flask, notify: responses.RequestsMock, runner: FlaskCliRunner
) -> None:
    message = _send(app)
    assert message.notify_id and message.sent_at
    notify.get(status_url(message.notify_id), json=notification(message.notify_id, "delivered"))
    with time_machine.travel(message.sent_at + HOUR, tick=False):
        result = runner.invoke(args=["invitations", "send-due"])
    assert result.exit_code == 0, result.output
    assert "status checked=1" in result.output
    stored = _reload(app, message.id)
    assert (stored.delivery_status, stored.delivery_status_at, stored.next_check_at) == (
        "delivered",
        datetime(2025, 2, 13, 9, 5, tzinfo=UTC),
        None,
    )


def test_a_message_is_not_asked_about_before_the_minutes_setting(
    app: Flask, notify: responses.RequestsMock
) -> None:
    message = _send(app)
    assert message.sent_at
    with app.app_context():
        assert check_delivery(now=message.sent_at + HOUR - timedelta(seconds=1)).checked == 0
    assert _gets(notify) == []


def test_a_permanent_failure_from_notify_is_recorded(
    app: Flask, notify: responses.RequestsMock
) -> None:
    message = _send(app)
    assert message.notify_id and message.sent_at
    answer = notification(message.notify_id, "permanent-failure")
    notify.get(status_url(message.notify_id), json=answer)
    with app.app_context():
        assert check_delivery(now=message.sent_at + HOUR).settled == 1
    assert _reload(app, message.id).delivery_status == "permanent-failure"


def test_while_notify_is_still_sending_the_message_is_asked_about_again_later(
    app: Flask, notify: responses.RequestsMock
) -> None:
    message = _send(app)
    assert message.notify_id and message.sent_at
    answer = notification(message.notify_id, "sending", completed_at=None)
    notify.get(status_url(message.notify_id), json=answer)
    checked_at = message.sent_at + HOUR
    with app.app_context():
        check_delivery(now=checked_at)
    stored = _reload(app, message.id)
    assert (stored.delivery_status, stored.next_check_at) == (None, checked_at + HOUR)


def test_a_notify_404_stops_the_checks_and_is_recorded(
    app: Flask, notify: responses.RequestsMock
) -> None:
    message = _send(app)
    assert message.notify_id and message.sent_at
    # Notify forgets messages after its retention period (7 days by default).
    answer = _error(404, "NoResultFound", "No result found")
    notify.get(status_url(message.notify_id), json=answer, status=404)
    with app.app_context():
        assert check_delivery(now=message.sent_at + HOUR).stopped == 1
        assert check_delivery(now=message.sent_at + 10 * HOUR).checked == 0
    stored = _reload(app, message.id)
    assert (stored.delivery_status, stored.next_check_at) == (None, None)
    last = stored.attempt_log[-1]
    assert (last.outcome, last.status_code, last.error) == (
        "check_stopped",
        404,
        "404 NoResultFound",
    )
    assert len(_gets(notify)) == 1


def test_a_notify_500_is_asked_again_after_a_back_off_and_recorded(
    app: Flask, notify: responses.RequestsMock
) -> None:
    message = _send(app)
    assert message.notify_id and message.sent_at
    answer = _error(500, "Exception", "Internal server error")
    notify.get(status_url(message.notify_id), json=answer, status=500)
    checked_at = message.sent_at + HOUR
    with app.app_context():
        assert check_delivery(now=checked_at).retrying == 1
    stored = _reload(app, message.id)
    assert stored.next_check_at == checked_at + timedelta(seconds=60)  # NOTIFY_RETRY_BASE_SECONDS
    assert (stored.failed_checks, stored.last_error) == (1, "500 Exception")
    assert stored.attempt_log[-1].outcome == "check_retry"
    notify.replace(
        responses.GET,
        status_url(message.notify_id),
        json=notification(message.notify_id, "delivered"),
    )
    with app.app_context():
        assert check_delivery(now=checked_at + timedelta(seconds=60)).settled == 1
    assert _reload(app, message.id).delivery_status == "delivered"


def test_checks_stop_after_the_last_attempt_when_notify_keeps_failing(
    app: Flask, notify: responses.RequestsMock
) -> None:
    app.config["NOTIFY_MAX_ATTEMPTS"] = 2
    message = _send(app)
    assert message.notify_id and message.sent_at
    answer = _error(500, "Exception", "Internal server error")
    notify.get(status_url(message.notify_id), json=answer, status=500)
    with app.app_context():
        check_delivery(now=message.sent_at + HOUR)
        assert check_delivery(now=message.sent_at + 2 * HOUR).stopped == 1
    assert _reload(app, message.id).next_check_at is None


def test_one_run_asks_about_no_more_messages_than_the_batch_setting(
    app: Flask, notify: responses.RequestsMock
) -> None:
    app.config["NOTIFY_STATUS_CHECK_BATCH"] = 2
    messages = [_send(app) for _ in range(3)]
    for message in messages:
        assert message.notify_id
        notify.get(status_url(message.notify_id), json=notification(message.notify_id, "sending"))
    latest = max(message.sent_at for message in messages if message.sent_at)
    with app.app_context():
        assert check_delivery(now=latest + HOUR).checked == 2
    assert len(_gets(notify)) == 2


def test_without_a_notify_key_nothing_is_asked(app: Flask) -> None:
    with app.app_context():
        assert check_delivery(now=at("2030-01-01")).checked == 0


def _invited_family(app: Flask, tmp_path: Path) -> str:
    """Import one family reachable by email, send its invitation, and return Notify's id for it."""
    with app.app_context():
        rows = [row("EHC-9", decision_date="2025-02-10")]
        assert import_file(write_csv(tmp_path / "cases.csv", rows)).succeeded
        send_due(now=at("2025-02-13"))
        notify_id = db.session.scalar(db.select(OutboundMessage.notify_id))
    assert notify_id
    return notify_id


def _technical_failure(app: Flask, notify_id: str) -> None:
    app.config["NOTIFY_CALLBACK_TOKEN"] = CALLBACK_TOKEN
    response = app.test_client().post(
        RECEIPTS_URL,
        json=receipt(notify_id, "technical-failure"),
        headers={"Authorization": f"Bearer {CALLBACK_TOKEN}"},
    )
    assert response.json == {"result": "recorded"}


def _sent_references(mock: responses.RequestsMock) -> list[str]:
    return [
        json.loads(call.request.body or b"{}")["reference"]
        for call in mock.calls
        if call.request.method == "POST" and call.request.url == EMAIL_URL
    ]


def test_an_invitation_notify_failed_to_send_is_sent_again(
    app: Flask, notify: responses.RequestsMock, tmp_path: Path
) -> None:
    _technical_failure(app, _invited_family(app, tmp_path))
    with app.app_context():
        report = send_due(now=at("2025-02-13", hour=10))
    assert report.resent == 1
    assert _sent_references(notify) == ["invitation-1", "invitation-1"]


def test_a_resend_that_fails_the_same_way_is_not_sent_a_third_time(
    app: Flask, notify: responses.RequestsMock, tmp_path: Path
) -> None:
    _technical_failure(app, _invited_family(app, tmp_path))
    with app.app_context():
        send_due(now=at("2025-02-13", hour=10))
        resend_id = db.session.scalars(
            db.select(OutboundMessage.notify_id).order_by(OutboundMessage.id.desc())
        ).first()
    assert resend_id
    _technical_failure(app, resend_id)
    with app.app_context():
        assert send_due(now=at("2025-02-13", hour=11)).resent == 0
    assert len(_sent_references(notify)) == 2


def test_no_resend_once_the_family_has_opted_out(
    app: Flask, notify: responses.RequestsMock, tmp_path: Path
) -> None:
    notify_id = _invited_family(app, tmp_path)
    _technical_failure(app, notify_id)
    with app.app_context():
        opt_out(invitations_of("EHC-9")[0])
        assert send_due(now=at("2025-02-13", hour=10)).resent == 0
    assert len(_sent_references(notify)) == 1
