"""The foundation's staff pages in Chromium: axe-core's WCAG 2.2 A and AA rules, and 320 px reflow.

Each area tests its own staff pages the same way; these are sign-in, the staff home and users.
Signing in uses the keyboard and the browser's own fill (as a password manager would), since
WCAG 3.3.8 asks that nobody has to remember or transcribe a password.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.axe import axe_violations
from tests.e2e.harness import NARROW_WIDTH, LiveServer, second_step

pytestmark = pytest.mark.e2e

EMAIL = "axe.admin@example.gov.uk"
PASSWORD = "correct-horse-battery-staple"
STAFF_PAGES = {"sign-in": "/sign-in", "staff-home": "/staff/", "users": "/staff/users"}


def _sign_in(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/sign-in")
    page.fill("input[name=email]", EMAIL)
    # Paste, as a password manager or a person copying from a vault would.
    page.focus("input[name=password]")
    page.keyboard.insert_text(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    second_step(page, live_server, EMAIL)


@pytest.fixture(scope="module")
def staff_pages(browser: Browser, live_server: LiveServer) -> Iterator[dict[str, Page]]:
    """An admin's pages at desktop and phone width, signed in once per context."""
    from feedback.services.organisations import ensure_organisation
    from feedback.services.users import create_user

    with live_server.app.app_context():
        create_user(
            organisation=ensure_organisation("demo", "Demo Borough Council"),
            email=EMAIL,
            name="Axe Admin",
            role="admin",
            password=PASSWORD,
        )
    contexts = [
        browser.new_context(viewport={"width": width, "height": 800})
        for width in (1280, NARROW_WIDTH)
    ]
    try:
        desktop, phone = (context.new_page() for context in contexts)
        yield {"desktop": desktop, "phone": phone}
    finally:
        for context in contexts:
            context.close()


@pytest.mark.parametrize("name", list(STAFF_PAGES))
def test_staff_page_has_no_axe_violations(
    staff_pages: dict[str, Page], live_server: LiveServer, name: str
) -> None:
    page = staff_pages["desktop"]
    if name != "sign-in" and "/staff" not in page.url:
        _sign_in(page, live_server)
    page.goto(live_server.url + STAFF_PAGES[name])

    assert [str(v) for v in axe_violations(page)] == []


# The users page is a data table, which WCAG 1.4.10 allows to scroll in two dimensions.
@pytest.mark.parametrize("name", ["sign-in", "staff-home"])
def test_staff_page_fits_320_css_pixels(
    staff_pages: dict[str, Page], live_server: LiveServer, name: str
) -> None:
    page = staff_pages["phone"]
    if name != "sign-in" and "/staff" not in page.url:
        _sign_in(page, live_server)
    page.goto(live_server.url + STAFF_PAGES[name])

    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW_WIDTH


def test_signing_in_with_a_pasted_password_reaches_the_staff_home(
    browser: Browser, live_server: LiveServer, staff_pages: dict[str, Page]
) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        _sign_in(page, live_server)

        assert page.url == live_server.url + "/staff/"
    finally:
        context.close()
