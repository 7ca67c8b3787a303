""" "You said, we did": reviewers draft, leads publish, the public page lists published entries."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from feedback.extensions import db
from feedback.models import User
from feedback.models.reviews import YouSaidEntry
from tests.feedback.pages import CheckingClient, soup
from tests.feedback.review_fixtures import answer_survey, staff_client

DRAFT = {
    "you_said": "Letters about the decision were hard to follow.",
    "we_did": "We rewrote them with the Parent Carer Forum.",
    "changed_on": ["5", "3", "2026"],
    "themes": ["1", "15"],
}


def _draft(app: Flask, make_staff: Callable[..., User]) -> int:
    client = staff_client(app, make_staff("reviewer", email="drafter@example.gov.uk"))
    response = client.post("/staff/comments/you-said/new", data=DRAFT)
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        return db.session.scalars(select(YouSaidEntry.id)).one()


def _public(app: Flask) -> str:
    app.test_client_class = CheckingClient
    return app.test_client().get("/you-said-we-did/demo").get_data(as_text=True)


def test_a_reviewer_drafts_an_entry_linked_to_themes(
    app: Flask, make_staff: Callable[..., User]
) -> None:
    entry_id = _draft(app, make_staff)
    with app.app_context():
        entry = db.session.get(YouSaidEntry, entry_id)
        assert entry is not None
        assert (entry.status, entry.changed_on.isoformat()) == ("draft", "2026-03-05")
        assert sorted(theme.id for theme in entry.themes) == [1, 15]


def test_a_draft_is_not_on_the_public_page(app: Flask, make_staff: Callable[..., User]) -> None:
    _draft(app, make_staff)
    assert "rewrote them" not in _public(app)


def test_a_lead_publishes_an_entry_and_it_appears_publicly(
    app: Flask, make_staff: Callable[..., User]
) -> None:
    entry_id = _draft(app, make_staff)
    lead = staff_client(app, make_staff("lead"))
    assert lead.post(f"/staff/comments/you-said/{entry_id}/publish").status_code == 302
    page = _public(app)
    assert "We rewrote them with the Parent Carer Forum." in page
    assert "5 March 2026" in page


def test_a_reviewer_cannot_publish(app: Flask, make_staff: Callable[..., User]) -> None:
    entry_id = _draft(app, make_staff)
    reviewer = staff_client(app, make_staff("reviewer"))
    assert reviewer.post(f"/staff/comments/you-said/{entry_id}/publish").status_code == 403


def test_an_entry_dated_in_the_future_is_refused(
    app: Flask, make_staff: Callable[..., User]
) -> None:
    client = staff_client(app, make_staff("reviewer"))
    page = client.post(
        "/staff/comments/you-said/new", data={**DRAFT, "changed_on": ["1", "1", "2999"]}
    )
    assert page.status_code == 200
    assert "today or in the past" in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(YouSaidEntry)).all() == []


def test_an_entry_of_another_council_is_not_found(
    app: Flask, make_staff: Callable[..., User]
) -> None:
    entry_id = _draft(app, make_staff)
    other = staff_client(
        app, make_staff("lead", email="l@elsewhere.gov.uk", organisation="elsewhere")
    )
    assert other.get(f"/staff/comments/you-said/{entry_id}").status_code == 404
    assert other.get(f"/staff/comments/you-said/{entry_id}/publish").status_code == 404


def test_an_unknown_council_has_no_public_page(app: Flask) -> None:
    assert app.test_client().get("/you-said-we-did/nowhere").status_code == 404


def test_the_survey_confirmation_links_to_the_public_page(
    client: FlaskClient, family_link: Callable[..., str]
) -> None:
    done = client.get(answer_survey(client, family_link(), "Fine."))
    links = [a["href"] for a in soup(done).select("main a")]
    assert "/you-said-we-did/demo" in links
