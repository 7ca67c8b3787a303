"""Check a page against WCAG 2.2 AA with axe-core, the engine GDS and most auditors use."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from playwright.sync_api import Page

AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# Every WCAG A and AA rule up to 2.2, which is what DESIGN.md promises on every page.
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")

_RUN_AXE = """
async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.flat().join(" ")),
  }));
}
"""


@dataclass(frozen=True, slots=True)
class Violation:
    """One axe-core rule a page breaks, with the elements that break it."""

    id: str
    impact: str | None
    help: str
    targets: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.id} ({self.impact}): {self.help} — at {', '.join(self.targets)}"


@cache
def _axe_source() -> str:
    """Return axe-core's script text, failing with the fix when ``npm ci`` has not been run."""
    if not AXE_SCRIPT.exists():
        pytest.fail(
            f"{AXE_SCRIPT.name} is missing: run `make assets` (npm ci) first.", pytrace=False
        )
    # A trailing expression keeps the evaluation's result a plain value Playwright can return.
    return AXE_SCRIPT.read_text(encoding="utf-8") + "\n;true"


def axe_violations(page: Page) -> list[Violation]:
    """Run axe-core's WCAG 2.2 A and AA rules on the page as it is now.

    The script is evaluated through the DevTools protocol rather than added as a ``<script>``
    tag, so the page's Content-Security-Policy stays in force while axe still runs.

    Returns
    -------
    list[Violation]
        Every rule broken, each with the CSS selectors of the offending elements; empty if none.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    found = page.evaluate(_RUN_AXE, list(WCAG_TAGS))
    return [
        Violation(id=v["id"], impact=v["impact"], help=v["help"], targets=tuple(v["targets"]))
        for v in found
    ]


def assert_no_axe_violations(page: Page) -> None:
    """Fail the test, listing each violation's rule, impact, help and targets, if any is found."""
    violations = axe_violations(page)
    assert not violations, f"axe-core found {len(violations)} WCAG 2.2 AA violation(s) on " + (
        f"{page.url}:\n" + "\n".join(f"  - {violation}" for violation in violations)
    )
