"""Guessing the current password on the change-password page (say with a stolen session) is
limited like sign-in: per account and per client address, counting only wrong guesses."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from feedback.models import User
from tests.feedback.conftest import STAFF_PASSWORD, dispose, make_app, sign_in_client

NEW_PASSWORD = "violet-harbour-lantern"


@pytest.fixture
def limited_app(app: Flask, database_url: str) -> Iterator[Flask]:
    # Built after `app`, which empties the database: counts live there, so no test sees another's.
    limited = make_app(
        database_url, RATELIMIT_ENABLED=True, SIGN_IN_RATE_LIMIT="3 per minute", PROXY_COUNT=1
    )
    yield limited
    dispose(limited)


def _signed_in(app: Flask, user: User) -> FlaskClient:
    client = app.test_client()
    sign_in_client(client, user.email)
    return client


def _change(client: FlaskClient, current: str, address: str) -> int:
    return client.post(
        "/staff/account/password",
        data={"current": current, "password": NEW_PASSWORD},
        headers={"X-Forwarded-For": address},
    ).status_code


def test_fourth_wrong_current_password_for_one_account_is_refused_from_any_address(
    limited_app: Flask, make_staff: Callable[..., User]
) -> None:
    client = _signed_in(limited_app, make_staff("case_officer"))
    statuses = [_change(client, f"guess-number-{n}", f"203.0.113.{n}") for n in range(4)]
    assert statuses == [200, 200, 200, 429]
    # Refused even with the right one now, until the window passes.
    assert _change(client, STAFF_PASSWORD, "203.0.113.99") == 429


def test_wrong_guesses_from_one_address_are_limited_across_accounts(
    limited_app: Flask, make_staff: Callable[..., User]
) -> None:
    first = _signed_in(limited_app, make_staff("case_officer", email="one@example.gov.uk"))
    second = _signed_in(limited_app, make_staff("reviewer", email="two@example.gov.uk"))
    assert [_change(first, f"guess-number-{n}", "203.0.113.5") for n in range(3)] == [200] * 3
    assert _change(second, "guess-number-x", "203.0.113.5") == 429
    assert _change(second, "guess-number-x", "203.0.113.6") == 200


def test_right_current_passwords_do_not_count(
    limited_app: Flask, make_staff: Callable[..., User]
) -> None:
    client = _signed_in(limited_app, make_staff("case_officer"))
    passwords = [STAFF_PASSWORD, NEW_PASSWORD, STAFF_PASSWORD, NEW_PASSWORD]
    for current, new in zip(passwords, [*passwords[1:], STAFF_PASSWORD], strict=True):
        response = client.post(
            "/staff/account/password",
            data={"current": current, "password": new},
            headers={"X-Forwarded-For": "203.0.113.5"},
        )
        assert response.status_code == 302
