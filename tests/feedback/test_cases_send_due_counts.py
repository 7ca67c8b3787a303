"""`flask invitations send-due` prints the real number of invitations it created, on both
databases (PostgreSQL's driver reports -1 for some batched INSERTs)."""

from __future__ import annotations

import re
from pathlib import Path

import time_machine
from flask import Flask
from flask.testing import FlaskCliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from feedback.extensions import db
from feedback.models import Invitation
from tests.feedback.cases_data import at, import_file, row, write_csv


def _counts(output: str) -> dict[str, int]:
    return {name: int(value) for name, value in re.findall(r"(\w+)=(-?\d+)", output)}


def _send_due(runner: FlaskCliRunner, day: str) -> dict[str, int]:
    with time_machine.travel(at(day), tick=False):
        result = runner.invoke(args=["invitations", "send-due"])
    assert result.exit_code == 0, result.output
    return _counts(result.output)


def _invitations(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count(Invitation.id))) or 0)


def test_send_due_reports_each_invitation_it_created_then_none(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    rows = [row(f"A-{number}", decision_date="2025-02-10") for number in range(1, 8)]
    with app.app_context():
        assert import_file(write_csv(tmp_path / "cases.csv", rows)).succeeded
    first = _send_due(runner, "2025-02-13")
    assert first["created"] == _invitations(app) == 7
    assert first["invited"] == 7
    second = _send_due(runner, "2025-02-13")
    assert second["created"] == 0
    assert all(count >= 0 for count in (first | second).values())


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    decisions=st.lists(
        st.sampled_from(["2025-02-03", "2025-02-06", "2025-02-10", "2025-02-12", ""]),
        min_size=1,
        max_size=12,
    )
)
def test_created_count_equals_the_invitations_added(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path, decisions: list[str]
) -> None:
    rows = [row(f"H-{index}", decision_date=decision) for index, decision in enumerate(decisions)]
    with app.app_context():
        assert import_file(write_csv(tmp_path / "cases.csv", rows)).succeeded
    for day in ("2025-02-09", "2025-02-13", "2025-02-13", "2025-02-16"):
        before = _invitations(app)
        assert _send_due(runner, day)["created"] == _invitations(app) - before
