"""The KPI page on the demo data in Chromium at 1280 px: a summary that fits one screen (its bottom
within 900 px), the long tables folded in details components, and a page far shorter than the
2,700–6,700 px it took before (docs/decisions.md has the figures, measured the same way)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.axe import assert_no_axe_violations
from tests.e2e.harness import DESKTOP_WIDTH, LiveServer, serve, signed_in

pytestmark = pytest.mark.e2e

SUMMARY_BOTTOM_LIMIT = 900
# Before the summary, the demo KPIs were 2,724 to 6,705 px tall at 1280 px; now about 1,700.
PAGE_HEIGHT_LIMIT = 2_400
LEAD_EMAIL = "lead@example.gov.uk"


@pytest.fixture(scope="module")
def demo_server() -> Iterator[tuple[LiveServer, list[str]]]:
    """The app on its own SQLite file with the demo data loaded and its plan computed; return
    the server and the paths of the demo plan's KPI pages."""
    from sqlalchemy import select

    from feedback import create_app
    from feedback.extensions import db
    from feedback.models.kpis import Plan
    from feedback.services.demo import load_demo
    from feedback.services.kpis.recompute import recompute_plans

    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "e2e-demo-secret",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(folder) / 'demo.db'}",
                "WTF_CSRF_ENABLED": True,
            }
        )
        with app.app_context():
            with db.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA journal_mode=WAL")
            db.create_all()
            load_demo()
            plans = list(db.session.scalars(select(Plan)))
            recompute_plans(plans, as_of=date.today())
            db.session.commit()
            paths = [f"/staff/plans/{plan.id}/kpis/{kpi.id}" for plan in plans for kpi in plan.kpis]
        with serve(app) as server:
            yield server, paths
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="module")
def lead_page(browser: Browser, demo_server: tuple[LiveServer, list[str]]) -> Iterator[Page]:
    """A desktop page signed in as the demo lead, shared by the module's tests."""
    from feedback.services.demo import DEMO_PASSWORD

    server, _paths = demo_server
    context = browser.new_context(
        viewport={"width": DESKTOP_WIDTH, "height": 800}, locale="en-GB", reduced_motion="reduce"
    )
    yield signed_in(context.new_page(), server, LEAD_EMAIL, DEMO_PASSWORD)
    context.close()


def test_every_demo_kpi_opens_with_a_summary_on_one_screen(
    lead_page: Page, demo_server: tuple[LiveServer, list[str]], artifacts_dir: Path
) -> None:
    server, paths = demo_server
    assert paths
    heights = {}
    for path in paths:
        lead_page.goto(server.url + path)
        summary = lead_page.locator("#kpi-summary")
        expect(summary).to_contain_text("Verdict")
        for words in ("Value", "Confidence interval", "Milestone", "Target", "Valid answers (n)"):
            expect(summary).to_contain_text(words)
        bottom = lead_page.evaluate(
            "document.querySelector('#kpi-summary').getBoundingClientRect().bottom + window.scrollY"
        )
        assert bottom <= SUMMARY_BOTTOM_LIMIT, f"{path}: summary ends at {bottom} px"
        heights[path] = lead_page.evaluate("document.documentElement.scrollHeight")
    lead_page.screenshot(path=artifacts_dir / "kpi-summary.png")
    assert max(heights.values()) <= PAGE_HEIGHT_LIMIT, heights


def test_the_long_tables_are_one_click_away_and_pass_axe_when_open(
    lead_page: Page, demo_server: tuple[LiveServer, list[str]]
) -> None:
    server, paths = demo_server
    lead_page.goto(server.url + paths[0])
    history = lead_page.locator("#kpi-history")
    table = history.locator("table").first
    expect(table).to_be_hidden()
    history.locator("summary").click()
    expect(table).to_be_visible()
    for details in lead_page.locator("main details").all():
        details.evaluate("element => { element.open = true; }")
    assert_no_axe_violations(lead_page)
