"""``flask demo`` and ``flask demo-link``: demo data and fresh family links."""

from __future__ import annotations

import click
import pyotp
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import ngettext

from feedback.models import Audience, Stage
from feedback.services.demo import (
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    ensure_demo_users,
    load_demo,
)
from feedback.services.demo_links import issue_demo_link

STAGES = click.Choice([s.value for s in Stage])
AUDIENCES = click.Choice([a.value for a in Audience])


PRODUCTION_REFUSAL = (
    "Demo data is refused under the production configuration: its staff logins share a "
    "published password and authenticator key, and its cases are not real families. Add real "
    "staff with `flask --app feedback users create`."
)


def refuse_in_production() -> None:
    """Stop the command with a non-zero exit under the production configuration
    (``REFUSE_UNSAFE_SETTINGS``), before anything is written."""
    if current_app.config.get("REFUSE_UNSAFE_SETTINGS"):
        raise click.ClickException(PRODUCTION_REFUSAL)


@click.group()
def demo() -> None:
    """Demo data for trying the service (refused under the production configuration)."""


@demo.command("load")
@click.option("--cases", default=160, show_default=True, help="How many synthetic cases.")
@with_appcontext
def load(cases: int) -> None:
    """Load demo users, cases, invitations and responses (does nothing if already loaded)."""
    refuse_in_production()
    created = load_demo(cases=cases)
    responses = ngettext("%(num)s new response", "%(num)s new responses", created)
    click.echo(f"Demo data loaded ({responses}).")


@demo.command("banner")
@click.option("--url", default=None, help="Where the app is served.")
@with_appcontext
def banner(url: str | None) -> None:
    """Print the URL, the demo staff logins and one fresh family link.

    Links families get (letters, posters, messages, the family link here) use
    ``PUBLIC_BASE_URL``, which ``make run`` sets to the address it serves.
    """
    refuse_in_production()
    links = str(current_app.config["PUBLIC_BASE_URL"]).rstrip("/")
    base = (url or links).rstrip("/")
    logins = ensure_demo_users()
    click.echo("")
    click.echo(f"SEND Feedback is starting at {base}/")
    click.echo(f"Letters, posters and messages link to {links}/ (PUBLIC_BASE_URL)")
    click.echo(f"Staff sign-in: {base}/sign-in   (password for every demo login: {DEMO_PASSWORD})")
    for login in logins:
        click.echo(f"  {login.role:<13} {login.email}")
    click.echo(
        f"Authenticator app for every demo login: add the key {DEMO_TOTP_SECRET} to an app, or "
        "print the current code with `flask --app feedback demo code`"
    )
    click.echo(f"A family link (week 6, parent): {links}{issue_demo_link()}")
    click.echo("")


@demo.command("code")
def code() -> None:
    """Print the demo logins' current authenticator-app code (they share a published key)."""
    click.echo(pyotp.TOTP(DEMO_TOTP_SECRET).now())


@click.command("demo-link")
@click.option("--stage", type=STAGES, default=Stage.WEEK6.value, show_default=True)
@click.option("--audience", type=AUDIENCES, default=Audience.PARENT.value, show_default=True)
@click.option("--base-url", default=None, help="Prefix for the printed link.")
@with_appcontext
def demo_link(stage: str, audience: str, base_url: str | None) -> None:
    """Print a fresh family link for a demo case at STAGE for AUDIENCE."""
    refuse_in_production()
    base = (base_url or current_app.config["PUBLIC_BASE_URL"]).rstrip("/")
    click.echo(f"{base}{issue_demo_link(stage, audience)}")
