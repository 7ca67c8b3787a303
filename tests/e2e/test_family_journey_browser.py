"""A family completes the week 6 parent survey in Chromium with the keyboard alone.

The journey runs once at desktop width and once at 320 CSS px; on every page it records axe-core
violations, the page width, the focus indicator at every Tab stop and a screenshot, and the tests
below each check one of those promises (DESIGN.md §7: WCAG 2.2 AA, keyboard only, 320 px).
Nothing here clicks or fills: Tab, Shift+Tab, Space, Enter, arrow keys and typing only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from forms import Question, SurveyDefinition
from forms.definition import QuestionType
from tests.e2e.axe import Violation, assert_no_axe_violations, axe_violations
from tests.e2e.harness import DESKTOP_WIDTH, NARROW_WIDTH, LiveServer, open_page
from tests.e2e.pagechecks import assert_focus_visible, focus_indicator

pytestmark = pytest.mark.e2e

STAGE, AUDIENCE = "week6", "parent"
COMMENT = "The case officer rang me back the same day & explained the decision."
# On scale questions we pick "Agree" / "Satisfied": Space picks the first, 3 × ArrowDown moves on.
SCALE_STEPS = 3
MAX_TAB_STOPS = 60

_DESCRIBE_FOCUSED = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  let name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "");
  if (el.name) name += `[name=${el.name}]`;
  if (el.type === "radio" || el.type === "checkbox") name += `[value=${el.value}]`;
  const text = (el.innerText || "").trim().replace(/\\s+/g, " ").slice(0, 40);
  return text ? `${name} "${text}"` : name;
}
"""

_SUMMARY_ROWS = """
() => Object.fromEntries([...document.querySelectorAll(".govuk-summary-list__row")].map((row) => [
  row.querySelector(".govuk-summary-list__key").innerText.trim(),
  row.querySelector(".govuk-summary-list__value").innerText.trim(),
]))
"""


@dataclass(frozen=True, slots=True)
class Visit:
    """What one page of the journey looked like when the family reached it."""

    name: str
    title: str
    violations: tuple[Violation, ...]
    scroll_width: int
    focus_stops: tuple[tuple[str, str | None], ...]


@dataclass
class Journey:
    """Everything observed while a family went from the start page to the confirmation."""

    width: int
    visits: list[Visit] = field(default_factory=list)
    browser_errors: list[str] = field(default_factory=list)
    expected_answers: dict[str, str] = field(default_factory=dict)
    shown_answers: dict[str, str] = field(default_factory=dict)
    reference: str = ""


def _week6_parent_survey(live_server: LiveServer) -> SurveyDefinition:
    from feedback.services.surveys import survey_for

    with live_server.app.app_context():
        return survey_for(STAGE, AUDIENCE)


def _went_well(live_server: LiveServer) -> Question:
    survey = _week6_parent_survey(live_server)
    return next(q for p in survey.pages for q in p.questions if q.key == "went_well")


def _new_family_link(live_server: LiveServer) -> str:
    from feedback.services.demo_links import issue_demo_link

    with live_server.app.app_context():
        return live_server.url + issue_demo_link(stage=STAGE, audience=AUDIENCE)


def _press_and_wait_for_next_page(page: Page, key: str) -> None:
    # A refused form comes back at the same URL, so wait for any new document, not a new URL.
    with page.expect_event("framenavigated", lambda frame: frame == page.main_frame):
        page.keyboard.press(key)
    page.wait_for_load_state()


def _tab_to(page: Page, selector: str) -> None:
    """Press Tab until the focused element matches ``selector``."""
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"Tab never reached {selector} on {page.url}")


def _walk_focus_stops(page: Page) -> tuple[tuple[str, str | None], ...]:
    """Tab through every focusable element once, noting each one's focus indicator."""
    stops: list[tuple[str, str | None]] = []
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        focused = page.evaluate(_DESCRIBE_FOCUSED)
        if focused is None or (stops and focused == stops[0][0]):
            break
        stops.append((focused, focus_indicator(page)))
    # Start the family's own Tab presses from the top of the page again.
    page.evaluate("document.activeElement && document.activeElement.blur()")
    return tuple(stops)


def _record(page: Page, journey: Journey, name: str, shots: Path) -> None:
    number = len(journey.visits) + 1
    page.screenshot(path=shots / f"{number:02d}-{name.replace(':', '-')}.png", full_page=True)
    journey.visits.append(
        Visit(
            name=name,
            title=page.title(),
            violations=tuple(axe_violations(page)),
            scroll_width=page.evaluate("document.documentElement.scrollWidth"),
            focus_stops=_walk_focus_stops(page),
        )
    )


def _answer(page: Page, question: Question) -> str:
    """Answer ``question`` from the keyboard and return what "Check your answers" should show."""
    if question.type is QuestionType.TEXT:
        _tab_to(page, f'textarea[name="{question.key}"]')
        page.keyboard.type(COMMENT)
        return COMMENT
    if question.type is QuestionType.MULTI_CHOICE:
        _tab_to(page, f'input[name="{question.key}"]')
        page.keyboard.press("Space")
        return question.options[0].label
    steps = SCALE_STEPS if question.type.is_scale else 0
    _tab_to(page, f'input[name="{question.key}"]')
    page.keyboard.press("Space")
    for _ in range(steps):
        page.keyboard.press("ArrowDown")
    chosen = page.evaluate(
        f"document.querySelector('input[name=\"{question.key}\"]:checked').value"
    )
    assert chosen == question.options[steps].key
    return question.options[steps].label


def _complete_survey(browser: Browser, live_server: LiveServer, width: int, shots: Path) -> Journey:
    survey = _week6_parent_survey(live_server)
    journey = Journey(width=width)
    shots.mkdir(parents=True, exist_ok=True)
    page = open_page(browser, journey.browser_errors, width=width)
    try:
        page.goto(_new_family_link(live_server))
        _record(page, journey, "start", shots)
        _tab_to(page, "a.govuk-button--start")
        _press_and_wait_for_next_page(page, "Enter")
        for survey_page in survey.pages:
            assert page.url.endswith(f"/q/{survey_page.key}"), page.url
            _record(page, journey, f"question:{survey_page.key}", shots)
            for question in survey_page.questions:
                journey.expected_answers[question.label] = _answer(page, question)
            _tab_to(page, "form button.govuk-button")
            _press_and_wait_for_next_page(page, "Enter")
        _record(page, journey, "check", shots)
        journey.shown_answers = page.evaluate(_SUMMARY_ROWS)
        _tab_to(page, "form button.govuk-button")
        _press_and_wait_for_next_page(page, "Space")
        _record(page, journey, "done", shots)
        journey.reference = page.locator(".govuk-panel__body strong").inner_text()
    finally:
        page.context.close()
    return journey


@pytest.fixture(scope="module")
def desktop_journey(browser: Browser, live_server: LiveServer, artifacts_dir: Path) -> Journey:
    """The week 6 parent survey completed by keyboard at 1280 × 800."""
    return _complete_survey(
        browser, live_server, DESKTOP_WIDTH, artifacts_dir / f"family-journey-{DESKTOP_WIDTH}"
    )


@pytest.fixture(scope="module")
def narrow_journey(browser: Browser, live_server: LiveServer, artifacts_dir: Path) -> Journey:
    """The same journey at 320 CSS px wide (WCAG 1.4.10 Reflow)."""
    return _complete_survey(
        browser, live_server, NARROW_WIDTH, artifacts_dir / f"family-journey-{NARROW_WIDTH}"
    )


def test_keyboard_alone_takes_a_family_through_every_page_to_the_confirmation(
    desktop_journey: Journey, live_server: LiveServer
) -> None:
    survey = _week6_parent_survey(live_server)

    names = [visit.name for visit in desktop_journey.visits]

    assert names == ["start", *[f"question:{page.key}" for page in survey.pages], "check", "done"]
    assert desktop_journey.visits[-1].title.startswith("Answers sent")
    assert re.fullmatch(r"[A-Z0-9-]{6,}", desktop_journey.reference)


def test_check_your_answers_shows_every_answer_given_with_the_keyboard(
    desktop_journey: Journey,
) -> None:
    assert desktop_journey.shown_answers == desktop_journey.expected_answers


def test_every_journey_page_has_no_axe_violations(desktop_journey: Journey) -> None:
    failing = {
        v.name: [str(x) for x in v.violations] for v in desktop_journey.visits if v.violations
    }

    assert failing == {}


def test_every_tab_stop_on_every_journey_page_shows_a_focus_indicator(
    desktop_journey: Journey,
) -> None:
    invisible = [
        (visit.name, element)
        for visit in desktop_journey.visits
        for element, indicator in visit.focus_stops
        if indicator is None
    ]

    assert invisible == []
    # Skip link, header links and at least one control: a walk shorter than that went wrong.
    assert min(len(visit.focus_stops) for visit in desktop_journey.visits) >= 3


def test_journey_runs_without_script_errors_or_policy_violations(desktop_journey: Journey) -> None:
    assert desktop_journey.browser_errors == []


def test_every_journey_page_fits_320_css_pixels(narrow_journey: Journey) -> None:
    too_wide = {v.name: v.scroll_width for v in narrow_journey.visits if v.scroll_width > 320}

    assert too_wide == {}
    assert narrow_journey.visits[-1].name == "done"


def test_every_journey_page_at_320_css_pixels_has_no_axe_violations(
    narrow_journey: Journey,
) -> None:
    failing = {
        v.name: [str(x) for x in v.violations] for v in narrow_journey.visits if v.violations
    }

    assert failing == {}


def test_every_tab_stop_at_320_css_pixels_shows_a_focus_indicator(
    narrow_journey: Journey,
) -> None:
    invisible = [
        (visit.name, element)
        for visit in narrow_journey.visits
        for element, indicator in visit.focus_stops
        if indicator is None
    ]

    assert invisible == []


@pytest.fixture
def oversized_comment_page(
    page: Page, live_server: LiveServer, artifacts_dir: Path
) -> Iterator[Page]:
    """The "What went well?" page after sending a comment one character over its limit."""
    question = _went_well(live_server)
    assert question.max_length is not None
    page.goto(_new_family_link(live_server) + "/q/went_well")
    _tab_to(page, 'textarea[name="went_well"]')
    # insert_text types like an input method does: one event, not 1,201 key presses.
    page.keyboard.insert_text("a" * (question.max_length + 1))
    _tab_to(page, "form button.govuk-button")
    _press_and_wait_for_next_page(page, "Enter")
    page.locator(".govuk-error-summary:focus").wait_for()
    page.screenshot(path=artifacts_dir / "family-journey-error.png", full_page=True)
    yield page


def test_oversized_comment_is_refused_with_the_error_summary_focused(
    oversized_comment_page: Page,
) -> None:
    page = oversized_comment_page

    focused_class = page.evaluate("document.activeElement.className")

    assert page.title().startswith("Error:")
    assert "govuk-error-summary" in focused_class
    assert_focus_visible(page)


def test_error_summary_links_to_the_comment_field(oversized_comment_page: Page) -> None:
    page = oversized_comment_page

    _tab_to(page, ".govuk-error-summary a")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")

    assert href == "#went_well"
    assert page.evaluate("document.activeElement.id") == "went_well"


def test_error_page_keeps_the_oversized_comment_for_the_family_to_shorten(
    oversized_comment_page: Page, live_server: LiveServer
) -> None:
    limit = _went_well(live_server).max_length

    kept = oversized_comment_page.evaluate("document.querySelector('#went_well').value.length")

    assert limit is not None
    assert kept == limit + 1


def test_error_page_has_no_axe_violations(oversized_comment_page: Page) -> None:
    assert_no_axe_violations(oversized_comment_page)
