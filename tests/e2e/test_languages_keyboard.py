"""The survey completed with the keyboard alone on a 320 CSS px phone in English, Welsh and Urdu.

Each journey uses only Tab, Shift+Tab, Space, Enter, arrow keys and typing: the Welsh family
chooses Welsh with the language switcher, the Urdu family (right to left) is invited in Urdu and
chooses the Easy Read version on the start page. On every page the journey records the language,
the direction, the width, whether each control it reached showed its focus, and the page as a
screen reader reads it (``test-artifacts/keyboard-<language>/*.aria.yaml``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from sqlalchemy import select

from forms import Question, QuestionType, SurveyDefinition
from tests.e2e.harness import NARROW_WIDTH, LiveServer, open_page
from tests.e2e.language_pages import family_link
from tests.e2e.pagechecks import focus_indicator

pytestmark = pytest.mark.e2e

MAX_TAB_STOPS = 60
# Scales: Space picks the first answer, three ArrowDowns move to the fourth ("Agree").
SCALE_STEPS = 3


@dataclass(frozen=True, slots=True)
class Plan:
    """Who the family is and what they do before starting."""

    invited_in: str
    stage: str
    audience: str
    switch_to_language: str | None = None
    choose_easy_read: bool = False
    comment: str = ""


PLANS = {
    "en": Plan("en", "week6", "parent", comment="The officer rang back the same day."),
    "cy": Plan(
        "en", "week16", "young_person", switch_to_language="cy", comment="Roedd pawb yn garedig."
    ),
    "ur": Plan("ur", "week20", "parent", choose_easy_read=True, comment="افسر نے فوراً فون کیا۔"),
}


@dataclass(frozen=True, slots=True)
class Seen:
    """One page of the journey as the family met it."""

    name: str
    lang: str
    dir: str
    scroll_width: int
    heading: str
    # How many level-1 headings a screen reader announces with the visible heading's text.
    spoken_headings: int


@dataclass
class Journey:
    """Everything observed while one family answered with the keyboard."""

    language: str
    pages: list[Seen] = field(default_factory=list)
    unfocused: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    shown_comments: list[str] = field(default_factory=list)
    reference: str = ""
    stored: tuple[str, str, int] = ("", "", 0)


def _press(page: Page, key: str) -> None:
    # A refused form comes back at the same URL, so wait for any new document, not a new URL.
    with page.expect_event("framenavigated", lambda frame: frame == page.main_frame):
        page.keyboard.press(key)
    page.wait_for_load_state()


def _tab_to(page: Page, selector: str, journey: Journey) -> None:
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            if focus_indicator(page) is None:
                journey.unfocused.append(f"{page.url} {selector}")
            return
    pytest.fail(f"Tab never reached {selector} on {page.url}")


def _record(page: Page, journey: Journey, name: str, shots: Path) -> None:
    number = len(journey.pages) + 1
    aria = page.locator("body").aria_snapshot()
    (shots / f"{number:02d}-{name}.aria.yaml").write_text(aria, encoding="utf-8")
    page.screenshot(path=shots / f"{number:02d}-{name}.png", full_page=True)
    found = page.evaluate(
        "() => [document.documentElement.lang, document.documentElement.dir,"
        " document.documentElement.scrollWidth, document.querySelector('h1').innerText.trim()]"
    )
    spoken = page.get_by_role("heading", level=1, name=found[3], exact=True).count()
    journey.pages.append(Seen(name, found[0], found[1], found[2], found[3], spoken))


def _answer(page: Page, question: Question, comment: str, journey: Journey) -> None:
    if question.type is QuestionType.TEXT:
        _tab_to(page, f'textarea[name="{question.key}"]', journey)
        page.keyboard.type(comment)
        return
    _tab_to(page, f'input[name="{question.key}"]', journey)
    page.keyboard.press("Space")
    for _ in range(SCALE_STEPS if question.type.is_scale else 0):
        page.keyboard.press("ArrowDown")


def _survey(live_server: LiveServer, plan: Plan) -> SurveyDefinition:
    from feedback.services.surveys import survey_for

    survey_format = "easy_read" if plan.choose_easy_read else "standard"
    with live_server.app.app_context():
        return survey_for(plan.stage, plan.audience, survey_format)


def _stored(live_server: LiveServer, reference: str) -> tuple[str, str, int]:
    from feedback.extensions import db
    from feedback.models import Response

    with live_server.app.app_context():
        response = db.session.scalar(select(Response).where(Response.reference == reference))
        assert response is not None
        return response.language, response.survey_key, len(response.answers)


def _complete(browser: Browser, live_server: LiveServer, language: str, shots: Path) -> Journey:
    plan = PLANS[language]
    journey = Journey(language)
    shots.mkdir(parents=True, exist_ok=True)
    link = family_link(
        live_server.app, language=plan.invited_in, stage=plan.stage, audience=plan.audience
    )
    page = open_page(browser, journey.errors, width=NARROW_WIDTH, height=640)
    try:
        page.goto(live_server.url + link)
        if plan.switch_to_language:
            # "Change language" leads to the list of languages, and the list back to this page.
            _tab_to(page, "nav.app-language-switcher a", journey)
            _press(page, "Enter")
            _tab_to(page, f'a[hreflang="{plan.switch_to_language}"]', journey)
            _press(page, "Enter")
        if plan.choose_easy_read:
            _tab_to(page, 'form[action$="/format"] button', journey)
            _press(page, "Enter")
        _record(page, journey, "start", shots)
        _tab_to(page, "a.govuk-button--start", journey)
        _press(page, "Enter")
        for survey_page in _survey(live_server, plan).pages:
            _record(page, journey, survey_page.key, shots)
            for question in survey_page.questions:
                _answer(page, question, plan.comment, journey)
            _tab_to(page, "form button.govuk-button", journey)
            _press(page, "Enter")
        _record(page, journey, "check", shots)
        journey.shown_comments = page.locator(".govuk-summary-list__value").all_inner_texts()
        _tab_to(page, "form button.govuk-button", journey)
        _press(page, "Enter")
        _record(page, journey, "done", shots)
        journey.reference = page.locator(".govuk-panel__body strong").inner_text()
        journey.stored = _stored(live_server, journey.reference)
    finally:
        page.context.close()
    return journey


@pytest.fixture(scope="module", params=list(PLANS))
def journey(
    request: pytest.FixtureRequest, browser: Browser, live_server: LiveServer, artifacts_dir: Path
) -> Iterator[Journey]:
    """One family's keyboard-only journey, in the language the parameter names."""
    language = request.param
    yield _complete(browser, live_server, language, artifacts_dir / f"keyboard-{language}")


def test_keyboard_alone_reaches_the_confirmation(journey: Journey) -> None:
    assert journey.pages[-1].name == "done"
    assert journey.reference.startswith("SF-")


def test_response_is_stored_in_the_language_and_format_the_family_chose(
    journey: Journey,
) -> None:
    language, survey_key, answers = journey.stored
    plan = PLANS[journey.language]
    expected_key = f"{plan.stage}_{plan.audience}" + ("_easy_read" if plan.choose_easy_read else "")

    assert (language, survey_key) == (journey.language, expected_key)
    assert answers == len(journey.pages) - 5  # start, two comments, check and done hold no answer


def test_every_page_is_in_the_familys_language_and_direction(journey: Journey) -> None:
    direction = "rtl" if journey.language == "ur" else ""

    assert {(seen.lang, seen.dir) for seen in journey.pages} == {(journey.language, direction)}


def test_every_control_reached_showed_its_focus(journey: Journey) -> None:
    assert journey.unfocused == []


def test_every_page_fits_the_phone(journey: Journey) -> None:
    assert [seen.name for seen in journey.pages if seen.scroll_width > NARROW_WIDTH] == []


def test_screen_reader_hears_each_pages_heading_as_its_first_level_heading(
    journey: Journey,
) -> None:
    assert [seen.name for seen in journey.pages if seen.spoken_headings != 1] == []


def test_comments_typed_in_the_familys_language_are_shown_back_unchanged(
    journey: Journey,
) -> None:
    comment = PLANS[journey.language].comment

    assert journey.shown_comments.count(comment) == 2


def test_journey_runs_without_script_errors(journey: Journey) -> None:
    assert journey.errors == []
