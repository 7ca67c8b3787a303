"""Building A4 PDFs for families (letters, posters) with fpdf2: large type and a vector QR code.

Text is real text in a TrueType font (never an image of text), so it stays sharp at 200% zoom,
can be read aloud by a screen reader and copied; the QR code is drawn as vector squares, so a
photocopy or a zoomed view still scans. Every paragraph is shaped by HarfBuzz (``uharfbuzz``):
Arabic and Urdu letters join, Bengali and Gurmukhi conjuncts and vowel signs form. Right-to-left
languages are laid out from the right margin.
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import segno
from flask import current_app
from fpdf import FPDF
from fpdf.enums import TextDirection
from fpdf.line_break import TextLine

log = logging.getLogger(__name__)

BODY_SIZE = 16  # points: GOV.UK's large-print guidance asks for 16 pt or more
HEADING_SIZE = 24
MARGIN = 20  # mm
CAPTION_GAP = 4  # mm between the QR code and its caption
# Line height as a multiple of the type size; a font whose ascent and descent need more (Arabic
# script's deep descenders, Nastaliq's stacked letters) gets its own, so lines never overlap.
LINE_SPACING = 1.275
POINT = 25.4 / 72  # mm
DEFAULT = "default"
FAMILY = "letter"  # the default (Latin) font; the board report uses it too
RIGHT_TO_LEFT = frozenset({"R", "AL"})  # Unicode bidirectional classes of Hebrew and Arabic


@dataclass(frozen=True, slots=True)
class LetterFont:
    """The TrueType files one script is printed in."""

    regular: Path
    bold: Path

    @property
    def installed(self) -> bool:
        """Return True when both files exist."""
        return self.regular.is_file() and self.bold.is_file()


# Latin and Cyrillic fonts tried when the "default" font of LETTER_FONTS is missing, so English
# letters still print in a TrueType font on a machine without fonts-noto-core.
SYSTEM_FONTS = (
    LetterFont(
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ),
    LetterFont(
        Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
        Path("/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
    ),
)


def script_font(language: str) -> LetterFont | None:
    """Return the font LETTER_FONTS names for ``language``'s own script, or ``None`` when the
    language is printed in the default font."""
    fonts = current_app.config["LETTER_FONTS"]
    if language == DEFAULT or language not in fonts:
        return None
    return _font(fonts[language])


def default_font() -> LetterFont | None:
    """Return the font for Latin and Cyrillic text (and for text in another script inside any
    letter): LETTER_FONTS' "default", else one from the system; ``None`` when none is installed."""
    configured = _font(current_app.config["LETTER_FONTS"][DEFAULT])
    return next((font for font in (configured, *SYSTEM_FONTS) if font.installed), None)


def _font(files: tuple[str, str] | list[str]) -> LetterFont:
    folder = Path(current_app.config["LETTER_FONT_DIR"])
    regular, bold = files
    # An absolute path in the setting replaces the folder (Path's / operator does exactly that).
    return LetterFont(folder / regular, folder / bold)


def is_right_to_left(language: str) -> bool:
    """Return True when LANGUAGES says ``language`` is written right to left."""
    offered = current_app.config.get("LANGUAGES", {})
    return offered.get(language, ("", "ltr"))[1] == "rtl"


def missing_font(language: str) -> Path | None:
    """Return the font file ``language`` needs that is not installed, or ``None`` when the letter
    can be printed in that language (every language needs the default font too, for Latin text)."""
    if default_font() is None:
        return _font(current_app.config["LETTER_FONTS"][DEFAULT]).regular
    font = script_font(language)
    if font is None:
        return None
    return next((path for path in (font.regular, font.bold) if not path.is_file()), None)


class LetterPDF(FPDF):
    """An A4 portrait document with large-print defaults, shaping every paragraph in the font of
    the language set by ``use_language`` (Latin text falls back to the default font)."""

    def __init__(self) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=True, margin=MARGIN)
        self.set_title("SEND Feedback")
        self.set_creator("SEND Feedback")
        latin = default_font()
        if latin is None:
            log.warning("No letter font found; letters use Helvetica and Latin-1 characters only")
            self.unicode_font = False
        else:
            self.unicode_font = True
            self._add_family(FAMILY, latin)
        self.language = DEFAULT
        self.right_to_left = False
        self._script_family: str | None = None

    def use_language(self, language: str) -> None:
        """Print the text that follows in ``language``: its script's font (loaded the first time
        it is used in this document) and its direction."""
        self.language = language
        self.right_to_left = self.unicode_font and is_right_to_left(language)
        font = script_font(language) if self.unicode_font else None
        self._script_family = None
        if font is not None and font.installed:
            self._script_family = f"{FAMILY}-{language.lower()}"
            if self._script_family not in self.fonts:
                self._add_family(self._script_family, font)

    def text_block(
        self, text: str, *, size: int = BODY_SIZE, bold: bool = False, width: float = 0
    ) -> None:
        """Write a paragraph wrapped to ``width`` mm (the page by default), aligned to the margin
        the language starts from."""
        family = self._family_for(text)
        self.set_font(family, "B" if bold else "", size)
        if self.unicode_font:
            fallbacks = [FAMILY, self._script_family or FAMILY]
            self.set_fallback_fonts([name for name in dict.fromkeys(fallbacks) if name != family])
            self.set_text_shaping(
                use_shaping_engine=True,
                direction=self._direction(text),
                language=self.language if family != FAMILY else None,
            )
        # Aligned to one margin, never justified: even word spacing is easier to read (BDA style
        # guide). Right-to-left paragraphs start from the right margin.
        self.multi_cell(
            width,
            self._line_height(family, size),
            self._safe(text),
            align="R" if self.right_to_left else "L",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        self.ln(size * 0.18)

    def qr_code(self, data: str, *, size_mm: float, caption: str = "") -> None:
        """Draw ``data`` as a QR code (error correction M) ``size_mm`` wide at the margin the
        language starts from, with the four-module quiet zone the standard asks for, and
        ``caption`` beside it."""
        code = segno.make(data, error="m", micro=False)
        rows = [list(row) for row in code.matrix]
        border = 4
        module = size_mm / (len(rows) + 2 * border)
        top_of_block = self.get_y()
        block_left = self.w - self.r_margin - size_mm if self.right_to_left else self.l_margin
        left = block_left + border * module
        top = top_of_block + border * module
        self.set_fill_color(0, 0, 0)
        for y, row in enumerate(rows):
            x = 0
            while x < len(row):
                if not row[x]:
                    x += 1
                    continue
                start = x
                while x < len(row) and row[x]:
                    x += 1
                # One rectangle per run of dark modules keeps the file small.
                self.rect(
                    left + start * module, top + y * module, (x - start) * module, module, "F"
                )
        if caption:
            self._beside(caption, size_mm + CAPTION_GAP, top_of_block + border * module)
        self.set_xy(self.l_margin, max(top_of_block + size_mm, self.get_y()))

    def _beside(self, caption: str, indent: float, top: float) -> None:
        """Write ``caption`` in the column the QR code leaves free, starting at ``top``."""
        if self.right_to_left:
            self.set_right_margin(self.r_margin + indent)
        else:
            self.set_left_margin(self.l_margin + indent)
        self.set_xy(self.l_margin, top)
        self.text_block(caption)
        self.set_margins(MARGIN, MARGIN, MARGIN)

    def _render_styled_text_line(self, text_line: TextLine, *args: Any, **kwargs: Any) -> bool:
        """Draw one line, marking a left-to-right line in a script font with its characters.

        Shaping draws a Bengali or Gurmukhi vowel sign as two glyphs, or before its consonant,
        and fpdf2 maps only the first glyph back to text, so a copied or read-aloud line came out
        with stray characters. The PDF's /ActualText gives readers the line's own text instead.
        Right-to-left lines are left alone: their glyphs map back cleanly, and readers reorder an
        /ActualText string as if it were in visual order.
        """
        text = "".join(fragment.string for fragment in text_line.fragments)
        first = text_line.fragments[0] if text_line.fragments else None
        if (
            first is None
            or first.paragraph_direction == TextDirection.RTL
            or not self._needs_script_font(text)
        ):
            return super()._render_styled_text_line(text_line, *args, **kwargs)
        self._out(f"/Span <</ActualText <FEFF{text.encode('utf-16-be').hex().upper()}>>> BDC")
        try:
            return super()._render_styled_text_line(text_line, *args, **kwargs)
        finally:
            self._out("EMC")

    def _add_family(self, family: str, font: LetterFont) -> None:
        self.add_font(family, "", str(font.regular))
        self.add_font(family, "B", str(font.bold))

    def _family_for(self, text: str) -> str:
        """Return the font a paragraph is set in: its script's when the Latin font lacks any of
        its characters, else the Latin one, so a link or an untranslated sentence inside an Urdu
        letter is not set in the Arabic font's digits and spacing."""
        if not self.unicode_font:
            return "helvetica"
        if self._script_family is not None and self._needs_script_font(text):
            return self._script_family
        return FAMILY

    def _needs_script_font(self, text: str) -> bool:
        latin = self.fonts[FAMILY].cmap  # type: ignore[union-attr]
        return any(ord(char) not in latin for char in text if not char.isspace())

    def _direction(self, text: str) -> str:
        """Return a paragraph's base direction: right to left when most of its letters are
        (links and email addresses aside), so a sentence still in English keeps its full stop at
        the end and an Urdu one starting with "EHC" still reads from the right."""
        if not self.right_to_left:
            return "ltr"
        words = [word for word in text.split() if "://" not in word and "@" not in word]
        classes = [unicodedata.bidirectional(char) for word in words for char in word]
        rtl = sum(bidi in RIGHT_TO_LEFT for bidi in classes)
        return "rtl" if rtl and rtl >= classes.count("L") else "ltr"

    def _line_height(self, family: str, size: int) -> float:
        if not self.unicode_font:
            return size * LINE_SPACING * POINT
        descriptor = self.fonts[family].desc  # type: ignore[union-attr]
        own = (descriptor.ascent - descriptor.descent) / 1000
        return size * max(LINE_SPACING, own) * POINT

    def _safe(self, text: str) -> str:
        if self.unicode_font:
            return text
        return text.encode("latin-1", "replace").decode("latin-1")
