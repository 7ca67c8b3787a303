"""``flask users`` and ``flask organisations``: staff accounts and hosted councils."""

from __future__ import annotations

from collections.abc import Callable

import click
from flask.cli import with_appcontext

from feedback.models import Organisation, Role, User
from feedback.services import users as accounts
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
    "--password",
    envvar="FEEDBACK_NEW_USER_PASSWORD",
    help="At least 12 characters, not a common or breached password.",
)
@with_appcontext
def create(email: str, name: str, role: str, organisation_slug: str | None, password: str) -> None:
    """Create a staff user with a password (audited), such as a council's first admin; they set
    up an authenticator app when they first sign in. Admins invite everyone else by email."""
    organisation = _organisation(organisation_slug)
    try:
        user = create_user(
            organisation=organisation, email=email, name=name, role=role, password=password
        )
    except UserError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Created user {user.id} with role {user.role} in {organisation.slug}.")


def _account(email: str) -> User:
    user = accounts.find_user_by_email(email)
    if user is None:
        raise click.ClickException("No user with that email address")
    return user


@users.command("invite")
@click.option("--email", required=True, help="The person's work email address.")
@click.option("--name", required=True, help="The person's full name.")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option(
    "--organisation", "organisation_slug", default=None, help="Slug of the person's council."
)
@with_appcontext
def invite(email: str, name: str, role: str, organisation_slug: str | None) -> None:
    """Invite a member of staff: they are emailed a one-time link to set a password (audited)."""
    organisation = _organisation(organisation_slug)
    try:
        user = accounts.invite_user(
            organisation=organisation, email=email, name=name, role=role, actor=None
        )
    except UserError as error:
        raise click.ClickException(str(error)) from error
    if user is None:
        raise click.ClickException("That address has an account in another council")
    click.echo(f"Invited user {user.id} with role {user.role} in {organisation.slug}.")


ACCOUNT_CHANGES: dict[str, tuple[Callable[..., None], str]] = {
    "deactivate": (accounts.deactivate, "Deactivated user {id}: their sessions have ended."),
    "reactivate": (accounts.reactivate, "Reactivated user {id}."),
    "reset-password": (accounts.reset_password, "Emailed user {id} a link to set a password."),
    "reset-two-factor": (
        accounts.reset_two_factor,
        "User {id} sets up an authenticator app at their next sign-in.",
    ),
}


def _account_command(name: str, change: Callable[..., None], done: str) -> None:
    @users.command(name, help=f"{name.replace('-', ' ').capitalize()} a staff account (audited).")
    @click.option("--email", required=True, help="The account's email address.")
    @with_appcontext
    def command(email: str) -> None:
        user = _account(email)
        try:
            change(user, actor=None)
        except UserError as error:
            raise click.ClickException(str(error)) from error
        click.echo(done.format(id=user.id))


for _name, (_change, _done) in ACCOUNT_CHANGES.items():
    _account_command(_name, _change, _done)


@users.command("set-role")
@click.option("--email", required=True, help="The account's email address.")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@with_appcontext
def set_role(email: str, role: str) -> None:
    """Give a member of staff another role (audited; never a council's last admin's)."""
    user = _account(email)
    try:
        accounts.change_role(user, role, actor=None)
    except UserError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"User {user.id} now has role {role}.")


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
