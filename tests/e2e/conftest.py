"""Browser-test fixtures: the app on a real port, the system Chromium, a fresh page per test.

The browser is Debian's Chromium (``make test-deps`` installs it), driven by Playwright; we never
download a browser. Pages keep the app's Content-Security-Policy in force, so a script the policy
blocks breaks the test exactly as it would break a family's phone.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, sync_playwright

from tests.e2e.harness import (
    ARTIFACTS_DIR,
    CHROMIUM_ARGS,
    DESKTOP_HEIGHT,
    DESKTOP_WIDTH,
    LiveServer,
    PageFactory,
    chromium_executable,
    open_page,
    serve,
)


def _create_feedback_app(database: Path) -> Flask:
    """Return the SEND Feedback app on an empty SQLite file in WAL mode, schema created."""
    from feedback import create_app
    from feedback.extensions import db

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "e2e-test-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            # A real browser carries the session cookie and the hidden token, so keep CSRF on.
            "WTF_CSRF_ENABLED": True,
        }
    )
    with app.app_context():
        # WAL lets the server's threads read while one writes; the mode is stored in the file.
        with db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA journal_mode=WAL")
        db.create_all()
    return app


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Serve the SEND Feedback app on a temporary SQLite database for the whole session.

    Returns
    -------
    Iterator[LiveServer]
        The running server; tests add their data inside ``live_server.app.app_context()``.
    """
    from feedback.extensions import db

    app = _create_feedback_app(tmp_path_factory.mktemp("e2e-db") / "feedback.db")
    with serve(app) as server:
        # Links the app writes (letters, emails, QR codes) should point at this server.
        app.config["PUBLIC_BASE_URL"] = server.url
        yield server
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Launch the system Chromium once for the session through Playwright.

    Returns
    -------
    Iterator[Browser]
        A headless Chromium, closed when the session ends.
    """
    executable = chromium_executable()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def browser_errors() -> list[str]:
    """Collect the current test's JavaScript errors, console errors and CSP violations.

    Returns
    -------
    list[str]
        Filled as pages run; assert it is empty to prove a page ran cleanly.
    """
    return []


@pytest.fixture
def new_page(browser: Browser, browser_errors: list[str]) -> Iterator[PageFactory]:
    """Open pages, each in a fresh browser context (its own cookies), closed after the test.

    Returns
    -------
    Iterator[PageFactory]
        ``new_page(width=1280, height=800)``; pass ``width=NARROW_WIDTH`` for the 320 px check.
    """
    pages: list[Page] = []

    def open_new_page(width: int = DESKTOP_WIDTH, height: int = DESKTOP_HEIGHT) -> Page:
        pages.append(open_page(browser, browser_errors, width, height))
        return pages[-1]

    yield open_new_page
    for opened in pages:
        opened.context.close()


@pytest.fixture
def page(new_page: PageFactory) -> Page:
    """Return a desktop-sized page (1280 × 800 CSS px) in its own browser context."""
    return new_page()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Return ``test-artifacts/`` (gitignored) for screenshots, creating it if needed."""
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    return ARTIFACTS_DIR
