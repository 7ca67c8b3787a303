"""Every staff account signs in with a second factor: an authenticator app (TOTP) set up at first
sign-in, with single-use recovery codes stored only as hashes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pyotp
import time_machine
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from feedback.extensions import db
from feedback.models import AuditEvent, RecoveryCode, User
from feedback.services.two_factor import current_step
from tests.feedback.conftest import STAFF_PASSWORD
from tests.feedback.pages import CheckingClient, soup
from tests.feedback.staff_sign_in import sign_in_client
from tests.staff_codes import code_after, fresh_code


def _password_step(client: FlaskClient, user: User) -> str:
    response = client.post("/sign-in", data={"email": user.email, "password": STAFF_PASSWORD})
    assert response.status_code == 302
    return response.headers["Location"]


def _enrol(app: Flask, user: User) -> list[str]:
    client = CheckingClient(app)
    assert _password_step(client, user) == "/sign-in/set-up-authenticator"
    page = soup(client.get("/sign-in/set-up-authenticator"))
    secret = page.select_one("#two-factor-secret").get_text().replace(" ", "")
    done = client.post("/sign-in/set-up-authenticator", data={"code": code_after(secret, None)})
    client.post("/sign-out")
    return [li.get_text(strip=True) for li in soup(done).select("#recovery-codes li")]


def test_first_sign_in_must_set_up_an_authenticator_app(
    app: Flask, make_staff: Callable[..., User]
) -> None:
    user = make_staff("lead", two_factor=False)
    client = CheckingClient(app)
    assert _password_step(client, user) == "/sign-in/set-up-authenticator"
    assert client.get("/staff/").status_code == 302, "no staff page before the app is set up"
    page = soup(client.get("/sign-in/set-up-authenticator"))
    assert page.select_one(".app-qr-code svg title").get_text() == (
        "QR code for your authenticator app"
    )
    secret = page.select_one("#two-factor-secret").get_text().replace(" ", "")
    assert len(secret) == 32
    with client.session_transaction() as session:
        assert secret not in repr(dict(session)), "the secret never travels in the cookie"
    again = soup(client.get("/sign-in/set-up-authenticator"))
    assert again.select_one("#two-factor-secret").get_text().replace(" ", "") == secret
    wrong = client.post("/sign-in/set-up-authenticator", data={"code": "000000"})
    assert "Enter a correct code" in soup(wrong).select_one(".govuk-error-summary").get_text()
    done = client.post("/sign-in/set-up-authenticator", data={"code": code_after(secret, None)})
    codes = [li.get_text(strip=True) for li in soup(done).select("#recovery-codes li")]
    assert len(codes) == len(set(codes)) == 10
    assert client.get("/staff/").status_code == 200
    with app.app_context():
        assert db.session.get(User, user.id).totp_secret == secret
        actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "auth.two_factor_enrolled" in actions


def test_recovery_codes_are_stored_only_as_hashes_and_work_once(
    app: Flask, make_staff: Callable[..., User]
) -> None:
    user = make_staff("lead", two_factor=False)
    codes = _enrol(app, user)
    with app.app_context():
        stored = db.session.scalars(select(RecoveryCode.code_hash)).all()
    assert not set(codes) & set(stored)
    first = app.test_client()
    _password_step(first, user)
    assert first.post("/sign-in/code", data={"code": codes[0].upper()}).status_code == 302
    second = app.test_client()
    _password_step(second, user)
    assert second.post("/sign-in/code", data={"code": codes[0]}).status_code == 200
    assert second.get("/staff/").status_code == 302


def test_an_app_code_is_accepted_only_once(app: Flask, make_staff: Callable[..., User]) -> None:
    user = make_staff("reviewer")
    code = fresh_code(app, user.email)
    first = app.test_client()
    _password_step(first, user)
    assert first.post("/sign-in/code", data={"code": code}).status_code == 302
    replay = app.test_client()
    _password_step(replay, user)
    assert replay.post("/sign-in/code", data={"code": code}).status_code == 200
    assert replay.get("/staff/").status_code == 302


def test_too_many_wrong_codes_close_the_second_step_even_to_the_right_code(
    app: Flask, make_staff: Callable[..., User]
) -> None:
    user = make_staff("lead")
    with app.app_context():
        secret = db.session.get(User, user.id).totp_secret
    wrong = pyotp.TOTP(secret).generate_otp(current_step() + 5)
    client = app.test_client()
    _password_step(client, user)
    for _ in range(5):
        assert client.post("/sign-in/code", data={"code": wrong}).status_code == 200
    # A new session (or a replayed old cookie) does not reset the count: it is kept server-side.
    fresh = app.test_client()
    _password_step(fresh, user)
    refused = fresh.post("/sign-in/code", data={"code": fresh_code(app, user.email)})
    assert "Too many wrong codes" in refused.get_data(as_text=True)
    with time_machine.travel(timedelta(minutes=16)):
        later = app.test_client()
        _password_step(later, user)
        code = code_after(secret, None)
        assert later.post("/sign-in/code", data={"code": code}).status_code == 302


def test_the_password_step_expires(app: Flask, make_staff: Callable[..., User]) -> None:
    user = make_staff("lead")
    client = app.test_client()
    _password_step(client, user)
    with time_machine.travel(timedelta(minutes=11)):
        code = fresh_code(app, user.email)
        response = client.post("/sign-in/code", data={"code": code})
    assert response.headers["Location"] == "/sign-in"


def test_admin_reset_of_the_app_makes_them_set_it_up_again(
    app: Flask, client: FlaskClient, sign_in: Callable[..., User], make_staff: Callable[..., User]
) -> None:
    sign_in("admin")
    lead = make_staff("lead")
    assert client.post(f"/staff/users/{lead.id}/reset-two-factor").status_code == 302
    again = app.test_client()
    assert _password_step(again, lead) == "/sign-in/set-up-authenticator"
    sign_in_client(app.test_client(), lead.email)
