"""Staff sign in with an email and password; every attempt is audited without personal data."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from feedback.extensions import db
from feedback.models import AuditEvent, User
from feedback.services.passwords import verify_password
from tests.feedback.conftest import STAFF_PASSWORD
from tests.feedback.pages import soup


def _audit_actions(app: Flask) -> list[AuditEvent]:
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        db.session.expunge_all()
        return list(events)


def test_password_is_stored_as_an_argon2_hash(
    app: Flask, make_staff: Callable[[str], User]
) -> None:
    user = make_staff("lead")
    assert user.password_hash.startswith("$argon2id$")
    with app.app_context():
        assert verify_password(user.password_hash, STAFF_PASSWORD)
        assert not verify_password(user.password_hash, "wrong-password-123")


def test_sign_in_with_correct_password_reaches_staff_home_and_is_audited(
    app: Flask, client: FlaskClient, make_staff: Callable[[str], User]
) -> None:
    user = make_staff("lead")
    response = client.post(
        "/sign-in", data={"email": user.email.upper(), "password": STAFF_PASSWORD}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/staff/"
    assert "Signed in as Test lead" in client.get("/staff/").get_data(as_text=True)
    sign_ins = [e for e in _audit_actions(app) if e.action == "auth.sign_in"]
    assert [e.actor_id for e in sign_ins] == [user.id]


def test_wrong_password_gets_an_error_and_is_audited_without_the_email(
    app: Flask, client: FlaskClient, make_staff: Callable[[str], User]
) -> None:
    user = make_staff("reviewer")
    response = client.post("/sign-in", data={"email": user.email, "password": "not-the-password"})
    assert response.status_code == 200
    page = soup(response)
    assert page.title.get_text().startswith("Error:")
    assert (
        "Enter a correct email address and password"
        in page.select_one(".govuk-error-summary").get_text()
    )
    failures = [e for e in _audit_actions(app) if e.action == "auth.sign_in_failed"]
    assert len(failures) == 1 and failures[0].target_id == str(user.id)
    assert user.email not in repr(failures[0].details)
    assert client.get("/staff/").status_code == 302


def test_unknown_email_fails_like_a_wrong_password(client: FlaskClient) -> None:
    response = client.post(
        "/sign-in", data={"email": "nobody@example.gov.uk", "password": "x" * 12}
    )
    assert "Enter a correct email address and password" in response.get_data(as_text=True)


def test_empty_sign_in_form_names_each_missing_field(client: FlaskClient) -> None:
    summary = soup(client.post("/sign-in", data={})).select_one(".govuk-error-summary").get_text()
    assert "Enter your email address" in summary and "Enter your password" in summary


def test_sign_in_starts_a_new_session(
    client: FlaskClient, make_staff: Callable[[str], User]
) -> None:
    user = make_staff("lead")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    client.post("/sign-in", data={"email": user.email, "password": STAFF_PASSWORD})
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("_user_id") == str(user.id)


def test_sign_in_never_redirects_to_another_site(
    client: FlaskClient, make_staff: Callable[[str], User]
) -> None:
    user = make_staff("lead")
    response = client.post(
        "/sign-in?next=//evil.example/", data={"email": user.email, "password": STAFF_PASSWORD}
    )
    assert response.headers["Location"] == "/staff/"


def test_sign_out_ends_the_session_and_is_audited(
    app: Flask, client: FlaskClient, sign_in: Callable[[str], User]
) -> None:
    sign_in("case_officer")
    assert client.post("/sign-out").status_code == 302
    assert client.get("/staff/").status_code == 302
    assert "auth.sign_out" in [e.action for e in _audit_actions(app)]


def test_deactivated_user_cannot_sign_in(
    app: Flask, client: FlaskClient, make_staff: Callable[[str], User]
) -> None:
    user = make_staff("lead")
    with app.app_context():
        db.session.get(User, user.id).active = False
        db.session.commit()
    client.post("/sign-in", data={"email": user.email, "password": STAFF_PASSWORD})
    assert client.get("/staff/").status_code == 302


def test_admin_adds_a_user_and_the_change_is_audited(
    app: Flask, client: FlaskClient, sign_in: Callable[[str], User]
) -> None:
    admin = sign_in("admin")
    response = client.post(
        "/staff/users",
        data={
            "name": "New Reviewer",
            "email": "new@example.gov.uk",
            "role": "reviewer",
            "password": "a-long-temporary-pass",
        },
    )
    assert response.status_code == 302
    assert "new@example.gov.uk" in client.get("/staff/users").get_data(as_text=True)
    creations = [e for e in _audit_actions(app) if e.action == "user.create"]
    assert creations[-1].actor_id == admin.id and creations[-1].details == {"role": "reviewer"}


def test_adding_a_user_with_a_taken_email_changes_nothing(
    app: Flask, client: FlaskClient, sign_in: Callable[[str], User]
) -> None:
    admin = sign_in("admin")
    response = client.post(
        "/staff/users",
        data={
            "name": "Dup",
            "email": admin.email,
            "role": "lead",
            "password": "a-long-temporary-pass",
        },
    )
    assert "already exists" in soup(response).select_one(".govuk-error-summary").get_text()
    with app.app_context():
        assert len(db.session.scalars(select(User)).all()) == 1


def test_admin_sees_and_adds_users_only_in_their_own_council(
    app: Flask, client: FlaskClient, sign_in: Callable[..., User], make_staff: Callable[..., User]
) -> None:
    other = make_staff("lead", email="lead@elsewhere.gov.uk", organisation="elsewhere")
    sign_in("admin")
    page = client.get("/staff/users").get_data(as_text=True)
    assert other.email not in page
    client.post(
        "/staff/users",
        data={"name": "N", "email": "n@example.gov.uk", "role": "lead", "password": "x" * 12},
    )
    with app.app_context():
        added = db.session.scalar(select(User).where(User.email == "n@example.gov.uk"))
        assert added.organisation.slug == "demo"
