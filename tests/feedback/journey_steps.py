"""Driving a family journey through the test client, as a person (or a script) would."""

from __future__ import annotations

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.feedback.pages import first_form, soup

MAX_PAGES = 30


def start_url(client: FlaskClient, link: str) -> str:
    """Open the family link and return where its start button leads."""
    response = client.get(link)
    assert response.status_code == 200
    button = soup(response).select_one("a.govuk-button--start")
    assert button is not None, "start page has no start button"
    return str(button["href"])


def answer_page(client: FlaskClient, url: str, text: str = "It went well.") -> TestResponse:
    """Answer the question page at ``url`` (first choice of each question, ``text`` for free
    text) and return the response to the POST."""
    page = client.get(url)
    assert page.status_code == 200
    form = first_form(page)
    data: dict[str, str | list[str]] = {name: values[0] for name, values in form.fields.items()}
    for name, values in form.choices.items():
        data[name] = values[0]
    for name in form.text_fields:
        data[name] = text
    return client.post(url, data=data)


def answer_all_pages(client: FlaskClient, link: str) -> str:
    """Answer every page from the start of the survey; return the URL of the check page."""
    url = start_url(client, link)
    for _ in range(MAX_PAGES):
        if url.endswith("/check"):
            return url
        response = answer_page(client, url)
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        url = response.headers["Location"]
    raise AssertionError("the survey did not reach the check page")


def question_urls(client: FlaskClient, link: str) -> list[str]:
    """Return the URLs of every question page, in order, by answering the survey up to the end."""
    urls = []
    url = start_url(client, link)
    while not url.endswith("/check"):
        urls.append(url)
        url = answer_page(client, url).headers["Location"]
    return urls
