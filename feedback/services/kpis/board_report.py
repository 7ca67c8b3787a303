"""The board report: a plan's KPI table for the quarterly board, as XLSX, CSV or a printable page.

Every text cell is made formula-safe, and values from too few answers are never written: they
are not stored in the first place.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from feedback.models.kpis import Plan
from feedback.services.cases.pdf import FAMILY, LetterPDF
from feedback.services.kpis.presenting import KpiRow, kpi_row
from feedback.services.kpis.spreadsheets import safe_cell
from feedback.services.kpis.workbooks import table_workbook

HEADER = (
    "Ref",
    "Measure",
    "Baseline",
    "Milestone due",
    "Period",
    "Current value with interval",
    "Value",
    "Lower limit",
    "Upper limit",
    "Valid answers (n)",
    "Verdict",
    "Status",
    "Reason",
)


@dataclass(frozen=True, slots=True)
class BoardReport:
    """A plan's board report as of a date."""

    plan: Plan
    as_of: date
    rows: tuple[KpiRow, ...]

    def table(self) -> Iterator[tuple[object, ...]]:
        """Yield one line per KPI, in the order of :data:`HEADER`."""
        for row in self.rows:
            current = row.current
            yield (
                row.kpi.ref,
                row.kpi.measure,
                row.baseline,
                row.milestone,
                current.label if current else "",
                row.shown,
                current.value if current else None,
                current.lo if current else None,
                current.hi if current else None,
                current.n if current else None,
                row.verdict,
                row.status.text,
                row.status.reason,
            )

    def filename(self, extension: str) -> str:
        """Return a download name such as ``board-report-2023-06-30.xlsx``."""
        return f"board-report-{self.as_of.isoformat()}.{extension}"


def board_report(plan: Plan, *, as_of: date, min_n: int) -> BoardReport:
    """Return the plan's board report as of a date."""
    return BoardReport(plan, as_of, tuple(kpi_row(k, as_of=as_of, min_n=min_n) for k in plan.kpis))


def board_csv(report: BoardReport) -> Iterator[str]:
    """Return the report as CSV text, a line at a time, every cell formula-safe.

    The lines are read from the database before the first is returned, so the response can be
    streamed after the request's database session has closed.
    """
    return _csv_lines([HEADER, *report.table()])


def _csv_lines(lines: list[tuple[object, ...]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in lines:
        writer.writerow(["" if value is None else safe_cell(value) for value in line])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def board_xlsx(report: BoardReport) -> bytes:
    """Return the report as an XLSX workbook, every text cell formula-safe."""
    return table_workbook("Board report", HEADER, report.table())


# Column widths in mm on landscape A4 (257 mm between the letter's 20 mm margins).
PDF_COLUMNS = (
    ("Ref", 11),
    ("Measure", 58),
    ("Baseline", 26),
    ("Milestone due", 33),
    ("Current value with interval", 42),
    ("Verdict", 20),
    ("Status", 25),
    ("Reason", 42),
)


def board_pdf(report: BoardReport) -> bytes:
    """Return the report as a landscape A4 PDF table, with the plan, the date and the rules read.

    The letter font of the cases area is used (real text, so it can be searched and read aloud);
    the printable page is the accessible version.
    """
    pdf = LetterPDF()
    pdf.set_title(f"Board report: {report.plan.name}")
    pdf.add_page(orientation="landscape")
    family = FAMILY if pdf.unicode_font else "helvetica"
    pdf.set_font(family, "B", 16)
    title = f"{report.plan.name}: board report, {report.as_of.day} {report.as_of:%B %Y}"
    pdf.multi_cell(0, 8, _pdf_text(pdf, title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 9)
    pdf.multi_cell(
        0,
        5,
        "Current value: the latest complete quarter, with its confidence interval. Figures from "
        "too few answers are not shown. Statuses are in the plan's own scale, with the reason.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    with pdf.table(
        col_widths=tuple(width for _, width in PDF_COLUMNS),
        text_align="LEFT",
        line_height=4.5,
        first_row_as_headings=True,
    ) as table:
        table.row([name for name, _ in PDF_COLUMNS])
        for row in report.rows:
            table.row(
                [
                    _pdf_text(pdf, text)
                    for text in (
                        row.kpi.ref,
                        row.kpi.measure,
                        row.baseline,
                        row.milestone,
                        row.shown,
                        row.verdict,
                        row.status.text,
                        row.status.reason,
                    )
                ]
            )
    return bytes(pdf.output())


def _pdf_text(pdf: LetterPDF, text: str) -> str:
    """Text the PDF's font can draw: all of it with the Unicode font, else Latin-1."""
    if pdf.unicode_font:
        return text
    return text.encode("latin-1", "replace").decode("latin-1")
