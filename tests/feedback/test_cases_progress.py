"""A family's progress with an invitation is stamped once per step, and the steps nest: whoever
answered started, and whoever started opened the link."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import select, text

from feedback import create_app
from feedback.extensions import db
from feedback.models import Invitation
from feedback.services import journey
from feedback.services.demo import demo_organisation, load_demo
from feedback.services.surveys import survey_for
from tests.feedback.journey_steps import answer_page, start_url
from tests.postgres_server import PostgresServer


def _invitation(app: Flask) -> Invitation:
    with app.app_context():
        invitation = db.session.scalars(select(Invitation).order_by(Invitation.id.desc())).first()
        assert invitation is not None
        db.session.expunge(invitation)
        return invitation


def test_the_first_page_saved_stamps_started_once(
    app: Flask, client: FlaskClient, family_link: Callable[..., str]
) -> None:
    link = family_link("week6", "parent")
    first = start_url(client, link)
    opened = _invitation(app)
    assert opened.opened_at is not None and opened.started_at is None

    second = answer_page(client, first).headers["Location"]
    started = _invitation(app)
    assert started.started_at is not None and started.completed_at is None

    answer_page(client, second)
    answer_page(client, first + "?change=1")
    later = _invitation(app)
    assert later.started_at == started.started_at
    assert later.opened_at == opened.opened_at


def test_a_page_saved_from_a_bookmark_also_counts_the_link_as_opened(
    app: Flask, client: FlaskClient, family_link: Callable[..., str]
) -> None:
    link = family_link("week6", "parent")
    with app.app_context():
        first_page = survey_for("week6", "parent").pages[0].key
    # Straight to a question page, never through the start page.
    answer_page(client, f"{link}/q/{first_page}")
    invitation = _invitation(app)
    assert invitation.opened_at is not None
    assert invitation.started_at == invitation.opened_at


def test_answers_sent_without_a_page_stamp_count_as_started_and_opened(
    app: Flask, family_link: Callable[..., str]
) -> None:
    family_link("week16", "young_person")
    with app.app_context():
        invitation = db.session.scalars(select(Invitation)).one()
        journey.submit(invitation, survey_for("week16", "young_person"), language="en")
        db.session.expire_all()
        invitation = db.session.scalars(select(Invitation)).one()
        assert invitation.completed_at is not None
        assert invitation.started_at == invitation.completed_at
        assert invitation.opened_at == invitation.completed_at


def test_demo_answers_are_started_and_opened(app: Flask) -> None:
    with app.app_context():
        load_demo(cases=40)
        organisation_id = demo_organisation().id
        invitations = db.session.scalars(
            select(Invitation).where(Invitation.organisation_id == organisation_id)
        ).all()
    answered = [i for i in invitations if i.completed_at]
    started = [i for i in invitations if i.started_at]
    assert answered
    assert {i.id for i in answered} <= {i.id for i in started}
    assert all(i.opened_at is not None for i in started)
    # Some families start and stop, so started is more than answered.
    assert len(started) > len(answered)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'migrated.db'}"
    server: PostgresServer = request.getfixturevalue("postgres")
    name = "send_feedback_progress_migration"
    with psycopg.connect(
        f"host=127.0.0.1 port={server.port} user=postgres dbname=postgres", autocommit=True
    ) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name}")
        connection.execute(f"CREATE DATABASE {name}")
    return server.url(name)


def test_upgrade_marks_answered_invitations_as_started_and_opened(empty_database: str) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database})
    stamps = {
        1: (None, None, None),  # sent, never opened
        2: ("opened", None, None),
        3: (None, None, "completed"),  # answered before starting was recorded
        4: ("opened", None, "completed"),
        5: ("opened", "started", "completed"),
    }
    times = {
        "opened": datetime(2026, 3, 1, 9, tzinfo=UTC),
        "started": datetime(2026, 3, 1, 10, tzinfo=UTC),
        "completed": datetime(2026, 3, 2, 11, tzinfo=UTC),
    }
    with app.app_context():
        upgrade(revision="0002_receipts_rate_limits")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO organisation (id, slug, name, created_at) "
                    "VALUES (1, 'demo', 'Demo', :now)"
                ),
                {"now": times["opened"]},
            )
            for number, steps in stamps.items():
                connection.execute(
                    text(
                        "INSERT INTO invitation (id, organisation_id, source, stage, audience, "
                        "channel, language, survey_format, token_hash, expires_at, created_at, "
                        "opened_at, started_at, completed_at) VALUES (:id, 1, 'case', 'week6', "
                        "'parent', 'email', 'en', 'standard', :hash, :now, :now, :o, :s, :c)"
                    ),
                    {
                        "id": number,
                        "hash": f"{number:064d}",
                        "now": times["opened"],
                        **{
                            key: times[step] if step else None
                            for key, step in zip("osc", steps, strict=True)
                        },
                    },
                )
        upgrade()
        db.session.expire_all()
        found = {
            row.id: row
            for row in db.session.scalars(select(Invitation).order_by(Invitation.id)).all()
        }
        db.session.remove()
        db.engine.dispose()
    assert (found[1].opened_at, found[1].started_at) == (None, None)
    assert (found[2].opened_at, found[2].started_at) == (times["opened"], None)
    assert found[3].started_at == found[3].opened_at == times["completed"]
    assert (found[4].opened_at, found[4].started_at) == (times["opened"], times["completed"])
    assert (found[5].opened_at, found[5].started_at) == (times["opened"], times["started"])
