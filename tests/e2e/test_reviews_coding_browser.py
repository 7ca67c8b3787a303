"""The coding page in Chromium: a page of comments, the theme filter, the keyboard shortcuts
(which never fire while typing in a box), axe-core (WCAG 2.2 AA), and the same page without
JavaScript as plain checkboxes."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.axe import assert_no_axe_violations
from tests.e2e.harness import NARROW_WIDTH, LiveServer, PageFactory, signed_in
from tests.e2e.pagechecks import assert_fits_width

pytestmark = pytest.mark.e2e

ORGANISATION = "coding-browser"
EMAIL = "reviewer@coding-browser.example.gov.uk"
PASSWORD = "correct-horse-battery-staple"
COMMENTS = (
    "The taxi was an hour late every day.",
    "Nobody explained what section F meant.",
    "The plan took 30 weeks.\nWe chased it every week.",
    "The EP spent real time with him.",
)
PAGE = "/staff/comments/code"


@pytest.fixture(scope="module")
def comments(live_server: LiveServer) -> list[int]:
    """A council with four comments to code and a reviewer; return the comment ids."""
    from feedback.extensions import db
    from feedback.services.organisations import ensure_organisation
    from feedback.services.users import create_user
    from tests.feedback.review_fixtures import add_comment

    with live_server.app.app_context():
        organisation = ensure_organisation(ORGANISATION, "Coding Borough Council")
        ids = [add_comment(text, organisation=ORGANISATION) for text in COMMENTS]
        create_user(
            organisation=organisation,
            email=EMAIL,
            name="Coding Reviewer",
            role="reviewer",
            password=PASSWORD,
        )
        db.session.commit()
        return ids


def _codings(live_server: LiveServer, ids: list[int]) -> dict[int, str]:
    from feedback.extensions import db
    from feedback.models.reviews import Coding

    with live_server.app.app_context():
        rows = db.session.query(Coding.comment_id, Coding.sentiment).filter(
            Coding.comment_id.in_(ids)
        )
        return dict(rows.all())


def _active_comment(page: Page) -> str | None:
    return page.evaluate("document.activeElement.closest('.app-coding-comment')?.id ?? null")


def test_the_filter_narrows_the_themes_and_enter_ticks_the_one_left(
    page: Page,
    live_server: LiveServer,
    comments: list[int],
    browser_errors: list[str],
    artifacts_dir: Path,
) -> None:
    signed_in(page, live_server, EMAIL, PASSWORD).goto(live_server.url + PAGE)
    first = comments[0]
    picker = page.locator(f"#comment-{first} [data-app-theme-picker]")
    themes = picker.locator(".govuk-checkboxes__item")
    box = page.locator(f"#themes-{first}-filter")
    expect(box).to_be_visible()
    assert themes.count() == 19
    box.fill("transp")
    expect(themes.filter(visible=True)).to_have_count(1)
    expect(themes.filter(visible=True)).to_contain_text("Home to school transport")
    expect(page.locator(f"#themes-{first}-filter-status")).to_have_text("1 themes shown")
    box.press("Enter")
    # The form was not sent: Enter ticked the one theme left and cleared the filter.
    assert page.url.endswith(PAGE)
    expect(themes.filter(visible=True)).to_have_count(19)
    ticked = picker.locator("input:checked")
    expect(ticked).to_have_count(1)
    # A ticked theme stays in view whatever the filter says.
    box.fill("wellbeing")
    expect(themes.filter(visible=True)).to_have_count(2)
    box.press("Escape")
    expect(box).to_have_value("")
    page.screenshot(path=artifacts_dir / "reviews-code-page.png", full_page=True)
    assert_no_axe_violations(page)
    assert not browser_errors


def test_keyboard_shortcuts_move_filter_and_save_but_not_while_typing(
    page: Page,
    live_server: LiveServer,
    comments: list[int],
    browser_errors: list[str],
) -> None:
    signed_in(page, live_server, EMAIL, PASSWORD).goto(live_server.url + PAGE)
    shown = [
        int(value)
        for value in page.locator("input[name=comment]").evaluate_all(
            "inputs => inputs.map(input => input.value)"
        )
    ]
    first, second = shown[0], shown[1]
    page.keyboard.press("j")
    assert _active_comment(page) == f"comment-{first}"
    page.keyboard.press("j")
    assert _active_comment(page) == f"comment-{second}"
    page.keyboard.press("k")
    assert _active_comment(page) == f"comment-{first}"
    page.keyboard.press("j")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == f"themes-{second}-filter"
    # Typing in the filter box types: j, k and / are letters there, not shortcuts.
    page.keyboard.type("j/k")
    assert page.evaluate("document.activeElement.id") == f"themes-{second}-filter"
    expect(page.locator(f"#themes-{second}-filter")).to_have_value("j/k")
    page.keyboard.press("Escape")
    page.locator(f"#themes-{second}").check()
    page.locator(f"#sentiment-{second}-2").check()
    with page.expect_navigation():
        page.keyboard.press("Control+Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Saved 1 comment")
    assert _codings(live_server, comments) == {second: "negative"}
    assert not browser_errors


def test_the_coding_page_reflows_at_320_pixels(
    new_page: PageFactory, live_server: LiveServer, comments: list[int]
) -> None:
    narrow = signed_in(new_page(width=NARROW_WIDTH), live_server, EMAIL, PASSWORD)
    narrow.goto(live_server.url + PAGE)
    assert_fits_width(narrow, NARROW_WIDTH)
    assert_no_axe_violations(narrow)


def test_the_page_works_without_javascript_as_plain_checkboxes(
    browser: Browser, live_server: LiveServer, comments: list[int]
) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 800}
    )
    try:
        page = signed_in(context.new_page(), live_server, EMAIL, PASSWORD)
        page.goto(live_server.url + PAGE)
        target = int(page.locator("input[name=comment]").first.get_attribute("value") or 0)
        assert not page.locator(f"#themes-{target}-filter").is_visible()
        page.locator(f"#themes-{target}-2").check()
        page.locator(f"#sentiment-{target}").check()
        page.get_by_role("button", name="Save coded comments").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Saved 1 comment")
        assert _codings(live_server, comments)[target] == "positive"
    finally:
        context.close()
