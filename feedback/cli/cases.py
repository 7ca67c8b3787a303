"""``flask cases import``, ``flask invitations send-due`` and ``flask letters print``.

Each is idempotent and safe to run from cron on several machines at once.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import ngettext

from feedback.models import Organisation
from feedback.services.cases.import_files import ImportFile, ImportFileError
from feedback.services.cases.importing import import_cases
from feedback.services.cases.letters import print_due_letters
from feedback.services.cases.sending import send_due
from feedback.services.organisations import find_organisation, sole_organisation


def _organisation(slug: str | None) -> Organisation:
    organisation = find_organisation(slug) if slug else sole_organisation()
    if organisation is None:
        raise click.ClickException(
            f"No organisation with slug {slug!r}"
            if slug
            else "Name the organisation with --organisation"
        )
    return organisation


@click.group()
def cases() -> None:
    """EHC cases from the case-management system."""


@cases.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--organisation", "organisation_slug", default=None, help="Slug of the council's cases."
)
@with_appcontext
def import_command(file: Path, organisation_slug: str | None) -> None:
    """Import FILE (CSV or XLSX, columns in docs/case-import.md): all rows or none."""
    organisation = _organisation(organisation_slug)
    try:
        source = ImportFile.from_path(file)
    except ImportFileError as error:
        raise click.ClickException(str(error)) from error
    outcome = import_cases(source, organisation_id=organisation.id)
    if not outcome.succeeded:
        for problem in outcome.problems:
            column = f", column {problem.column}" if problem.column else ""
            click.echo(f"Row {problem.row}{column}: {problem.message}", err=True)
        if outcome.problem_count > len(outcome.problems):
            click.echo(f"… and {outcome.problem_count - len(outcome.problems)} more.", err=True)
        raise click.ClickException(
            "Nothing was imported: "
            + ngettext("%(num)s problem", "%(num)s problems", outcome.problem_count)
            + f" in {file.name}"
        )
    click.echo(
        f"Imported {ngettext('%(num)s row', '%(num)s rows', outcome.rows)} "
        f"into {organisation.slug}: {outcome.created} new, "
        f"{outcome.updated} updated, {outcome.unchanged} unchanged."
    )


@click.group()
def invitations() -> None:
    """Invitations to families."""


@invitations.command("send-due")
@with_appcontext
def send_due_command() -> None:
    """Create due invitations, send them and one reminder, and deliver queued messages."""
    report = send_due()
    click.echo(
        " ".join(f"{name.replace('_', ' ')}={count}" for name, count in report.as_dict().items())
    )


@click.group()
def letters() -> None:
    """Printed invitations."""


@letters.command("print")
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the PDF files.",
)
@click.option("--batch", is_flag=True, help="One print-ready PDF instead of one file per letter.")
@with_appcontext
def print_command(out_dir: Path, batch: bool) -> None:
    """Write the letters (and letter reminders) that are due as A4 PDFs into a folder."""
    run = print_due_letters(out_dir, batch=batch)
    letters = ngettext("%(num)s letter", "%(num)s letters", run.letters)
    files = ngettext("%(num)s file", "%(num)s files", len(run.files))
    click.echo(f"Wrote {letters} in {files} to {out_dir}.")


COMMANDS: list[click.Command] = [cases, invitations, letters]
