"""Families without signing in: stopping invitations from a message's link, and open posters."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from feedback import create_app
from feedback.extensions import db
from feedback.models import Invitation, Response
from feedback.models.messaging import MessageStatus, OutboundMessage
from feedback.services.cases.contact import poster_for
from feedback.services.cases.links import token_for
from feedback.services.cases.sending import send_due
from feedback.services.invitations import find_usable_invitation
from feedback.services.organisations import ensure_organisation
from tests.feedback.cases_data import at, import_file, invitations_of, row, write_csv
from tests.feedback.journey_steps import answer_all_pages
from tests.feedback.pages import CheckingClient, first_form, soup


def _invited_family(app: Flask, tmp_path: Path) -> str:
    """Import one family, send its week-6 invitation, and return the link's token."""
    with app.app_context():
        import_file(write_csv(tmp_path / "cases.csv", [row("A-1", decision_date="2025-02-10")]))
        send_due(now=at("2025-02-13"))
        return token_for(invitations_of("A-1")[0])


def _checking(app: Flask) -> FlaskClient:
    app.test_client_class = CheckingClient
    return app.test_client()


def test_every_message_carries_a_stop_link_that_works(app: Flask, tmp_path: Path) -> None:
    token = _invited_family(app, tmp_path)
    with app.app_context():
        message = db.session.scalars(db.select(OutboundMessage)).one()
        stop_link = message.personalisation["stop_link"]
        assert message.unsubscribe_url == stop_link
    assert stop_link.endswith(f"/stop/{token}")
    page = _checking(app).get(f"/stop/{token}")
    assert page.status_code == 200
    assert first_form(page).action == f"/stop/{token}"


def test_opening_the_stop_link_changes_nothing(app: Flask, tmp_path: Path) -> None:
    token = _invited_family(app, tmp_path)
    _checking(app).get(f"/stop/{token}")
    with app.app_context():
        assert invitations_of("A-1")[0].case.opted_out_at is None


def test_stopping_deletes_contact_details_and_no_reminder_is_sent(
    app: Flask, tmp_path: Path
) -> None:
    token = _invited_family(app, tmp_path)
    response = _checking(app).post(f"/stop/{token}")
    assert response.status_code == 200
    assert "You will not get any more invitations" in soup(response).h1.get_text()
    with app.app_context():
        send_due(now=at("2025-02-20"))
        case = invitations_of("A-1")[0].case
        assert case.opted_out_at is not None
        assert (case.parent_email, case.parent_phone) == (None, None)
        templates = db.session.scalars(db.select(OutboundMessage.template)).all()
        assert templates == ["invitation_email"]


def test_an_opted_out_familys_later_stages_are_never_invited(app: Flask, tmp_path: Path) -> None:
    token = _invited_family(app, tmp_path)
    app.test_client().post(f"/stop/{token}")
    with app.app_context():
        # The case system later sends the draft plan date and the contact details again.
        import_file(
            write_csv(
                tmp_path / "again.csv",
                [row("A-1", decision_date="2025-02-10", draft_plan_date="2025-04-28")],
            )
        )
        send_due(now=at("2025-05-01"))
        assert [i.stage for i in invitations_of("A-1")] == ["week6"]
        assert invitations_of("A-1")[0].case.parent_email is None


def test_after_stopping_the_survey_link_no_longer_opens(app: Flask, tmp_path: Path) -> None:
    token = _invited_family(app, tmp_path)
    app.test_client().post(f"/stop/{token}")
    with app.app_context():
        assert find_usable_invitation(token, now=at("2025-02-14")) is None


def test_a_queued_message_is_cancelled_when_the_family_stops(app: Flask, tmp_path: Path) -> None:
    token = _invited_family(app, tmp_path)
    with app.app_context():
        message = db.session.scalars(db.select(OutboundMessage)).one()
        message.status = MessageStatus.QUEUED.value  # as if Notify had asked us to retry
        db.session.commit()
    app.test_client().post(f"/stop/{token}")
    with app.app_context():
        message = db.session.scalars(db.select(OutboundMessage)).one()
        assert (message.status, message.recipient) == (MessageStatus.CANCELLED.value, None)


def test_an_unknown_stop_link_says_it_does_not_work(app: Flask) -> None:
    response = _checking(app).post("/stop/not-a-real-token")
    assert response.status_code == 404
    assert soup(response).h1.get_text(strip=True) == "This link does not work"


def test_a_poster_starts_an_anonymous_survey_reported_as_from_a_poster(app: Flask) -> None:
    with app.app_context():
        organisation_id = ensure_organisation("demo", "Demo Council").id
        code = poster_for(organisation_id, "week6", "parent").code
    client = _checking(app)
    assert client.get(f"/p/{code}").status_code == 200
    started = client.post(f"/p/{code}")
    assert started.status_code == 302
    link = started.headers["Location"]
    assert link.startswith("/s/")
    check = answer_all_pages(client, link)
    assert client.post(check).status_code == 302
    with app.app_context():
        invitation = db.session.scalars(db.select(Invitation)).one()
        assert (invitation.case_id, invitation.source, invitation.channel) == (
            None,
            "poster",
            "poster",
        )
        response = db.session.scalars(db.select(Response)).one()
        assert (response.source, response.organisation_id) == ("poster", organisation_id)


def test_an_unknown_poster_code_says_the_link_does_not_work(app: Flask) -> None:
    assert _checking(app).get("/p/nosuchcode").status_code == 404


def test_one_address_can_start_only_so_many_poster_surveys(app: Flask, database_url: str) -> None:
    limited = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "RATELIMIT_ENABLED": True,
            "POSTER_RATE_LIMIT": "2 per hour",
        }
    )
    with limited.app_context():
        organisation = ensure_organisation("demo", "Demo Council")
        code = poster_for(organisation.id, "week6", "parent").code
    client = limited.test_client()
    statuses = [client.post(f"/p/{code}").status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    with limited.app_context():
        assert len(db.session.scalars(db.select(Invitation.id)).all()) == 2
        db.session.remove()
        db.engine.dispose()


def test_the_stop_page_speaks_the_language_of_the_familys_invitation(
    app: Flask, tmp_path: Path
) -> None:
    token = _invited_family(app, tmp_path)
    with app.app_context():
        invitations_of("A-1")[0].language = "cy"
        db.session.commit()
    page = soup(_checking(app).get(f"/stop/{token}"))
    assert page.html["lang"] == "cy"
