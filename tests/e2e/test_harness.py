"""The browser harness itself: it serves GOV.UK pages, and its checks catch what they claim to.

These run against a tiny GOV.UK Frontend app built here (same templates, assets and strict
Content-Security-Policy as ours), so a failure means the harness is broken, not the product.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest
from flask import Flask, Response, g, render_template
from jinja2 import ChoiceLoader, DictLoader, PackageLoader, PrefixLoader
from playwright.sync_api import Page
from sqlalchemy import text

from tests.e2e.axe import assert_no_axe_violations
from tests.e2e.harness import NARROW_WIDTH, REPO_ROOT, LiveServer, PageFactory, serve
from tests.e2e.pagechecks import GOVUK_FOCUS_COLOUR, assert_fits_width, assert_focus_visible

pytestmark = pytest.mark.e2e

_LAYOUT = """{% extends "govuk_frontend_jinja/template.html" %}
{% from "govuk_frontend_jinja/components/header/macro.html" import govukHeader %}
{% from "govuk_frontend_jinja/components/footer/macro.html" import govukFooter %}
{% block pageTitle %}{{ title }} – SEND Feedback{% endblock %}
{% block head %}<link rel="stylesheet" href="/static/govuk/app.css">{% endblock %}
{% block govukHeader %}{{ govukHeader({}) }}{% endblock %}
{% block govukFooter %}{{ govukFooter({}) }}{% endblock %}
{% block bodyEnd %}
<script type="module" nonce="{{ cspNonce }}">
  import { initAll } from "/static/govuk/govuk-frontend.min.js";
  initAll();
</script>
{% endblock %}
"""

_QUESTION = """{% extends "layout.html" %}
{% from "govuk_frontend_jinja/components/radios/macro.html" import govukRadios %}
{% from "govuk_frontend_jinja/components/character-count/macro.html" import govukCharacterCount %}
{% from "govuk_frontend_jinja/components/button/macro.html" import govukButton %}
{% block content %}
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<form method="post" novalidate>
{{ govukRadios({
  "name": "listened_to",
  "fieldset": {"legend": {"text": title, "isPageHeading": true,
                          "classes": "govuk-fieldset__legend--l"}},
  "items": [{"value": "5", "text": "Very satisfied"}, {"value": "4", "text": "Satisfied"},
            {"value": "1", "text": "Very dissatisfied"}],
}) }}
{{ govukCharacterCount({"name": "comments", "id": "comments", "maxlength": 500,
                        "label": {"text": "Tell us more (optional)"}}) }}
{{ govukButton({"text": "Continue"}) }}
</form>
</div></div>
{% endblock %}
"""

_BROKEN = """{% extends "layout.html" %}
{% block content %}
<h1 class="govuk-heading-l">{{ title }}</h1>
<input class="govuk-input" id="nickname" name="nickname" type="text">
<img id="too-wide" src="/static/govuk/assets/images/govuk-opengraph-image.png" width="600" alt="">
<script>document.title = "inline script ran";</script>
{% endblock %}
"""


def _govuk_app() -> Flask:
    """Return a minimal Flask app serving GOV.UK Frontend pages under a nonce-based CSP."""
    app = Flask(__name__, static_folder=str(REPO_ROOT / "feedback" / "static"))
    app.jinja_loader = ChoiceLoader(
        [
            DictLoader(
                {"layout.html": _LAYOUT, "question.html": _QUESTION, "broken.html": _BROKEN}
            ),
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )

    @app.before_request
    def make_nonce() -> None:
        g.csp_nonce = secrets.token_urlsafe(16)

    @app.after_request
    def set_csp(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = (
            f"default-src 'self'; script-src 'self' 'nonce-{g.csp_nonce}'; style-src 'self'; "
            "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'"
        )
        return response

    def page(template: str, title: str) -> str:
        return render_template(
            template,
            title=title,
            cspNonce=g.csp_nonce,
            assetPath="/static/govuk/assets",
            serviceName="SEND Feedback",
            serviceUrl="/",
        )

    app.add_url_rule("/", "question", lambda: page("question.html", "How satisfied are you?"))
    app.add_url_rule("/broken", "broken", lambda: page("broken.html", "A broken page"))
    return app


@pytest.fixture(scope="module")
def govuk_server() -> Iterator[LiveServer]:
    """Serve the minimal GOV.UK app for this module's tests."""
    with serve(_govuk_app()) as server:
        yield server


def test_gov_uk_question_page_has_no_axe_violations(page: Page, govuk_server: LiveServer) -> None:
    response = page.goto(govuk_server.url + "/")
    assert response is not None and response.ok

    assert_no_axe_violations(page)


def test_gov_uk_javascript_runs_under_the_content_security_policy(
    page: Page, govuk_server: LiveServer, browser_errors: list[str]
) -> None:
    page.goto(govuk_server.url + "/")
    # The character count is built by GOV.UK Frontend's JavaScript, so it proves initAll() ran.
    page.locator(".govuk-character-count__status").wait_for()

    assert browser_errors == []


def test_axe_failure_names_the_rule_and_the_element(page: Page, govuk_server: LiveServer) -> None:
    page.goto(govuk_server.url + "/broken")

    with pytest.raises(AssertionError) as failure:
        assert_no_axe_violations(page)

    assert "label (critical): Form elements must have labels — at #nickname" in str(failure.value)


def test_inline_script_blocked_by_the_policy_is_reported(
    page: Page, govuk_server: LiveServer, browser_errors: list[str]
) -> None:
    page.goto(govuk_server.url + "/broken")

    assert page.title() == "A broken page – SEND Feedback"
    assert len(browser_errors) == 1
    assert "violates the following Content Security Policy directive" in browser_errors[0]


def test_narrow_page_is_320_css_pixels_wide(
    new_page: PageFactory, govuk_server: LiveServer
) -> None:
    page = new_page(width=NARROW_WIDTH)
    page.goto(govuk_server.url + "/")

    assert page.evaluate("window.innerWidth") == 320
    assert_fits_width(page, NARROW_WIDTH)


def test_reflow_failure_names_the_element_too_wide(
    new_page: PageFactory, govuk_server: LiveServer
) -> None:
    page = new_page(width=NARROW_WIDTH)
    page.goto(govuk_server.url + "/broken")

    with pytest.raises(AssertionError) as failure:
        assert_fits_width(page, NARROW_WIDTH)

    assert "img#too-wide" in str(failure.value)


def test_keyboard_focus_on_a_radio_shows_the_gov_uk_focus_ring(
    page: Page, govuk_server: LiveServer
) -> None:
    page.goto(govuk_server.url + "/")
    # Skip link, GOV.UK logo, service name, then the first radio.
    for _ in range(4):
        page.keyboard.press("Tab")

    indicator = assert_focus_visible(page)

    assert indicator.startswith("input#listened_to label::before: boxShadow")
    assert GOVUK_FOCUS_COLOUR in indicator


def test_unfocused_page_has_no_focus_indicator(page: Page, govuk_server: LiveServer) -> None:
    page.goto(govuk_server.url + "/")

    with pytest.raises(AssertionError, match="no visible focus indicator"):
        assert_focus_visible(page)


def test_pages_use_arial_not_gds_transport(page: Page, govuk_server: LiveServer) -> None:
    page.goto(govuk_server.url + "/")

    font = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")

    assert font == "arial, helvetica, sans-serif"


def test_live_server_serves_the_app_on_its_own_database(
    page: Page, live_server: LiveServer
) -> None:
    health = page.request.get(live_server.url + "/healthz")

    assert health.status == 200
    assert health.json() == {"status": "ok", "database": "ok"}


def test_live_server_database_runs_in_wal_mode(live_server: LiveServer) -> None:
    from feedback.extensions import db

    with live_server.app.app_context():
        mode = db.session.execute(text("PRAGMA journal_mode")).scalar_one()

    assert mode == "wal"
