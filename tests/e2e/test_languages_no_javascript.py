"""The survey works with JavaScript turned off: answered, refused, corrected and sent, in Urdu.

Some phones, networks and people run without JavaScript; GOV.UK pages must work for them. The
browser context here has JavaScript disabled, so only HTML forms and links move the family on.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Browser, Page
from sqlalchemy import select

from forms import QuestionType
from tests.e2e.harness import NARROW_WIDTH, LiveServer
from tests.e2e.language_pages import TEXT_ANSWER, family_link

pytestmark = pytest.mark.e2e

STAGE, AUDIENCE = "week6", "parent"


@dataclass
class Journey:
    """What a family without JavaScript met on the way through the survey."""

    scripts_ran: list[bool] = field(default_factory=list)
    count_hint: str = ""
    error_title: str = ""
    error_link: str = ""
    language_switched_to: str = ""
    returned_to: str = ""
    switcher_height: float = 0.0
    switcher_line_height: float = 0.0
    reference: str = ""
    stored: tuple[str, int] = ("", 0)


def _submit(page: Page) -> None:
    with page.expect_navigation():
        page.click("form button.govuk-button")


def _answer(page: Page, live_server: LiveServer, journey: Journey) -> None:
    from feedback.services.surveys import survey_for

    with live_server.app.app_context():
        survey = survey_for(STAGE, AUDIENCE)
    for survey_page in survey.pages:
        for question in survey_page.questions:
            if question.type is QuestionType.TEXT:
                if not journey.count_hint:
                    journey.count_hint = page.inner_text(".govuk-character-count__message")
                    page.fill("textarea", "a" * ((question.max_length or 0) + 1))
                    _submit(page)
                    journey.error_title = page.title()
                    journey.error_link = (
                        page.get_attribute(".govuk-error-summary__list a", "href") or ""
                    )
                page.fill("textarea", TEXT_ANSWER)
            else:
                page.check(f'input[name="{question.key}"] >> nth=0')
        journey.scripts_ran.append(page.evaluate("document.body.classList.contains('js-enabled')"))
        _submit(page)


@pytest.fixture(scope="module")
def journey(browser: Browser, live_server: LiveServer) -> Iterator[Journey]:
    """A family invited in Urdu answers the whole survey with JavaScript off."""
    from feedback.extensions import db
    from feedback.models import Response

    seen = Journey()
    link = family_link(live_server.app, language="ur", stage=STAGE, audience=AUDIENCE)
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": NARROW_WIDTH, "height": 640}
    )
    try:
        page = context.new_page()
        page.goto(live_server.url + link)
        switcher = page.locator(".app-language-switcher__line").bounding_box() or {"height": 0}
        seen.switcher_height = switcher["height"]
        seen.switcher_line_height = page.evaluate(
            "() => parseFloat(getComputedStyle("
            "document.querySelector('.app-language-switcher__line')).lineHeight)"
        )
        with page.expect_navigation():
            page.click("nav.app-language-switcher a")
        with page.expect_navigation():
            page.click('ul.app-language-choices a[hreflang="cy"]')
        seen.language_switched_to = page.get_attribute("html", "lang") or ""
        seen.returned_to = page.url.removeprefix(live_server.url).split("?")[0]
        page.goto(live_server.url + link + "?lang=ur")
        with page.expect_navigation():
            page.click("a.govuk-button--start")
        _answer(page, live_server, seen)
        _submit(page)
        seen.reference = page.inner_text(".govuk-panel__body strong")
        with live_server.app.app_context():
            response = db.session.scalar(
                select(Response).where(Response.reference == seen.reference)
            )
            assert response is not None
            seen.stored = (response.language, len(response.comments))
        yield seen
    finally:
        context.close()


def test_survey_is_sent_without_javascript(journey: Journey) -> None:
    assert journey.reference.startswith("SF-")
    assert journey.stored == ("ur", 2)


def test_no_script_ran_on_any_page(journey: Journey) -> None:
    assert journey.scripts_ran and not any(journey.scripts_ran)


def test_comment_limit_is_stated_without_javascript(journey: Journey) -> None:
    assert journey.count_hint == "آپ زیادہ سے زیادہ 1200 حروف لکھ سکتے ہیں"


def test_too_long_comment_is_refused_with_a_linked_error_summary(journey: Journey) -> None:
    assert journey.error_title.startswith("خرابی:")
    assert journey.error_link == "#went_well"


def test_language_switcher_is_a_plain_link(journey: Journey) -> None:
    assert journey.language_switched_to == "cy"


def test_language_list_leads_back_to_the_page_the_family_was_on(journey: Journey) -> None:
    assert journey.returned_to.startswith("/s/") and journey.returned_to.count("/") == 2


def test_language_switch_takes_one_line_on_a_320_pixel_phone(journey: Journey) -> None:
    assert 0 < journey.switcher_height < 1.5 * journey.switcher_line_height
