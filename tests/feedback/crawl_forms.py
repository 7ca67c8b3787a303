"""The crawler's view of a page's forms and links, and the nonsense it fills forms with.

Each fill turns a form control (name, kind, options) into the values sent: empty, NUL bytes,
10,000 characters, impossible and incomplete dates, huge numbers, changed hidden fields.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

HUGE_NUMBERS = ("2147483648", "9223372036854775808", "18446744073709551616" + "0" * 20, "9" * 5000)
NUL = "\x00"
LONG_TEXT = "Ω" + "a" * 9999


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


def submission(form: FoundForm, fill: Callable[[str, str, list[str]], list[str]]) -> list:
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
