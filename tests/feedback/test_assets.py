"""The GOV.UK Frontend assets follow govuk-frontend-jinja and carry no GDS Transport font."""

from __future__ import annotations

import json
import re
from importlib.metadata import metadata, version
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
STATIC_GOVUK = REPO_ROOT / "feedback" / "static" / "govuk"
BUILT_CSS = STATIC_GOVUK / "app.css"

# A row of the README's "Supported" table: | [4.1.0](…/4.1.0) | [6.3.0](…/v6.3.0) |
_COMPATIBILITY_ROW = re.compile(
    r"^\|\s*\[(?P<jinja>[\d.]+)\]\([^)]*\)\s*\|\s*\[(?P<frontend>[\d.]+)\]"
)


def compatible_govuk_frontend(readme: str, jinja_version: str) -> str:
    """Return the GOV.UK Frontend version the README's compatibility table pairs with a release.

    Returns
    -------
    str
        e.g. ``"6.3.0"`` for govuk-frontend-jinja ``"4.1.0"``.
    """
    for line in readme.splitlines():
        row = _COMPATIBILITY_ROW.match(line.strip())
        if row and row["jinja"] == jinja_version:
            return row["frontend"]
    raise LookupError(f"govuk-frontend-jinja {jinja_version} is not in its compatibility table")


def _package_json_pin() -> str:
    package = json.loads((REPO_ROOT / "package.json").read_text(encoding="utf-8"))
    return package["dependencies"]["govuk-frontend"]


def _built_css() -> str:
    if not BUILT_CSS.exists():
        pytest.skip("feedback/static/govuk/app.css is not built: run `make assets` first")
    return BUILT_CSS.read_text(encoding="utf-8")


def test_compatibility_row_is_found_for_a_listed_release() -> None:
    readme = (
        "| GOV.UK Frontend Jinja | GOV.UK Frontend |\n"
        "| [4.1.0](https://x/4.1.0)   | [6.3.0](https://y/v6.3.0)   |\n"
        "| [4.0.0](https://x/4.0.0)   | [6.0.0](https://y/v6.0.0)   |\n"
    )

    assert compatible_govuk_frontend(readme, "4.0.0") == "6.0.0"


def test_unlisted_release_is_refused_rather_than_guessed() -> None:
    with pytest.raises(LookupError, match=r"4\.9\.9"):
        compatible_govuk_frontend("| [4.1.0](a) | [6.3.0](b) |", "4.9.9")


def test_package_json_pins_the_govuk_frontend_that_the_installed_jinja_macros_support() -> None:
    dist = metadata("govuk-frontend-jinja")
    # Core metadata 2.1+ may carry the README as the message body instead of a header.
    readme = dist["Description"] or str(dist.get_payload())

    expected = compatible_govuk_frontend(readme, version("govuk-frontend-jinja"))

    assert _package_json_pin() == expected


def test_lockfile_resolves_the_pinned_govuk_frontend() -> None:
    lock = json.loads((REPO_ROOT / "package-lock.json").read_text(encoding="utf-8"))

    locked = lock["packages"]["node_modules/govuk-frontend"]["version"]

    assert locked == _package_json_pin()


def test_built_css_declares_no_font_face() -> None:
    assert "@font-face" not in _built_css()


def test_built_css_never_names_gds_transport() -> None:
    assert "GDS Transport" not in _built_css()


def test_every_image_the_css_uses_is_served_from_static_govuk_assets() -> None:
    urls = re.findall(r"url\(\"?([^\")]+)\"?\)", _built_css())

    assert urls, "expected the footer's crest image at least"
    for url in urls:
        assert url.startswith("/static/govuk/assets/images/")
        assert (STATIC_GOVUK / url.removeprefix("/static/govuk/")).is_file(), url
