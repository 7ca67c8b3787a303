"""A crawler for the route-by-route test: every route with real ids, every link, every form.

It walks the app as a browser would (following links, posting forms with the CSRF token the page
carries) and collects problems instead of stopping at the first: a 500, a refusal outside the
service's layout, an internal link that leads nowhere.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from bs4 import BeautifulSoup, Tag
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.test import TestResponse

from tests.feedback.crawl_forms import (
    FILLS,
    HUGE_NUMBERS,
    LONG_TEXT,
    NUL,
    FoundForm,
    internal_path,
    page_links,
    parse_forms,
    submission,
)

# Answers for machines, not pages for people: their refusals are not HTML pages.
MACHINE_ENDPOINTS = frozenset(
    {"receipts.delivery_receipt", "operations.metrics", "health.healthz", "operations.readyz"}
)
# Integers past what the database's integer columns hold (2^31, 2^63 and beyond).
# Values sent as path parameters instead of real ones.
NONSENSE_PATH_VALUES = ("%00", "a%00b", *HUGE_NUMBERS, "-1", "0")


@dataclass
class Crawler:
    """Walks an app as one visitor; ``problems`` lists everything that went wrong."""

    app: Flask
    client: FlaskClient
    sign_in: Callable[[FlaskClient], None] | None
    follow_per_endpoint: int = 4
    # Forms sent only by ``submit_last`` (sign-out, on every staff page, ends the session).
    forms_last: frozenset[str] = frozenset({"auth.sign_out"})
    visits_per_endpoint: int = 12
    max_requests: int = 3000
    problems: list[str] = field(default_factory=list)
    requests: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    _seen: set[str] = field(default_factory=set)
    _followed: dict[str, int] = field(default_factory=dict)
    _visits: dict[str, int] = field(default_factory=dict)
    _forms_done: set[tuple[str, str]] = field(default_factory=set)
    _query_names: set[str] = field(default_factory=lambda: {"page", "next", "lang"})

    @property
    def forms_sent(self) -> int:
        """How many distinct forms (by endpoint and method) were sent."""
        return len(self._forms_done)

    def endpoint_of(self, path: str, method: str = "GET") -> str | None:
        """The endpoint ``path`` routes to, or ``None`` when none does."""
        adapter = self.app.url_map.bind("localhost")
        try:
            endpoint, _ = adapter.match(urlsplit(path).path, method=method)
        except (NotFound, MethodNotAllowed):
            return None
        except Exception:
            return None
        return str(endpoint)

    def request(
        self, method: str, path: str, *, data: object = None, why: str = "", retry: bool = True
    ) -> TestResponse | None:
        """Make one request; record a 500 or a refusal outside the layout; return the response."""
        self.requests += 1
        label = f"{method} {path[:160]!r} ({why})" if why else f"{method} {path[:160]!r}"
        try:
            response = self.client.open(path, method=method, data=data)
        except Exception as error:
            where = traceback.extract_tb(error.__traceback__)[-1]
            self.problems.append(
                f"500 {label}: {type(error).__name__}: {str(error)[:200]} "
                f"at {where.filename}:{where.lineno}"
            )
            self.statuses[500] = self.statuses.get(500, 0) + 1
            return None
        status = response.status_code
        response.get_data()  # read it all, then let go of any file behind it
        response.close()
        self.statuses[status] = self.statuses.get(status, 0) + 1
        machine = self.endpoint_of(path, method) in MACHINE_ENDPOINTS
        if status == 503 and machine:
            pass  # a readiness check saying "not ready" is its job
        elif status >= 500:
            self.problems.append(f"{status} {label}")
        elif status >= 400:
            self._check_refusal(response, label, path, method)
        signed_out = status == 302 and "/sign-in" in response.headers.get("Location", "")
        if self.sign_in and signed_out and retry:
            # A form (sign-out, a password change) ended the session: sign in again and retry.
            self.sign_in(self.client)
            return self.request(
                method, path, data=data, why=why + " after signing in again", retry=False
            )
        return response

    def _check_refusal(self, response: TestResponse, label: str, path: str, method: str) -> None:
        if self.endpoint_of(path, method) in MACHINE_ENDPOINTS:
            return
        if response.mimetype != "text/html":
            self.problems.append(
                f"{response.status_code} {label}: not a page ({response.mimetype})"
            )
            return
        page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        header = page.select_one("header.govuk-template__header")
        headings = page.find_all("h1")
        title = page.title.get_text(strip=True) if page.title else ""
        if header is None or len(headings) != 1 or not title:
            self.problems.append(f"{response.status_code} {label}: refusal outside the layout")

    def visit(self, path: str, *, why: str = "") -> None:
        """GET ``path`` and, for the first few pages of its endpoint, follow its links and forms."""
        queue = [(path, why)]
        while queue and self.requests < self.max_requests:
            current, reason = queue.pop(0)
            if current in self._seen:
                continue
            self._seen.add(current)
            endpoint = self.endpoint_of(current) or "?"
            visits = self._visits.get(endpoint, 0)
            if visits >= self.visits_per_endpoint:
                continue  # its route exists (checked when the link was found); enough of these
            self._visits[endpoint] = visits + 1
            response = self.request("GET", current, why=reason)
            if response is None or response.mimetype != "text/html":
                continue
            html = response.get_data(as_text=True)
            for link in page_links(html, "http://localhost" + current):
                target = internal_path(link)
                if target is None:
                    continue
                for name, _ in parse_qsl(urlsplit(target).query):
                    self._query_names.add(name)
                if self.endpoint_of(target) is None and target not in self._seen:
                    self._seen.add(target)
                    self.problems.append(f"link to nowhere {target!r} on {current!r}")
                    continue
                if response.status_code == 200 or target not in self._seen:
                    queue.append((target, f"link on {current[:80]}"))
            if response.status_code != 200:
                continue
            followed = self._followed.get(endpoint, 0)
            if followed >= self.follow_per_endpoint:
                continue
            self._followed[endpoint] = followed + 1
            for form in parse_forms(html, "http://localhost" + current):
                self.submit_all(form, current)

    def submit_all(self, form: FoundForm, page: str) -> None:
        """Send ``form`` once empty and once with each kind of nonsense (once per endpoint)."""
        action = internal_path(form.action)
        if action is None:
            return
        key = (self.endpoint_of(action, form.method.upper()) or action, form.method)
        if key in self._forms_done or key[0] in self.forms_last:
            return
        self._forms_done.add(key)
        for name, fill in FILLS.items():
            pairs = submission(form, fill)
            why = f"{name} form from {page[:80]}"
            if form.method == "get":
                separator = "&" if "?" in action else "?"
                self.request("GET", action + separator + urlencode(pairs), why=why)
            elif form.multipart:
                data: dict[str, object] = {}
                for field_name, value in pairs:
                    data.setdefault(field_name, []).append(value)  # type: ignore[union-attr]
                for field_name, kind, _, _ in form.fields:
                    if kind == "file":
                        data[field_name] = (_file_body(name), "nonsense.xlsx")
                self.request("POST", action, data=data, why=why)
            else:
                self.request("POST", action, data=_multi(pairs), why=why)

    def submit_last(self) -> None:
        """Send the forms kept for last (sign-out), found on the pages already visited."""
        for page in sorted(self._seen):
            if self.endpoint_of(page) is None:
                continue
            response = self.client.get(page)
            html = response.get_data(as_text=True)
            response.close()
            if response.status_code != 200 or response.mimetype != "text/html":
                continue
            for form in parse_forms(html, "http://localhost" + page):
                action = internal_path(form.action)
                endpoint = action and self.endpoint_of(action, form.method.upper())
                if endpoint in self.forms_last:
                    self.forms_last = self.forms_last - {endpoint}
                    self.sign_in = None  # signed out on purpose from here on
                    self.submit_all(form, page)
            if not self.forms_last:
                return

    def nonsense_urls(self) -> Iterator[tuple[str, str]]:
        """Every route with nonsense in each path parameter, and every page with nonsense in its
        query string: (path, why)."""
        for rule in self.app.url_map.iter_rules():
            if "GET" not in (rule.methods or set()):
                continue
            for argument in rule.arguments:
                for value in NONSENSE_PATH_VALUES:
                    yield _build(rule.rule, argument, value), f"{value} as {argument}"
        for name in sorted(self._query_names):
            for value in (quote(NUL), *HUGE_NUMBERS, quote(LONG_TEXT[:2000])):
                yield f"/staff/cases/?{name}={value}", f"{name}={value[:20]}"
        for path in self._one_path_per_endpoint():
            yield f"{path}?page={HUGE_NUMBERS[1]}", "huge page"
            yield f"{path}?q=%00", "NUL in query"
            yield path.rstrip("/") + "/%00", "NUL in path"

    def _one_path_per_endpoint(self) -> list[str]:
        paths: dict[str, str] = {}
        for path in sorted(p for p in self._seen if "?" not in p):
            paths.setdefault(self.endpoint_of(path) or path, path)
        return sorted(paths.values())


def _build(rule: str, argument: str, value: str) -> str:
    """``rule`` with ``value`` for ``argument`` and a harmless value for the others."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(2)
        return value if name == argument else "1"

    return re.sub(r"<(?:([a-z]+):)?([a-z_]+)>", replace, rule)


def _multi(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for name, value in pairs:
        data.setdefault(name, []).append(value)
    return data


def _file_body(fill: str) -> object:
    from io import BytesIO

    body = {"empty": b"", "nul": b"\x00" * 64}.get(fill, b"reference,date\r\n\x00,31/02/2025\r\n")
    return BytesIO(body)


def soup_text(response: TestResponse) -> Tag:
    """The parsed page of ``response``."""
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")
