"""Staff pages with data tables at 320 CSS px: each table scrolls inside its own box, a focusable
region with a name, so the page itself never scrolls sideways (WCAG 1.4.10) and axe-core passes.
On demo data, which has long references, many columns and long theme descriptions."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.axe import assert_no_axe_violations
from tests.e2e.harness import NARROW_WIDTH, LiveServer, open_page, signed_in
from tests.e2e.pagechecks import assert_fits_width

pytestmark = pytest.mark.e2e

PAGES = {
    "response-rates": "/staff/response-rates",
    "outbox": "/staff/outbox",
    "cases": "/staff/cases/",
    "case": "/staff/cases/?reference=DEMO-00003",
    "codebook": "/staff/comments/codebook",
    "safeguarding": "/staff/comments/safeguarding",
    "you-said": "/staff/comments/you-said",
    "trends": "/staff/comments/trends",
    "agreement": "/staff/comments/agreement",
    "users": "/staff/users",
    "plans": "/staff/plans/",
}

_UNBOXED_TABLES = """
() => [...document.querySelectorAll("main table")]
  .filter((table) => {
    const box = table.closest(".app-table-scroll");
    return !box || box.getAttribute("role") !== "region" || box.getAttribute("tabindex") !== "0"
      || !(box.getAttribute("aria-label") || box.getAttribute("aria-labelledby"));
  })
  .map((table) => (table.querySelector("caption") || table).textContent.trim().slice(0, 60))
"""


@pytest.fixture(scope="module")
def phone(live_server: LiveServer, browser: Browser) -> Iterator[Page]:
    """The demo admin, signed in once at 320 CSS px, on the demo council's data."""
    from feedback.extensions import db
    from feedback.services.demo import DEMO_LOGINS, DEMO_PASSWORD, load_demo

    with live_server.app.app_context():
        load_demo(cases=12)
        db.session.commit()
    admin = next(login.email for login in DEMO_LOGINS if login.role == "admin")
    page = open_page(browser, [], width=NARROW_WIDTH)
    yield signed_in(page, live_server, admin, DEMO_PASSWORD)
    page.context.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_tables_scroll_in_their_own_box_at_320_pixels(
    phone: Page, live_server: LiveServer, name: str
) -> None:
    response = phone.goto(live_server.url + PAGES[name])
    assert response is not None and response.status == 200, PAGES[name]
    assert phone.evaluate(_UNBOXED_TABLES) == [], "a table outside a focusable, named region"
    assert_fits_width(phone, NARROW_WIDTH)
    assert_no_axe_violations(phone)
