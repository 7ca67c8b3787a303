"""Nothing lost after a crash: a comment whose worker died after the submission committed is
checked and redacted by the next scheduler run, once, however many schedulers run."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from feedback.config import Config
from feedback.extensions import db
from feedback.models import Comment, Response, utcnow
from feedback.models.messaging import OutboundMessage
from feedback.models.reviews import SafeguardingFlag
from feedback.services.organisations import ensure_organisation
from feedback.services.reviews.intake import redact_pending
from tests.feedback.conftest import dispose, make_app
from tests.feedback.crashing_submission import FAULT_POINTS, MARKER
from tests.feedback.review_fixtures import add_comment

ROOT = Path(__file__).resolve().parents[2]
LEAD = "dsl@demo.example.gov.uk"
CONCERNING = "Oliver has been self harming since the review and nobody listens."
SUBMISSION_TIMEOUT_SECONDS = 120


def _submit_and_kill(database_url: str, link: str, point: str) -> None:
    """Run the family's submission in its own process and SIGKILL it at ``point``."""
    module = "tests.feedback.crashing_submission"
    process = subprocess.Popen(
        [sys.executable, "-m", module, database_url, link, point, LEAD, CONCERNING],
        cwd=ROOT,
        # Without a metrics folder an earlier test may have made and removed (gunicorn.conf.py).
        env={
            **{k: v for k, v in os.environ.items() if k != "PROMETHEUS_MULTIPROC_DIR"},
            "PYTHONUNBUFFERED": "1",
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output: list[str] = []
    reached = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            output.append(line)
            if line.strip() == MARKER:
                reached.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert reached.wait(SUBMISSION_TIMEOUT_SECONDS), "".join(output)[-3000:]
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        reader.join(timeout=30)
        if process.stdout is not None:
            process.stdout.close()
    assert process.returncode == -signal.SIGKILL


def _state(app: Flask) -> tuple[int, list[str | None], list[list[str]], list[str]]:
    """Responses stored, redacted copies, flags' categories, alerts' recipients."""
    with app.app_context():
        responses = db.session.scalar(select(func.count(Response.id))) or 0
        redacted = list(db.session.scalars(select(Comment.redacted_text)))
        flags = [list(flag.categories) for flag in db.session.scalars(select(SafeguardingFlag))]
        alerts = [
            str(message.recipient)
            for message in db.session.scalars(
                select(OutboundMessage).where(OutboundMessage.template == "safeguarding_alert")
            )
        ]
        return responses, redacted, flags, alerts


def _run_scheduler_once(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["scheduler", "run", "--once"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("point", FAULT_POINTS)
def test_comment_of_a_killed_worker_is_checked_and_redacted_by_the_next_scheduler_run(
    app: Flask,
    runner: FlaskCliRunner,
    database_url: str,
    family_link: Callable[..., str],
    point: str,
) -> None:
    app.config["SAFEGUARDING_LEAD_EMAIL"] = LEAD
    _submit_and_kill(database_url, family_link(), point)

    responses, redacted, flags, alerts = _state(app)
    assert responses == 1  # the family's answers were committed before the worker died
    comments = len(redacted)  # one a free-text question
    assert comments >= 1
    assert redacted == [None] * comments and flags == [] and alerts == []

    _run_scheduler_once(runner)  # within the minute the submitting worker has first
    assert _state(app)[1] == [None] * comments

    with time_machine.travel(utcnow() + timedelta(minutes=2), tick=True):
        _run_scheduler_once(runner)
        _run_scheduler_once(runner)  # a second run changes nothing
    _responses, redacted, flags, alerts = _state(app)
    for text in redacted:
        assert text is not None and "Oliver" not in text and "self harming" in text
    assert flags == [["self_harm"]] * comments
    assert alerts == [LEAD] * comments


def _pending_comments(app: Flask, count: int) -> int:
    """Store ``count`` submitted comments no worker finished, every third one concerning;
    return how many are concerning."""
    with app.app_context():
        organisation = ensure_organisation("demo", "Demo Council")
        submitted = utcnow() - timedelta(minutes=5)
        for number in range(count):
            response = Response(
                organisation_id=organisation.id,
                reference=f"SF-CRSH-{number:04d}",
                survey_key="week6_parent",
                survey_version=1,
                stage="week6",
                audience="parent",
                language="en",
                source="poster",
                submitted_at=submitted,
            )
            text = CONCERNING if number % 3 == 0 else f"Amira's plan {number} came late."
            response.comments.append(
                Comment(question_key="improve", text=text, created_at=submitted)
            )
            db.session.add(response)
        db.session.commit()
    return len(range(0, count, 3))


def test_two_schedulers_at_once_finish_each_comment_once_and_alert_once(
    app: Flask, database_url: str
) -> None:
    app.config["SAFEGUARDING_LEAD_EMAIL"] = LEAD
    concerning = _pending_comments(app, 24)
    schedulers = [make_app(database_url, SAFEGUARDING_LEAD_EMAIL=LEAD) for _ in range(2)]
    start = threading.Barrier(len(schedulers))
    finished: list[int] = []
    errors: list[BaseException] = []

    def run(instance: Flask) -> None:
        try:
            with instance.app_context():
                start.wait(timeout=60)
                finished.append(redact_pending())
        except BaseException as error:  # reported below, in the test's own thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=(instance,)) for instance in schedulers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    for instance in schedulers:
        dispose(instance)
    assert errors == []
    _responses, redacted, flags, alerts = _state(app)
    assert None not in redacted and not any(
        "Oliver" in text or "Amira" in text for text in redacted
    )
    assert len(flags) == concerning and alerts == [LEAD] * concerning
    assert sum(finished) == 24  # each comment claimed by exactly one scheduler


def test_the_default_schedule_and_the_cron_lines_pick_up_comments_every_minute() -> None:
    assert Config.SCHEDULE["comments redact-pending"] <= 60
    assert Config.COMMENT_PICKUP_AFTER_SECONDS <= 120
    guide = (ROOT / "docs" / "operating.md").read_text(encoding="utf-8")
    cron = {
        match.group(2): match.group(1)
        for match in re.finditer(
            r"^\s*(\S+ \S+ \S+ \S+ \S+)\s+\w+\s+sh -c \"\$SF ([^\"]+)\"", guide, re.M
        )
    }
    assert set(cron) == set(Config.SCHEDULE)
    assert cron["comments redact-pending"] == "* * * * *"


def test_open_flags_raised_before_a_lead_was_set_are_alerted_once_a_lead_is_set(
    app: Flask,
) -> None:
    with app.app_context():
        add_comment(CONCERNING)
        assert redact_pending() == 0
        assert _state(app)[3] == []
    app.config["SAFEGUARDING_LEAD_EMAIL"] = LEAD
    with app.app_context():
        redact_pending()
        redact_pending()
    assert _state(app)[3] == [LEAD]
