"""Writing XLSX workbooks: the KPI table template, and any table of rows, formula-safe."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from feedback.services.kpis.spreadsheets import safe_cell

TEMPLATE_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("ref", "The plan's action number. Required.", "3.1"),
    ("workstream", "The area of weakness or workstream the row belongs to.", "3. Co-production"),
    ("action", "The action, in the plan's words.", "Survey families at each stage"),
    ("lead_role", "The lead officer's role (no personal names).", "Head of SEND"),
    ("by_when", "The action's deadline, as printed.", "Apr-23"),
    ("action_rag", "The action's status when the plan was published, in its own words.", "Amber"),
    (
        "measure",
        "The measure of success, in the plan's words. Required.",
        "Increase in overall satisfaction",
    ),
    (
        "baseline",
        "As printed: 47%, 2/5, 44 (21/22), or n/a when it is still to be measured.",
        "2/5",
    ),
    ("milestone_3m", "The 3-month milestone, as printed (n/a for none).", "n/a"),
    ("milestone_6m", "The 6-month milestone, as printed.", "2.5/5"),
    ("milestone_12m", "The 12-month milestone: the plan's target.", "3/5"),
)


def kpi_table_template() -> bytes:
    """Return an XLSX workbook with the KPI table's header, and a sheet explaining each column."""
    book = Workbook(write_only=True)
    table = book.create_sheet("KPIs")
    _header(table, [name for name, _, _ in TEMPLATE_COLUMNS])
    guidance = book.create_sheet("Guidance")
    _header(guidance, ["Column", "What to write", "Example"])
    for row in TEMPLATE_COLUMNS:
        guidance.append([safe_cell(value) for value in row])
    return _saved(book)


def table_workbook(title: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """Return an XLSX workbook of one sheet: a bold header and the rows, every cell formula-safe."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    _header(sheet, header)
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
    return _saved(book)


def _header(sheet: WriteOnlyWorksheet, names: Sequence[str]) -> None:
    cells = []
    for name in names:
        cell = WriteOnlyCell(sheet, value=safe_cell(name))
        cell.font = Font(bold=True)
        cells.append(cell)
    sheet.append(cells)


def _saved(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
