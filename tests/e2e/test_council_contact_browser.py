"""The council's contact-details page in Chromium: axe-core's WCAG 2.2 A and AA rules on the form,
its error summary and the preview, 320 px reflow, and the saved details on a family's page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.axe import axe_violations
from tests.e2e.harness import NARROW_WIDTH, LiveServer, second_step
from tests.e2e.language_pages import family_link

pytestmark = pytest.mark.e2e

EMAIL = "contact.admin@example.gov.uk"
PASSWORD = "correct-horse-battery-staple"
PATH = "/staff/council/contact"


@pytest.fixture(scope="module")
def admin_page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """An admin of the demo council, signed in at 320 px wide."""
    from feedback.services.organisations import ensure_organisation
    from feedback.services.users import create_user

    with live_server.app.app_context():
        create_user(
            organisation=ensure_organisation("demo", "Demo Borough Council"),
            email=EMAIL,
            name="Contact Admin",
            role="admin",
            password=PASSWORD,
        )
    context = browser.new_context(viewport={"width": NARROW_WIDTH, "height": 800})
    try:
        page = context.new_page()
        page.goto(live_server.url + "/sign-in")
        page.fill("input[name=email]", EMAIL)
        page.fill("input[name=password]", PASSWORD)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        second_step(page, live_server, EMAIL)
        yield page
    finally:
        context.close()


def _save(page: Page, **values: str) -> None:
    for name, value in values.items():
        page.fill(f"#{name}", value)
    with page.expect_navigation():
        page.get_by_role("button", name="Save contact details").click()


def test_contact_details_page_passes_axe_and_fits_320_pixels(
    admin_page: Page, live_server: LiveServer
) -> None:
    admin_page.goto(live_server.url + PATH)

    assert [str(v) for v in axe_violations(admin_page)] == []
    assert admin_page.evaluate("document.documentElement.scrollWidth") <= NARROW_WIDTH


def test_a_bad_phone_number_is_explained_in_an_accessible_error_summary(
    admin_page: Page, live_server: LiveServer
) -> None:
    admin_page.goto(live_server.url + PATH)
    _save(admin_page, contact_phone="ring the office")

    assert admin_page.title().startswith("Error:")
    summary = admin_page.locator(".govuk-error-summary").inner_text()
    assert "Enter a phone number" in summary
    assert [str(v) for v in axe_violations(admin_page)] == []


def test_saved_details_reach_a_family_on_a_page_that_is_not_found(
    browser: Browser, admin_page: Page, live_server: LiveServer
) -> None:
    admin_page.goto(live_server.url + PATH)
    _save(admin_page, contact_phone="01632 960 555", sendiass_name="Borough SENDIASS")
    link = family_link(live_server.app, language="en")
    context = browser.new_context(viewport={"width": NARROW_WIDTH, "height": 800})
    try:
        family = context.new_page()
        family.goto(live_server.url + link + "/q/no-such-question")
        text = family.locator(".app-council-contact").inner_text()
        violations = [str(v) for v in axe_violations(family)]
    finally:
        context.close()

    assert "01632 960 555" in text
    assert "Borough SENDIASS" in text
    assert violations == []


def test_front_page_gives_the_contact_details_passes_axe_and_fits_320_pixels(
    browser: Browser, live_server: LiveServer
) -> None:
    from sqlalchemy import func, select

    from feedback.extensions import db
    from feedback.models import Organisation
    from feedback.services.organisations import ensure_organisation, update_contact_details

    with live_server.app.app_context():
        organisation = ensure_organisation("demo", "Demo Borough Council")
        update_contact_details(
            organisation, {"contact_phone": "01632 960 777", "sendiass_name": "Borough SENDIASS"}
        )
        # The browser tests share one server: other tests may have hosted more councils.
        councils = db.session.scalar(select(func.count()).select_from(Organisation))
    context = browser.new_context(viewport={"width": NARROW_WIDTH, "height": 800})
    try:
        family = context.new_page()
        family.goto(live_server.url + "/")
        text = family.locator(".app-council-contact").inner_text()
        violations = [str(v) for v in axe_violations(family)]
        width = family.evaluate("document.documentElement.scrollWidth")
    finally:
        context.close()

    # One council: its own details. Several sharing the front page: the general advice.
    expected = "01632 960 777" if councils == 1 else "Find your local council on GOV.UK"
    assert expected in text
    assert violations == []
    assert width <= NARROW_WIDTH
