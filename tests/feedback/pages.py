"""Reading pages the way a screen reader and a script would: headings, titles, ids, forms."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from werkzeug.test import TestResponse


def soup(response: TestResponse) -> BeautifulSoup:
    """Return the parsed HTML of ``response``."""
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def assert_well_formed_page(response: TestResponse) -> None:
    """Fail unless an HTML page has a title, a ``lang``, exactly one ``h1`` and unique ids."""
    page = soup(response)
    assert page.title is not None and page.title.get_text(strip=True), "page has no <title>"
    assert page.html is not None and page.html.get("lang"), "page has no lang attribute"
    headings = page.find_all("h1")
    assert len(headings) == 1, f"expected exactly one h1, found {len(headings)}"
    ids = Counter(tag["id"] for tag in page.find_all(id=True))
    duplicates = [key for key, count in ids.items() if count > 1]
    assert not duplicates, f"duplicate ids: {duplicates}"
    for field in page.select("input:not([type=hidden]), textarea, select"):
        field_id = field.get("id")
        assert field_id and page.find("label", attrs={"for": field_id}), (
            f"input {field.get('name')} has no label"
        )


class CheckingClient(FlaskClient):
    """A test client that checks every HTML page it receives with ``assert_well_formed_page``."""

    def open(self, *args: object, **kwargs: object) -> TestResponse:  # type: ignore[override]
        """Make the request, check the page if it is HTML, and return the response."""
        response = super().open(*args, **kwargs)  # type: ignore[arg-type]
        if response.mimetype == "text/html" and response.status_code != 302:
            assert_well_formed_page(response)
        return response


@dataclass(frozen=True, slots=True)
class PageForm:
    """The first form on a page: where it posts and the fields a browser would send."""

    action: str
    fields: dict[str, list[str]]
    choices: dict[str, list[str]]
    text_fields: list[str]


def first_form(response: TestResponse) -> PageForm:
    """Return the first ``<form method=post>`` of the page with its hidden values and choices."""
    page = soup(response)
    form = page.find("form", attrs={"method": "post"})
    assert form is not None, "no form on the page"
    fields: dict[str, list[str]] = {}
    choices: dict[str, list[str]] = {}
    texts: list[str] = []
    for element in form.find_all(["input", "textarea"]):
        name = element.get("name")
        if not name:
            continue
        kind = element.get("type", "textarea" if element.name == "textarea" else "text")
        if kind == "hidden":
            fields[name] = [element.get("value", "")]
        elif kind in ("radio", "checkbox"):
            choices.setdefault(name, []).append(element.get("value", ""))
        elif kind not in ("submit", "button"):
            texts.append(name)
    return PageForm(
        action=form.get("action") or "", fields=fields, choices=choices, text_fields=texts
    )
