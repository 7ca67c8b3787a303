"""A family may skip any question, of any type, in every survey, and still send their answers.

The start page promises "You can skip any question". These walks press "Save and continue" on
pages left blank, go back to them, read "Check your answers" and send, in every survey the
registry holds (each stage, for parents, young people and in Easy Read), each in one of the
offered languages so that every language is walked.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from babel.support import Translations
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from feedback.config import Config
from feedback.extensions import db
from feedback.models import DraftAnswer, Response
from feedback.services.kpis.aggregation import period_counts
from feedback.services.kpis.metrics import MetricKind, MetricSpec, answer_rule
from feedback.services.kpis.periods import Period
from feedback.services.surveys import registry
from forms import SurveyDefinition, load_surveys
from tests.feedback.journey_steps import start_url
from tests.feedback.language_links import invitation_for, issue_link
from tests.feedback.pages import CheckingClient, soup

SURVEYS = sorted(load_surveys(), key=lambda survey: survey.key)
LANGUAGES = list(Config.LANGUAGES)
CATALOGUES = Path(__file__).parents[2] / "translations"
NOT_ANSWERED = "Not answered"
PROMISE = "Every question is optional unless it says otherwise. You can skip any question."


def _in(language: str, message: str) -> str:
    """``message`` as the language's compiled catalogue says it (English if it has none)."""
    return Translations.load(CATALOGUES, [language]).gettext(message)


def _link(app: Flask, survey: SurveyDefinition, language: str = "en") -> str:
    return issue_link(
        app,
        language=language,
        stage=survey.stage,
        audience=survey.audience,
        survey_format=survey.format,
    )


def _skip(client: FlaskClient, url: str) -> str:
    """Press "Save and continue" on the page at ``url`` without answering; return where next."""
    assert client.get(url).status_code == 200
    response = client.post(url, data={})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response.headers["Location"]


def _skip_to_check(client: FlaskClient, link: str) -> tuple[list[str], str]:
    urls, url = [], start_url(client, link)
    while not url.endswith("/check"):
        urls.append(url)
        url = _skip(client, url)
    return urls, url


def test_family_who_skips_every_question_can_go_back_check_and_send(app: Flask) -> None:
    app.test_client_class = CheckingClient
    for index, survey in enumerate(SURVEYS):
        language = LANGUAGES[index % len(LANGUAGES)]
        try:
            _skip_everything_and_send(app, app.test_client(), survey, language)
        except AssertionError as failure:
            failure.add_note(f"survey: {survey.key}, language: {language}")
            raise


def _skip_everything_and_send(
    app: Flask, client: FlaskClient, survey: SurveyDefinition, language: str
) -> None:
    link = _link(app, survey, language)
    start = soup(client.get(link)).get_text(" ", strip=True)
    assert _in(language, PROMISE) in " ".join(start.split())
    urls, check_url = _skip_to_check(client, link)
    assert len(urls) == len(survey.pages)

    for url in urls:  # going back to a skipped question shows it blank, not an error
        page = client.get(url)
        assert page.status_code == 200
        assert not soup(page).select("input[checked]")
        textarea = soup(page).select_one("textarea")
        assert textarea is None or not textarea.get_text(strip=True)

    check = client.get(check_url)
    assert check.status_code == 200
    rows = soup(check).select(".govuk-summary-list__row")
    assert len(rows) == len(survey.questions)
    for row in rows:
        value = row.select_one(".govuk-summary-list__value").get_text(strip=True)
        assert value == _in(language, NOT_ANSWERED)
        assert row.select_one(".govuk-summary-list__actions a")["href"].endswith("?change=1")

    sent = client.post(check_url)
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/done")
    assert client.get(sent.headers["Location"]).status_code == 200
    with app.app_context():
        invitation = invitation_for(link)
        response = db.session.scalar(
            select(Response).where(Response.invitation_id == invitation.id)
        )
        assert response is not None and response.survey_key == survey.key
        assert (response.answers, response.comments) == ([], [])
        assert db.session.scalar(select(func.count(DraftAnswer.id))) == 0


def test_change_link_from_a_skipped_question_shows_it_blank_and_takes_an_answer(
    app: Flask, client: FlaskClient
) -> None:
    for survey in SURVEYS:
        _change_the_first_skipped_answer(app, client, survey)


def _change_the_first_skipped_answer(
    app: Flask, client: FlaskClient, survey: SurveyDefinition
) -> None:
    link = _link(app, survey)
    _, check_url = _skip_to_check(client, link)
    change = soup(client.get(check_url)).select_one(".govuk-summary-list__actions a")["href"]
    page = client.get(change)
    assert page.status_code == 200
    question = survey.pages[0].questions[0]
    data = {question.key: question.options[0].key} if question.options else {question.key: "Ok"}
    answered = client.post(change, data=data)
    assert answered.status_code == 302 and answered.headers["Location"] == check_url
    first_row = soup(client.get(check_url)).select_one(".govuk-summary-list__value")
    assert first_row.get_text(strip=True) != NOT_ANSWERED


def test_skipped_answers_count_in_no_kpi_numerator_or_denominator(
    app: Flask, client: FlaskClient
) -> None:
    """Two families answer "Agree" and "Disagree"; a third skips: the KPI reads 1 of 2."""
    survey = registry_survey(app, "week6_parent")
    question = survey.question("decision_explained")
    for choice in ("4", "2", None):
        link = _link(app, survey)
        url = start_url(client, link)
        while not url.endswith("/check"):
            key = url.rsplit("/", 1)[-1]
            data = {question.key: choice} if key == question.key and choice else {}
            url = client.post(url, data=data).headers["Location"]
        assert client.post(url).headers["Location"].endswith("/done")
    spec = MetricSpec(
        MetricKind.PROPORTION, question.key, ("week6",), ("parent",), ("4", "5"), ("dont_know",)
    )
    with app.app_context():
        organisation_id = db.session.scalar(select(Response.organisation_id))
        rule = answer_rule(spec, registry())
        today = datetime.now(UTC).date()
        counts = period_counts(organisation_id, rule, Period("month", today, today, "today"))
        assert (counts.answers, counts.valid, counts.successes) == (2, 2, 1)
        assert db.session.scalar(select(func.count(Response.id))) == 3


def registry_survey(app: Flask, key: str) -> SurveyDefinition:
    with app.app_context():
        return registry().by_key(key)
