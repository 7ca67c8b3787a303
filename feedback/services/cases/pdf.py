"""Building A4 PDFs for families (letters, posters) with fpdf2: large type and a vector QR code.

Text is real text in a TrueType font (never an image of text), so it stays sharp at 200% zoom,
can be read aloud by a screen reader and copied; the QR code is drawn as vector squares, so a
photocopy or a zoomed view still scans.
"""

from __future__ import annotations

import logging
from pathlib import Path

import segno
from flask import current_app
from fpdf import FPDF

log = logging.getLogger(__name__)

# Fonts with the glyphs of Latin-script languages (English, Welsh, Polish, Romanian…), looked
# for when the LETTER_FONT_PATH setting names none.
SYSTEM_FONTS = (
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
)
FAMILY = "letter"
BODY_SIZE = 16  # points: GOV.UK's large-print guidance asks for 16 pt or more
HEADING_SIZE = 24
MARGIN = 20  # mm


class LetterPDF(FPDF):
    """An A4 portrait document with the letter font loaded and large-print defaults."""

    def __init__(self) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=True, margin=MARGIN)
        self.unicode_font = _load_font(self)
        self.set_title("SEND Feedback")
        self.set_creator("SEND Feedback")

    def text_block(
        self, text: str, *, size: int = BODY_SIZE, bold: bool = False, width: float = 0
    ) -> None:
        """Write a paragraph in the letter font, wrapped to ``width`` mm (the page by default)."""
        self.set_font(self._family(), "B" if bold else "", size)
        # Left-aligned, never justified: even word spacing is easier to read (BDA style guide).
        self.multi_cell(
            width, size * 0.45, self._safe(text), align="L", new_x="LMARGIN", new_y="NEXT"
        )
        self.ln(size * 0.18)

    def qr_code(self, data: str, *, size_mm: float, caption: str = "") -> None:
        """Draw ``data`` as a QR code (error correction M) ``size_mm`` wide at the left margin,
        with the four-module quiet zone the standard asks for, and ``caption`` beside it."""
        code = segno.make(data, error="m", micro=False)
        rows = [list(row) for row in code.matrix]
        border = 4
        module = size_mm / (len(rows) + 2 * border)
        top_of_block = self.get_y()
        left = self.l_margin + border * module
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
        below_code = top_of_block + size_mm
        if caption:
            self.set_xy(self.l_margin + size_mm + 4, top_of_block + border * module)
            self.set_left_margin(self.l_margin + size_mm + 4)
            self.text_block(caption)
            self.set_left_margin(MARGIN)
        self.set_xy(self.l_margin, max(below_code, self.get_y()))

    def _family(self) -> str:
        return FAMILY if self.unicode_font else "helvetica"

    def _safe(self, text: str) -> str:
        if self.unicode_font:
            return text
        return text.encode("latin-1", "replace").decode("latin-1")


def _load_font(pdf: FPDF) -> bool:
    """Add the letter font to ``pdf`` and return True, or return False to use Helvetica."""
    configured = current_app.config.get("LETTER_FONT_PATH")
    candidates = [(configured, "")] if configured else list(SYSTEM_FONTS)
    for regular, bold_name in candidates:
        path = Path(regular)
        if not path.is_file():
            continue
        bold = path.with_name(bold_name) if bold_name else path
        pdf.add_font(FAMILY, "", str(path))
        pdf.add_font(FAMILY, "B", str(bold if bold.is_file() else path))
        return True
    log.warning("No letter font found; letters use Helvetica and Latin-1 characters only")
    return False
