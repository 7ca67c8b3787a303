"""Bytes a phone downloads for a survey question page: first visit and repeat visit, with the
static files as they were (Flask's own static route: no-cache, uncompressed) and as they are
(fingerprinted names, immutable caching, precompressed Brotli/gzip through WhiteNoise).

Run from the repository root: ``.venv/bin/python bench/bench_static_transfer.py``

Both configurations run the production configuration under gunicorn over HTTPS on loopback, with
PostgreSQL (tests/e2e/production.py); "before" only sets ``FEEDBACK_STATIC_BUILD_DIR=""``. The
browser is the system Chromium through Playwright. Bytes are what Chromium's network layer
reports for each request (DevTools protocol ``Network.loadingFinished.encodedDataLength``:
headers and body as they crossed the connection, after compression); a file served from the
browser's cache without asking the server counts 0. First visit: a new browser context (empty
cache) opens the family link's first question page. Repeat visit: the same context opens that
page again, as a family does on the next question or after the back button.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

from tests import postgres_server  # noqa: E402
from tests.e2e.harness import CHROMIUM_ARGS, chromium_executable  # noqa: E402
from tests.e2e.production import ProductionServer, https_browser, production_server  # noqa: E402


@dataclass
class Visit:
    """What one page load transferred: bytes per URL and which came from the cache."""

    bytes_by_url: dict[str, int] = field(default_factory=dict)
    from_cache: set[str] = field(default_factory=set)

    @property
    def total(self) -> int:
        return sum(self.bytes_by_url.values())

    def static_total(self) -> int:
        return sum(size for url, size in self.bytes_by_url.items() if "/static/" in url)


def _measure(page: Page, url: str) -> Visit:
    visit = Visit()
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    urls: dict[str, str] = {}

    def on_response(event: dict) -> None:
        urls[event["requestId"]] = event["response"]["url"]
        if event["response"].get("fromDiskCache") or event["response"].get("fromPrefetchCache"):
            visit.from_cache.add(event["response"]["url"])

    def on_finished(event: dict) -> None:
        address = urls.get(event["requestId"])
        if address:
            visit.bytes_by_url[address] = int(event["encodedDataLength"])

    def on_cached(event: dict) -> None:
        visit.from_cache.add(event["request"]["url"] if "request" in event else "memory")

    session.on("Network.responseReceived", on_response)
    session.on("Network.loadingFinished", on_finished)
    session.on("Network.requestServedFromCache", on_cached)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    session.detach()
    return visit


def _question_url(server: ProductionServer) -> str:
    from feedback.services.demo_links import issue_demo_link
    from feedback.services.surveys import survey_for

    with server.app.app_context():
        link = issue_demo_link("week6", "parent")
        first = survey_for("week6", "parent").pages[0].key
    return f"{server.url}{link}/q/{first}"


def _visits(browser: Browser, server: ProductionServer) -> tuple[Visit, Visit]:
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    url = _question_url(server)
    first = _measure(page, url)
    repeat = _measure(page, url)
    context.close()
    return first, repeat


def _row(name: str, before: int, after: int) -> str:
    ratio = f"{after / before:.2f}×" if before else "–"
    return f"| {name} | {before:,} | {after:,} | {ratio} |"


def main() -> int:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    bin_dir = postgres_server.find_bin_dir()
    if bin_dir is None:
        sys.exit("PostgreSQL is not installed: run `make test-deps`")
    database = postgres_server.start(bin_dir)
    results: dict[str, tuple[Visit, Visit]] = {}
    try:
        with sync_playwright() as playwright:
            launcher = playwright.chromium.launch(
                executable_path=chromium_executable(), args=CHROMIUM_ARGS
            )
            for name, extra in (("before", {"FEEDBACK_STATIC_BUILD_DIR": '""'}), ("after", {})):
                with (
                    production_server(
                        database, database=f"static_{name}", workers=1, extra_env=extra
                    ) as server,
                    https_browser(launcher, server) as browser,
                ):
                    results[name] = _visits(browser, server)
            launcher.close()
    finally:
        postgres_server.stop(database)
    (first_before, repeat_before), (first_after, repeat_after) = results["before"], results["after"]
    print("| question page | before (bytes) | after (bytes) | after / before |")
    print("|---|---|---|---|")
    rows = (
        ("first visit, all", first_before.total, first_after.total),
        ("first visit, static files", first_before.static_total(), first_after.static_total()),
        ("repeat visit, all", repeat_before.total, repeat_after.total),
        ("repeat visit, static files", repeat_before.static_total(), repeat_after.static_total()),
    )
    for row in rows:
        print(_row(*row))
    for name, (first, repeat) in results.items():
        print(f"\n{name}: first visit")
        for url, size in sorted(first.bytes_by_url.items()):
            print(f"  {size:>8,}  {url.split('/', 3)[-1][:90]}")
        print(f"{name}: repeat visit")
        for url, size in sorted(repeat.bytes_by_url.items()):
            print(f"  {size:>8,}  {url.split('/', 3)[-1][:90]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
