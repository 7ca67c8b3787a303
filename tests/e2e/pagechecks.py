"""Checks of what a user sees that axe-core cannot make: reflow at 320 px and visible focus."""

from __future__ import annotations

from playwright.sync_api import Page

# GOV.UK Frontend paints every focus state in this yellow ($govuk-focus-colour, #ffdd00).
GOVUK_FOCUS_COLOUR = "rgb(255, 221, 0)"

_OVERFLOW = """
(width) => ({
  scrollWidth: document.documentElement.scrollWidth,
  culprits: [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > width + 0.5)
    .slice(0, 5)
    .map((el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
      + (el.classList.length ? "." + [...el.classList].join(".") : "")),
})
"""

# Looks at the focused element, its pseudo-elements and, for radios and checkboxes (whose input
# is invisible), the pseudo-elements of their labels, which is where GOV.UK draws the focus ring.
_FOCUS_INDICATOR = """
(focusColour) => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "");
  const painted = (style) => {
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2
      && !/rgba\\(\\d+, \\d+, \\d+, 0\\)|transparent/.test(style.outlineColor);
    if (outline) return `outline ${style.outlineWidth} ${style.outlineStyle} ${style.outlineColor}`;
    for (const property of ["boxShadow", "backgroundColor", "borderColor"]) {
      if (style[property].includes(focusColour)) return `${property} ${style[property]}`;
    }
    return null;
  };
  const boxes = [[el, null], [el, "::before"], [el, "::after"]];
  for (const label of el.labels || []) boxes.push([label, "::before"], [label, "::after"]);
  for (const [box, pseudo] of boxes) {
    const found = painted(getComputedStyle(box, pseudo));
    const where = box === el ? "" : " label";
    if (found) return `${name}${where}${pseudo || ""}: ${found}`;
  }
  return null;
}
"""


def assert_fits_width(page: Page, width: int) -> None:
    """Fail unless the page fits ``width`` CSS px with no sideways scroll (WCAG 1.4.10 Reflow)."""
    measured = page.evaluate(_OVERFLOW, width)
    assert measured["scrollWidth"] <= width, (
        f"{page.url} is {measured['scrollWidth']} px wide at a {width} px viewport; "
        f"too wide: {', '.join(measured['culprits']) or 'unknown'}"
    )


def focus_indicator(page: Page) -> str | None:
    """Describe the visible focus indicator of the focused element.

    A transparent outline (GOV.UK's fallback for Windows high-contrast mode) does not count;
    a solid outline of at least 2 px, or the GOV.UK focus colour in a box shadow, background or
    border of the element, its pseudo-elements or its labels' pseudo-elements, does.

    Returns
    -------
    str | None
        e.g. ``"textarea#comments: outline 3px solid rgb(255, 221, 0)"``, or ``None`` when
        nothing is focused or the focused element shows no indicator.
    """
    return page.evaluate(_FOCUS_INDICATOR, GOVUK_FOCUS_COLOUR)


def assert_focus_visible(page: Page) -> str:
    """Fail unless the focused element shows a focus indicator (WCAG 2.4.7); return it."""
    indicator = focus_indicator(page)
    focused = page.evaluate("document.activeElement && document.activeElement.outerHTML")
    assert indicator is not None, f"no visible focus indicator on {page.url}: {focused}"
    return indicator
