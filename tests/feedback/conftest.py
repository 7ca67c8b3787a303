"""Fixtures for the web app: every test here runs once on SQLite and once on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import text

from feedback import create_app
from feedback.extensions import db
from feedback.models import User
from feedback.services.demo_links import issue_demo_link
from feedback.services.organisations import ensure_organisation
from feedback.services.users import create_user
from tests.conftest import TEST_DATABASE
from tests.feedback.pages import CheckingClient
from tests.feedback.staff_sign_in import STAFF_PASSWORD, sign_in_client

__all__ = ["STAFF_PASSWORD", "dispose", "make_app", "sign_in_client"]


def make_app(database_url: str, **overrides: object) -> Flask:
    """Return a test app bound to ``database_url`` with its tables created."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, **overrides})
    with app.app_context():
        db.create_all()
    return app


def _empty_all_tables() -> None:
    names = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
    db.session.execute(text(f"TRUNCATE TABLE {names} RESTART IDENTITY CASCADE"))
    db.session.commit()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database: a new SQLite file, or the PostgreSQL test database emptied."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    server = request.getfixturevalue("postgres")
    return server.url(TEST_DATABASE)


@pytest.fixture
def app(database_url: str) -> Iterator[Flask]:
    """The app under test, on an empty database."""
    app = make_app(database_url)
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            _empty_all_tables()
    yield app
    dispose(app)


def dispose(app: Flask) -> None:
    """Close every database connection ``app`` holds."""
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def restarted_app(database_url: str) -> Iterator[Callable[[], Flask]]:
    """Return a function that starts a new app instance on the same database, as after a restart."""
    started: list[Flask] = []

    def start() -> Flask:
        started.append(make_app(database_url))
        return started[-1]

    yield start
    for instance in started:
        dispose(instance)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client for ``app``."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """A CLI runner for ``app``."""
    return app.test_cli_runner()


@pytest.fixture
def family_link(app: Flask) -> Callable[..., str]:
    """Return a function that issues a fresh family link path (``/s/<token>``)."""

    def issue(stage: str = "week6", audience: str = "parent") -> str:
        with app.app_context():
            return issue_demo_link(stage, audience)

    return issue


@pytest.fixture
def make_staff(app: Flask) -> Callable[..., User]:
    """Return a function that creates a staff user with a role and the test password, with an
    authenticator app already set up (``two_factor=False`` leaves it for the first sign-in)."""

    def create(
        role: str, email: str | None = None, organisation: str = "demo", two_factor: bool = True
    ) -> User:
        with app.app_context():
            user = create_user(
                organisation=ensure_organisation(organisation, organisation.title() + " Council"),
                email=email or f"{role}@example.gov.uk",
                name=f"Test {role}",
                role=role,
                password=STAFF_PASSWORD,
            )
            if two_factor:
                user.totp_secret = pyotp.random_base32(length=32)
                db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)
            return user

    return create


@pytest.fixture
def sign_in(client: FlaskClient, make_staff: Callable[..., User]) -> Callable[..., User]:
    """Return a function that creates a user with ``role`` and signs the test client in."""

    def do(role: str, organisation: str = "demo") -> User:
        user = make_staff(role, organisation=organisation)
        sign_in_client(client, user.email)
        return user

    return do


@pytest.fixture
def signed_in(app: Flask, make_staff: Callable[..., User]) -> Callable[..., FlaskClient]:
    """Return a function that signs a new checking client (every page checked) in as staff of a
    role and organisation, a case officer of the demo council unless told otherwise."""

    def sign_in(role: str = "case_officer", organisation: str = "demo") -> FlaskClient:
        user = make_staff(
            role, email=f"{role}@{organisation}.example.gov.uk", organisation=organisation
        )
        app.test_client_class = CheckingClient
        client = app.test_client()
        sign_in_client(client, user.email)
        return client

    return sign_in
