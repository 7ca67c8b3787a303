"""Production settings: refused when unsafe, taken from the environment, proxies trusted as set."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from feedback import create_app
from feedback.config import (
    DEVELOPMENT_SECRET_KEY,
    EMBEDDED_DATABASE_URL,
    SettingsError,
    check_production_settings,
)

GOOD_SECRET = "0123456789abcdef" * 4
POSTGRES_URL = "postgresql+psycopg://feedback@db.internal/feedback"


@pytest.mark.parametrize(
    ("secret", "database", "complaint"),
    [
        (DEVELOPMENT_SECRET_KEY, POSTGRES_URL, "SECRET_KEY must be set"),
        ("too-short", POSTGRES_URL, "SECRET_KEY must be set"),
        (GOOD_SECRET, EMBEDDED_DATABASE_URL, "DATABASE_URL must name the PostgreSQL database"),
    ],
)
def test_production_refuses_a_weak_key_or_the_embedded_database(
    secret: str, database: str, complaint: str
) -> None:
    with pytest.raises(SettingsError, match=complaint):
        check_production_settings({"SECRET_KEY": secret, "SQLALCHEMY_DATABASE_URI": database})


def test_production_app_will_not_start_without_its_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FEEDBACK_ENV", "production")
    monkeypatch.delenv("FEEDBACK_SECRET_KEY", raising=False)
    with pytest.raises(SettingsError, match="Refusing to start in production"):
        create_app()


def test_production_app_takes_settings_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("FEEDBACK_ENV", "production")
    monkeypatch.setenv("FEEDBACK_SECRET_KEY", GOOD_SECRET)
    monkeypatch.setenv("FEEDBACK_SQLALCHEMY_DATABASE_URI", f"sqlite:///{tmp_path / 'p.db'}")
    monkeypatch.setenv("FEEDBACK_RETENTION_AUDIT_EVENTS_DAYS", "1095")
    app = create_app()
    assert app.config["RETENTION_AUDIT_EVENTS_DAYS"] == 1095
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert (app.config["PROXY_COUNT"], app.config["LOG_FORMAT"]) == (1, "json")


def _app_behind_proxies(database_url: str, proxies: int) -> Flask:
    return create_app({"SQLALCHEMY_DATABASE_URI": database_url, "PROXY_COUNT": proxies})


def test_hsts_is_sent_when_the_proxy_says_the_request_came_over_https(tmp_path: Path) -> None:
    app = _app_behind_proxies(f"sqlite:///{tmp_path / 'a.db'}", proxies=1)
    response = app.test_client().get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_forwarded_headers_are_ignored_when_no_proxy_is_configured(tmp_path: Path) -> None:
    app = _app_behind_proxies(f"sqlite:///{tmp_path / 'a.db'}", proxies=0)
    response = app.test_client().get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers


def test_the_client_address_comes_from_the_last_trusted_proxy(tmp_path: Path) -> None:
    app = _app_behind_proxies(f"sqlite:///{tmp_path / 'a.db'}", proxies=1)
    seen: list[str | None] = []

    @app.get("/_test/address")
    def address() -> str:
        from flask import request

        seen.append(request.remote_addr)
        return "ok"

    app.test_client().get(
        "/_test/address", headers={"X-Forwarded-For": "198.51.100.7, 203.0.113.9"}
    )
    assert seen == ["203.0.113.9"]


@pytest.mark.parametrize("value", ["prod", "live", "staging", "production ready", "dev"])
def test_an_unknown_environment_name_refuses_to_start(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("FEEDBACK_ENV", value)
    with pytest.raises(SettingsError, match="FEEDBACK_ENV"):
        create_app()


@pytest.mark.parametrize("value", ["Production", "PRODUCTION", " production "])
def test_production_spelt_with_capitals_or_spaces_runs_production_and_its_checks(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("FEEDBACK_ENV", value)
    monkeypatch.delenv("FEEDBACK_SECRET_KEY", raising=False)
    with pytest.raises(SettingsError, match="Refusing to start in production"):
        create_app()
