"""`make run HOST=… PORT=…` links to the address it serves: the banner it prints and the links in
letters, posters and the demo family link all use ``PUBLIC_BASE_URL``, which `make run` sets from
HOST and PORT (today's :5000 only when nothing else is asked for)."""

from __future__ import annotations

import os
import shutil
import subprocess  # nosec B404 - runs make and Python with fixed arguments
import sys
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from flask import Flask
from flask.testing import FlaskCliRunner

from feedback.extensions import db
from feedback.models.cases import Poster
from feedback.services.cases.contact import poster_for
from feedback.services.cases.letters import render_letter, render_poster
from feedback.services.cases.links import token_for
from feedback.services.cases.sending import send_due
from feedback.services.organisations import ensure_organisation
from tests.feedback.cases_data import at, import_file, invitations_of, row, write_csv

REPO = Path(__file__).resolve().parents[2]
SERVED = "http://127.0.0.2:8123"


def _environment_without_base_url() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key != "PUBLIC_BASE_URL"}


def _pdf_links(pdf: bytes) -> tuple[list[str], str]:
    """Return what the QR codes on the PDF's first page scan to, and the page's text."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        image = page.render(scale=150 / 72).to_pil()
        text = page.get_textpage().get_text_range()
    finally:
        document.close()
    return [result.text for result in zxingcpp.read_barcodes(image)], text


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize(
    ("host", "linked"),
    [("127.0.0.2", "127.0.0.2"), ("localhost", "localhost"), ("0.0.0.0", "127.0.0.1")],  # nosec B104
)
def test_make_run_gives_the_served_address_to_the_banner_and_the_server(
    host: str, linked: str
) -> None:
    result = subprocess.run(  # nosec B603
        ["make", "-n", "run", f"HOST={host}", "PORT=8123"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=_environment_without_base_url(),
        check=True,
    )
    banner = [line for line in result.stdout.splitlines() if "demo banner" in line]
    served = [line for line in result.stdout.splitlines() if " run --host" in line]
    expected = f"PUBLIC_BASE_URL='http://{linked}:8123' "
    assert len(banner) == 1 and banner[0].startswith(expected)
    assert len(served) == 1 and served[0].startswith(expected)
    assert served[0].endswith(f"--host {host} --port 8123")


def test_the_configuration_takes_the_address_from_the_environment() -> None:
    result = subprocess.run(  # nosec B603
        [sys.executable, "-c", "from feedback.config import Config; print(Config.PUBLIC_BASE_URL)"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**_environment_without_base_url(), "PUBLIC_BASE_URL": SERVED},
        check=True,
    )
    assert result.stdout.strip() == SERVED


def test_letters_link_to_the_configured_address(app: Flask, tmp_path: Path) -> None:
    app.config["PUBLIC_BASE_URL"] = SERVED
    with app.app_context():
        rows = [row("L-1", decision_date="2025-02-10", parent_channel="letter")]
        import_file(write_csv(tmp_path / "cases.csv", rows))
        send_due(now=at("2025-02-13"))
        [invitation] = invitations_of("L-1")
        token = token_for(invitation)
        scanned, text = _pdf_links(render_letter(invitation, token))
    assert scanned == [f"{SERVED}/s/{token}"]
    assert f"{SERVED}/s/{token}" in text.replace("\r\n", "").replace("\n", "")
    assert ":5000" not in text


def test_posters_link_to_the_configured_address(app: Flask) -> None:
    app.config["PUBLIC_BASE_URL"] = SERVED
    with app.app_context():
        organisation = ensure_organisation("demo", "Demo Council")
        poster = db.session.get(Poster, poster_for(organisation.id, "week6", "parent").id)
        assert poster is not None
        scanned, text = _pdf_links(render_poster(poster))
        code = poster.code
    assert scanned == [f"{SERVED}/p/{code}"]
    assert ":5000" not in text


def test_the_banner_prints_links_on_the_configured_address(
    app: Flask, runner: FlaskCliRunner
) -> None:
    app.config["PUBLIC_BASE_URL"] = SERVED
    result = runner.invoke(args=["demo", "banner"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert f"SEND Feedback is starting at {SERVED}/" in lines
    [family] = [line for line in lines if line.startswith("A family link")]
    assert family.split(": ", 1)[1].startswith(f"{SERVED}/")
    assert ":5000" not in result.output
