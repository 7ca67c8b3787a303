"""Forms work over HTTPS under ``Referrer-Policy: no-referrer``, and a request another site starts
is refused: the session's token plus a Sec-Fetch-Site/Origin check (feedback/request_origin.py)
instead of Flask-WTF's Referer-only HTTPS check."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from feedback.extensions import db
from feedback.models import DraftAnswer
from feedback.request_origin import cross_origin_reason
from tests.feedback.conftest import STAFF_PASSWORD
from tests.feedback.journey_steps import start_url
from tests.feedback.pages import soup

HOST = "feedback.example.gov.uk"
OWN_ORIGIN = f"https://{HOST}"
# What Chromium sends with a form on a page served with Referrer-Policy: no-referrer.
BROWSER_FORM_HEADERS = {"Origin": "null", "Sec-Fetch-Site": "same-origin"}


def https_client(app: Flask) -> FlaskClient:
    """Return a client whose requests arrive over HTTPS for ``HOST``, as behind the proxy."""
    app.config.update(WTF_CSRF_ENABLED=True, PREFERRED_URL_SCHEME="https", SERVER_NAME=HOST)
    client = app.test_client()
    assert client.get("/").request.is_secure
    return client


def first_answer(client: FlaskClient, link: str) -> tuple[str, dict[str, str]]:
    """Open the first question of ``link``; return its URL and a valid answer with the token."""
    url = start_url(client, link)
    page = soup(client.get(url))
    radio = page.select_one("input[type=radio]")
    token = page.select_one("input[name=csrf_token]")["value"]
    return url, {radio["name"]: radio["value"], "csrf_token": token}


def drafts_saved(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count(DraftAnswer.id))) or 0)


def test_the_site_sends_no_referrer_so_browsers_send_no_referer(
    app: Flask, family_link: Callable[..., str]
) -> None:
    response = https_client(app).get(family_link())
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_a_familys_answer_over_https_without_a_referer_is_saved(
    app: Flask, family_link: Callable[..., str]
) -> None:
    client = https_client(app)
    url, data = first_answer(client, family_link())
    response = client.post(url, data=data, headers=BROWSER_FORM_HEADERS)
    assert response.status_code == 302
    assert drafts_saved(app) == 1


def test_flask_wtfs_referer_check_would_refuse_that_same_answer(
    app: Flask, family_link: Callable[..., str]
) -> None:
    """What production did before: the strict check wants a Referer that no browser sends."""
    app.config["WTF_CSRF_SSL_STRICT"] = True
    client = https_client(app)
    url, data = first_answer(client, family_link())
    response = client.post(url, data=data, headers=BROWSER_FORM_HEADERS)
    assert response.status_code == 400
    assert drafts_saved(app) == 0


def test_staff_sign_in_over_https_without_a_referer_succeeds(
    app: Flask, make_staff: Callable[..., object]
) -> None:
    make_staff("admin", email="admin@demo.example.gov.uk")
    client = https_client(app)
    token = soup(client.get("/sign-in")).select_one("input[name=csrf_token]")["value"]
    response = client.post(
        "/sign-in",
        data={
            "email": "admin@demo.example.gov.uk",
            "password": STAFF_PASSWORD,
            "csrf_token": token,
        },
        headers=BROWSER_FORM_HEADERS,
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
        {"Sec-Fetch-Site": "same-site", "Origin": f"https://other.{HOST}"},
        {"Origin": "https://evil.example"},
        {"Origin": f"http://{HOST}"},
        {"Referer": "https://evil.example/form"},
    ],
    ids=["cross-site", "same-site", "foreign-origin", "plain-http-origin", "foreign-referer"],
)
def test_an_answer_another_site_sends_is_refused_even_with_a_valid_token(
    app: Flask, family_link: Callable[..., str], headers: dict[str, str]
) -> None:
    client = https_client(app)
    url, data = first_answer(client, family_link())
    response = client.post(url, data=data, headers=headers)
    assert response.status_code == 400
    assert "could not be saved" in response.get_data(as_text=True)
    assert drafts_saved(app) == 0


def test_a_same_origin_answer_still_needs_the_sessions_token(
    app: Flask, family_link: Callable[..., str]
) -> None:
    client = https_client(app)
    url, data = first_answer(client, family_link())
    del data["csrf_token"]
    response = client.post(url, data=data, headers=BROWSER_FORM_HEADERS)
    assert response.status_code == 400
    assert drafts_saved(app) == 0


def test_an_old_browser_that_sends_no_origin_headers_relies_on_the_token(
    app: Flask, family_link: Callable[..., str]
) -> None:
    client = https_client(app)
    url, data = first_answer(client, family_link())
    assert client.post(url, data=data).status_code == 302


_hosts = st.from_regex(r"[a-z][a-z0-9-]{0,20}(\.[a-z][a-z0-9-]{0,20}){1,3}", fullmatch=True)


@given(host=_hosts, other=_hosts, port=st.one_of(st.none(), st.integers(1, 65535)))
def test_only_this_origin_passes_whatever_the_hosts_and_ports(
    host: str, other: str, port: int | None
) -> None:
    own = f"https://{host}" + (f":{port}" if port else "")
    assert (
        cross_origin_reason({"Origin": own.upper(), "Sec-Fetch-Site": "same-origin"}, own) is None
    )
    assert cross_origin_reason({"Referer": own + "/s/abc/q/x"}, own) is None
    assert cross_origin_reason({"Origin": "null", "Sec-Fetch-Site": "none"}, own) is None
    if other != host:
        assert cross_origin_reason({"Origin": f"https://{other}"}, own) is not None
        assert cross_origin_reason({"Referer": f"https://{other}/"}, own) is not None
    assert cross_origin_reason({"Origin": f"http://{host}"}, own) is not None
    for site in ("cross-site", "same-site"):
        assert cross_origin_reason({"Sec-Fetch-Site": site, "Origin": own}, own) is not None
