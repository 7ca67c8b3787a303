"""Migrations build the whole schema on an empty PostgreSQL database and agree with the models."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from flask_migrate import check, upgrade
from sqlalchemy import inspect, text

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


def test_upgrade_asks_notify_about_messages_sent_in_the_last_week(
    empty_postgres_url: str,
) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_postgres_url})
    now = datetime.now(UTC)
    with app.app_context():
        upgrade(revision="0001_initial_schema")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO organisation (id, slug, name, created_at) "
                    "VALUES (1, 'demo', 'Demo', :now)"
                ),
                {"now": now},
            )
            for number, (status, notify_id, sent_days_ago) in enumerate(
                [("sent", "recent", 1), ("sent", "old", 9), ("sent", None, 1), ("failed", "x", 1)]
            ):
                connection.execute(
                    text(
                        "INSERT INTO outbound_message (id, organisation_id, channel, template, "
                        "status, attempts, notify_id, created_at, sent_at) VALUES "
                        "(:id, 1, 'email', 'invitation_email', :status, 1, :notify_id, :now, :sent)"
                    ),
                    {
                        "id": number + 1,
                        "status": status,
                        "notify_id": notify_id,
                        "now": now,
                        "sent": now - timedelta(days=sent_days_ago),
                    },
                )
        upgrade()
        with db.engine.connect() as connection:
            due = connection.execute(
                text("SELECT id FROM outbound_message WHERE next_check_at IS NOT NULL ORDER BY id")
            ).scalars()
            assert list(due) == [1]
        db.engine.dispose()
