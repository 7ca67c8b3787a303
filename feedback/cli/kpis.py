"""``flask kpis``: import a plan's KPI table, and recompute KPI measurements (run by cron)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import ngettext

from analysis.scales import SCALES
from feedback.extensions import db
from feedback.models import Organisation, utcnow
from feedback.services.kpis.importing import KpiImportError, PlanError, import_table, new_plan
from feedback.services.kpis.plans import plans_named
from feedback.services.kpis.recompute import recompute_plans
from feedback.services.organisations import find_organisation, sole_organisation

DAY = click.DateTime(formats=["%Y-%m-%d"])


@click.group("kpis")
def kpis() -> None:
    """Plans' KPI registers: import a KPI table, recompute measurements."""


def _organisation(slug: str | None) -> Organisation:
    organisation = find_organisation(slug) if slug else sole_organisation()
    if organisation is None:
        raise click.ClickException(
            f"No organisation with slug {slug!r}"
            if slug
            else "Name the council with --organisation (this installation hosts several)"
        )
    return organisation


@kpis.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--plan", "plan_name", required=True, help="The plan's name (created if new).")
@click.option("--organisation", "organisation_slug", help="Slug of the plan's council.")
@click.option("--start", type=DAY, help="The day a new plan started (YYYY-MM-DD).")
@click.option(
    "--scale", type=click.Choice(sorted(SCALES)), default="rag", help="A new plan's status scale."
)
@with_appcontext
def import_kpis(
    file: Path,
    plan_name: str,
    organisation_slug: str | None,
    start: datetime | None,
    scale: str,
) -> None:
    """Import a plan's KPI table from CSV or XLSX; print each flagged row and why.

    Nothing is imported if any row has an error; every error is listed by row and column.
    """
    organisation = _organisation(organisation_slug)
    found = plans_named(plan_name, organisation)
    try:
        plan = (
            found[0]
            if found
            else new_plan(
                organisation.id,
                name=plan_name,
                start_date=start.date() if start else None,
                status_scale=scale,
            )
        )
        result = import_table(
            plan,
            file.read_bytes(),
            file.name,
            actor=None,
            max_rows=current_app.config["KPI_IMPORT_MAX_ROWS"],
        )
    except PlanError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    except KpiImportError as error:
        db.session.rollback()
        for problem in error.errors:
            click.echo(str(problem), err=True)
        raise click.ClickException("Nothing was imported.") from error
    click.echo(
        f"Imported {result.imported} KPIs into plan {result.plan.name!r} "
        f"(id {result.plan.id}) of {organisation.slug}; {len(result.flagged)} flagged."
    )
    for flagged in result.flagged:
        click.echo(f"Row {flagged.row}, ref {flagged.ref}: {flagged.outcome}")
        for reason in flagged.reasons:
            click.echo(f"  - {reason}")


@kpis.command("recompute")
@click.option("--plan", "plan_name", help="Only the plan with this name (default: every plan).")
@click.option("--organisation", "organisation_slug", help="Only this council's plans.")
@click.option("--as-of", "as_of", type=DAY, help="Measure as of this day (default: today, UTC).")
@with_appcontext
def recompute(plan_name: str | None, organisation_slug: str | None, as_of: datetime | None) -> None:
    """Measure every KPI for each period and write the measurements back (idempotent)."""
    organisation = _organisation(organisation_slug) if organisation_slug else None
    plans = plans_named(plan_name, organisation)
    if plan_name and not plans:
        raise click.ClickException(f"No plan named {plan_name!r}")
    day: date = as_of.date() if as_of else utcnow().date()
    summary = recompute_plans(plans, as_of=day)
    kpis_text = ngettext("%(num)s KPI", "%(num)s KPIs", summary.kpis_measured)
    plans_text = ngettext("%(num)s plan", "%(num)s plans", summary.plans)
    written = ngettext(
        "%(num)s measurement written", "%(num)s measurements written", summary.measurements
    )
    click.echo(f"Recomputed {kpis_text} of {plans_text} as of {day}: {written}.")
    for ref, why in summary.skipped:
        click.echo(f"  Not measured: {ref}: {why}")


COMMANDS: list[click.Command] = [kpis]
