"""Staff accounts a council governs: invitations with one-time links, roles, leavers, password
changes and resets, all audited; a council never loses its last admin."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from feedback.extensions import db
from feedback.models import AccountLink, AuditEvent, User, utcnow
from feedback.models.messaging import OutboundMessage
from feedback.services.passwords import UNUSABLE_PASSWORD_HASH
from tests.feedback.conftest import STAFF_PASSWORD
from tests.feedback.pages import CheckingClient, soup
from tests.feedback.staff_sign_in import sign_in_client

NEW_PASSWORD = "plum orchard lantern"


def _actions(app: Flask) -> list[AuditEvent]:
    with app.app_context():
        events = list(db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)))
        db.session.expunge_all()
        return events


def _user(app: Flask, email: str) -> User | None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None:
            db.session.expunge(user)
        return user


def _emails_to(app: Flask, address: str) -> list[OutboundMessage]:
    with app.app_context():
        messages = list(
            db.session.scalars(
                select(OutboundMessage)
                .where(OutboundMessage.recipient == address)
                .order_by(OutboundMessage.id)
            )
        )
        db.session.expunge_all()
        return messages


def _link_path(message: OutboundMessage) -> str:
    return str(message.personalisation["link"]).removeprefix("http://127.0.0.1:5000")


def _invite(client: FlaskClient, email: str = "new@example.gov.uk", role: str = "reviewer"):
    return client.post("/staff/users", data={"name": "New Person", "email": email, "role": role})


def test_invited_person_sets_a_password_with_a_one_time_link_and_then_sets_up_the_app(
    app: Flask, client: FlaskClient, sign_in: Callable[..., User]
) -> None:
    admin = sign_in("admin")
    assert _invite(client).status_code == 302
    invited = _user(app, "new@example.gov.uk")
    assert invited is not None and invited.password_hash == UNUSABLE_PASSWORD_HASH
    [email] = _emails_to(app, "new@example.gov.uk")
    assert email.template == "staff_invitation_email"
    path = _link_path(email)
    with app.app_context():
        stored = db.session.scalars(select(AccountLink.token_hash)).all()
    assert path.rsplit("/", 1)[1] not in stored, "only a hash of the token is kept"

    newcomer = CheckingClient(app)
    refused = newcomer.post(path, data={"password": "password1234!"})
    assert "too easy to guess" in soup(refused).select_one(".govuk-error-summary").get_text()
    assert newcomer.post(path, data={"password": NEW_PASSWORD}).status_code == 302
    assert newcomer.get(path).status_code == 404, "the link works once"
    first = newcomer.post("/sign-in", data={"email": invited.email, "password": NEW_PASSWORD})
    assert first.headers["Location"] == "/sign-in/set-up-authenticator"
    invites = [e for e in _actions(app) if e.action == "user.invite"]
    assert [(e.actor_id, e.target_id, e.details) for e in invites] == [
        (admin.id, str(invited.id), {"role": "reviewer"})
    ]
    assert "user.password_set" in [e.action for e in _actions(app)]


def test_an_expired_invitation_link_does_not_work(
    app: Flask, client: FlaskClient, sign_in: Callable[..., User]
) -> None:
    sign_in("admin")
    _invite(client)
    [email] = _emails_to(app, "new@example.gov.uk")
    with app.app_context():
        for link in db.session.scalars(select(AccountLink)):
            link.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    response = app.test_client().post(_link_path(email), data={"password": NEW_PASSWORD})
    assert response.status_code == 404
    assert _user(app, "new@example.gov.uk").password_hash == UNUSABLE_PASSWORD_HASH


def test_inviting_another_councils_staff_looks_like_any_invitation_and_changes_nothing(
    app: Flask, client: FlaskClient, sign_in: Callable[..., User], make_staff: Callable[..., User]
) -> None:
    other = make_staff("lead", email="lead@elsewhere.gov.uk", organisation="elsewhere")
    sign_in("admin")
    clash = _invite(client, email="LEAD@elsewhere.gov.uk")
    fresh = _invite(client, email="someone@example.gov.uk")
    assert clash.status_code == fresh.status_code == 302
    assert clash.headers["Location"] == fresh.headers["Location"]
    banner_after_clash = soup(client.get("/staff/users"))
    assert "already" not in banner_after_clash.get_text()
    assert _user(app, other.email).organisation_id == other.organisation_id
    [notice] = _emails_to(app, other.email)
    assert notice.template == "staff_account_exists_email"


def test_inviting_someone_already_in_the_council_says_so(
    app: Flask, client: FlaskClient, sign_in: Callable[..., User]
) -> None:
    admin = sign_in("admin")
    response = _invite(client, email=admin.email)
    assert "already has an account" in soup(response).select_one(".govuk-error-summary").get_text()
    with app.app_context():
        assert len(db.session.scalars(select(User)).all()) == 1


def test_admin_changes_a_role_and_it_is_audited(
    app: Flask, client: FlaskClient, sign_in: Callable[..., User], make_staff: Callable[..., User]
) -> None:
    admin = sign_in("admin")
    lead = make_staff("lead")
    assert client.post(f"/staff/users/{lead.id}", data={"role": "reviewer"}).status_code == 302
    assert _user(app, lead.email).role == "reviewer"
    [change] = [e for e in _actions(app) if e.action == "user.role_change"]
    assert change.actor_id == admin.id
    assert change.details == {"role": "reviewer", "previous_role": "lead"}


def test_the_last_admin_can_be_neither_demoted_nor_deactivated(
    app: Flask, client: FlaskClient, sign_in: Callable[..., User]
) -> None:
    admin = sign_in("admin")
    demoted = client.post(f"/staff/users/{admin.id}", data={"role": "lead"})
    assert "only active admin" in soup(demoted).select_one(".govuk-error-summary").get_text()
    deactivated = client.post(f"/staff/users/{admin.id}/deactivate")
    assert "only active admin" in soup(deactivated).select_one(".govuk-error-summary").get_text()
    assert soup(deactivated).title.get_text().startswith("Error:")
    still = _user(app, admin.email)
    assert still.role == "admin" and still.active


def test_with_a_second_admin_one_may_step_down(
    app: Flask, client: FlaskClient, sign_in: Callable[..., User], make_staff: Callable[..., User]
) -> None:
    admin = sign_in("admin")
    make_staff("admin", email="second.admin@example.gov.uk")
    stepped_down = client.post(f"/staff/users/{admin.id}", data={"role": "lead"})
    assert stepped_down.headers["Location"] == "/staff/"
    assert _user(app, admin.email).role == "lead"
    assert client.get("/staff/users").status_code == 403


def test_a_leaver_is_deactivated_signed_out_everywhere_and_can_be_reactivated(
    app: Flask, client: FlaskClient, sign_in: Callable[..., User], make_staff: Callable[..., User]
) -> None:
    sign_in("admin")
    leaver = make_staff("case_officer")
    theirs = app.test_client()
    sign_in_client(theirs, leaver.email)
    assert theirs.get("/staff/").status_code == 200
    assert client.post(f"/staff/users/{leaver.id}/deactivate").status_code == 302
    assert theirs.get("/staff/").status_code == 302, "their open session ended"
    again = app.test_client().post(
        "/sign-in", data={"email": leaver.email, "password": STAFF_PASSWORD}
    )
    assert again.status_code == 200
    assert client.post(f"/staff/users/{leaver.id}/reactivate").status_code == 302
    sign_in_client(app.test_client(), leaver.email)
    actions = [e.action for e in _actions(app)]
    assert "user.deactivate" in actions and "user.reactivate" in actions


def test_admin_reset_stops_the_old_password_and_emails_a_new_link(
    app: Flask, client: FlaskClient, sign_in: Callable[..., User], make_staff: Callable[..., User]
) -> None:
    sign_in("admin")
    lead = make_staff("lead")
    theirs = app.test_client()
    sign_in_client(theirs, lead.email)
    assert client.post(f"/staff/users/{lead.id}/reset-password").status_code == 302
    assert theirs.get("/staff/").status_code == 302
    old = app.test_client().post("/sign-in", data={"email": lead.email, "password": STAFF_PASSWORD})
    assert old.status_code == 200
    [email] = _emails_to(app, lead.email)
    assert email.template == "staff_password_reset_email"
    assert (
        app.test_client().post(_link_path(email), data={"password": NEW_PASSWORD}).status_code
        == 302
    )
    sign_in_client(app.test_client(), lead.email, NEW_PASSWORD)
    assert "user.password_reset" in [e.action for e in _actions(app)]


def test_admin_cannot_see_or_change_another_councils_staff(
    app: Flask, client: FlaskClient, sign_in: Callable[..., User], make_staff: Callable[..., User]
) -> None:
    other = make_staff("lead", email="lead@elsewhere.gov.uk", organisation="elsewhere")
    sign_in("admin")
    assert other.email not in client.get("/staff/users").get_data(as_text=True)
    assert client.get(f"/staff/users/{other.id}").status_code == 404
    assert client.post(f"/staff/users/{other.id}/deactivate").status_code == 404
    assert _user(app, other.email).active


def test_staff_change_their_own_password_and_other_sessions_end(
    app: Flask, client: FlaskClient, sign_in: Callable[..., User]
) -> None:
    user = sign_in("reviewer")
    elsewhere = app.test_client()
    sign_in_client(elsewhere, user.email)
    wrong = client.post(
        "/staff/account/password", data={"current": "not-it-at-all", "password": NEW_PASSWORD}
    )
    assert "not right" in soup(wrong).select_one(".govuk-error-summary").get_text()
    common = client.post(
        "/staff/account/password", data={"current": STAFF_PASSWORD, "password": "Sunshine2024!!"}
    )
    assert "too easy to guess" in soup(common).select_one(".govuk-error-summary").get_text()
    changed = client.post(
        "/staff/account/password", data={"current": STAFF_PASSWORD, "password": NEW_PASSWORD}
    )
    assert changed.status_code == 302
    assert client.get("/staff/").status_code == 200, "this session goes on"
    assert elsewhere.get("/staff/").status_code == 302, "every other one ends"
    actions = [e.action for e in _actions(app)]
    assert "user.password_change" in actions and "user.password_change_failed" in actions


def test_someone_whose_invitation_lapsed_is_sent_a_new_one(
    app: Flask, client: FlaskClient, sign_in: Callable[..., User]
) -> None:
    sign_in("admin")
    _invite(client)
    invited = _user(app, "new@example.gov.uk")
    page = client.get(f"/staff/users/{invited.id}").get_data(as_text=True)
    assert "Send a new invitation" in page
    assert client.post(f"/staff/users/{invited.id}/reset-password").status_code == 302
    first, second = _emails_to(app, invited.email)
    assert first.template == second.template == "staff_invitation_email"
    assert app.test_client().get(_link_path(first)).status_code == 404, "the old link is retired"
    assert app.test_client().get(_link_path(second)).status_code == 200
