"""Sign-in attempts are limited per client address, so passwords cannot be guessed at speed."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from flask import Flask

from tests.feedback.conftest import dispose, make_app
from tests.feedback.pages import CheckingClient, soup


@pytest.fixture
def limited_app(app: Flask, database_url: str) -> Iterator[Flask]:
    # Built after `app`, which empties the database: counts live there, so no test sees another's.
    limited = make_app(
        database_url, RATELIMIT_ENABLED=True, SIGN_IN_RATE_LIMIT="3 per minute", PROXY_COUNT=1
    )
    yield limited
    dispose(limited)


def _attempt(app: Flask, address: str) -> int:
    return (
        app.test_client()
        .post(
            "/sign-in",
            data={"email": "nobody@example.gov.uk", "password": "wrong-password-1"},
            headers={"X-Forwarded-For": address},
        )
        .status_code
    )


def test_fourth_sign_in_attempt_in_a_minute_is_refused_with_429(limited_app: Flask) -> None:
    statuses = [_attempt(limited_app, "203.0.113.5") for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_limit_counts_each_client_address_separately(limited_app: Flask) -> None:
    for _ in range(3):
        _attempt(limited_app, "203.0.113.5")
    assert _attempt(limited_app, "203.0.113.6") == 200


def test_viewing_the_sign_in_page_is_not_limited(limited_app: Flask) -> None:
    client = limited_app.test_client()
    assert [client.get("/sign-in").status_code for _ in range(5)] == [200] * 5


def test_refused_attempt_gets_a_page_saying_to_wait(limited_app: Flask) -> None:
    for _ in range(3):
        _attempt(limited_app, "203.0.113.5")
    client = CheckingClient(limited_app)
    response = client.post(
        "/sign-in",
        data={"email": "nobody@example.gov.uk", "password": "wrong-password-1"},
        headers={"X-Forwarded-For": "203.0.113.5"},
    )
    assert response.status_code == 429
    assert soup(response).h1.get_text(strip=True) == "Too many attempts"


def test_a_refused_attempt_is_logged_without_the_client_address(
    limited_app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="flask-limiter"):
        for _ in range(4):
            _attempt(limited_app, "203.0.113.5")
    breaches = [r.getMessage() for r in caplog.records if r.name == "flask-limiter"]
    assert breaches, "the limiter logged no breach"
    assert all("[client]" in line and "203.0.113.5" not in line for line in breaches)
