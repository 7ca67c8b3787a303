"""WCAG 2.2 promises checked without a browser: no time limit, no re-entry, accessible sign-in,
hidden text that never pushes a right-to-left page sideways, and the accessibility statement."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient

from tests.feedback.journey_steps import answer_all_pages, start_url
from tests.feedback.language_links import issue_link
from tests.feedback.pages import CheckingClient, first_form, soup

BUILT_CSS = Path(__file__).resolve().parents[2] / "feedback" / "static" / "govuk" / "app.css"
# A negative offset of 100 px or more hides content off-screen; in a right-to-left page the
# browser lets the reader scroll to it, so the page scrolls sideways.
_OFF_SCREEN = re.compile(r"(?:left|right|text-indent|margin-left|margin-right)\s*:\s*-\d{3,}")
STATEMENT_SECTIONS = [
    "How accessible this website is",
    "Feedback and contact information",
    "Reporting accessibility problems with this website",
    "Enforcement procedure",
    "Technical information about this website's accessibility",
    "What we are doing to improve accessibility",
    "Preparation of this accessibility statement",
]


def _checking(app: Flask) -> FlaskClient:
    return CheckingClient(app)


def test_an_answer_is_accepted_27_days_after_the_page_was_opened(app: Flask) -> None:
    """WCAG 2.2.1 Timing adjustable: neither the session nor the form token times out."""
    app.config["WTF_CSRF_ENABLED"] = True
    opened = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with time_machine.travel(opened, tick=False) as clock:
        link = issue_link(app)
        client = _checking(app)
        question = start_url(client, link)
        token = first_form(client.get(question)).fields["csrf_token"][0]
        clock.move_to(opened + timedelta(days=27))

        response = client.post(question, data={"csrf_token": token, "decision_explained": "4"})

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/q/kept_informed")


def test_the_session_outlives_every_family_link(app: Flask) -> None:
    link_lifetime = timedelta(days=app.config["LINK_EXPIRY_DAYS"])

    assert app.config["WTF_CSRF_TIME_LIMIT"] is None
    assert app.permanent_session_lifetime >= link_lifetime


def test_changing_an_answer_shows_the_text_already_given(app: Flask) -> None:
    """WCAG 3.3.7 Redundant entry: nothing given before has to be typed again."""
    link = issue_link(app)
    client = _checking(app)
    comment = "The letter was clear & came on time."
    client.post(link + "/q/went_well", data={"went_well": comment})

    page = soup(client.get(link + "/q/went_well?change=1"))

    assert page.select_one("textarea#went_well").get_text() == comment


def test_going_back_shows_the_choice_already_made(app: Flask) -> None:
    link = issue_link(app, language="ur")
    client = _checking(app)
    question = start_url(client, link)
    client.post(question, data={"decision_explained": "2"})

    page = soup(client.get(question))

    assert [i["value"] for i in page.select("input[checked]")] == ["2"]


def test_error_summary_links_to_the_field_with_the_problem(app: Flask) -> None:
    link = issue_link(app, language="cy")
    client = _checking(app)

    page = soup(client.post(link + "/q/went_well", data={"went_well": "a" * 1201}))

    targets = [a["href"] for a in page.select(".govuk-error-summary__list a")]
    assert targets == ["#went_well"]
    assert page.select_one("#went_well").name == "textarea"


def test_staff_sign_in_lets_password_managers_fill_both_fields(client: FlaskClient) -> None:
    """WCAG 3.3.8 Accessible authentication: no memory test, paste and autofill allowed."""
    page = soup(client.get("/sign-in"))

    email = page.select_one("input[name=email]")
    password = page.select_one("input[name=password]")
    assert email["autocomplete"] == "username"
    assert (password["type"], password["autocomplete"]) == ("password", "current-password")


def test_staff_sign_in_neither_blocks_paste_nor_asks_a_puzzle(client: FlaskClient) -> None:
    html = client.get("/sign-in").get_data(as_text=True).lower()

    assert not re.search(r"\son(paste|copy|cut|drop)\s*=", html)
    assert "captcha" not in html


def test_hidden_text_is_clipped_in_place_not_moved_off_screen() -> None:
    if not BUILT_CSS.exists():
        pytest.skip("feedback/static/govuk/app.css is not built: run `make assets` first")
    css = BUILT_CSS.read_text(encoding="utf-8")

    hidden = re.search(r"\.govuk-visually-hidden\{([^}]*)\}", css)

    assert hidden is not None
    assert "clip-path:inset(50%)" in hidden.group(1)
    assert _OFF_SCREEN.findall(css) == []


def test_accessibility_statement_is_public_with_the_gov_uk_sections(app: Flask) -> None:
    page = soup(_checking(app).get("/accessibility"))

    assert page.h1.get_text(strip=True) == "Accessibility statement for SEND Feedback"
    assert [h2.get_text(strip=True) for h2 in page.select("main h2")] == STATEMENT_SECTIONS


def test_accessibility_statement_says_how_to_report_a_problem(app: Flask) -> None:
    app.config["ACCESSIBILITY_CONTACT_EMAIL"] = "send@borough.example.gov.uk"

    page = soup(_checking(app).get("/accessibility"))

    hrefs = {a["href"] for a in page.select("main a")}
    assert "mailto:send@borough.example.gov.uk" in hrefs
    assert "https://www.equalityadvisoryservice.com/" in hrefs


def test_accessibility_statement_dates_are_written_in_the_page_language(app: Flask) -> None:
    app.config["ACCESSIBILITY_STATEMENT_PREPARED"] = "2026-09-01"
    app.config["ACCESSIBILITY_STATEMENT_REVIEWED"] = "2026-11-24"

    text = soup(_checking(app).get("/accessibility?lang=cy")).get_text(" ", strip=True)

    assert (
        "Cafodd y datganiad hwn ei baratoi ar 1 Medi 2026. "
        "Cafodd ei adolygu ddiwethaf ar 24 Tachwedd 2026."
    ) in text


def test_every_public_page_links_to_the_accessibility_statement(app: Flask) -> None:
    link = issue_link(app)

    for url in ("/", "/privacy", link):
        footer = soup(_checking(app).get(url)).select_one("footer")
        assert footer.select_one("a[href='/accessibility']") is not None, url


def test_comment_box_follows_the_direction_of_what_is_typed(app: Flask) -> None:
    link = issue_link(app, language="ur")

    page = soup(_checking(app).get(link + "/q/went_well"))

    assert page.select_one("textarea#went_well")["dir"] == "auto"


def test_english_comment_on_an_urdu_check_page_keeps_its_own_direction(app: Flask) -> None:
    """WCAG 1.3.2 Meaningful sequence: the full stop stays at the end of a left-to-right comment."""
    link = issue_link(app, language="ur")
    client = _checking(app)
    answer_all_pages(client, link)

    page = soup(client.get(link + "/check"))

    comments = [bdi.get_text() for bdi in page.select(".govuk-summary-list__value bdi")]
    assert comments.count("It went well.") == 2
