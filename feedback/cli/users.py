"""``flask users`` and ``flask organisations``: staff accounts and hosted councils."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from feedback.models import Organisation, Role
from feedback.services.organisations import (
    OrganisationError,
    create_organisation,
    find_organisation,
    sole_organisation,
)
from feedback.services.users import UserError, create_user


@click.group()
def users() -> None:
    """Manage staff users."""


def _organisation(slug: str | None) -> Organisation:
    organisation = find_organisation(slug) if slug else sole_organisation()
    if organisation is None:
        raise click.ClickException(
            f"No organisation with slug {slug!r}"
            if slug
            else "Name the organisation with --organisation (or create one first with "
            "`flask organisations create`)"
        )
    return organisation


@users.command("create")
@click.option("--email", required=True, help="The person's work email address.")
@click.option("--name", required=True, help="The person's full name.")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option(
    "--organisation", "organisation_slug", default=None, help="Slug of the person's council."
)
@click.password_option(
    "--password", envvar="FEEDBACK_NEW_USER_PASSWORD", help="At least 12 characters."
)
@with_appcontext
def create(email: str, name: str, role: str, organisation_slug: str | None, password: str) -> None:
    """Create a staff user (audited)."""
    organisation = _organisation(organisation_slug)
    try:
        user = create_user(
            organisation=organisation, email=email, name=name, role=role, password=password
        )
    except UserError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Created user {user.id} with role {user.role} in {organisation.slug}.")


@click.group()
def organisations() -> None:
    """Manage the councils this installation hosts."""


@organisations.command("create")
@click.option("--slug", required=True, help="Short name used in commands, e.g. 'dudley'.")
@click.option("--name", required=True, help="The council's name as families know it.")
@with_appcontext
def create_org(slug: str, name: str) -> None:
    """Add a council to this installation (no code change needed)."""
    try:
        organisation = create_organisation(slug=slug, name=name)
    except OrganisationError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Created organisation {organisation.slug}: {organisation.name}.")
