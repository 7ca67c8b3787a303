"""Two schedulers on two machines at once against PostgreSQL send each message exactly once."""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
import responses
import time_machine
from flask import Flask
from sqlalchemy import func, select

from feedback.extensions import db
from feedback.models import Invitation
from feedback.models.messaging import OutboundMessage
from feedback.services.cases import sending
from feedback.services.cases.sending import send_due
from tests.feedback.cases_data import at, import_file, row, write_csv
from tests.feedback.test_cases_messaging import ACCEPTED, EMAIL_URL, FAKE_KEY, SMS_URL, TEMPLATES

FAMILIES = 40


def run_together(servers: list[Flask], day: str) -> None:
    """Run `send_due` on every server at once, on `day` (the clock frozen for all of them)."""
    barrier = threading.Barrier(len(servers))
    errors: list[BaseException] = []

    def work(server: Flask) -> None:
        try:
            with server.app_context():
                barrier.wait(timeout=10)
                send_due()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(server,)) for server in servers]
    # The clock is frozen for the whole process, so both workers see the same day.
    with time_machine.travel(at(day), tick=False):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert not errors, errors


def test_two_workers_at_once_send_every_invitation_and_reminder_exactly_once(
    database_url: str,
    app: Flask,
    restarted_app: Callable[[], Flask],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("row locks (FOR UPDATE SKIP LOCKED) are a PostgreSQL feature")
    # Small batches make the two workers take turns claiming rows.
    monkeypatch.setattr(sending, "BATCH", 3)
    rows = [
        row(f"F-{n:03d}", decision_date="2025-02-10", young_person_mobile=f"07700 900{n:03d}")
        for n in range(FAMILIES)
    ]
    with app.app_context():
        assert import_file(write_csv(tmp_path / "cases.csv", rows)).succeeded
    servers = [restarted_app(), restarted_app()]
    for server in servers:
        server.config.update(NOTIFY_API_KEY=FAKE_KEY, NOTIFY_TEMPLATES=TEMPLATES)
    with responses.RequestsMock() as notify:
        notify.post(EMAIL_URL, json=ACCEPTED, status=201)
        notify.post(SMS_URL, json=ACCEPTED, status=201)
        for day in ("2025-02-13", "2025-02-20"):  # invitations, then reminders
            run_together(servers, day)
        # The second day also asks Notify about the first day's messages (GETs, not sends).
        sends = [call for call in notify.calls if call.request.method == "POST"]
        references = Counter(json.loads(call.request.body)["reference"] for call in sends)
    with app.app_context():
        invitations = db.session.scalar(select(func.count(Invitation.id)))
        messages = db.session.scalar(select(func.count(OutboundMessage.id)))
    assert invitations == 2 * FAMILIES
    assert messages == 4 * FAMILIES
    assert len(references) == 4 * FAMILIES
    assert set(references.values()) == {1}
