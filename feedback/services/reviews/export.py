"""Export of coded, redacted comments for the Parent Carer Forum's own reports (CSV or XLSX).

Rows carry the redacted text only, with the survey's stage, audience, language and quarter;
never a response, case or invitation. Every cell that a spreadsheet would read as a formula
(starting with =, +, -, @, a tab or a carriage return) is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

from openpyxl import Workbook

from feedback.extensions import db
from feedback.models import User
from feedback.models.reviews import Theme
from feedback.services import audit
from feedback.services.reviews.coded import CodedComment
from feedback.services.reviews.queue import quarter_of

HEADER = (
    "comment",
    "stage",
    "audience",
    "language",
    "quarter",
    "question",
    "themes",
    "sentiment",
    "coded_on",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: str) -> str:
    """Return ``value`` so no spreadsheet reads it as a formula (OWASP CSV injection advice)."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def export_rows(comments: Iterable[CodedComment], themes: Sequence[Theme]) -> Iterator[list[str]]:
    """Yield the header, then one formula-safe row per coded comment."""
    names = {theme.key: theme.name for theme in themes}
    yield list(HEADER)
    for comment in comments:
        row = [
            comment.redacted_text,
            comment.stage,
            comment.audience,
            comment.language,
            quarter_of(comment.submitted_at),
            comment.question_key,
            "; ".join(sorted(names.get(key, key) for key in comment.theme_keys)),
            comment.sentiment,
            comment.coded_at.date().isoformat(),
        ]
        yield [formula_safe(cell) for cell in row]


def csv_chunks(rows: Iterable[list[str]]) -> Iterator[str]:
    """Yield the rows as CSV text, one row at a time (so the download streams)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def xlsx_bytes(rows: Iterable[list[str]]) -> bytes:
    """Return the rows as an XLSX workbook, written in openpyxl's streaming mode."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Coded comments")
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def record_export(actor: User, file_format: str) -> None:
    """Record in the audit trail that ``actor`` downloaded the coded comments; commit."""
    audit.record("comments.export", actor=actor, file_format=file_format)
    db.session.commit()
