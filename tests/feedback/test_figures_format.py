"""One formatter for every figure: counts, percentages and decimals in the page's language with
one precision rule, and no raw float on any page staff read."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, Decimal

import pytest
from babel.numbers import get_decimal_symbol, get_group_symbol
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from analysis.baselines import Quantity
from feedback import create_app
from feedback.extensions import db
from feedback.formatting import coefficient, count, decimal, figure, p_value, percent
from feedback.models.kpis import Plan
from feedback.services.demo import load_demo
from tests.feedback.pages import soup

LOCALES = ("en", "ar", "bn", "cy", "pa", "pl", "ro", "so", "uk", "ur")
# What Python prints for a float nobody formatted: "0.4666", "46.66666%", "3.0000000001".
RAW_FLOAT = re.compile(r"\d[.,]\d{4,}|\d[.,]\d{3,}\s?%")


@pytest.fixture(scope="module")
def plain_app() -> Flask:
    return create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


def _digits(text: str, locale: str) -> Decimal:
    """Read a formatted number back: drop the grouping, make the decimal symbol a point."""
    group, point = get_group_symbol(locale), get_decimal_symbol(locale)
    plain = text.replace(group, "").replace("\u00a0", "").replace("\u202f", "").rstrip("%٪ ")
    return Decimal(plain.replace(point, "."))


def _rounded(value: float, places: int) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)


@given(
    locale=st.sampled_from(LOCALES),
    answered=st.integers(min_value=0, max_value=5000),
    extra=st.integers(min_value=1, max_value=5000),
)
def test_a_share_is_a_whole_percentage_in_the_page_language(
    plain_app: Flask, locale: str, answered: int, extra: int
) -> None:
    share = answered / (answered + extra)
    with plain_app.test_request_context(), force_locale(locale):
        shown = percent(share)
    assert get_decimal_symbol(locale) not in shown
    assert abs(_digits(shown, locale) - Decimal(repr(100 * share))) <= Decimal("0.5")


@given(
    locale=st.sampled_from(LOCALES),
    value=st.floats(min_value=-1000, max_value=100_000, allow_nan=False),
)
def test_decimals_have_one_two_or_three_places_by_kind(
    plain_app: Flask, locale: str, value: float
) -> None:
    with plain_app.test_request_context(), force_locale(locale):
        shown = {1: decimal(value), 2: coefficient(value / 100_000), 3: p_value(abs(value) / 1e5)}
    point = get_decimal_symbol(locale)
    for places, text in shown.items():
        assert len(text.rsplit(point, 1)[1]) == places, text
        assert not text.startswith("-0" + point + "0" * places), text
    assert abs(_digits(shown[1], locale) - _rounded(value, 1)) <= Decimal("0.1")


@given(locale=st.sampled_from(LOCALES), value=st.integers(min_value=0, max_value=10**9))
def test_a_count_is_whole_and_grouped(plain_app: Flask, locale: str, value: int) -> None:
    with plain_app.test_request_context(), force_locale(locale):
        shown = count(value)
    assert _digits(shown, locale) == value
    assert get_decimal_symbol(locale) not in shown.replace(get_group_symbol(locale), "")


def test_figures_follow_the_language_of_the_page(plain_app: Flask) -> None:
    with plain_app.test_request_context():
        with force_locale("en"):
            english = (percent(0.4666), decimal(3.456), count(12345), coefficient(0.4666))
        with force_locale("pl"):
            polish = (percent(0.4666), decimal(3.456), count(12345), coefficient(0.4666))
    assert english == ("47%", "3.5", "12,345", "0.47")
    assert polish == ("47%", "3,5", "12\u00a0345", "0,47")


def test_a_kpi_figure_is_written_by_what_it_measures(plain_app: Flask) -> None:
    with plain_app.test_request_context():
        assert figure(0.46666, Quantity.PROPORTION) == "47%"
        assert figure(3.4166, Quantity.MEAN_RATING, 5) == "3.4 out of 5"
        assert figure(1234.0, Quantity.COUNT) == "1,234"
        assert figure(2.4567, None) == "2.5"
        assert figure(float("inf"), Quantity.COUNT) == "no limit"


def test_no_page_shows_a_raw_float(app: Flask, signed_in: Callable[..., FlaskClient]) -> None:
    with app.app_context():
        load_demo(cases=60)
        plan = db.session.scalars(select(Plan)).one()
        plan_id, kpi_ids = plan.id, [kpi.id for kpi in plan.kpis]
    lead = signed_in("lead")
    urls = [
        "/staff/",
        "/staff/response-rates",
        f"/staff/plans/{plan_id}",
        f"/staff/plans/{plan_id}/board-report",
        *(f"/staff/plans/{plan_id}/kpis/{kpi_id}" for kpi_id in kpi_ids),
    ]
    pages = {url: lead.get(url) for url in urls}
    reviewer = signed_in("reviewer")
    for url in ("/staff/comments/trends", "/staff/comments/agreement", "/staff/comments/"):
        pages[url] = reviewer.get(url)
    for url, response in pages.items():
        assert response.status_code == 200, url
        page = soup(response)
        text = page.get_text(" ", strip=True)
        svg = " ".join(node.get_text(" ", strip=True) for node in page.find_all(["title", "desc"]))
        assert not RAW_FLOAT.findall(text + " " + svg), (url, RAW_FLOAT.findall(text))
    # Figures measured from the survey are whole percentages and counts on these two pages.
    for url in ("/staff/", "/staff/response-rates"):
        text = soup(pages[url]).get_text(" ", strip=True)
        assert not re.search(r"\d\.\d", text), (url, re.findall(r"\S*\d\.\d\S*", text))


def test_the_board_report_csv_keeps_machine_readable_numbers(
    app: Flask, signed_in: Callable[..., FlaskClient]
) -> None:
    with app.app_context():
        load_demo(cases=40)
        plan_id = db.session.scalars(select(Plan.id)).one()
    lead = signed_in("lead")
    lines = list(
        csv.DictReader(
            io.StringIO(lead.get(f"/staff/plans/{plan_id}/board-report.csv").get_data(as_text=True))
        )
    )
    values = [line["Value"] for line in lines if line["Value"]]
    assert values
    for value in values:
        float(value)  # raw numbers, not "47%"
