"""Configuration as classes per environment; secrets and the database come from the environment."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, ClassVar

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"


def _database_url() -> str:
    """Return the database URL: ``DATABASE_URL`` when set, else an embedded SQLite file."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres://"):
        # Heroku-style URLs name the dialect "postgres"; SQLAlchemy wants psycopg 3 explicitly.
        url = "postgresql+psycopg://" + url.removeprefix("postgres://")
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url or f"sqlite:///{INSTANCE_DIR / 'feedback.db'}"


class Config:
    """Settings shared by every environment. Every timing and threshold is a setting, not code."""

    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, Any]] = {"pool_pre_ping": True}
    SERVICE_NAME = "SEND Feedback"
    COUNCIL_NAME = os.environ.get("COUNCIL_NAME", "Demo Borough Council")
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")

    # Requests and free text are bounded so nobody can fill the database or the server's memory.
    MAX_CONTENT_LENGTH = 64 * 1024
    MAX_FORM_MEMORY_SIZE = 64 * 1024

    # Families may take as long as they need (WCAG 2.2.1): the CSRF token lasts the session.
    WTF_CSRF_TIME_LIMIT: int | None = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True

    BABEL_DEFAULT_LOCALE = "en"
    BABEL_TRANSLATION_DIRECTORIES = str(Path(__file__).resolve().parent.parent / "translations")
    LANGUAGES = ("en",)

    # Invitation timing (DESIGN.md §3): days after the stage event, reminder, link lifetime.
    INVITE_DELAY_DAYS = 3
    REMINDER_AFTER_DAYS = 7
    LINK_EXPIRY_DAYS = 28

    # Small-number rules (DESIGN.md §6).
    MIN_N_FOR_RATES = 10
    SUPPRESS_COUNTS_BELOW = 5


class DevelopmentConfig(Config):
    """`make run` on a laptop: SQLite, demo data, debug toolbar off."""

    DEBUG = False


class TestingConfig(Config):
    """The test suite: fast password hashing, no CSRF unless a test turns it back on."""

    TESTING = True
    SECRET_KEY = "test-secret"  # noqa: S105 - a fixed key for tests only
    WTF_CSRF_ENABLED = False
    PASSWORD_HASH_FAST = True


class ProductionConfig(Config):
    """Behind a reverse proxy on HTTPS; the secret key must come from the environment."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_for(name: str | None) -> type[Config]:
    """Return the configuration class for ``name`` (``FEEDBACK_ENV``), development by default."""
    return CONFIGS.get(name or "development", DevelopmentConfig)
