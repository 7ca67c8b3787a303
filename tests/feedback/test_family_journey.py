"""A family answers a stage survey from a personal link, stops, comes back, and loses nothing."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from feedback.extensions import db
from feedback.models import Answer, Comment, DraftAnswer, Invitation, Response
from feedback.services.surveys import survey_for
from tests.feedback.journey_steps import answer_all_pages, answer_page, start_url
from tests.feedback.pages import CheckingClient, soup


def _count(app: Flask, model: type) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_start_page_says_who_is_asking_and_that_answers_are_saved(
    client: FlaskClient, family_link: Callable[..., str]
) -> None:
    page = soup(client.get(family_link()))
    text = page.get_text(" ", strip=True)
    assert "minutes" in text
    assert "stop and come back" in text
    assert page.select_one("a.govuk-button--start").get_text(strip=True) == "Start now"


def test_whole_journey_stores_one_response_with_every_answer(
    app: Flask, client: FlaskClient, family_link: Callable[..., str]
) -> None:
    link = family_link("week20", "parent")
    check_url = answer_all_pages(client, link)
    check_page = client.get(check_url)
    assert check_page.status_code == 200
    change_links = soup(check_page).select(".govuk-summary-list__actions a")
    survey_questions = [q for p in _survey(app, "week20", "parent").pages for q in p.questions]
    assert len(change_links) == len(survey_questions)

    done = client.post(check_url)
    assert done.status_code == 302 and done.headers["Location"].endswith("/done")
    confirmation = soup(client.get(done.headers["Location"]))
    reference = confirmation.select_one(".govuk-panel__body strong").get_text(strip=True)
    with app.app_context():
        response = db.session.scalar(select(Response))
        assert response.reference == reference
        assert (response.stage, response.audience, response.language) == ("week20", "parent", "en")
        assert response.survey_version == _survey(app, "week20", "parent").version
        free_text = [q for q in survey_questions if str(q.type) == "text"]
        closed = [q for q in survey_questions if str(q.type) != "text"]
        assert db.session.scalar(select(func.count(Answer.id))) == len(closed)
        assert db.session.scalar(select(func.count(Comment.id))) == len(free_text)
        assert db.session.scalar(select(func.count(DraftAnswer.id))) == 0


def _survey(app: Flask, stage: str, audience: str):
    with app.app_context():
        return survey_for(stage, audience)


def test_submitting_twice_stores_one_response_and_shows_the_confirmation(
    app: Flask, client: FlaskClient, family_link: Callable[..., str]
) -> None:
    check_url = answer_all_pages(client, family_link())
    first = client.post(check_url)
    second = client.post(check_url)
    assert first.status_code == second.status_code == 302
    assert second.headers["Location"].endswith("/done")
    assert _count(app, Response) == 1


def test_link_after_submission_shows_the_confirmation_not_the_survey(
    client: FlaskClient, family_link: Callable[..., str]
) -> None:
    link = family_link()
    client.post(answer_all_pages(client, link))
    again = client.get(link)
    assert again.status_code == 302 and again.headers["Location"].endswith("/done")
    assert "Answers sent" in client.get(again.headers["Location"]).get_data(as_text=True)


def test_resumed_survey_keeps_answers_after_restart(
    app: Flask, restarted_app: Callable[[], Flask], family_link: Callable[..., str]
) -> None:
    link = family_link()
    first_device = app.test_client()
    first_question = start_url(first_device, link)
    second_question = answer_page(first_device, first_question).headers["Location"]

    restarted = restarted_app()  # a new app instance: nothing held in memory survives
    other_device = restarted.test_client()  # and no cookie from the first device
    resumed = soup(other_device.get(link))
    button = resumed.select_one("a.govuk-button--start")
    assert button.get_text(strip=True) == "Continue where you left off"
    assert button["href"] == second_question
    earlier = soup(other_device.get(first_question))
    assert earlier.select_one("input[checked]") is not None, "earlier answer not shown"


def test_skipped_optional_question_is_not_asked_again_and_stores_no_answer(
    app: Flask, client: FlaskClient, family_link: Callable[..., str]
) -> None:
    link = family_link()
    first_question = start_url(client, link)
    page = soup(client.get(first_question))
    csrf = page.select_one("input[name=csrf_token]")
    skipped = client.post(first_question, data={"csrf_token": csrf["value"] if csrf else ""})
    assert skipped.status_code == 302
    assert soup(client.get(link)).select_one("a.govuk-button--start")["href"] != first_question


def test_unknown_token_gets_a_page_that_reveals_nothing(client: FlaskClient) -> None:
    response = client.get("/s/" + "A" * 43)
    assert response.status_code == 404
    assert "This link does not work" in response.get_data(as_text=True)


def test_expired_token_gets_the_same_page_as_an_unknown_one(
    app: Flask, client: FlaskClient, family_link: Callable[..., str]
) -> None:
    link = family_link()
    with app.app_context():
        invitation = db.session.scalar(select(Invitation))
        invitation.expires_at = invitation.created_at
        db.session.commit()
    expired = client.get(link)
    unknown = client.get("/s/" + "B" * 43)
    assert expired.status_code == unknown.status_code == 404
    assert soup(expired).main.get_text() == soup(unknown).main.get_text()


def test_tampered_token_cannot_reach_a_question_page(
    client: FlaskClient, family_link: Callable[..., str]
) -> None:
    link = family_link()
    question = start_url(client, link)
    tampered = question.replace(link, link[:-1] + ("x" if link[-1] != "x" else "y"))
    assert client.get(tampered).status_code == 404
    assert client.post(tampered, data={}).status_code == 404


def test_token_is_stored_only_as_a_hash(app: Flask, family_link: Callable[..., str]) -> None:
    token = family_link().rsplit("/", 1)[1]
    with app.app_context():
        invitation = db.session.scalar(select(Invitation))
        assert token not in (invitation.token_hash, invitation.survey_key)
        assert len(invitation.token_hash) == 64


def test_oversized_free_text_gets_an_error_message_and_saves_nothing(
    app: Flask, client: FlaskClient, family_link: Callable[..., str]
) -> None:
    link = family_link()
    url = start_url(client, link)
    while True:
        page = client.get(url)
        if soup(page).select_one("textarea") is not None:
            break
        url = answer_page(client, url).headers["Location"]
    drafts_before = _count(app, DraftAnswer)
    response = answer_page(client, url, text="x" * 5000)
    assert response.status_code == 200
    page = soup(response)
    assert page.title.get_text().startswith("Error:")
    summary_link = page.select_one(".govuk-error-summary a")
    assert "characters or fewer" in summary_link.get_text()
    assert page.select_one(summary_link["href"]) is not None, "summary link target missing"
    assert _count(app, DraftAnswer) == drafts_before


def test_request_over_the_size_limit_gets_a_clear_page_not_a_crash(
    client: FlaskClient, family_link: Callable[..., str]
) -> None:
    url = start_url(client, family_link())
    response = client.post(url, data={"went_well": "x" * 200_000})
    assert response.status_code == 413
    assert "too long" in response.get_data(as_text=True)


def test_out_of_range_value_is_refused_with_a_message(
    app: Flask, client: FlaskClient, family_link: Callable[..., str]
) -> None:
    url = start_url(client, family_link())
    field = next(iter(soup(client.get(url)).select("input[type=radio]")))["name"]
    response = client.post(url, data={field: "99"})
    assert response.status_code == 200
    assert soup(response).select_one(".govuk-error-summary") is not None
    assert _count(app, DraftAnswer) == 0


def test_every_journey_page_is_well_formed(app: Flask, family_link: Callable[..., str]) -> None:
    app.test_client_class = CheckingClient
    client = app.test_client()
    check_url = answer_all_pages(client, family_link("annual_review", "young_person"))
    client.get(check_url)
    client.get(client.post(check_url).headers["Location"])
