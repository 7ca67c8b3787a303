"""Staff sessions end: a cookie captured before sign-out, deactivation or a password change opens
nothing afterwards, on any server; idle and absolute timeouts are settings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import time_machine
from flask import Flask
from flask.testing import FlaskClient

from feedback.models import User
from tests.feedback.staff_sign_in import sign_in_client


def _captured_cookie(client: FlaskClient, app: Flask) -> str:
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    return cookie.value


def _replay(app: Flask, cookie: str, path: str = "/staff/") -> int:
    attacker = app.test_client()
    attacker.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie)
    return attacker.get(path).status_code


def test_a_cookie_captured_before_sign_out_opens_nothing_after_it(
    app: Flask, client: FlaskClient, sign_in: Callable[..., User]
) -> None:
    sign_in("lead")
    cookie = _captured_cookie(client, app)
    assert _replay(app, cookie) == 200
    client.post("/sign-out")
    assert _replay(app, cookie) == 302


def test_sign_out_ends_the_session_on_every_server(
    app: Flask,
    client: FlaskClient,
    sign_in: Callable[..., User],
    restarted_app: Callable[[], Flask],
) -> None:
    sign_in("admin")
    cookie = _captured_cookie(client, app)
    other_server = restarted_app()
    assert _replay(other_server, cookie) == 200
    client.post("/sign-out")
    assert _replay(other_server, cookie, "/staff/users") == 302


def test_signing_out_on_one_device_signs_out_the_others(
    app: Flask, client: FlaskClient, sign_in: Callable[..., User]
) -> None:
    user = sign_in("reviewer")
    laptop = app.test_client()
    sign_in_client(laptop, user.email)
    client.post("/sign-out")
    assert laptop.get("/staff/").status_code == 302


def test_a_session_ends_after_the_idle_timeout(
    app: Flask, client: FlaskClient, sign_in: Callable[..., User]
) -> None:
    app.config["STAFF_SESSION_IDLE_MINUTES"] = 30
    sign_in("lead")
    with time_machine.travel(timedelta(minutes=29)):
        assert client.get("/staff/").status_code == 200
    with time_machine.travel(timedelta(minutes=29 + 31)):
        assert client.get("/staff/").status_code == 302


def test_an_active_session_still_ends_after_the_absolute_timeout(
    app: Flask, client: FlaskClient, sign_in: Callable[..., User]
) -> None:
    app.config["STAFF_SESSION_IDLE_MINUTES"] = 120
    app.config["STAFF_SESSION_MAX_HOURS"] = 8
    sign_in("lead")
    statuses = []
    for hours in (1, 2, 3, 4, 5, 6, 7, 7.9, 8.1):
        with time_machine.travel(timedelta(hours=hours)):
            statuses.append(client.get("/staff/").status_code)
    assert statuses == [200] * 8 + [302]
