"""Backups: a pg_dump of the database restores into an empty one with every row (docs/operating.md).

Runs once, on the session's PostgreSQL server, with the pg_dump and pg_restore of the same
installation.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import create_engine, func, inspect, select, text

from feedback import create_app
from feedback.extensions import db
from feedback.services.demo import load_demo
from tests.postgres_server import PostgresServer

pytestmark = pytest.mark.postgres_only
SOURCE, TARGET = "send_feedback_backup_source", "send_feedback_backup_target"


def _recreate(server: PostgresServer, *names: str) -> None:
    with psycopg.connect(
        f"host=127.0.0.1 port={server.port} user=postgres dbname=postgres", autocommit=True
    ) as connection:
        for name in names:
            connection.execute(f"DROP DATABASE IF EXISTS {name}")
            connection.execute(f"CREATE DATABASE {name}")


def _row_counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            tables = inspect(connection).get_table_names()
            return {
                table: connection.scalar(select(func.count()).select_from(text(f'"{table}"')))
                for table in tables
            }
    finally:
        engine.dispose()


@pytest.fixture
def source_app(postgres: PostgresServer) -> Iterator[Flask]:
    """A migrated database holding the demo council's data."""
    _recreate(postgres, SOURCE, TARGET)
    app = create_app({"SQLALCHEMY_DATABASE_URI": postgres.url(SOURCE)})
    with app.app_context():
        upgrade()
        db.create_all()  # tables of models whose migration the next release adds
        load_demo(cases=20)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _dump_and_restore(server: PostgresServer, dump: Path) -> None:
    """Back up SOURCE as an operator would (custom format) and restore it into empty TARGET."""
    connection = ["--host", "127.0.0.1", "--port", str(server.port), "--username", "postgres"]
    subprocess.run(
        [str(server.bin_dir / "pg_dump"), *connection, "--format=custom", f"--file={dump}", SOURCE],
        check=True,
        capture_output=True,
    )
    restore = [str(server.bin_dir / "pg_restore"), "--no-owner", "--exit-on-error"]
    subprocess.run(
        [*restore, *connection, f"--dbname={TARGET}", str(dump)],
        check=True,
        capture_output=True,
    )


def test_pg_dump_restores_into_an_empty_database_with_every_row(
    postgres: PostgresServer, source_app: Flask, tmp_path: Path
) -> None:
    _dump_and_restore(postgres, tmp_path / "feedback.dump")
    before, after = _row_counts(postgres.url(SOURCE)), _row_counts(postgres.url(TARGET))
    assert after == before
    assert before["response"] > 0 and before["alembic_version"] == 1


def test_restored_database_serves_the_app_ready_at_the_newest_migration(
    postgres: PostgresServer, source_app: Flask, tmp_path: Path
) -> None:
    _dump_and_restore(postgres, tmp_path / "feedback.dump")
    restored = create_app({"SQLALCHEMY_DATABASE_URI": postgres.url(TARGET)})
    try:
        response = restored.test_client().get("/readyz")
        assert response.status_code == 200, response.get_json()
    finally:
        with restored.app_context():
            db.session.remove()
            db.engine.dispose()
