"""Importing a plan's KPI table from CSV or XLSX: all rows or none, every problem by row and column.

Each row is read by ``analysis.kpi_rows.classify_kpi_row`` (the one place that reads targets).
A row whose target is ambiguous, whose baseline is still to be measured or which is not a survey
measure is imported and flagged for a lead; a row that cannot be read at all is an error.
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from openpyxl import load_workbook
from sqlalchemy import select

from analysis.kpi_rows import (
    MILESTONE_COLUMNS,
    CellOutcome,
    FlagCode,
    KpiReading,
    RowOutcome,
    classify_kpi_row,
)
from analysis.scales import SCALES
from feedback.extensions import db
from feedback.models import User
from feedback.models.kpis import Kpi, Plan
from feedback.services import audit
from feedback.services.kpis.readings import apply_reading
from feedback.services.kpis.spreadsheets import cell_text
from feedback.services.spreadsheet_limits import (
    WorkbookLimits,
    WorkbookTooLargeError,
    check_expansion,
    check_row,
)

# Every column the importer reads, with the most characters a cell may hold.
COLUMN_LIMITS: Mapping[str, int] = {
    "ref": 32,
    "workstream": 4000,
    "action": 4000,
    "lead_role": 200,
    "by_when": 500,
    "action_rag": 200,
    "measure": 4000,
    "baseline": 500,
    "milestone_3m": 500,
    "milestone_6m": 500,
    "milestone_12m": 500,
    "target": 500,
}
REQUIRED_COLUMNS = ("ref", "measure")
ALIASES = {"owner": "lead_role", "lead": "lead_role", "reference": "ref", "rag": "action_rag"}
PLAN_NAME_LIMIT = 200


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in a file: the spreadsheet row (1 is the header), the column, what is wrong."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [
            f"Row {self.row}" if self.row else "",
            f"column {self.column}" if self.column else "",
        ]
        place = ", ".join(part for part in where if part)
        return f"{place}: {self.message}" if place else self.message


class KpiImportError(ValueError):
    """The file was not imported; ``errors`` lists every problem found."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = tuple(errors)


class PlanError(ValueError):
    """A plan's details cannot be used; ``field`` names the form field at fault."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name
        self.message = message


@dataclass(frozen=True, slots=True)
class FlaggedRow:
    """A row imported with something for a lead to resolve."""

    row: int
    ref: str
    measure: str
    outcome: str
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did: the plan, how many KPIs it added, and the rows flagged."""

    plan: Plan
    imported: int
    flagged: tuple[FlaggedRow, ...]


def new_plan(
    organisation_id: int, *, name: str, start_date: date | None, status_scale: str
) -> Plan:
    """Return a new, unsaved plan after checking its details.

    Raises
    ------
    PlanError
        For an empty or taken name, no start date, or an unknown status scale.
    """
    name = name.strip()
    if not name or len(name) > PLAN_NAME_LIMIT:
        raise PlanError("name", f"Enter the plan's name, up to {PLAN_NAME_LIMIT} characters")
    taken = db.session.scalar(
        select(Plan.id).where(Plan.organisation_id == organisation_id, Plan.name == name)
    )
    if taken is not None:
        raise PlanError("name", "Your council already has a plan with this name")
    if start_date is None:
        raise PlanError("start_date", "Enter the date the plan started")
    if status_scale not in SCALES:
        raise PlanError("status_scale", "Select the plan's status scale")
    return Plan(
        organisation_id=organisation_id, name=name, start_date=start_date, status_scale=status_scale
    )


def import_table(
    plan: Plan, data: bytes, filename: str, *, actor: User | None, max_rows: int
) -> ImportResult:
    """Read a KPI table into ``plan`` (new or without KPIs), audit it and commit.

    Returns
    -------
    ImportResult
        The plan, the number of KPIs imported and the rows flagged for a lead.

    Raises
    ------
    KpiImportError
        Listing every problem by row and column; nothing is saved.
    """
    if plan.kpis:
        raise KpiImportError([RowError(None, None, "This plan already has KPIs")])
    checked = check_rows(read_rows(data, filename, max_rows=max_rows))
    db.session.add(plan)
    flagged = []
    for position, (number, row, reading) in enumerate(checked, start=1):
        kpi = Kpi(
            position=position,
            ref=row.get("ref", ""),
            measure=row.get("measure", ""),
            workstream=row.get("workstream", ""),
            action=row.get("action", ""),
            owner=row.get("lead_role", ""),
            by_when=row.get("by_when", ""),
            action_rag=row.get("action_rag", ""),
            baseline_text=row.get("baseline", ""),
        )
        apply_reading(kpi, reading)
        plan.kpis.append(kpi)
        if kpi.flags:
            reasons = tuple(flag.reason for flag in kpi.flags)
            flagged.append(FlaggedRow(number, kpi.ref, kpi.measure, reading.outcome.value, reasons))
    db.session.flush()
    audit.record(
        "kpis.import",
        actor=actor,
        organisation_id=plan.organisation_id,
        target_type="plan",
        target_id=plan.id,
        kpis=len(checked),
        flagged=len(flagged),
    )
    db.session.commit()
    return ImportResult(plan, len(checked), tuple(flagged))


def read_rows(data: bytes, filename: str, *, max_rows: int) -> list[tuple[int, dict[str, str]]]:
    """Read a CSV or XLSX file into rows keyed by our column names, with their row numbers.

    Raises
    ------
    KpiImportError
        For a file that is not UTF-8 CSV or XLSX, has no header with ``ref`` and ``measure``,
        has repeated headers, no rows, or more than ``max_rows`` rows.
    """
    if not data:
        raise KpiImportError([RowError(None, None, "The file is empty")])
    cells = _xlsx_cells(data) if filename.lower().endswith(".xlsx") else _csv_cells(data)
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    for number, values in cells:
        if not any(values):
            continue
        if header is None:
            header = _header(number, values)
            continue
        if len(rows) == max_rows:
            raise KpiImportError(
                [RowError(number, None, f"The file has more than {max_rows} rows")]
            )
        row = {name: value for name, value in zip(header, values, strict=False) if name}
        rows.append((number, row))
    if header is None or not rows:
        raise KpiImportError([RowError(None, None, "The file has no KPI rows under its header")])
    return rows


def check_rows(
    rows: list[tuple[int, dict[str, str]]],
) -> list[tuple[int, dict[str, str], KpiReading]]:
    """Check every row and read its targets.

    Raises
    ------
    KpiImportError
        Listing every row-and-column problem in the whole file.
    """
    errors: list[RowError] = []
    seen: dict[tuple[str, str], int] = {}
    checked = []
    for number, row in rows:
        found = _cell_errors(number, row)
        key = (row.get("ref", ""), row.get("measure", ""))
        if all(key) and key in seen:
            found.append(RowError(number, "ref", f"Repeats row {seen[key]}: same ref and measure"))
        seen.setdefault(key, number)
        reading = classify_kpi_row(row)
        found += reading_errors(number, row, reading)
        errors += found
        checked.append((number, row, reading))
    if errors:
        raise KpiImportError(errors)
    return checked


def _cell_errors(number: int, row: Mapping[str, str]) -> list[RowError]:
    errors = []
    for column in REQUIRED_COLUMNS:
        if not row.get(column):
            errors.append(RowError(number, column, f"Enter the {column}: it is empty"))
    for column, limit in COLUMN_LIMITS.items():
        if len(row.get(column, "")) > limit:
            errors.append(RowError(number, column, f"Must be {limit} characters or fewer"))
    return errors


def reading_errors(number: int, row: Mapping[str, str], reading: KpiReading) -> list[RowError]:
    """Return the row's baseline and target text that cannot be read: errors, not flags."""
    errors = [
        RowError(number, "baseline", flag.reason)
        for flag in reading.flags
        if flag.code is FlagCode.BASELINE_UNREADABLE
    ]
    for cell in reading.milestones:
        if cell.outcome is CellOutcome.UNREADABLE:
            column = MILESTONE_COLUMNS[cell.months]
            if cell.months == 12 and not row.get(column):
                column = "target"
            errors.append(RowError(number, column, cell.reason))
    if reading.outcome is RowOutcome.UNREADABLE and not errors:
        errors.append(RowError(number, None, reading.reason))
    return errors


def _header(number: int, values: list[str]) -> list[str]:
    names = [ALIASES.get(n, n) for n in (_column_name(v) for v in values)]
    errors = [
        RowError(number, column, f"The header has no '{column}' column")
        for column in REQUIRED_COLUMNS
        if column not in names
    ]
    repeated = sorted({n for n in names if n and names.count(n) > 1})
    errors += [RowError(number, n, "This column appears more than once") for n in repeated]
    if errors:
        raise KpiImportError(errors)
    return [n if n in COLUMN_LIMITS else "" for n in names]


def _column_name(value: str) -> str:
    return "_".join(value.strip().lower().replace("-", " ").split())


def _csv_cells(data: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise KpiImportError(
            [RowError(None, None, "The file is not UTF-8 text: save it as 'CSV UTF-8' or XLSX")]
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for values in reader:
            yield reader.line_num, [value.strip() for value in values]
    except csv.Error as error:
        raise KpiImportError([RowError(reader.line_num, None, f"Not valid CSV: {error}")]) from None


# A KPI table is at most 2 MB as uploaded; bounded as well once decompressed, before parsing.
XLSX_LIMITS = WorkbookLimits(
    max_uncompressed_bytes=8 * 1024 * 1024,
    max_rows=100_000,  # read_rows stops at its own max_rows long before this
    max_columns=200,
    max_cell_characters=32_767,
    max_cells=2_000_000,
)


def _xlsx_cells(data: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        check_expansion(io.BytesIO(data), XLSX_LIMITS)
        with warnings.catch_warnings():
            # openpyxl warns about Excel features it ignores (data validation, styles).
            warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except WorkbookTooLargeError as error:
        raise KpiImportError([RowError(None, None, str(error))]) from None
    except (zipfile.BadZipFile, zlib.error, KeyError, OSError, ValueError, EOFError):
        raise KpiImportError(
            [RowError(None, None, "The file is not an Excel workbook (.xlsx) that can be read")]
        ) from None
    try:
        sheet = book.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(), start=1):
            values = [cell_text(c.value, getattr(c, "number_format", "")) for c in row]
            try:
                check_row(number, values, XLSX_LIMITS)
            except WorkbookTooLargeError as error:
                raise KpiImportError([RowError(number, None, str(error))]) from None
            yield number, values
    finally:
        book.close()
