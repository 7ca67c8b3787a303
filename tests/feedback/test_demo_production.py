"""Demo data, whose staff logins share a published password, is refused under the production
configuration: a clear message, a non-zero exit, nothing written."""

from __future__ import annotations

import secrets
import subprocess
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from deploy.local_stack import executable, production_environment
from feedback.extensions import db
from feedback.models import Case, User

ROOT = Path(__file__).resolve().parents[2]
DEMO_COMMANDS = (
    ("demo", "load", "--cases", "3"),
    ("demo", "banner"),
    ("demo-link", "--stage", "week6"),
)


def _rows(app: Flask) -> tuple[int, int]:
    with app.app_context():
        users = db.session.scalar(select(func.count(User.id))) or 0
        cases = db.session.scalar(select(func.count(Case.id))) or 0
        return int(users), int(cases)


# Production runs on PostgreSQL only (it refuses the embedded SQLite database).
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
@pytest.mark.parametrize("command", DEMO_COMMANDS, ids=" ".join)
def test_production_refuses_demo_data_with_a_clear_message(
    app: Flask, database_url: str, command: tuple[str, ...]
) -> None:
    result = subprocess.run(
        [*executable(("flask", "--app", "feedback")), *command],
        cwd=ROOT,
        env=production_environment(database_url, secrets.token_hex(16)),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "refused under the production configuration" in result.stderr
    assert "published password" in result.stderr
    assert _rows(app) == (0, 0)


def test_outside_production_demo_data_still_loads(app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["demo", "load", "--cases", "3"])
    assert result.exit_code == 0, result.output
    users, cases = _rows(app)
    assert users > 0 and cases > 0
