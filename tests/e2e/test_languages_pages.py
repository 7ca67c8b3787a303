"""Every family page in every shipped language, in Chromium: axe-core, reflow, language, direction.

Each page is opened three times: at 1280 × 800 (axe-core's WCAG 2.2 A and AA rules), at a
320 CSS px phone (WCAG 1.4.10 Reflow; a screenshot for reading by eye goes to
``test-artifacts/languages/``) and at 400% zoom of a 1280 × 1024 screen (also 320 CSS px wide).
The visits happen once per module; each test below checks one promise for one page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext

from tests.e2e.axe import Violation, axe_violations
from tests.e2e.harness import LiveServer
from tests.e2e.language_pages import (
    FAMILY_PAGES,
    LANGUAGES,
    RIGHT_TO_LEFT,
    Measured,
    links_for,
    measure,
)

pytestmark = pytest.mark.e2e

NARROW = 320
# name -> (width, height, device scale factor); 1280 × 1024 at 400% zoom is 320 × 256 CSS px.
VIEWPORTS = {"desktop": (1280, 800, 1), "phone": (NARROW, 640, 1), "zoom-400": (320, 256, 4)}
CASES = [(language, page.name) for language in LANGUAGES for page in FAMILY_PAGES]
IDS = [f"{language}-{name}" for language, name in CASES]


SWITCH_LINES = """() => {
  const line = document.querySelector('.app-language-switcher__line');
  if (!line) return null;
  return line.getBoundingClientRect().height / parseFloat(getComputedStyle(line).lineHeight);
}"""


@dataclass(frozen=True, slots=True)
class Visit:
    """One family page in one language, as seen at each viewport."""

    violations: tuple[Violation, ...]
    desktop: Measured
    phone: Measured
    zoomed: Measured
    # Lines the language switch takes on the phone (its height over its line height), if any.
    switch_lines: float | None = None


def _context(browser: Browser, viewport: str) -> BrowserContext:
    width, height, scale = VIEWPORTS[viewport]
    return browser.new_context(
        viewport={"width": width, "height": height},
        device_scale_factor=scale,
        locale="en-GB",
        reduced_motion="reduce",
    )


@pytest.fixture(scope="module")
def visits(
    browser: Browser, live_server: LiveServer, artifacts_dir: Path
) -> Iterator[dict[tuple[str, str], Visit]]:
    """Open every family page in every language at every viewport, once for the module."""
    contexts = {name: _context(browser, name) for name in VIEWPORTS}
    pages = {name: context.new_page() for name, context in contexts.items()}
    seen: dict[tuple[str, str], Visit] = {}
    try:
        for language in LANGUAGES:
            links = links_for(live_server.app, language)
            shots = artifacts_dir / "languages" / language
            shots.mkdir(parents=True, exist_ok=True)
            for family_page in FAMILY_PAGES:
                for page in pages.values():
                    family_page.open(page, live_server.url, links)
                pages["phone"].screenshot(path=shots / f"{family_page.name}.png", full_page=True)
                seen[(language, family_page.name)] = Visit(
                    violations=tuple(axe_violations(pages["desktop"])),
                    desktop=measure(pages["desktop"]),
                    phone=measure(pages["phone"]),
                    zoomed=measure(pages["zoom-400"]),
                    switch_lines=pages["phone"].evaluate(SWITCH_LINES),
                )
        yield seen
    finally:
        for context in contexts.values():
            context.close()


@pytest.mark.parametrize(("language", "name"), CASES, ids=IDS)
def test_family_page_has_no_axe_violations(
    visits: dict[tuple[str, str], Visit], language: str, name: str
) -> None:
    assert [str(v) for v in visits[(language, name)].violations] == []


@pytest.mark.parametrize(("language", "name"), CASES, ids=IDS)
def test_family_page_fits_a_320_pixel_phone_without_sideways_scrolling(
    visits: dict[tuple[str, str], Visit], language: str, name: str
) -> None:
    phone = visits[(language, name)].phone

    assert phone.scroll_width <= NARROW
    assert phone.leftmost >= -0.5 and phone.rightmost <= NARROW + 0.5, phone


@pytest.mark.parametrize(("language", "name"), CASES, ids=IDS)
def test_family_page_fits_400_percent_zoom_without_sideways_scrolling(
    visits: dict[tuple[str, str], Visit], language: str, name: str
) -> None:
    zoomed = visits[(language, name)].zoomed

    assert zoomed.scroll_width <= NARROW
    assert zoomed.leftmost >= -0.5 and zoomed.rightmost <= NARROW + 0.5, zoomed


@pytest.mark.parametrize(("language", "name"), CASES, ids=IDS)
def test_family_page_declares_its_language_and_direction(
    visits: dict[tuple[str, str], Visit], language: str, name: str
) -> None:
    page = visits[(language, name)].desktop
    direction = "rtl" if language in RIGHT_TO_LEFT else "ltr"

    assert (page.lang, page.dir or "ltr", page.direction) == (language, direction, direction)


@pytest.mark.parametrize(
    ("language", "name"),
    [case for case in CASES if case[0] != "en"],
    ids=[case_id for case, case_id in zip(CASES, IDS, strict=True) if case[0] != "en"],
)
def test_family_page_heading_is_translated(
    visits: dict[tuple[str, str], Visit], language: str, name: str
) -> None:
    heading = visits[(language, name)].desktop.heading

    assert heading
    assert heading != visits[("en", name)].desktop.heading


@pytest.mark.parametrize(("language", "name"), CASES, ids=IDS)
def test_language_switch_takes_one_line_on_a_320_pixel_phone(
    visits: dict[tuple[str, str], Visit], language: str, name: str
) -> None:
    lines = visits[(language, name)].switch_lines

    if name == "languages":
        assert lines is None  # the list of languages is the choice itself
    else:
        assert lines is not None and lines < 1.5
