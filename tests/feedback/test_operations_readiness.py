"""/readyz: an app server takes traffic only when its database answers and is fully migrated."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import stamp
from sqlalchemy import text

from feedback import create_app
from feedback.extensions import db
from tests.feedback.operations_data import forget_migrations


@pytest.fixture(autouse=True)
def _no_migration_record(app: Flask) -> Iterator[None]:
    with app.app_context():
        forget_migrations()
    yield
    with app.app_context():
        forget_migrations()


def test_readyz_is_503_on_a_database_never_migrated(app: Flask) -> None:
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "ok", "migrations": "missing"}


def test_readyz_is_200_when_the_database_is_at_the_newest_migration(app: Flask) -> None:
    with app.app_context():
        stamp()
    response = app.test_client().get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "migrations": "ok"}


def test_readyz_is_503_while_an_upgrade_is_pending(app: Flask) -> None:
    with app.app_context():
        stamp()
        db.session.execute(text("UPDATE alembic_version SET version_num = '0000_older'"))
        db.session.commit()
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["migrations"] == "behind"


def test_readyz_is_503_when_the_database_is_unreachable(tmp_path: Path) -> None:
    missing_folder = tmp_path / "no-such-folder" / "db.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{missing_folder}"})
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "error", "migrations": "unknown"}
