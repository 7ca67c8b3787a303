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
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit

from bs4 import BeautifulSoup, Tag
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.test import TestResponse

# Answers for machines, not pages for people: their refusals are not HTML pages.
MACHINE_ENDPOINTS = frozenset(
    {"receipts.delivery_receipt", "operations.metrics", "health.healthz", "operations.readyz"}
)
# Integers past what the database's integer columns hold (2^31, 2^63 and beyond).
HUGE_NUMBERS = ("2147483648", "9223372036854775808", "18446744073709551616" + "0" * 20, "9" * 5000)
NUL = "\x00"
LONG_TEXT = "Ω" + "a" * 9999
# Values sent as path parameters instead of real ones.
NONSENSE_PATH_VALUES = ("%00", "a%00b", *HUGE_NUMBERS, "-1", "0")


@dataclass
class FoundForm:
    """A form on a page as a browser would submit it.

    ``fields`` holds (name, kind, value, options) per control in document order; ``kind`` is the
    input type ("text", "hidden", "radio", "checkbox", "select", "textarea", "file", "submit").
    """

    method: str
    action: str
    multipart: bool
    fields: list[tuple[str, str, str, list[str]]] = field(default_factory=list)

    def hidden(self) -> list[tuple[str, str]]:
        """The hidden fields (the CSRF token among them) with their values."""
        return [(name, value) for name, kind, value, _ in self.fields if kind == "hidden"]

    def date_fields(self) -> set[str]:
        """Names of GOV.UK date inputs: three text boxes with the same name."""
        counts: dict[str, int] = {}
        for name, kind, _, _ in self.fields:
            if kind in ("text", "number"):
                counts[name] = counts.get(name, 0) + 1
        return {name for name, count in counts.items() if count == 3}


def parse_forms(html: str, page_url: str) -> list[FoundForm]:
    """Return every form of a page with its controls, actions resolved against ``page_url``."""
    found = []
    for form in BeautifulSoup(html, "html.parser").find_all("form"):
        method = str(form.get("method") or "get").lower()
        action = urljoin(page_url, str(form.get("action") or page_url))
        multipart = "multipart" in str(form.get("enctype") or "")
        current = FoundForm(method=method, action=action, multipart=multipart)
        for control in form.find_all(["input", "textarea", "select", "button"]):
            name = control.get("name")
            if not name:
                continue
            if control.name == "select":
                options = [str(o.get("value", o.get_text())) for o in control.find_all("option")]
                current.fields.append((str(name), "select", options[0] if options else "", options))
            elif control.name == "textarea":
                current.fields.append((str(name), "textarea", control.get_text(), []))
            elif control.name == "button":
                current.fields.append((str(name), "submit", str(control.get("value", "")), []))
            else:
                kind = str(control.get("type") or "text").lower()
                current.fields.append((str(name), kind, str(control.get("value", "")), []))
        found.append(current)
    return found


def page_links(html: str, page_url: str) -> list[str]:
    """Return the targets of every ``<a href>`` on a page, resolved against ``page_url``."""
    links = []
    for anchor in BeautifulSoup(html, "html.parser").find_all("a", href=True):
        href = str(anchor["href"]).strip()
        if href.startswith(("mailto:", "tel:", "javascript:")):
            continue
        links.append(urljoin(page_url, href).split("#", 1)[0])
    return links


def internal_path(url: str) -> str | None:
    """The path and query of ``url`` if it points inside the app, else ``None``."""
    parts = urlsplit(url)
    if parts.scheme not in ("", "http", "https"):
        return None
    if parts.netloc not in ("", "localhost", "127.0.0.1"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _submission(form: FoundForm, fill: Callable[[str, str, list[str]], list[str]]) -> list:
    """The (name, value) pairs of ``form`` with each visible control's values from ``fill``."""
    pairs: list[tuple[str, str]] = []
    seen_choice: set[str] = set()
    dates = form.date_fields()
    tamper = fill is _tampered_hidden
    for name, kind, value, options in form.fields:
        if kind == "hidden":
            # The CSRF token stays; other hidden values (ids, steps) are what a script may change.
            pairs.append((name, HUGE_NUMBERS[1] if tamper and name != "csrf_token" else value))
        elif kind == "submit":
            continue
        elif kind in ("radio", "checkbox"):
            if name in seen_choice:
                continue
            seen_choice.add(name)
            pairs.extend((name, v) for v in fill(name, kind, [value]))
        elif name in dates:
            if name in seen_choice:
                continue
            seen_choice.add(name)
            pairs.extend((name, v) for v in fill(name, "date", []))
        else:
            pairs.extend((name, v) for v in fill(name, kind, options))
    return pairs


def _empty(name: str, kind: str, options: list[str]) -> list[str]:
    return ["", "", ""] if kind == "date" else ([] if kind in ("radio", "checkbox") else [""])


def _nul(name: str, kind: str, options: list[str]) -> list[str]:
    if kind == "date":
        return [f"1{NUL}", "2", "2025"]
    return [f"x{NUL}y"]


def _long(name: str, kind: str, options: list[str]) -> list[str]:
    if kind == "date":
        return ["1" * 500, "2" * 500, "9" * 500]
    return [LONG_TEXT]


def _impossible_date(name: str, kind: str, options: list[str]) -> list[str]:
    if kind == "date":
        return ["31", "2", "2025"]
    if kind in ("radio", "checkbox", "select"):
        return [options[0]] if options and options[0] else ["no-such-option"]
    return ["31/02/2025"]


def _incomplete_date(name: str, kind: str, options: list[str]) -> list[str]:
    if kind == "date":
        return ["12"]  # one box only, as a script or a broken browser might send
    return ["1 2"]


def _too_many_date_parts(name: str, kind: str, options: list[str]) -> list[str]:
    if kind == "date":
        return ["1", "2", "2025", "4"]
    return [HUGE_NUMBERS[1]]


def _huge_numbers(name: str, kind: str, options: list[str]) -> list[str]:
    if kind == "date":
        return ["1", "1", HUGE_NUMBERS[1]]
    return [HUGE_NUMBERS[1]]


def _tampered_hidden(name: str, kind: str, options: list[str]) -> list[str]:
    return _empty(name, kind, options)


# Each form is sent once empty and once with each kind of nonsense.
FILLS: dict[str, Callable[[str, str, list[str]], list[str]]] = {
    "empty": _empty,
    "nul": _nul,
    "long": _long,
    "impossible date": _impossible_date,
    "incomplete date": _incomplete_date,
    "extra date part": _too_many_date_parts,
    "huge numbers": _huge_numbers,
    "hidden fields changed": _tampered_hidden,
}


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
            pairs = _submission(form, fill)
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
