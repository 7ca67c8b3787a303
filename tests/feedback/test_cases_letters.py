"""Printed letters and posters: A4 PDFs whose QR code, scanned, gives back the family's link."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import time_machine
import zxingcpp
from flask import Flask
from flask.testing import FlaskCliRunner
from PIL.Image import Image

from feedback.extensions import db
from feedback.models.cases import Poster
from feedback.services.cases.contact import poster_for
from feedback.services.cases.letters import render_poster
from feedback.services.cases.links import survey_url, token_for
from feedback.services.cases.sending import send_due
from feedback.services.invitations import find_usable_invitation
from feedback.services.organisations import ensure_organisation
from tests.feedback.cases_data import at, import_file, invitations_of, row, write_csv

A4_POINTS = (595, 842)  # 210 x 297 mm


def _pages(pdf: bytes | Path) -> list[Image]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [page.render(scale=150 / 72).to_pil() for page in document]
    finally:
        document.close()


def _page_sizes(pdf: Path) -> list[tuple[int, int]]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [tuple(round(side) for side in page.get_size()) for page in document]  # type: ignore[misc]
    finally:
        document.close()


def _scan(image: Image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image)]


def _letter_case(app: Flask, tmp_path: Path, **values: str) -> None:
    with app.app_context():
        import_file(
            write_csv(
                tmp_path / "cases.csv",
                [row("L-1", decision_date="2025-02-10", parent_channel="letter", **values)],
            )
        )
        send_due(now=at("2025-02-13"))


def _print(runner: FlaskCliRunner, out: Path, day: str, *extra: str) -> str:
    with time_machine.travel(at(day), tick=False):
        result = runner.invoke(args=["letters", "print", "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    return result.output


def test_letter_qr_code_scans_back_to_the_familys_own_link(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    _letter_case(app, tmp_path)
    out = tmp_path / "letters"
    _print(runner, out, "2025-02-13")
    letter = out / "L-1-week6-parent.pdf"
    [page] = _pages(letter)
    [scanned] = _scan(page)
    with app.app_context():
        [invitation] = invitations_of("L-1")
        assert scanned == survey_url(token_for(invitation))
        token = scanned.rsplit("/", 1)[1]
        found = find_usable_invitation(token, now=at("2025-02-14"))
        assert found is not None and found.id == invitation.id


def test_letter_is_one_a4_page(app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> None:
    _letter_case(app, tmp_path)
    _print(runner, tmp_path / "letters", "2025-02-13")
    assert _page_sizes(tmp_path / "letters" / "L-1-week6-parent.pdf") == [A4_POINTS]


def test_letter_text_is_large_print_and_in_the_familys_language(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    _letter_case(app, tmp_path, preferred_language="cy")
    _print(runner, tmp_path / "letters", "2025-02-13")
    document = pypdfium2.PdfDocument(tmp_path / "letters" / "L-1-week6-parent.pdf")
    try:
        text_page = document[0].get_textpage()
        text = text_page.get_text_range()
        sizes = {
            round(pypdfium2.raw.FPDFText_GetFontSize(text_page.raw, index))
            for index in range(text_page.count_chars())
            if text[index : index + 1].strip()
        }
    finally:
        document.close()
    # Welsh month names come from Babel's locale data for the family's language.
    assert "Chwefror 2025" in text
    assert "Ein cyfeirnod: L-1" in text
    assert "Our reference" not in text
    assert min(sizes) >= 14


def test_printing_twice_prints_each_letter_once(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    _letter_case(app, tmp_path)
    assert "Wrote 1 letter in 1 file" in _print(runner, tmp_path / "first", "2025-02-13")
    assert "Wrote 0 letters in 0 files" in _print(runner, tmp_path / "second", "2025-02-13")
    assert list((tmp_path / "second").iterdir()) == []


def test_reminder_letter_is_printed_seven_days_later(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    _letter_case(app, tmp_path)
    _print(runner, tmp_path / "letters", "2025-02-13")
    _print(runner, tmp_path / "letters", "2025-02-20")
    assert sorted(path.name for path in (tmp_path / "letters").iterdir()) == [
        "L-1-week6-parent-reminder.pdf",
        "L-1-week6-parent.pdf",
    ]


def test_batch_puts_every_due_letter_in_one_pdf(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    with app.app_context():
        rows = [row(f"L-{n}", decision_date="2025-02-10", parent_channel="letter") for n in (1, 2)]
        import_file(write_csv(tmp_path / "cases.csv", rows))
        send_due(now=at("2025-02-13"))
    _print(runner, tmp_path / "batch", "2025-02-13", "--batch")
    [batch] = list((tmp_path / "batch").iterdir())
    scanned = [_scan(page)[0] for page in _pages(batch)]
    with app.app_context():
        expected = [survey_url(token_for(invitations_of(f"L-{n}")[0])) for n in (1, 2)]
    assert scanned == expected


def test_poster_qr_code_scans_to_the_open_survey(app: Flask) -> None:
    with app.app_context():
        organisation = ensure_organisation("demo", "Demo Council")
        poster = poster_for(organisation.id, "week20", "parent")
        [page] = _pages(render_poster(db.session.get(Poster, poster.id)))  # type: ignore[arg-type]
        assert _scan(page) == [f"{app.config['PUBLIC_BASE_URL']}/p/{poster.code}"]
