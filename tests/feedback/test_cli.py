"""Command-line tools: staff users, demo data and demo links."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from feedback.extensions import db
from feedback.models import Case, Invitation, Response, Role, User
from feedback.services.demo import DEMO_POINTS
from feedback.services.tokens import hash_token


def test_organisations_create_then_users_create_adds_a_staff_user_to_it(
    app: Flask, runner: FlaskCliRunner
) -> None:
    created = runner.invoke(
        args=["organisations", "create", "--slug", "dudley", "--name", "Dudley"]
    )
    assert created.exit_code == 0, created.output
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "Lead@Example.gov.uk",
            "--name",
            "Lee",
            "--role",
            "lead",
            "--password",
            "a-very-long-password",
        ]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User))
        assert (user.email, user.role) == ("lead@example.gov.uk", "lead")
        assert user.organisation.slug == "dudley"


def test_users_create_needs_an_organisation_when_there_are_several(
    app: Flask, runner: FlaskCliRunner
) -> None:
    for slug in ("north", "south"):
        runner.invoke(args=["organisations", "create", "--slug", slug, "--name", slug.title()])
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "a@example.gov.uk",
            "--name",
            "A",
            "--role",
            "admin",
            "--password",
            "a-very-long-password",
        ]
    )
    assert result.exit_code != 0 and "--organisation" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 0


def test_users_create_refuses_a_short_password_and_creates_nothing(
    app: Flask, runner: FlaskCliRunner
) -> None:
    runner.invoke(args=["organisations", "create", "--slug", "dudley", "--name", "Dudley"])
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "a@example.gov.uk",
            "--name",
            "A",
            "--role",
            "admin",
            "--password",
            "short",
        ]
    )
    assert result.exit_code != 0 and "12 characters" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 0


def test_demo_link_prints_a_working_family_link(app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["demo-link", "--stage", "week16", "--audience", "young_person"])
    assert result.exit_code == 0, result.output
    link = result.output.strip()
    token = link.rsplit("/s/", 1)[1]
    with app.app_context():
        invitation = db.session.scalar(select(Invitation))
        assert invitation.token_hash == hash_token(token)
        assert (invitation.stage, invitation.audience) == ("week16", "young_person")
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert app.test_client().get("/" + path).status_code == 200


def test_demo_load_creates_users_of_every_role_and_responses_at_every_stage(
    app: Flask, runner: FlaskCliRunner
) -> None:
    result = runner.invoke(args=["demo", "load", "--cases", "60"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        roles = set(db.session.scalars(select(User.role)))
        assert roles == {r.value for r in Role}
        stages = set(db.session.scalars(select(Response.stage).distinct()))
        assert stages == {"week6", "week16", "week20", "annual_review"}
        # The synthetic cases asked for, and one case at each point of the process.
        assert db.session.scalar(select(func.count(Case.id))) == 60 + len(DEMO_POINTS)
    again = runner.invoke(args=["demo", "load", "--cases", "60"])
    assert "0 new responses" in again.output
