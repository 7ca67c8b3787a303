"""The scheduler runs the scheduled commands at their intervals and survives a failing one."""

from __future__ import annotations

import threading

import click
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from feedback.extensions import db
from feedback.models import AuditEvent
from feedback.services.operations.scheduler import (
    ScheduledJob,
    run_job,
    run_scheduler,
    scheduled_jobs,
)


def _retention_runs(app: Flask) -> int:
    with app.app_context():
        query = select(func.count(AuditEvent.id)).where(AuditEvent.action == "retention.apply")
        return int(db.session.scalar(query) or 0)


def test_schedule_finds_installed_commands_and_names_missing_ones(app: Flask) -> None:
    jobs, missing = scheduled_jobs(app, {"retention apply": 60, "no-such thing": 5})
    assert [(job.name, job.interval) for job in jobs] == [("retention apply", 60.0)]
    assert missing == ["no-such thing"]


def test_a_failing_job_is_logged_and_reported_not_raised(app: Flask) -> None:
    @click.command()
    def broken() -> None:
        raise RuntimeError("boom")

    assert run_job(app, ScheduledJob("broken", broken, [], 60)) is False


def test_scheduler_runs_each_job_again_only_after_its_interval(app: Flask) -> None:
    jobs, _ = scheduled_jobs(app, {"retention apply": 10})
    stop = threading.Event()
    times = iter([0.0, 0.0, 4.0, 10.0, 10.0, 15.0])

    def clock() -> float:
        try:
            return next(times)
        except StopIteration:
            stop.set()
            return 15.0

    run_scheduler(app, jobs, stop=stop, tick=0, clock=clock)
    assert _retention_runs(app) == 2


def test_scheduler_run_once_command_runs_every_installed_job(
    app: Flask, runner: FlaskCliRunner
) -> None:
    result = runner.invoke(args=["scheduler", "run", "--once"])
    assert result.exit_code == 0, result.output
    assert _retention_runs(app) == 1
