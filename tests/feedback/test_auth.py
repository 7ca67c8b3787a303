"""Staff sign in with an email, a password and an authenticator-app code; every attempt is audited
without personal data, and where sign-in sends someone next is always this site."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from feedback.extensions import db
from feedback.models import AuditEvent, User
from feedback.safe_redirect import safe_next
from feedback.services.passwords import verify_password
from tests.feedback.conftest import STAFF_PASSWORD, dispose, make_app
from tests.feedback.pages import soup
from tests.feedback.staff_sign_in import sign_in_client
from tests.staff_codes import fresh_code


def _audit_actions(app: Flask) -> list[AuditEvent]:
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        db.session.expunge_all()
        return list(events)


def test_password_is_stored_as_an_argon2_hash(
    app: Flask, make_staff: Callable[[str], User]
) -> None:
    user = make_staff("lead")
    assert user.password_hash.startswith("$argon2id$")
    with app.app_context():
        assert verify_password(user.password_hash, STAFF_PASSWORD)
        assert not verify_password(user.password_hash, "wrong-password-123")


def test_sign_in_with_correct_password_reaches_staff_home_and_is_audited(
    app: Flask, client: FlaskClient, make_staff: Callable[[str], User]
) -> None:
    user = make_staff("lead")
    response = client.post(
        "/sign-in", data={"email": user.email.upper(), "password": STAFF_PASSWORD}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/sign-in/code"
    assert client.get("/staff/").status_code == 302, "the password alone opens nothing"
    response = client.post("/sign-in/code", data={"code": fresh_code(app, user.email)})
    assert response.status_code == 302 and response.headers["Location"] == "/staff/"
    assert "Signed in as Test lead" in client.get("/staff/").get_data(as_text=True)
    sign_ins = [e for e in _audit_actions(app) if e.action == "auth.sign_in"]
    assert [e.actor_id for e in sign_ins] == [user.id]


def test_wrong_password_gets_an_error_and_is_audited_without_the_email(
    app: Flask, client: FlaskClient, make_staff: Callable[[str], User]
) -> None:
    user = make_staff("reviewer")
    response = client.post("/sign-in", data={"email": user.email, "password": "not-the-password"})
    assert response.status_code == 200
    page = soup(response)
    assert page.title.get_text().startswith("Error:")
    assert (
        "Enter a correct email address and password"
        in page.select_one(".govuk-error-summary").get_text()
    )
    failures = [e for e in _audit_actions(app) if e.action == "auth.sign_in_failed"]
    assert len(failures) == 1 and failures[0].target_id == str(user.id)
    assert user.email not in repr(failures[0].details)
    assert client.get("/staff/").status_code == 302


def test_unknown_email_fails_like_a_wrong_password(client: FlaskClient) -> None:
    response = client.post(
        "/sign-in", data={"email": "nobody@example.gov.uk", "password": "x" * 12}
    )
    assert "Enter a correct email address and password" in response.get_data(as_text=True)


def test_empty_sign_in_form_names_each_missing_field(client: FlaskClient) -> None:
    summary = soup(client.post("/sign-in", data={})).select_one(".govuk-error-summary").get_text()
    assert "Enter your email address" in summary and "Enter your password" in summary


def test_sign_in_starts_a_new_session(
    client: FlaskClient, make_staff: Callable[[str], User]
) -> None:
    user = make_staff("lead")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    sign_in_client(client, user.email)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("_user_id") == str(user.id)


def test_sign_in_returns_to_the_page_asked_for(
    client: FlaskClient, make_staff: Callable[[str], User]
) -> None:
    user = make_staff("lead")
    done = sign_in_client(client, user.email, next_path="/staff/users%3Fpage=2")
    assert done.headers["Location"] == "/staff/users?page=2"


def test_sign_in_never_redirects_to_another_site(
    client: FlaskClient, make_staff: Callable[[str], User]
) -> None:
    user = make_staff("lead")
    done = sign_in_client(client, user.email, next_path="/%09/evil.example")
    assert done.headers["Location"] == "/staff/"


def _host_a_browser_would_visit(location: str) -> str:
    # WHATWG URL parsing: tabs and newlines vanish, leading C0 controls and spaces are trimmed,
    # and a backslash is a slash in http(s) URLs.
    cleaned = "".join(c for c in location if c not in "\t\n\r").lstrip("".join(map(chr, range(33))))
    return urlsplit(urljoin("https://send.example/sign-in", cleaned.replace("\\", "/"))).netloc


_EVIL_PIECES = st.sampled_from(
    [
        "/",
        "\\",
        "\t",
        "\n",
        "\r",
        " ",
        "\x00",
        "%09",
        "%2f",
        "%5c",
        "@",
        ":",
        ".",
        "evil.example",
        "https:",
        "javascript:",
        "//",
        "/\t/",
        "\\/",
        "?",
        "#",
        "staff",
    ]
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_EVIL_PIECES, min_size=1, max_size=8).map("".join))
def test_no_next_value_leads_a_browser_to_another_host(target: str) -> None:
    location = safe_next(target, "/staff/")
    assert _host_a_browser_would_visit(location) == "send.example", (target, location)


def test_sign_out_ends_the_session_and_is_audited(
    app: Flask, client: FlaskClient, sign_in: Callable[[str], User]
) -> None:
    sign_in("case_officer")
    assert client.post("/sign-out").status_code == 302
    assert client.get("/staff/").status_code == 302
    assert "auth.sign_out" in [e.action for e in _audit_actions(app)]


def test_deactivated_user_cannot_sign_in(
    app: Flask, client: FlaskClient, make_staff: Callable[[str], User]
) -> None:
    user = make_staff("lead")
    with app.app_context():
        db.session.get(User, user.id).active = False
        db.session.commit()
    response = client.post("/sign-in", data={"email": user.email, "password": STAFF_PASSWORD})
    assert response.status_code == 200 and client.get("/sign-in/code").status_code == 302
    assert client.get("/staff/").status_code == 302


def _median_sign_in_seconds(app: Flask, email: str, runs: int = 5) -> float:
    client = app.test_client()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.post("/sign-in", data={"email": email, "password": "not-the-password-1"})
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def test_an_unknown_email_takes_as_long_as_a_wrong_password(
    database_url: str, app: Flask, make_staff: Callable[..., User]
) -> None:
    # Real argon2 parameters: without a dummy hash an unknown email answers ~20 times faster.
    user = make_staff("lead")
    real = make_app(database_url, PASSWORD_HASH_FAST=False)
    try:
        known = _median_sign_in_seconds(real, user.email)
        unknown = _median_sign_in_seconds(real, "nobody@example.gov.uk")
    finally:
        dispose(real)
    assert unknown > known * 0.6, (known, unknown)


def test_successful_sign_ins_do_not_use_up_an_offices_shared_address(
    app: Flask, database_url: str, make_staff: Callable[..., User]
) -> None:
    user = make_staff("lead")
    limited = make_app(
        database_url, RATELIMIT_ENABLED=True, SIGN_IN_RATE_LIMIT="3 per minute", PROXY_COUNT=1
    )
    office = {"X-Forwarded-For": "203.0.113.9"}
    try:
        right = {"email": user.email, "password": STAFF_PASSWORD}
        wrong = {"email": user.email, "password": "not-the-password-1"}
        post = limited.test_client().post
        successes = [post("/sign-in", data=right, headers=office).status_code for _ in range(5)]
        failures = [post("/sign-in", data=wrong, headers=office).status_code for _ in range(4)]
    finally:
        dispose(limited)
    assert successes == [302] * 5
    assert failures == [200, 200, 200, 429]
