"""Every path a family can take through every survey ends with their answers sent, once.

A Hypothesis state machine makes a family's moves against the real app (test client, SQLite and
PostgreSQL): answer a question with any valid answer its definition allows, skip it, change an
earlier answer from "Check your answers", follow the Back link, reload, open an earlier question
from the browser's history, switch language, come back later in a fresh browser session with the
same link, send, and send again. After every move there is no server error, the page shown is
the one the journey rules (``journey_model.JourneyModel``) say, earlier answers are shown as
given, and once sent exactly one response holds the last answers chosen (skipped ones absent).

The run is derandomized with a small budget per survey, so CI sees the same journeys each time;
``pytest --hypothesis-profile=long`` (registered in ``tests/conftest.py``) explores far more.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from flask import Flask
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select
from werkzeug.test import TestResponse

from feedback.config import Config
from feedback.extensions import db
from feedback.models import Response
from forms import SurveyDefinition, SurveyRegistry, load_survey, load_surveys
from tests.feedback.journey_model import (
    Chosen,
    JourneyModel,
    answer_strategy,
    posted,
    prefilled,
    shown,
)
from tests.feedback.language_links import invitation_for, issue_link
from tests.feedback.pages import soup

SURVEYS = sorted(load_surveys(), key=lambda survey: survey.key)
LANGUAGES = sorted(Config.LANGUAGES)

# The budget for one survey in CI: a fixed set of journeys, small enough to run everywhere.
CI_JOURNEYS = settings(
    max_examples=3,
    stateful_step_count=15,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

# No shipped survey asks a checkbox question or puts two questions on a page; the forms package
# supports both, so a survey of every type is explored too (served in place of week 6 parents).
EVERY_TYPE_SURVEY = {
    "key": "every_type",
    "version": 1,
    "stage": "week6",
    "audience": "parent",
    "format": "standard",
    "title": "Every question type",
    "intro": "A survey that asks every kind of question. You can skip any question.",
    "estimated_minutes": 2,
    "pages": [
        {
            "key": "about_contact",
            "title": "Contact with the team",
            "questions": [
                {"key": "knew_who_to_contact", "type": "yes_no", "label": "Did you know?"},
                {
                    "key": "contact",
                    "type": "multi_choice",
                    "label": "How did we contact you?",
                    "options": [
                        {"key": "email", "label": "Email"},
                        {"key": "phone", "label": "Phone"},
                        {"key": "letter", "label": "Letter"},
                    ],
                },
            ],
        },
        {
            "key": "overall_satisfaction",
            "questions": [
                {"key": "overall_satisfaction", "type": "rating5", "label": "How satisfied?"}
            ],
        },
        {
            "key": "listened_to",
            "questions": [{"key": "listened_to", "type": "agree5", "label": "I felt listened to."}],
        },
        {
            "key": "plan_on_time",
            "questions": [
                {
                    "key": "plan_on_time",
                    "type": "choice",
                    "label": "Was it on time?",
                    "options": [
                        {"key": "yes", "label": "Yes", "score": 1},
                        {"key": "no", "label": "No", "score": 0},
                        {"key": "not_sure", "label": "Not sure"},
                    ],
                }
            ],
        },
        {
            "key": "went_well",
            "questions": [
                {"key": "went_well", "type": "text", "label": "What went well?", "max_length": 60}
            ],
        },
    ],
}


class FamilyJourney(RuleBasedStateMachine):
    """One family with one link to ``survey``, moving through the journey at random."""

    app: Flask
    survey: SurveyDefinition

    @initialize()
    def open_the_link(self) -> None:
        """The family opens their personal link and sees the start page."""
        survey = self.survey
        self.link = issue_link(
            self.app, stage=survey.stage, audience=survey.audience, survey_format=survey.format
        )
        self.model = JourneyModel(survey, self.link)
        self.language = "en"
        self.sent_in: str | None = None  # the language of the first "Send answers"
        self.client = self.app.test_client()
        self._get(self.link)
        self.start_now()

    # The family's moves --------------------------------------------------------------------

    @precondition(lambda self: self._on_a_question())
    @rule(data=st.data())
    def answer_or_skip_pages(self, data: st.DataObject) -> None:
        """On this page and as many following as the family goes on to, either choose a valid
        answer to each question or leave the page blank, and press "Save and continue"."""
        # Drawn as the pages left for later, so the simplest journey goes on to the end.
        left = data.draw(st.integers(0, len(self.survey.pages) - 1), label="pages left")
        for _ in range(len(self.survey.pages) - left):
            if not self._on_a_question():
                break  # "Check your answers", or a page not yet saved after a Change
            if data.draw(st.booleans(), label="answer"):
                self._answer(data)
            else:
                self._skip()

    @precondition(lambda self: self._on_a_question())
    @rule()
    def skip(self) -> None:
        """Press "Save and continue" without answering."""
        self._skip()

    @precondition(lambda self: self.model.place == "check" and not self.model.submitted)
    @rule(data=st.data())
    def change_an_answer(self, data: st.DataObject) -> None:
        """Follow the Change link of one row of "Check your answers"."""
        links = self.html.select(".govuk-summary-list__actions a")
        assert len(links) == len(self.survey.questions)
        index = data.draw(st.integers(0, len(links) - 1), label="row")
        question = self.survey.questions[index]
        page_key = self.survey.page_of(question.key).key
        href = str(links[index]["href"])
        assert href == f"{self.link}/q/{page_key}?change=1"
        self.model.place, self.model.changing = page_key, True
        self._get(href)

    @precondition(lambda self: self._on_a_question())
    @rule()
    def back(self) -> None:
        """Follow the Back link."""
        href = str(self.html.select_one("a.govuk-back-link")["href"])
        self.model.back()
        self._get(href)

    @precondition(lambda self: self.model.place == "start")
    @rule()
    def start_now(self) -> None:
        """Press the start page's button ("Start now" or "Continue where you left off")."""
        href = str(self.html.select_one("a.govuk-button--start")["href"])
        self.model.start()
        self._get(href)

    @rule()
    def reload(self) -> None:
        """Reload the page."""
        self._get(self.url)

    @rule(data=st.data())
    def open_an_earlier_question(self, data: st.DataObject) -> None:
        """Go back through the browser's history to any question page."""
        page = data.draw(st.sampled_from(self.survey.pages), label="page")
        if self.model.submitted:
            self.model.place = "done"
        else:
            self.model.place, self.model.changing = page.key, False
        self._get(f"{self.link}/q/{page.key}")

    @rule(language=st.sampled_from(LANGUAGES))
    def switch_language(self, language: str) -> None:
        """Choose another language for this page (what the language links do: ``?lang=``)."""
        self.language = language
        address = self.url.split("lang=")[0].rstrip("?&")
        self._get(f"{address}{'&' if '?' in address else '?'}lang={language}")

    @rule()
    def come_back_later(self) -> None:
        """Open the same link another day, in a new browser session."""
        self.client = self.app.test_client()
        self.model.place = "done" if self.model.submitted else "start"
        self.model.changing = False
        self._get(self.link)
        if not self.model.submitted:
            self.start_now()

    @precondition(lambda self: self.model.place == "check")
    @rule()
    def send(self) -> None:
        """Press "Send answers" on "Check your answers"."""
        self.model.submitted = True
        self.sent_in = self.sent_in or self.language
        self.model.place = "done"
        with self.app.app_context():
            assert self._responses() == [], "a response was stored before the family sent it"
        self._post(f"{self.link}/check", {})

    @precondition(lambda self: self.model.submitted)
    @rule()
    def send_again(self) -> None:
        """Press "Send answers" again, from the browser's history."""
        self._post(f"{self.link}/check", {})

    def teardown(self) -> None:
        """However the journey went, the family can still finish it: skip what is left and send."""
        if not getattr(self, "model", None):
            return
        if not self.model.submitted:
            if self.model.place == "start":
                self.start_now()
            while self._on_a_question():  # quickly: the pages were checked on the way
                page, url = self.survey.page(self.model.place), self.model.path()
                self.model.save_page({question.key: None for question in page.questions})
                assert self.client.post(url, data={}).status_code == 302
            self.send()
        self.once_sent_one_response_holds_the_last_answers_chosen()

    # What must hold after every move -------------------------------------------------------

    @invariant()
    def once_sent_one_response_holds_the_last_answers_chosen(self) -> None:
        """After "Send answers", exactly one response, holding the answers last chosen."""
        if not getattr(self, "model", None) or not self.model.submitted:
            return  # before sending, `send` checks that nothing was stored
        with self.app.app_context():
            responses = self._responses()
            assert len(responses) == 1, f"{len(responses)} responses stored"
            response = responses[0]
            assert (response.survey_key, response.language) == (self.survey.key, self.sent_in)
            closed = {
                answer.question_key: (answer.numeric_value, answer.text_value)
                for answer in response.answers
            }
            comments = {comment.question_key: comment.text for comment in response.comments}
        assert (closed, comments) == self.model.expected_response()

    # Helpers -------------------------------------------------------------------------------

    def _on_a_question(self) -> bool:
        return self.model.place not in ("start", "check", "done")

    def _responses(self) -> list[Response]:
        """The responses stored from this family's link (call inside an app context)."""
        invitation = invitation_for(self.link)
        return list(
            db.session.scalars(select(Response).where(Response.invitation_id == invitation.id))
        )

    def _answer(self, data: st.DataObject) -> None:
        page = self.survey.page(self.model.place)
        several = len(page.questions) > 1  # then each question may be answered or left blank
        chosen: dict[str, Chosen | None] = {
            question.key: data.draw(
                st.none() | answer_strategy(question) if several else answer_strategy(question),
                label=question.key,
            )
            for question in page.questions
        }
        form = {
            key: posted(self.survey.question(key), value)
            for key, value in chosen.items()
            if value is not None
        }
        self._save(form, chosen)

    def _skip(self) -> None:
        page = self.survey.page(self.model.place)
        self._save({}, {question.key: None for question in page.questions})

    def _save(self, form: dict[str, object], chosen: dict[str, Chosen | None]) -> None:
        self.model.save_page(chosen)
        self._post(self.url, form)

    def _get(self, url: str) -> None:
        self._shown(self.client.get(url, follow_redirects=True))

    def _post(self, url: str, form: dict[str, object]) -> None:
        self._shown(self.client.post(url, data=form, follow_redirects=True))

    def _shown(self, response: TestResponse) -> None:
        for hop in [*response.history, response]:
            assert hop.status_code < 500, hop.get_data(as_text=True)[:2000]
        assert response.status_code == 200, response.request.path
        assert response.request.path == self.model.path(), (
            f"expected {self.model.path()}, shown {response.request.path}"
        )
        self.url = response.request.full_path.rstrip("?")
        self.html = html = soup(response)
        assert html.html["lang"] == self.language
        if self._on_a_question():
            self._shows_the_answers_given(html)
        elif self.model.place == "check":
            self._check_page_lists_every_answer(html)

    def _shows_the_answers_given(self, html: BeautifulSoup) -> None:
        for question in self.survey.page(self.model.place).questions:
            assert prefilled(html, question) == self.model.answers.get(question.key), question.key

    def _check_page_lists_every_answer(self, html: BeautifulSoup) -> None:
        rows = html.select(".govuk-summary-list__row")
        assert len(rows) == len(self.survey.questions)
        if self.language != "en":
            return  # labels are translated; the English run checks every value
        for row, question in zip(rows, self.survey.questions, strict=True):
            value = row.select_one(".govuk-summary-list__value").get_text(" ", strip=True)
            expected = shown(question, self.model.answers.get(question.key))
            assert " ".join(value.split()) == expected, question.key


def _journeys() -> settings:
    """The CI budget, unless the loaded profile (``--hypothesis-profile=long``) asks for more."""
    loaded, built_in = settings.default, settings.get_profile("default")
    if loaded.max_examples > built_in.max_examples:
        return settings(loaded, deadline=None, suppress_health_check=list(HealthCheck))
    return CI_JOURNEYS


def _explore(app: Flask, survey: SurveyDefinition, journeys: int = 1) -> None:
    """Run the family's state machine on ``survey``, ``journeys`` times the CI budget."""
    machine = type(f"FamilyJourney_{survey.key}", (FamilyJourney,), {"app": app, "survey": survey})
    budget = _journeys()
    if budget is CI_JOURNEYS:
        budget = settings(budget, max_examples=budget.max_examples * journeys)
    try:
        run_state_machine_as_test(machine, settings=budget)
    except BaseException as failure:
        failure.add_note(f"survey: {survey.key}")
        raise


def test_every_journey_through_every_survey_ends_with_one_response_as_chosen(app: Flask) -> None:
    for survey in SURVEYS:
        _explore(app, survey)


def test_every_journey_through_every_question_type_ends_with_one_response_as_chosen(
    app: Flask, tmp_path: Path
) -> None:
    path = tmp_path / "every_type.yaml"
    path.write_text(yaml.safe_dump(EVERY_TYPE_SURVEY), encoding="utf-8")
    survey = load_survey(path)
    app.extensions["surveys"] = SurveyRegistry([survey])
    # One survey where the twelve above share a budget: it gets their number of journeys.
    _explore(app, survey, journeys=len(SURVEYS))
