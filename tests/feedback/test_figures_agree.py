"""The staff home, the response-rate page and the KPI pages count the same things under the same
names, with answers from open posters apart from personal links."""

from __future__ import annotations

from collections.abc import Callable

from bs4 import BeautifulSoup, Tag
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from feedback.extensions import db
from feedback.models.kpis import Plan
from feedback.services.demo import load_demo
from tests.feedback.pages import soup

SignedIn = Callable[..., FlaskClient]


def _summary(page: BeautifulSoup, heading: str) -> dict[str, str]:
    """The rows of the summary list after the ``heading``, key to value."""
    found = page.find(["h2", "h3"], string=heading)
    assert isinstance(found, Tag), f"no heading {heading!r}"
    listing = found.find_next("dl", class_="govuk-summary-list")
    assert isinstance(listing, Tag)
    return {
        row.select_one(".govuk-summary-list__key").get_text(" ", strip=True): row.select_one(
            ".govuk-summary-list__value"
        ).get_text(" ", strip=True)
        for row in listing.select(".govuk-summary-list__row")
    }


def _table_row(page: BeautifulSoup, caption: str, first_cell: str) -> dict[str, str]:
    """One row of the table captioned ``caption``, column heading to text."""
    found = page.find("caption", string=lambda text: bool(text) and text.strip() == caption)
    assert isinstance(found, Tag), f"no table {caption!r}"
    table = found.find_parent("table")
    assert isinstance(table, Tag)
    head = [cell.get_text(" ", strip=True) for cell in table.select("thead th")]
    for row in table.select("tbody tr"):
        cells = [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
        if cells[0] == first_cell:
            return dict(zip(head, cells, strict=True))
    raise AssertionError(f"no row {first_cell!r} in {caption!r}")


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def test_home_rates_page_and_kpi_pages_give_the_same_figures_for_the_same_demo_data(
    app: Flask, signed_in: SignedIn
) -> None:
    with app.app_context():
        load_demo(cases=60)
        plan_id = db.session.scalars(select(Plan.id)).one()
    lead = signed_in("lead")

    home = soup(lead.get("/staff/"))
    rates = soup(lead.get("/staff/response-rates"))
    dashboard = soup(lead.get(f"/staff/plans/{plan_id}"))

    links = _summary(home, "Personal links")
    by_stage = _table_row(rates, "By stage", "All")
    for name in ("Invited", "Opened", "Started", "Answered", "Response rate"):
        assert links[name] == by_stage[name], name
    who = _summary(dashboard, "Who answered")
    assert who["Answered"] == links["Answered"]
    assert who["Response rate"] == links["Response rate"]

    posters_home = _summary(home, "Open posters")["Answers from open posters"]
    posters_rates = _table_row(rates, "Answers from posters", "All")["Answers"]
    assert posters_home == posters_rates == who["Answers from open posters"]

    # Personal links never come from a poster: no channel row of the rates page says so.
    caption = rates.find("caption", string=lambda text: bool(text) and text.strip() == "By channel")
    channels = {
        row.find("th").get_text(strip=True)
        for row in caption.find_parent("table").select("tbody tr")
    }
    assert "poster" not in channels and channels - {"All"}

    # The demo's counts are large enough to show, and they nest.
    invited, opened, started, answered = (
        _number(links[name]) for name in ("Invited", "Opened", "Started", "Answered")
    )
    assert invited >= opened >= started > answered > 0
    assert _number(posters_home) > 0


def test_a_kpi_page_counts_valid_answers_from_personal_links_and_posters_apart(
    app: Flask, signed_in: SignedIn
) -> None:
    with app.app_context():
        load_demo(cases=60)
        plan = db.session.scalars(select(Plan)).one()
        kpi_ids = [kpi.id for kpi in plan.kpis if kpi.metric is not None]
        plan_id = plan.id
    lead = signed_in("lead")
    home = _summary(soup(lead.get("/staff/")), "Personal links")
    posters = _summary(soup(lead.get("/staff/")), "Open posters")["Answers from open posters"]

    splits = []
    for kpi_id in kpi_ids:
        text = soup(lead.get(f"/staff/plans/{plan_id}/kpis/{kpi_id}")).get_text(" ", strip=True)
        marker = "Valid answers from personal links:"
        if marker not in text:
            continue
        links_part = text.split(marker, 1)[1].split(".", 1)[0].strip()
        posters_part = text.split("Valid answers from open posters:", 1)[1].split(".", 1)[0]
        splits.append((links_part, posters_part.strip()))
    assert splits, "no KPI page splits its answers by source"
    for links_text, posters_text in splits:
        # A KPI counts the valid answers to its own question: never more than were sent.
        if links_text[0].isdigit():
            assert _number(links_text) <= _number(home["Answered"])
        if posters_text[0].isdigit():
            assert _number(posters_text) <= _number(posters)
