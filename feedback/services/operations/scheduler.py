"""The scheduler: runs the scheduled ``flask`` commands over and over, each at its interval.

It is a loop around the same idempotent commands an operator could put in cron (the ``SCHEDULE``
setting names them). Several schedulers may run at once on several machines: each command claims
its rows (``SELECT ... FOR UPDATE SKIP LOCKED``) or is idempotent, so nothing is done twice.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import click
from flask import Flask

log = logging.getLogger(__name__)


@dataclass(slots=True)
class ScheduledJob:
    """One scheduled command, how often it runs (seconds), and when it last started."""

    name: str
    command: click.Command
    arguments: list[str]
    interval: float
    last_started: float | None = field(default=None)

    def is_due(self, now: float) -> bool:
        """Return whether the job has never run or its interval has passed."""
        return self.last_started is None or now - self.last_started >= self.interval


def _find_command(app: Flask, words: list[str]) -> tuple[click.Command, list[str]] | None:
    """Return the click command named by the leading ``words`` and the arguments after it."""
    context = click.Context(app.cli)
    command: click.Command = app.cli
    rest = list(words)
    while isinstance(command, click.Group) and rest:
        found = command.get_command(context, rest[0])
        if found is None:
            return None
        command, rest = found, rest[1:]
    return None if isinstance(command, click.Group) else (command, rest)


def scheduled_jobs(
    app: Flask, schedule: Mapping[str, float]
) -> tuple[list[ScheduledJob], list[str]]:
    """Return the jobs for ``schedule`` (command line → seconds) and the command lines this app
    does not have (a feature not installed in this version)."""
    jobs, missing = [], []
    for line, interval in schedule.items():
        found = _find_command(app, line.split())
        if found is None:
            missing.append(line)
            continue
        jobs.append(ScheduledJob(line, found[0], found[1], float(interval)))
    return jobs, missing


def run_job(app: Flask, job: ScheduledJob, *, now: float | None = None) -> bool:
    """Run one job in a fresh app context; log and swallow its failure so the loop goes on.

    Returns whether it succeeded.
    """
    job.last_started = time.monotonic() if now is None else now
    started = time.perf_counter()
    try:
        with app.app_context():
            job.command.main(args=list(job.arguments), prog_name=job.name, standalone_mode=False)
    except (Exception, SystemExit):
        log.exception("scheduled command failed", extra={"command": job.name})
        return False
    log.info(
        "scheduled command finished",
        extra={"command": job.name, "seconds": round(time.perf_counter() - started, 3)},
    )
    return True


def run_scheduler(
    app: Flask,
    jobs: list[ScheduledJob],
    *,
    stop: threading.Event,
    tick: float = 1.0,
    clock: Callable[[], float] = time.monotonic,
) -> int:
    """Run every due job, then wait ``tick`` seconds, until ``stop`` is set; return how many job
    runs failed."""
    failures = 0
    while not stop.is_set():
        for job in jobs:
            if stop.is_set():
                break
            if job.is_due(clock()):
                failures += 0 if run_job(app, job, now=clock()) else 1
        stop.wait(tick)
    return failures
