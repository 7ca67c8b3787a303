"""A lead's KPI pages in Chromium: the plan dashboard and a KPI page pass axe-core (WCAG 2.2 AA),
with their SVG charts, tables and status tags, at desktop width and at 320 CSS px."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.e2e.axe import assert_no_axe_violations
from tests.e2e.harness import NARROW_WIDTH, LiveServer, PageFactory, signed_in
from tests.e2e.pagechecks import assert_fits_width

pytestmark = pytest.mark.e2e

ORGANISATION = "kpi-browser"
EMAIL = "lead@kpi-browser.example.gov.uk"
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(scope="module")
def plan_pages(live_server: LiveServer) -> tuple[str, str]:
    """A measured plan in its own council, and a lead to read it; return the two pages' paths."""
    from feedback.extensions import db
    from feedback.services.kpis.recompute import Settings, recompute_plans
    from feedback.services.users import create_user
    from tests.feedback.kpi_fixtures import (
        AGREE,
        add_answers,
        agree_answers,
        make_kpi,
        make_plan,
        set_metric,
    )

    with live_server.app.app_context():
        plan = make_plan(organisation=ORGANISATION, name="Browser plan")
        kpi = make_kpi(plan, baseline="47%", milestone_3m="50%", milestone_12m="60%")
        set_metric(kpi, AGREE)
        for month, (agree, disagree) in enumerate([(20, 20), (24, 16), (30, 12), (33, 9)], 1):
            add_answers(plan.organisation_id, date(2023, month, 12), agree_answers(agree, disagree))
        recompute_plans([plan], as_of=date(2023, 4, 30), settings=Settings(0.95, 10))
        create_user(
            organisation=plan.organisation,
            email=EMAIL,
            name="Browser Lead",
            role="lead",
            password=PASSWORD,
        )
        db.session.commit()
        return f"/staff/plans/{plan.id}", f"/staff/plans/{plan.id}/kpis/{kpi.id}"


@pytest.mark.parametrize("which", [0, 1], ids=["dashboard", "kpi_page"])
def test_kpi_pages_pass_axe_at_desktop_width(
    page: Page,
    live_server: LiveServer,
    plan_pages: tuple[str, str],
    browser_errors: list[str],
    artifacts_dir: Path,
    which: int,
) -> None:
    signed_in(page, live_server, EMAIL, PASSWORD).goto(live_server.url + plan_pages[which])
    page.screenshot(path=artifacts_dir / f"kpi-pages-{which}.png", full_page=True)
    assert page.locator("svg[role=img] title").count() >= 2
    assert_no_axe_violations(page)
    assert not browser_errors


@pytest.mark.parametrize("which", [0, 1], ids=["dashboard", "kpi_page"])
def test_kpi_pages_pass_axe_and_fit_at_320_pixels(
    new_page: PageFactory,
    live_server: LiveServer,
    plan_pages: tuple[str, str],
    which: int,
) -> None:
    page = signed_in(new_page(width=NARROW_WIDTH), live_server, EMAIL, PASSWORD)
    page.goto(live_server.url + plan_pages[which])
    assert_no_axe_violations(page)
    assert_fits_width(page, NARROW_WIDTH)
