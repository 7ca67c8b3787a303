"""A question page weighs at most 35 KB gzip in total, with nothing fetched from another site.

DESIGN.md §8: a family on a slow phone downloads the HTML, CSS, JavaScript, images and fonts of
a question page in at most 35 KB, compressed. The browser loads the page with an empty cache;
every response it receives is gzipped (level 6, a web server's usual setting) and summed.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Response

from tests.e2e.harness import NARROW_WIDTH, LiveServer
from tests.e2e.language_pages import family_link

pytestmark = pytest.mark.e2e

BUDGET_BYTES = 35 * 1024
GZIP_LEVEL = 6
_FINGERPRINT = re.compile(r"\.[0-9a-f]{12}(?=\.[a-z]+$)")


@dataclass(frozen=True, slots=True)
class Download:
    """One response the browser received while loading the page."""

    url: str
    raw_bytes: int
    gzip_bytes: int


def _load(browser: Browser, url: str) -> list[Download]:
    context = browser.new_context(viewport={"width": NARROW_WIDTH, "height": 640})
    received: list[Response] = []
    try:
        page = context.new_page()
        page.on("response", lambda response: received.append(response))
        page.goto(url, wait_until="networkidle")
        downloads = []
        for response in received:
            body = response.body() if response.status < 300 else b""
            compressed = len(gzip.compress(body, compresslevel=GZIP_LEVEL)) if body else 0
            downloads.append(Download(response.url, len(body), compressed))
        return downloads
    finally:
        context.close()


@pytest.fixture(scope="module")
def pages(browser: Browser, live_server: LiveServer) -> Iterator[dict[str, list[Download]]]:
    """A standard question page in English and an Easy Read one (with faces) in Urdu."""
    app = live_server.app
    standard = family_link(app, language="en") + "/q/decision_explained"
    easy_read = family_link(app, language="ur", survey_format="easy_read")
    yield {
        "standard": _load(browser, live_server.url + standard),
        "easy-read-urdu": _load(browser, live_server.url + easy_read + "/q/overall_satisfaction"),
    }


@pytest.mark.parametrize("name", ["standard", "easy-read-urdu"])
def test_question_page_weighs_at_most_35_kb_gzip(
    pages: dict[str, list[Download]], name: str
) -> None:
    downloads = pages[name]
    total = sum(download.gzip_bytes for download in downloads)

    listing = "\n".join(f"  {d.gzip_bytes:6d} {d.url}" for d in downloads)
    assert total <= BUDGET_BYTES, f"{total} bytes gzip > {BUDGET_BYTES}:\n{listing}"


@pytest.mark.parametrize("name", ["standard", "easy-read-urdu"])
def test_question_page_fetches_nothing_from_another_site(
    pages: dict[str, list[Download]], name: str, live_server: LiveServer
) -> None:
    elsewhere = [d.url for d in pages[name] if not d.url.startswith(live_server.url + "/")]

    assert elsewhere == []


def test_question_page_loads_its_stylesheet_script_and_faces(
    pages: dict[str, list[Download]],
) -> None:
    # Under their own names, with the content hash `make assets` puts in them taken out.
    paths = {_FINGERPRINT.sub("", d.url.split("/", 3)[-1]) for d in pages["easy-read-urdu"]}

    assert {"static/govuk/app.css", "static/app.js", "static/govuk/govuk-frontend.min.js"} <= paths
    assert {f"static/symbols/face-{n}.svg" for n in range(1, 6)} <= paths
