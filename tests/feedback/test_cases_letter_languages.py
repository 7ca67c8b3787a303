"""Letters and posters in every offered language: translated, shaped by HarfBuzz in a font that has
every character, laid out right to left for Arabic and Urdu, with a QR code that scans to the link.

Rendering does not depend on the database, so these tests share one SQLite app per module.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from flask_babel import gettext as _
from fontTools.ttLib import TTFont
from fpdf.fonts import TTFFont

from feedback.config import Config
from feedback.extensions import db
from feedback.models import AuditEvent, Invitation
from feedback.models.cases import Poster
from feedback.services.cases.contact import poster_for
from feedback.services.cases.letters import render_letter, render_poster
from feedback.services.cases.links import survey_url, token_for
from feedback.services.cases.pdf import MARGIN, POINT
from feedback.services.cases.sending import send_due
from feedback.services.organisations import ensure_organisation
from feedback.services.surveys import survey_for
from feedback.services.users import create_user
from tests.feedback.cases_data import at, import_file, invitations_of, row, write_csv
from tests.feedback.conftest import STAFF_PASSWORD, dispose, make_app
from tests.feedback.staff_sign_in import sign_in_client

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = list(Config.LANGUAGES)
RIGHT_TO_LEFT = [
    code for code, (_name, direction) in Config.LANGUAGES.items() if direction == "rtl"
]
A4_WIDTH = 595.28  # points
RIGHT_MARGIN = A4_WIDTH - MARGIN / POINT
TEXT_RIGHT_EDGE = RIGHT_MARGIN - 1 / POINT  # inside fpdf2's 1 mm cell padding
MARK = 5  # points: shorter text objects are marks or punctuation (letters are 14 pt or more)


@dataclass(frozen=True, slots=True)
class Letter:
    """One rendered letter, what it should say, and the fonts fpdf2 shaped each run of it in."""

    pdf: bytes
    link: str
    heading: str
    shaped: tuple[tuple[str, str], ...]  # (font file, text)


def _heading(language: str) -> str:
    with force_locale(language):
        return _(survey_for("week6", "parent").title)


def _render_shaped(
    monkeypatch: pytest.MonkeyPatch, render: Callable[[], bytes]
) -> tuple[bytes, list[tuple[str, str]]]:
    """Call ``render`` and return its PDF with every (font file, text) fpdf2 shaped for it."""
    shaped: list[tuple[str, str]] = []
    original = TTFFont.shape_text

    def spy(font: TTFFont, text: str, *args: object, **kwargs: object) -> object:
        shaped.append((str(font.ttffile), text))
        return original(font, text, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(TTFFont, "shape_text", spy)
        pdf = render()
    return pdf, shaped


@pytest.fixture(scope="module")
def letter_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """An app with one letter case per offered language, invited on 13 February 2025."""
    folder = tmp_path_factory.mktemp("letters")
    app = make_app(f"sqlite:///{folder / 'letters.db'}")
    with app.app_context():
        rows = [
            row(f"L-{code}", decision_date="2025-02-10", parent_channel="letter",
                preferred_language=code)
            for code in LANGUAGES
        ]  # fmt: skip
        import_file(write_csv(folder / "cases.csv", rows))
        send_due(now=at("2025-02-13"))
    yield app
    dispose(app)


@pytest.fixture(scope="module")
def letters(letter_app: Flask) -> dict[str, Letter]:
    """Every offered language's week-6 letter, rendered once for the module."""
    rendered = {}
    with pytest.MonkeyPatch.context() as monkeypatch, letter_app.app_context():
        for code in LANGUAGES:
            [invitation] = invitations_of(f"L-{code}")
            token = token_for(invitation)
            pdf, shaped = _render_shaped(monkeypatch, partial(render_letter, invitation, token))
            rendered[code] = Letter(pdf, survey_url(token), _heading(code), tuple(shaped))
    return rendered


def _text(pdf: bytes) -> str:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return document[0].get_textpage().get_text_range()
    finally:
        document.close()


def _comparable(text: str) -> str:
    """Text as compared: composed (pdfium decomposes ۓ), whitespace collapsed (lines wrap), and
    without brackets (pdfium mirrors a bracket in right-to-left text a second time)."""
    composed = unicodedata.normalize("NFC", text)
    return " ".join(re.sub(r"[()]", "", composed).split())


def _scan(pdf: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=150 / 72).to_pil()
    finally:
        document.close()
    return [result.text for result in zxingcpp.read_barcodes(image)]


def _boxes(pdf: bytes, kind: int) -> list[tuple[float, float, float, float]]:
    """Return the (left, bottom, right, top) of every page object of ``kind`` on page one."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [obj.get_bounds() for obj in document[0].get_objects(filter=(kind,))]
    finally:
        document.close()


def _lines(pdf: bytes) -> list[tuple[float, float, float, float]]:
    """Return the extent of each line of text: text objects that overlap vertically, merged.

    Objects only a few points tall are left out: a mark fpdf2 sets on its own (the tanween of
    Urdu "تقریباً" next to a number) or a lone full stop sits on a line and does not start one.
    """
    lines: list[list[float]] = []
    boxes = [box for box in _boxes(pdf, pypdfium2.raw.FPDF_PAGEOBJ_TEXT) if box[3] - box[1] >= MARK]
    for left, bottom, right, top in sorted(boxes, key=lambda box: -box[3]):
        line = lines[-1] if lines else None
        if line and bottom < line[3] and top > line[1] and (top + bottom) / 2 > line[1]:
            line[:] = [min(line[0], left), min(line[1], bottom), max(line[2], right), line[3]]
        else:
            lines.append([left, bottom, right, top])
    return [(left, bottom, right, top) for left, bottom, right, top in lines]


def _qr_box(pdf: bytes) -> tuple[float, float, float, float]:
    boxes = _boxes(pdf, pypdfium2.raw.FPDF_PAGEOBJ_PATH)
    return (
        min(box[0] for box in boxes),
        min(box[1] for box in boxes),
        max(box[2] for box in boxes),
        max(box[3] for box in boxes),
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_letter_has_its_translated_heading_in_the_text_layer(
    letters: dict[str, Letter], language: str
) -> None:
    letter = letters[language]
    assert _comparable(letter.heading) in _comparable(_text(letter.pdf))


def test_headings_of_offered_languages_are_translations_not_english(
    letters: dict[str, Letter],
) -> None:
    english = letters["en"].heading
    assert [code for code in LANGUAGES if letters[code].heading == english] == ["en"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_letter_qr_code_scans_to_the_exact_link(letters: dict[str, Letter], language: str) -> None:
    assert _scan(letters[language].pdf) == [letters[language].link]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_character_of_a_letter_is_in_the_font_it_is_set_in(
    letters: dict[str, Letter], language: str
) -> None:
    cmaps: dict[str, dict[int, str]] = {}
    missing = set()
    for path, text in letters[language].shaped:
        cmap = cmaps.setdefault(path, TTFont(path).getBestCmap())
        missing |= {(Path(path).name, char) for char in text if ord(char) not in cmap}
    assert letters[language].shaped
    assert missing == set()


@pytest.mark.parametrize("language", LANGUAGES)
def test_letter_sets_its_heading_in_its_own_scripts_font(
    letters: dict[str, Letter], language: str
) -> None:
    own = Config.LETTER_FONTS.get(language, Config.LETTER_FONTS["default"])[1]
    heading_words = [word for word in letters[language].heading.split() if word != "EHC"]
    fonts = {
        Path(path).name
        for path, text in letters[language].shaped
        if any(word in text for word in heading_words)
    }
    assert own in fonts


@pytest.mark.parametrize("language", LANGUAGES)
def test_letter_is_one_a4_page(letters: dict[str, Letter], language: str) -> None:
    document = pypdfium2.PdfDocument(letters[language].pdf)
    try:
        assert [tuple(round(side) for side in page.get_size()) for page in document] == [(595, 842)]
    finally:
        document.close()


@pytest.mark.parametrize("language", RIGHT_TO_LEFT)
def test_right_to_left_letter_lines_end_at_the_right_margin(
    letters: dict[str, Letter], language: str
) -> None:
    pdf = letters[language].pdf
    _qr_left, qr_bottom, _qr_right, qr_top = _qr_box(pdf)
    beside_code = lambda line: line[1] < qr_top and line[3] > qr_bottom  # noqa: E731
    ends = [round(line[2]) for line in _lines(pdf) if not beside_code(line)]
    assert len(ends) > 5
    assert all(abs(end - TEXT_RIGHT_EDGE) <= 2 for end in ends), (TEXT_RIGHT_EDGE, ends)


@pytest.mark.parametrize("language", RIGHT_TO_LEFT)
def test_right_to_left_letter_leaves_short_lines_ragged_on_the_left(
    letters: dict[str, Letter], language: str
) -> None:
    starts = [line[0] for line in _lines(letters[language].pdf)]
    # The council's name and the date are short: right-aligned, they start far from the left.
    assert min(starts) < A4_WIDTH / 4 < A4_WIDTH / 2 < max(starts)


@pytest.mark.parametrize("language", RIGHT_TO_LEFT)
def test_right_to_left_letter_has_its_qr_code_at_the_right_with_its_caption_to_the_left(
    letters: dict[str, Letter], language: str
) -> None:
    pdf = letters[language].pdf
    qr_left, qr_bottom, qr_right, qr_top = _qr_box(pdf)
    caption = [line for line in _lines(pdf) if line[1] < qr_top and line[3] > qr_bottom]
    assert qr_right <= RIGHT_MARGIN and qr_left > A4_WIDTH / 2
    assert caption and all(line[2] < qr_left for line in caption)


@pytest.mark.parametrize("language", RIGHT_TO_LEFT)
def test_right_to_left_letter_prints_the_link_left_to_right_as_typed(
    letters: dict[str, Letter], language: str
) -> None:
    assert letters[language].link in _text(letters[language].pdf).splitlines()


def _app_without_font(tmp_path: Path, language: str) -> Flask:
    fonts = {**Config.LETTER_FONTS, language: ("NotInstalled.ttf", "NotInstalled-Bold.ttf")}
    app = make_app(f"sqlite:///{tmp_path / 'test.db'}", LETTER_FONTS=fonts)
    with app.app_context():
        import_file(
            write_csv(
                tmp_path / "cases.csv",
                [row("L-9", decision_date="2025-02-10", parent_channel="letter",
                     preferred_language=language)],
            )
        )  # fmt: skip
        send_due(now=at("2025-02-13"))
    return app


def _letter_of(reference: str) -> tuple[Invitation, bytes]:
    [invitation] = invitations_of(reference)
    return invitation, render_letter(invitation, token_for(invitation))


def test_letter_falls_back_to_english_when_its_languages_font_is_missing(tmp_path: Path) -> None:
    app = _app_without_font(tmp_path, "bn")
    try:
        with app.app_context():
            _invitation, pdf = _letter_of("L-9")
            assert _comparable(_heading("en")) in _comparable(_text(pdf))
    finally:
        dispose(app)


def test_missing_letter_font_is_logged_without_personal_data(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    app = _app_without_font(tmp_path, "ur")
    try:
        with (
            app.app_context(),
            caplog.at_level(logging.WARNING, logger="feedback.services.cases.letters"),
        ):
            invitation, _pdf = _letter_of("L-9")
            token = token_for(invitation)
    finally:
        dispose(app)
    assert "NotInstalled.ttf" in caplog.text and "'ur'" in caplog.text
    assert "L-9" not in caplog.text and token not in caplog.text


@pytest.mark.parametrize("language", ["ur", "bn"])
def test_poster_heading_is_shaped_in_the_posters_language(letter_app: Flask, language: str) -> None:
    with letter_app.app_context():
        organisation_id = invitations_of("L-en")[0].organisation_id
        poster = db.session.get(Poster, poster_for(organisation_id, "week6", "parent").id)
        pdf = render_poster(poster, language=language)  # type: ignore[arg-type]
        expected = _heading(language)
    assert _comparable(expected) in _comparable(_text(pdf))


@pytest.fixture(scope="module")
def case_officer(letter_app: Flask) -> FlaskClient:
    """A test client signed in as a case officer of the council the letter cases belong to."""
    with letter_app.app_context():
        create_user(
            organisation=ensure_organisation("demo", "Demo Council"),
            email="posters@demo.example.gov.uk",
            name="Poster officer",
            role="case_officer",
            password=STAFF_PASSWORD,
        )
    client = letter_app.test_client()
    sign_in_client(client, "posters@demo.example.gov.uk")
    return client


@pytest.mark.parametrize("language", ["ur", "bn"])
def test_poster_downloaded_from_the_posters_page_is_in_the_language_chosen_there(
    letter_app: Flask, case_officer: FlaskClient, language: str
) -> None:
    posters_page = case_officer.get(f"/staff/posters?language={language}")
    page = BeautifulSoup(posters_page.text, "html.parser")
    [chosen] = page.select("select#language option[selected]")
    forms = [
        {str(field["name"]): str(field["value"]) for field in form.select("input[type=hidden]")}
        for form in page.select("form[method=post][action='/staff/posters/download']")
    ]
    [week6_parents] = [
        form for form in forms if form["stage"] == "week6" and form["audience"] == "parent"
    ]

    poster = case_officer.post("/staff/posters/download", data=week6_parents)

    assert chosen["value"] == language
    assert poster.mimetype == "application/pdf"
    assert f"-{language}.pdf" in poster.headers["Content-Disposition"]
    with letter_app.app_context():
        heading, english = _heading(language), _heading("en")
    assert _comparable(heading) in _comparable(_text(poster.data))
    assert _comparable(english) not in _comparable(_text(poster.data))


def _posters_created(app: Flask) -> int:
    with app.app_context():
        actions = db.session.scalars(
            db.select(AuditEvent.id).where(AuditEvent.action == "poster.create")
        ).all()
        return len(actions)


@pytest.mark.parametrize(
    "path",
    [
        "/staff/posters?language=xx",
        "/staff/posters/download?stage=annual_review&audience=young_person&language=xx",
        "/staff/posters/download?stage=annual_review&audience=young_person&language=EN",
    ],
)
def test_an_unknown_poster_language_is_refused_and_creates_no_poster(
    letter_app: Flask, case_officer: FlaskClient, path: str
) -> None:
    before = _posters_created(letter_app)

    response = case_officer.get(path)

    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert _posters_created(letter_app) == before
