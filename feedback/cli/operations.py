"""Commands for running the service: retention, erasure on request, and the scheduler loop."""

from __future__ import annotations

import signal
import threading
from types import FrameType

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import ngettext

from feedback.services.operations.erasure import ErasureError, erase_family
from feedback.services.operations.retention import apply_retention
from feedback.services.operations.scheduler import run_job, run_scheduler, scheduled_jobs
from feedback.services.organisations import find_organisation


@click.group()
def retention() -> None:
    """Keep personal data only as long as the RETENTION_* settings say."""


@retention.command("apply")
@with_appcontext
def retention_apply() -> None:
    """Enforce every retention period now and print what was removed (safe to run again)."""
    report = apply_retention()
    for name, count in report.as_dict().items():
        click.echo(f"{name.replace('_', ' ')}: {count}")


@click.command("erase-family")
@click.option("--case", "reference", required=True, help="The case's reference in the case system.")
@click.option("--organisation", "organisation_slug", required=True, help="Slug of the council.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def erase_family_command(reference: str, organisation_slug: str, yes: bool) -> None:
    """Erase one family's data on request: case, contact details, invitations, drafts and
    comments; their closed answers stay as anonymous statistics (audited, no personal data)."""
    organisation = find_organisation(organisation_slug)
    if organisation is None:
        raise click.ClickException(f"No organisation with slug {organisation_slug!r}")
    if not yes:
        click.confirm(
            f"Erase case {reference} of {organisation.slug}? This cannot be undone", abort=True
        )
    try:
        report = erase_family(organisation_id=organisation.id, reference=reference)
    except ErasureError as error:
        raise click.ClickException(str(error)) from error
    for name, count in report.counts().items():
        click.echo(f"{name.replace('_', ' ')}: {count}")
    click.echo(f"Recorded as audit event {report.audit_event_id}.")


@click.group()
def scheduler() -> None:
    """Run the scheduled commands (the SCHEDULE setting) without cron."""


@scheduler.command("run")
@click.option("--once", is_flag=True, help="Run every scheduled command once, then stop.")
@click.option("--tick", default=1.0, show_default=True, help="Seconds between checks.")
@with_appcontext
def scheduler_run(once: bool, tick: float) -> None:
    """Run each scheduled command at its interval until stopped (SIGTERM or Ctrl-C)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    jobs, missing = scheduled_jobs(app, app.config["SCHEDULE"])
    for line in missing:
        click.echo(f"Skipping '{line}': this version has no such command.", err=True)
    if once:
        failures = sum(0 if run_job(app, job) else 1 for job in jobs)
    else:
        stop = threading.Event()

        def request_stop(signum: int, frame: FrameType | None) -> None:
            stop.set()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        failures = run_scheduler(app, jobs, stop=stop, tick=tick)
    if failures:
        runs = ngettext(
            "%(num)s scheduled command run failed",
            "%(num)s scheduled command runs failed",
            failures,
        )
        raise click.ClickException(f"{runs}; see the log")


COMMANDS: list[click.Command] = [retention, erase_family_command, scheduler]
