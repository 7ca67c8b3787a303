"""Case officers' pages in Chromium: the case list (and its "did not reach the family" filter),
a case page with its warning, the import page and its row-by-row errors, response rates with
their chart, posters and the outbox pass axe-core (WCAG 2.2 AA) at desktop width and at 320 CSS
px, where the pages without a data table also fit the width."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.axe import assert_no_axe_violations
from tests.e2e.harness import NARROW_WIDTH, LiveServer, open_page, signed_in
from tests.e2e.pagechecks import assert_fits_width

pytestmark = pytest.mark.e2e

ORGANISATION = "cases-browser"
EMAIL = "admin@cases-browser.example.gov.uk"
PASSWORD = "correct-horse-battery-staple"
PAGES = {
    "case-list": "/staff/cases/",
    "not-reached": "/staff/cases/?not_reached=1",
    "case-page": "/staff/cases/?reference=BR-2",
    "import": "/staff/cases/import",
    "rates": "/staff/response-rates",
    "posters": "/staff/posters",
    "outbox": "/staff/outbox",
}
# Pages with no data table, which must reflow to 320 px without scrolling sideways (WCAG 1.4.10
# lets a data table scroll).
NO_TABLE = ["import", "posters"]


@pytest.fixture(scope="module")
def cases_council(live_server: LiveServer, tmp_path_factory: pytest.TempPathFactory) -> None:
    """A council with 24 invited cases, one whose email did not reach the family; an admin."""
    from feedback.extensions import db
    from feedback.models import Case, Invitation
    from feedback.models.messaging import DeliveryStatus, OutboundMessage
    from feedback.services.cases.sending import send_due
    from feedback.services.organisations import ensure_organisation
    from feedback.services.users import create_user
    from tests.feedback.case_pages import keep_links_open
    from tests.feedback.cases_data import at, import_file, row, write_csv

    folder = tmp_path_factory.mktemp("cases-browser")
    # Two months of 12 invitations each, half of them answered: enough for the rate chart.
    rows = [
        row(f"BR-{n}", decision_date=f"2025-0{2 + n % 2}-10", final_plan_date="2025-06-02")
        for n in range(1, 25)
    ]
    with live_server.app.app_context():
        import_file(write_csv(folder / "cases.csv", rows), organisation=ORGANISATION)
        send_due(now=at("2025-02-13"))
        send_due(now=at("2025-03-13"))
        answered = db.session.scalars(
            db.select(Invitation)
            .join(Case)
            .where(Case.reference.in_([f"BR-{n}" for n in range(13, 25)]))
        ).all()
        for invitation in answered:
            invitation.completed_at = invitation.sent_at
        message = db.session.scalars(
            db.select(OutboundMessage)
            .join(Invitation, Invitation.id == OutboundMessage.invitation_id)
            .join(Case, Case.id == Invitation.case_id)
            .where(Case.reference == "BR-2")
        ).first()
        assert message is not None
        message.delivery_status = DeliveryStatus.PERMANENT_FAILURE.value
        message.delivery_status_at = at("2025-02-13", 10)
        create_user(
            organisation=ensure_organisation(ORGANISATION, "Cases Browser Council"),
            email=EMAIL,
            name="Cases Admin",
            role="admin",
            password=PASSWORD,
        )
        db.session.commit()
    # Links still open, as if sent this week: an expired one needs no other route.
    keep_links_open(live_server.app)


@pytest.fixture(scope="module")
def desktop(cases_council: None, live_server: LiveServer, browser: Browser) -> Iterator[Page]:
    """The admin, signed in once at desktop width (script errors are checked per test)."""
    page = open_page(browser, [])
    yield signed_in(page, live_server, EMAIL, PASSWORD)
    page.context.close()


@pytest.fixture(scope="module")
def phone(cases_council: None, live_server: LiveServer, browser: Browser) -> Iterator[Page]:
    """The admin, signed in once at 320 CSS px."""
    page = open_page(browser, [], width=NARROW_WIDTH)
    yield signed_in(page, live_server, EMAIL, PASSWORD)
    page.context.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_case_officer_page_passes_axe_at_desktop_width(
    desktop: Page, live_server: LiveServer, artifacts_dir: Path, name: str
) -> None:
    response = desktop.goto(live_server.url + PAGES[name])
    assert response is not None and response.status == 200
    desktop.screenshot(path=artifacts_dir / f"cases-{name}.png", full_page=True)
    assert desktop.locator("h1").count() == 1
    if name == "rates":
        assert desktop.locator("svg[role=img] title").count() == 1
    assert_no_axe_violations(desktop)


@pytest.mark.parametrize("name", list(PAGES))
def test_case_officer_page_passes_axe_at_320_pixels(
    phone: Page, live_server: LiveServer, name: str
) -> None:
    response = phone.goto(live_server.url + PAGES[name])
    assert response is not None and response.status == 200
    assert_no_axe_violations(phone)
    if name in NO_TABLE:
        assert_fits_width(phone, NARROW_WIDTH)


def test_the_filter_and_the_warning_name_the_case_not_reached(
    desktop: Page, live_server: LiveServer
) -> None:
    desktop.goto(live_server.url + PAGES["case-list"])
    desktop.get_by_role("link", name="1 case has messages that did not reach the family").click()
    assert desktop.locator("table tbody a").all_inner_texts() == ["BR-2"]
    desktop.get_by_role("link", name="BR-2").click()
    assert (
        "Some messages did not reach this family"
        in desktop.locator(".govuk-warning-text").inner_text()
    )


def test_a_bad_export_lists_its_problems_and_passes_axe(
    desktop: Page, live_server: LiveServer, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("case_reference,request_date,parent_email\nBR-9,2025-13-01,nope\n", "utf-8")
    desktop.goto(live_server.url + PAGES["import"])
    desktop.set_input_files("input[type=file]", str(bad))
    desktop.locator("main").get_by_role("button", name="Import cases").click()
    desktop.wait_for_load_state()

    assert desktop.title().startswith("Error:")
    assert desktop.locator(".govuk-error-summary").count() == 1
    assert desktop.locator("tbody tr").count() == 2
    assert_no_axe_violations(desktop)
