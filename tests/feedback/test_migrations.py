"""Migrations build the whole schema on an empty PostgreSQL database and agree with the models."""

from __future__ import annotations

import psycopg
import pytest
from flask_migrate import check, upgrade
from sqlalchemy import inspect

from feedback import create_app
from feedback.extensions import db
from tests.postgres_server import PostgresServer


@pytest.fixture
def empty_postgres_url(postgres: PostgresServer) -> str:
    name = "send_feedback_migrations"
    with psycopg.connect(
        f"host=127.0.0.1 port={postgres.port} user=postgres dbname=postgres", autocommit=True
    ) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name}")
        connection.execute(f"CREATE DATABASE {name}")
    return postgres.url(name)


def test_upgrade_on_an_empty_postgresql_database_matches_the_models(
    empty_postgres_url: str,
) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_postgres_url})
    with app.app_context():
        upgrade()
        check()  # raises if the models and the migrations disagree
        tables = set(inspect(db.engine).get_table_names())
        db.engine.dispose()
    assert set(db.metadata.tables) <= tables
