"""``flask users``: manage staff accounts from the command line."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from feedback.models import Role
from feedback.services.users import UserError, create_user


@click.group()
def users() -> None:
    """Manage staff users."""


@users.command("create")
@click.option("--email", required=True, help="The person's work email address.")
@click.option("--name", required=True, help="The person's full name.")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.password_option(
    "--password", envvar="FEEDBACK_NEW_USER_PASSWORD", help="At least 12 characters."
)
@with_appcontext
def create(email: str, name: str, role: str, password: str) -> None:
    """Create a staff user (audited)."""
    try:
        user = create_user(email=email, name=name, role=role, password=password)
    except UserError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Created user {user.id} with role {user.role}.")
