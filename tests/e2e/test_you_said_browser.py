"""The public "You said, we did" page and the reviewers' pages in Chromium: axe-core (WCAG 2.2 AA)
at desktop width and 320 CSS px, and a reviewer coding a batch of comments with the keyboard."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.e2e.axe import assert_no_axe_violations
from tests.e2e.harness import NARROW_WIDTH, LiveServer, PageFactory, signed_in
from tests.e2e.pagechecks import assert_fits_width

pytestmark = pytest.mark.e2e

ORGANISATION = "you-said-browser"
EMAIL = "reviewer@you-said-browser.example.gov.uk"
PASSWORD = "correct-horse-battery-staple"
COMMENTS = (
    "My son Jake waited 31 weeks and the taxi was late every day.",
    "The EP spent real time with my daughter, thank you.",
    "Nobody explained what section F meant.",
)


@pytest.fixture(scope="module")
def council(live_server: LiveServer) -> list[int]:
    """A council with a published entry, three comments and a reviewer; return the comment ids."""
    from feedback.extensions import db
    from feedback.models.reviews import EntryStatus, YouSaidEntry
    from feedback.services.organisations import ensure_organisation
    from feedback.services.reviews.codebook import themes
    from feedback.services.users import create_user
    from tests.feedback.review_fixtures import add_comment

    with live_server.app.app_context():
        organisation = ensure_organisation(ORGANISATION, "You Said Borough Council")
        comment_ids = [add_comment(text, organisation=ORGANISATION) for text in COMMENTS]
        entry = YouSaidEntry(
            organisation_id=organisation.id,
            you_said="Decision letters were hard to follow and full of jargon.",
            we_did="We rewrote every letter with the Parent Carer Forum and tested them.",
            changed_on=date(2026, 3, 5),
            status=EntryStatus.PUBLISHED.value,
        )
        entry.themes = themes(organisation.id)[:2]
        db.session.add(entry)
        create_user(
            organisation=organisation,
            email=EMAIL,
            name="Browser Reviewer",
            role="reviewer",
            password=PASSWORD,
        )
        db.session.commit()
        return comment_ids


def test_public_page_passes_axe_at_desktop_width(
    page: Page,
    live_server: LiveServer,
    council: list[int],
    browser_errors: list[str],
    artifacts_dir: Path,
) -> None:
    page.goto(f"{live_server.url}/you-said-we-did/{ORGANISATION}")
    page.screenshot(path=artifacts_dir / "you-said-public.png", full_page=True)
    assert page.locator("h2").filter(has_text="Communication").count() == 1
    assert_no_axe_violations(page)
    assert not browser_errors


def test_public_page_reflows_at_320_px(
    new_page: PageFactory, live_server: LiveServer, council: list[int]
) -> None:
    narrow = new_page(width=NARROW_WIDTH)
    narrow.goto(f"{live_server.url}/you-said-we-did/{ORGANISATION}")
    assert_fits_width(narrow, NARROW_WIDTH)
    assert_no_axe_violations(narrow)


@pytest.mark.parametrize("path", ["/staff/comments/", "/staff/comments/trends"])
def test_reviewer_pages_pass_axe(
    page: Page,
    live_server: LiveServer,
    council: list[int],
    browser_errors: list[str],
    artifacts_dir: Path,
    path: str,
) -> None:
    signed_in(page, live_server, EMAIL, PASSWORD).goto(live_server.url + path)
    page.screenshot(path=artifacts_dir / f"reviews{path.replace('/', '-')}.png", full_page=True)
    assert_no_axe_violations(page)
    assert not browser_errors


def test_a_reviewer_codes_a_batch_with_the_keyboard_only(
    page: Page,
    live_server: LiveServer,
    council: list[int],
    artifacts_dir: Path,
) -> None:
    from feedback.extensions import db
    from feedback.models.reviews import Coding

    signed_in(page, live_server, EMAIL, PASSWORD).goto(
        f"{live_server.url}/staff/comments/{council[0]}"
    )
    assert_no_axe_violations(page)
    page.screenshot(path=artifacts_dir / "reviews-code.png", full_page=True)
    for _ in COMMENTS:
        # Focus the first theme checkbox, tick it with Space, then Tab to the sentiment radios.
        page.locator("#themes").focus()
        page.keyboard.press("Space")
        page.locator("#sentiment").focus()
        page.keyboard.press("Space")
        page.locator("#submit").focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
    with live_server.app.app_context():
        coded = db.session.query(Coding.comment_id).filter(Coding.comment_id.in_(council)).all()
    assert sorted(comment_id for (comment_id,) in coded) == sorted(council)
