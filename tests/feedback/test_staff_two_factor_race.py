"""A code for the second sign-in step works once, even when sent from many sessions at the same
moment: acceptance is one conditional UPDATE, and only the request whose UPDATE changed the row
signs in (PostgreSQL and SQLite, several app instances on one database, as several servers)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from feedback.models import User
from tests.feedback.conftest import STAFF_PASSWORD
from tests.feedback.test_staff_two_factor import _enrol
from tests.staff_codes import fresh_code

SESSIONS = 8


def _race(servers: list[Flask], user: User, code: str) -> list[int]:
    """Pass the password step in one session per server, then send ``code`` from them all at
    once; return the status of each code step."""
    clients: list[FlaskClient] = []
    for server in servers:
        client = server.test_client()
        first = client.post("/sign-in", data={"email": user.email, "password": STAFF_PASSWORD})
        assert first.status_code == 302 and first.headers["Location"] == "/sign-in/code"
        clients.append(client)
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []
    errors: list[BaseException] = []

    def send(client: FlaskClient) -> None:
        try:
            barrier.wait(timeout=20)
            statuses.append(client.post("/sign-in/code", data={"code": code}).status_code)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=send, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return statuses


def test_one_app_code_sent_from_many_sessions_at_once_signs_in_only_one(
    app: Flask, restarted_app: Callable[[], Flask], make_staff: Callable[..., User]
) -> None:
    user = make_staff("case_officer")
    servers = [restarted_app() for _ in range(SESSIONS)]
    statuses = _race(servers, user, fresh_code(app, user.email))
    assert statuses.count(302) == 1, statuses


def test_one_recovery_code_sent_from_many_sessions_at_once_signs_in_only_one(
    app: Flask, restarted_app: Callable[[], Flask], make_staff: Callable[..., User]
) -> None:
    user = make_staff("case_officer", two_factor=False)
    codes = _enrol(app, user)
    servers = [restarted_app() for _ in range(SESSIONS)]
    statuses = _race(servers, user, codes[0])
    assert statuses.count(302) == 1, statuses
