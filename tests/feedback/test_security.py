"""Security headers, CSRF, and tokens kept out of logs."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from flask import Flask
from sqlalchemy import func, select

from feedback.extensions import db
from feedback.logging_filters import RedactTokens
from feedback.models import DraftAnswer
from tests.feedback.journey_steps import start_url
from tests.feedback.pages import soup


def test_pages_send_a_csp_without_unsafe_inline_and_the_inline_script_carries_its_nonce(
    app: Flask, family_link: Callable[..., str]
) -> None:
    response = app.test_client().get(family_link())
    policy = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    inline_scripts = [s for s in soup(response).find_all("script") if not s.get("src")]
    assert inline_scripts and all(s.get("nonce") == nonce for s in inline_scripts)


def test_each_request_gets_a_different_nonce(app: Flask) -> None:
    client = app.test_client()
    first = client.get("/").headers["Content-Security-Policy"]
    second = client.get("/").headers["Content-Security-Policy"]
    assert first != second


def test_family_pages_are_not_cached_and_send_no_referrer(
    app: Flask, family_link: Callable[..., str]
) -> None:
    response = app.test_client().get(family_link())
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.fixture
def csrf_app(app: Flask) -> Flask:
    app.config["WTF_CSRF_ENABLED"] = True
    return app


def test_answer_without_csrf_token_is_refused_and_saves_nothing(
    csrf_app: Flask, family_link: Callable[..., str]
) -> None:
    client = csrf_app.test_client()
    url = start_url(client, family_link())
    radio = soup(client.get(url)).select_one("input[type=radio]")
    response = client.post(url, data={radio["name"]: radio["value"]})
    assert response.status_code == 400
    assert "could not be saved" in response.get_data(as_text=True)
    with csrf_app.app_context():
        assert db.session.scalar(select(func.count(DraftAnswer.id))) == 0


def test_answer_with_csrf_token_from_the_page_is_saved(
    csrf_app: Flask, family_link: Callable[..., str]
) -> None:
    client = csrf_app.test_client()
    url = start_url(client, family_link())
    page = soup(client.get(url))
    radio = page.select_one("input[type=radio]")
    token = page.select_one("input[name=csrf_token]")["value"]
    response = client.post(url, data={radio["name"]: radio["value"], "csrf_token": token})
    assert response.status_code == 302


def test_request_log_lines_never_carry_a_family_token() -> None:
    token = "Zx9_" + "q" * 39
    record = logging.LogRecord(
        "werkzeug",
        logging.INFO,
        __file__,
        1,
        '%s - - "%s" %s',
        ("127.0.0.1", f"GET /s/{token}/q/a HTTP/1.1", 200),
        None,
    )
    RedactTokens().filter(record)
    assert token not in record.getMessage()
    assert "/s/[token]/q/a" in record.getMessage()
