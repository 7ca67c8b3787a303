"""Families answering surveys over HTTP, as a browser without JavaScript would.

Each family follows its link, reads each page's form (with its CSRF token), answers and posts it,
and submits on the check page. Its requests alternate between the app servers, so every step
reads what another server wrote. Pages are parsed with the standard library alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

import httpx

MAX_PAGES = 40
# Drop an idle connection before gunicorn's keep-alive (5 s) does, as browsers and proxies do.
CLIENT_LIMITS = httpx.Limits(keepalive_expiry=1.0)
_REFERENCE = re.compile(r"\bSF-[A-Z0-9]{4}-[A-Z0-9]{4}\b")


@dataclass(slots=True)
class PageForm:
    """What a browser would send from a page's survey form, and the page's start link."""

    action: str | None = None
    hidden: dict[str, str] = field(default_factory=dict)
    choices: dict[str, list[str]] = field(default_factory=dict)
    text_fields: list[str] = field(default_factory=list)
    start_href: str | None = None


class _FormReader(HTMLParser):
    """Reads the last ``<form method=post>`` (the survey form follows any format switch) and the
    start button's link."""

    def __init__(self) -> None:
        super().__init__()
        self.form = PageForm()
        self._in_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        if tag == "a" and "govuk-button--start" in attributes.get("class", ""):
            self.form.start_href = attributes.get("href")
        elif tag == "form" and attributes.get("method", "").lower() == "post":
            self._in_form = True
            start = self.form.start_href
            self.form = PageForm(action=attributes.get("action") or "", start_href=start)
        elif self._in_form and tag in ("input", "textarea"):
            self._field(tag, attributes)

    def _field(self, tag: str, attributes: dict[str, str]) -> None:
        name = attributes.get("name")
        kind = attributes.get("type", "text") if tag == "input" else "textarea"
        if not name or kind in ("submit", "button"):
            return
        if kind == "hidden":
            self.form.hidden[name] = attributes.get("value", "")
        elif kind in ("radio", "checkbox"):
            self.form.choices.setdefault(name, []).append(attributes.get("value", ""))
        else:
            self.form.text_fields.append(name)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False


def read_form(html: str) -> PageForm:
    """Return the survey form and start link found in ``html``."""
    reader = _FormReader()
    reader.feed(html)
    return reader.form


def answers_for(form: PageForm, family: int) -> dict[str, str]:
    """Return a family's answers to a page: a choice per question (varied by family), text too."""
    data = dict(form.hidden)
    for name, values in form.choices.items():
        data[name] = values[family % len(values)]
    for name in form.text_fields:
        data[name] = f"Family {family} says the meetings were helpful."
    return data


@dataclass(frozen=True, slots=True)
class Journey:
    """One family's completed survey: its confirmation reference and what it answered."""

    family: int
    reference: str
    pages_answered: int
    questions_answered: int
    requests: int


class _Servers:
    """Hands out the app servers in turn, so consecutive requests go to different ones."""

    def __init__(self, urls: list[str], first: int) -> None:
        self.urls = urls
        self.turn = first

    def url(self, path: str) -> str:
        base = self.urls[self.turn % len(self.urls)]
        self.turn += 1
        return urljoin(base, path)


def answer_survey(
    link_path: str, app_urls: list[str], family: int, *, submit_twice: bool = False
) -> Journey:
    """Answer the whole survey behind ``link_path`` and return the confirmation.

    ``submit_twice`` posts the check page twice, as a double click or a retried request would.
    """
    servers = _Servers(app_urls, first=family)
    requests = 0
    with httpx.Client(timeout=30, follow_redirects=False, limits=CLIENT_LIMITS) as client:

        def get(path: str) -> httpx.Response:
            nonlocal requests
            requests += 1
            url = servers.url(path)
            try:
                response = client.get(url)
            except httpx.TransportError:
                # A keep-alive connection the server closed meanwhile: a browser retries a GET.
                response = client.get(url)
            response.raise_for_status()
            return response

        def post(path: str, data: dict[str, str]) -> httpx.Response:
            nonlocal requests
            requests += 1
            response = client.post(servers.url(path), data=data)
            if response.status_code != 302:
                raise RuntimeError(f"POST {path} answered {response.status_code}")
            return response

        path = read_form(get(link_path).text).start_href
        if not path:
            raise RuntimeError("the start page has no start button")
        pages = questions = 0
        while not path.endswith("/check"):
            if pages >= MAX_PAGES:
                raise RuntimeError("the survey did not reach the check page")
            form = read_form(get(path).text)
            pages += 1
            questions += len(form.choices) + len(form.text_fields)
            path = post(path, answers_for(form, family)).headers["location"]
        check = read_form(get(path).text)
        done = post(path, check.hidden).headers["location"]
        if submit_twice:
            post(path, check.hidden)
        found = _REFERENCE.search(get(done).text)
        if found is None:
            raise RuntimeError("the confirmation page shows no reference")
    return Journey(family, found.group(0), pages, questions, requests)
