"""The pieces the browser fixtures are made of: a live HTTP server and the system Chromium."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, ConsoleMessage, Page
from werkzeug.serving import make_server

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts"
SKIP_BROWSER_ENV = "SEND_FEEDBACK_SKIP_BROWSER"

# A quiet, offline browser: no sandbox (containers), no GPU, no calls home to Google.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP_WIDTH = 1280
DESKTOP_HEIGHT = 800
# WCAG 1.4.10 Reflow: content must work at 320 CSS px wide without scrolling sideways.
NARROW_WIDTH = 320

# What the ``new_page`` fixture hands a test: ``new_page(width=…, height=…) -> Page``.
PageFactory = Callable[..., Page]


@dataclass(frozen=True, slots=True)
class LiveServer:
    """The app served over HTTP on a free local port.

    Attributes
    ----------
    url : str
        Base URL without a trailing slash, e.g. ``http://127.0.0.1:41234``.
    app : Flask
        The application being served, for ``app.app_context()`` set-up in tests.
    """

    url: str
    app: Flask


@contextmanager
def serve(app: Flask) -> Iterator[LiveServer]:
    """Serve ``app`` with Werkzeug's threaded server in a daemon thread until the block ends.

    Returns
    -------
    Iterator[LiveServer]
        One ``LiveServer`` whose ``url`` answers while the block runs.
    """
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def chromium_executable() -> str:
    """Return the system Chromium's path; skip on request, otherwise fail saying how to fix it.

    Returns
    -------
    str
        The path of ``chromium`` on ``PATH``. Never downloads a browser.
    """
    if os.environ.get(SKIP_BROWSER_ENV) == "1":
        pytest.skip(f"browser tests skipped because {SKIP_BROWSER_ENV}=1 (quick local runs only)")
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail(
            "Chromium is not installed, so the browser tests (axe-core accessibility checks, "
            "keyboard-only journeys) cannot run. Install it with `make test-deps`, or set "
            f"{SKIP_BROWSER_ENV}=1 to skip them on a quick local run.",
            pytrace=False,
        )
    return executable


def open_page(
    browser: Browser,
    errors: list[str],
    width: int = DESKTOP_WIDTH,
    height: int = DESKTOP_HEIGHT,
) -> Page:
    """Open a page in a fresh browser context whose script errors are appended to ``errors``.

    Returns
    -------
    Page
        A page ``width`` × ``height`` CSS px, British English; close it with
        ``page.context.close()``. Console errors, uncaught exceptions and Content-Security-Policy
        violations all land in ``errors``.
    """
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="en-GB", reduced_motion="reduce"
    )
    page = context.new_page()

    def record_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(f"console: {message.text}")

    def record_page_error(error: Exception) -> None:
        errors.append(f"page error: {error}")

    page.on("console", record_console)
    page.on("pageerror", record_page_error)
    return page


def signed_in(page: Page, live_server: LiveServer, email: str, password: str) -> Page:
    """Sign ``page`` in on the staff sign-in form, with the authenticator-app step (setting the
    app up first if the account has none), and return it once it has left the sign-in pages."""
    page.goto(live_server.url + "/sign-in")
    page.fill("#email", email)
    page.fill("#password", password)
    page.locator("main").get_by_role("button", name="Sign in").click()
    return second_step(page, live_server, email)


def second_step(page: Page, live_server: LiveServer, email: str) -> Page:
    """After the password step, enter the code the user's authenticator app would show (or set
    the app up from the key on the page, as at a first sign-in) and return the signed-in page."""
    from tests.staff_codes import code_after, fresh_code

    page.wait_for_url(lambda url: not url.endswith("/sign-in"))
    main = page.locator("main")
    if "/sign-in/set-up-authenticator" in page.url:
        secret = page.locator("#two-factor-secret").inner_text().replace(" ", "")
        page.fill("#code", code_after(secret, None))
        main.get_by_role("button", name="Continue").click()
        page.wait_for_selector("#recovery-codes")
        main.get_by_role("link", name="Continue").click()
    elif "/sign-in/code" in page.url:
        page.fill("#code", fresh_code(live_server.app, email))
        main.get_by_role("button", name="Continue").click()
    page.wait_for_url(lambda url: "/sign-in" not in url)
    return page
