"""Reading an XLSX export with flat memory: the same values as openpyxl, shared strings on disk,
temporary files gone when the import ends, and a corrupt workbook refused whole."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable
from datetime import date, datetime, time
from pathlib import Path

import pytest
import xlsxwriter
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from feedback.services.cases.import_files import DEFAULT_LIMITS, ImportFile, ImportFileError, rows
from feedback.services.cases.import_xlsx import sheet_values
from tests.feedback.cases_data import HEADER, case_count, import_file, row

NOT_A_WORKBOOK = "The file is not an Excel workbook (.xlsx) that can be read"
SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"


def excel_workbook(path: Path, records: Iterable[Iterable[object]]) -> Path:
    """Write ``records`` from A1 with XlsxWriter, which keeps strings in a shared-strings table
    as Excel does, and return the path."""
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("Cases")
    dates = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for number, record in enumerate(records):
        for column, value in enumerate(record):
            if isinstance(value, datetime):
                sheet.write_datetime(number, column, value, dates)
            elif value is not None:
                sheet.write(number, column, value)
    workbook.close()
    return path


def openpyxl_workbook(path: Path, records: Iterable[Iterable[object]]) -> Path:
    """Write ``records`` with openpyxl's write-only mode (inline strings) and return the path."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Cases")
    for record in records:
        sheet.append(list(record))
    workbook.save(path)
    return path


def export_rows(*references: str, **values: str) -> list[list[object]]:
    """Return the header and one export row per reference, as lists of cells."""
    return [list(HEADER)] + [
        [row(reference, **values).get(column) for column in HEADER] for reference in references
    ]


def streamed(path: Path) -> list[tuple[object, ...]]:
    """Return the first sheet's rows as this service reads them."""
    with path.open("rb") as stream:
        return [tuple(values) for values in sheet_values(stream, DEFAULT_LIMITS)]


def loaded(path: Path, *, read_only: bool = False) -> list[tuple[object, ...]]:
    """Return the first sheet's rows as openpyxl's own loader reads them, a date-only cell as a
    ``date`` (openpyxl gives a ``datetime`` at midnight; the import reads both the same)."""
    workbook = load_workbook(path, read_only=read_only, data_only=True)
    try:
        return [
            tuple(_date_only(value) for value in values)
            for values in workbook.worksheets[0].iter_rows(values_only=True)
        ]
    finally:
        workbook.close()


def _date_only(value: object) -> object:
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date()
    return value


def trimmed(values: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    """Return rows without trailing empty cells (the loaders pad rows to different widths)."""
    result = []
    for record in values:
        cells = list(record)
        while cells and cells[-1] is None:
            cells.pop()
        result.append(tuple(cells))
    return result


def rewrite_part(path: Path, name: str, change: Callable[[bytes], bytes]) -> Path:
    """Replace the part ``name`` of the workbook at ``path`` by ``change(part)``; return path."""
    with zipfile.ZipFile(path) as archive:
        parts = {member: archive.read(member) for member in archive.namelist()}
    parts[name] = change(parts[name])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in parts.items():
            archive.writestr(member, data)
    return path


def read_whole(data: bytes) -> int:
    """Read every row of an uploaded workbook as the import does; return how many there were."""
    upload = ImportFile.from_stream(io.BytesIO(data), "cases.xlsx")
    with rows(upload) as (_header, body):
        return sum(1 for _ in body)


# Reading: the same values as openpyxl


def test_shared_strings_as_excel_writes_them_read_as_openpyxl_reads_them(tmp_path: Path) -> None:
    records = [
        ["case_reference", "request_date", "score", "opted_out"],
        ["EHC-001", datetime(2025, 1, 6), 3, True],
        ["EHC-002", "06/01/2025", 2.5, None],
        ["EHC-001", "ünïcode ✓ and 中文", None, False],  # a string repeated: one table entry
    ]
    path = excel_workbook(tmp_path / "excel.xlsx", records)
    with zipfile.ZipFile(path) as archive:
        assert b"<si><t>EHC-001</t></si>" in archive.read(STRINGS)
    assert streamed(path) == loaded(path)
    assert streamed(path)[1] == ("EHC-001", date(2025, 1, 6), 3, True)


def test_inline_strings_as_openpyxl_writes_them_read_as_openpyxl_reads_them(
    tmp_path: Path,
) -> None:
    path = openpyxl_workbook(tmp_path / "inline.xlsx", export_rows("EHC-1", "EHC-2"))
    with zipfile.ZipFile(path) as archive:
        assert STRINGS not in archive.namelist()
    assert trimmed(streamed(path)) == trimmed(loaded(path))
    assert streamed(path)[2][:2] == ("EHC-2", "2025-01-06")


@pytest.mark.parametrize("where", ["shared", "inline"])
def test_rich_text_runs_in_one_cell_read_as_openpyxl_joins_them(where: str, tmp_path: Path) -> None:
    path = tmp_path / "rich.xlsx"
    if where == "shared":
        workbook = xlsxwriter.Workbook(str(path))
        sheet = workbook.add_worksheet()
        bold, italic = workbook.add_format({"bold": True}), workbook.add_format({"italic": True})
        sheet.write_rich_string(0, 0, bold, "EHC", "-", italic, "001")
        workbook.close()
    else:
        text = CellRichText(TextBlock(InlineFont(b=True), "EHC"), "-", "001")
        openpyxl_workbook(path, [[text]])
    assert streamed(path) == loaded(path) == [("EHC-001",)]


def test_escaped_characters_read_as_excel_shows_them(tmp_path: Path) -> None:
    # XlsxWriter writes a carriage return as _x000D_ and a literal "_x000D_" as _x005F_x000D_.
    path = excel_workbook(tmp_path / "escapes.xlsx", [["line\rbreak", "a _x000D_ b", " padded "]])
    with zipfile.ZipFile(path) as archive:
        assert b"_x005F_x000D_" in archive.read(STRINGS)
    assert streamed(path) == [("line\rbreak", "a _x000D_ b", " padded ")]


@pytest.mark.parametrize("write", [excel_workbook, openpyxl_workbook])
def test_rows_are_laid_out_as_openpyxl_read_only_mode_lays_them_out(
    write: Callable[[Path, list[list[object]]], Path], tmp_path: Path
) -> None:
    records: list[list[object]] = [["a", None, "c"], [], [None, 2], [None, None, None, "d"]]
    path = write(tmp_path / "gaps.xlsx", records)
    assert trimmed(streamed(path)) == trimmed(loaded(path, read_only=True))


# A malformed workbook is refused whole


def test_bad_cells_in_a_workbook_are_listed_by_row_and_column_and_nothing_is_written(
    app: Flask, tmp_path: Path
) -> None:
    records = export_rows("GOOD-1", "GOOD-2")
    records[2][HEADER.index("request_date")] = "2025-13-01"
    records[1][HEADER.index("parent_email")] = "someone@"
    path = excel_workbook(tmp_path / "cases.xlsx", records)
    with app.app_context():
        import_file(excel_workbook(tmp_path / "first.xlsx", export_rows("GOOD-1")))
        outcome = import_file(path)
        assert [(p.row, p.column) for p in outcome.problems] == [
            (2, "parent_email"),
            (3, "request_date"),
        ]
        assert case_count() == 1


def test_a_workbook_whose_sheet_is_cut_short_is_refused_whole_and_nothing_is_written(
    app: Flask, tmp_path: Path
) -> None:
    path = excel_workbook(tmp_path / "cases.xlsx", export_rows(*[f"EHC-{n}" for n in range(50)]))
    rewrite_part(path, SHEET, lambda part: part[: len(part) // 2])
    with app.app_context():
        outcome = import_file(path)
        assert [(p.row, p.column, p.message) for p in outcome.problems] == [(1, "", NOT_A_WORKBOOK)]
        assert case_count() == 0


def test_a_cell_pointing_past_the_strings_table_is_refused_whole(
    app: Flask, tmp_path: Path
) -> None:
    path = excel_workbook(tmp_path / "cases.xlsx", export_rows("EHC-1", "EHC-2"))
    rewrite_part(
        path, SHEET, lambda part: part.replace(b'<c r="A3" t="s"><v>', b'<c r="A3" t="s"><v>9')
    )
    with app.app_context():
        outcome = import_file(path)
        assert [(p.row, p.message) for p in outcome.problems] == [(1, NOT_A_WORKBOOK)]
        assert case_count() == 0


def test_a_workbook_without_a_worksheet_is_refused_whole(app: Flask, tmp_path: Path) -> None:
    path = excel_workbook(tmp_path / "cases.xlsx", export_rows("EHC-1"))
    rewrite_part(
        path,
        "xl/workbook.xml",
        lambda part: (
            part[: part.index(b"<sheets>")] + b"<sheets/>" + part[part.index(b"</sheets>") + 9 :]
        ),
    )
    with app.app_context():
        outcome = import_file(path)
        assert outcome.problems[0].message.startswith("The workbook has no worksheet")
        assert case_count() == 0


def _small_export() -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet()
    for number, record in enumerate(export_rows(*[f"EHC-{n}" for n in range(20)])):
        sheet.write_row(number, 0, [value or "" for value in record])
    workbook.close()
    return buffer.getvalue()


SMALL_EXPORT = _small_export()


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(length=st.integers(min_value=0, max_value=len(SMALL_EXPORT) - 1))
def test_a_workbook_cut_short_anywhere_is_refused_as_a_whole_file(length: int) -> None:
    with pytest.raises(ImportFileError, match=r"^The file is not an Excel workbook"):
        read_whole(SMALL_EXPORT[:length])


# openpyxl warns about parts it repairs or drops; in production a warning is logged, not raised.
@pytest.mark.filterwarnings("ignore::UserWarning:openpyxl")
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(
    part=st.sampled_from([SHEET, STRINGS, "xl/workbook.xml", "xl/styles.xml"]),
    position=st.floats(min_value=0, max_value=1, exclude_max=True),
    byte=st.integers(min_value=0, max_value=255),
)
def test_a_workbook_with_a_damaged_part_is_read_or_refused_never_a_traceback(
    part: str, position: float, byte: int
) -> None:
    with zipfile.ZipFile(io.BytesIO(SMALL_EXPORT)) as archive:
        parts = {member: archive.read(member) for member in archive.namelist()}
    damaged = bytearray(parts[part])
    damaged[int(position * len(damaged))] = byte
    parts[part] = bytes(damaged)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, data in parts.items():
            archive.writestr(member, data)
    try:
        assert read_whole(buffer.getvalue()) in range(21)
    except ImportFileError as error:
        assert str(error).startswith(("The file is not an Excel workbook", "The workbook has no"))
