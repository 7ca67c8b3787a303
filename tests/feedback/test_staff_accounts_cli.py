"""`flask users`: the installation's operator governs staff accounts from the command line too."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from feedback.extensions import db
from feedback.models import AuditEvent, User
from feedback.models.messaging import OutboundMessage


def _user(app: Flask, email: str) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge(user)
        return user


def test_users_create_refuses_a_common_password(
    app: Flask, runner: FlaskCliRunner, make_staff: Callable[..., User]
) -> None:
    make_staff("admin")
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "x@example.gov.uk",
            "--name",
            "X",
            "--role",
            "lead",
            "--password",
            "Password123456",
        ]
    )
    assert result.exit_code != 0 and "too easy to guess" in result.output
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "x@example.gov.uk")) is None


def test_users_invite_emails_a_link_to_the_outbox(
    app: Flask, runner: FlaskCliRunner, make_staff: Callable[..., User]
) -> None:
    make_staff("admin")
    result = runner.invoke(
        args=["users", "invite", "--email", "new@example.gov.uk", "--name", "New", "--role", "lead"]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        message = db.session.scalar(select(OutboundMessage))
        assert message.template == "staff_invitation_email"
        assert "/account/set-password/" in message.personalisation["link"]


def test_users_deactivate_and_set_role_keep_the_last_admin(
    app: Flask, runner: FlaskCliRunner, make_staff: Callable[..., User]
) -> None:
    admin = make_staff("admin")
    lead = make_staff("lead")
    refused = runner.invoke(args=["users", "set-role", "--email", admin.email, "--role", "lead"])
    assert refused.exit_code != 0 and "only active admin" in refused.output
    assert runner.invoke(args=["users", "deactivate", "--email", admin.email]).exit_code != 0
    assert runner.invoke(args=["users", "deactivate", "--email", lead.email]).exit_code == 0
    assert not _user(app, lead.email).active
    assert _user(app, admin.email).active
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "user.deactivate" in actions
