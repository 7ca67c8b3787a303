"""Downloading a poster: a GET writes nothing (mail scanners and prefetchers follow links); the
posters page's buttons POST with a CSRF token, and work without JavaScript."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from feedback.extensions import db
from feedback.models import AuditEvent
from feedback.models.cases import Poster

DOWNLOAD = "/staff/posters/download"


def _rows(app: Flask) -> tuple[int, int, int]:
    """Posters, audit events, and every row of every table, as the database holds them."""
    with app.app_context():
        posters = db.session.scalar(select(func.count(Poster.id))) or 0
        events = db.session.scalar(select(func.count(AuditEvent.id))) or 0
        everything = sum(
            db.session.scalar(select(func.count()).select_from(table)) or 0
            for table in db.metadata.sorted_tables
        )
        return int(posters), int(events), int(everything)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?stage=week16&audience=young_person",
        "?stage=annual_review&audience=parent&language=cy",
    ],
)
def test_a_get_of_a_poster_not_yet_made_writes_nothing_and_shows_the_posters_page(
    app: Flask, signed_in: Callable[..., FlaskClient], query: str
) -> None:
    client = signed_in()
    before = _rows(app)
    page = client.get(DOWNLOAD + query)
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert BeautifulSoup(page.text, "html.parser").select(f"form[method=post][action='{DOWNLOAD}']")
    assert _rows(app) == before


def test_posters_page_downloads_by_post_with_a_csrf_token_and_no_script(
    app: Flask, signed_in: Callable[..., FlaskClient]
) -> None:
    client = signed_in()
    app.config["WTF_CSRF_ENABLED"] = True  # as in production (the test configuration is off)
    page = BeautifulSoup(client.get("/staff/posters").text, "html.parser")
    forms = page.select(f"main form[method=post][action='{DOWNLOAD}']")
    assert len(forms) == 8  # four stages, two audiences
    assert not page.select(f"a[href*='{DOWNLOAD}']")
    first = {str(field["name"]): str(field["value"]) for field in forms[0].select("input")}
    assert first["csrf_token"] and forms[0].select_one("button")
    before = _rows(app)

    assert client.post(DOWNLOAD, data={**first, "csrf_token": "forged"}).status_code == 400
    assert _rows(app) == before

    pdf = client.post(DOWNLOAD, data=first)
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    posters, events, _everything = _rows(app)
    assert (posters, events) == (before[0] + 1, before[1] + 1)  # the poster and its audit


def test_a_get_of_a_poster_already_made_serves_it_and_writes_nothing(
    app: Flask, signed_in: Callable[..., FlaskClient]
) -> None:
    client = signed_in()
    client.post(DOWNLOAD, data={"stage": "week20", "audience": "parent"})
    before = _rows(app)
    for _ in range(2):
        pdf = client.get(DOWNLOAD + "?stage=week20&audience=parent&language=pl")
        assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
        assert "-pl.pdf" in pdf.headers["Content-Disposition"]
    assert _rows(app) == before
