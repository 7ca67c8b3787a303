"""An uploaded workbook is bounded before it is parsed: expansion, rows, columns, cell length."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import xlsxwriter
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st

from feedback.services.cases import import_xlsx
from feedback.services.cases.import_files import ImportFile, ImportFileError, rows
from feedback.services.kpis.importing import KpiImportError, read_rows
from feedback.services.spreadsheet_limits import (
    WorkbookLimits,
    WorkbookTooLargeError,
    check_expansion,
    check_row,
)
from tests.feedback.cases_data import HEADER, case_count, import_file, row

SHEET = "xl/worksheets/sheet1.xml"
SMALL = WorkbookLimits(
    max_uncompressed_bytes=2 * 1024 * 1024,
    max_rows=50,
    max_columns=20,
    max_cell_characters=100,
    max_cells=400,
)


def workbook_bytes(records: list[list[object]]) -> bytes:
    """A workbook with ``records`` from A1, written as Excel writes one (XlsxWriter)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet()
    for number, record in enumerate(records):
        for column, value in enumerate(record):
            if value is not None:
                sheet.write(number, column, value)
    workbook.close()
    return buffer.getvalue()


def export(*references: str) -> list[list[object]]:
    return [list(HEADER)] + [[row(ref).get(column) for column in HEADER] for ref in references]


def padded(data: bytes, part: str, extra_bytes: int) -> bytes:
    """Return the workbook with ``extra_bytes`` of spaces inside ``part``'s XML: a few kilobytes
    compressed, as large as asked once opened (the shape of a decompression bomb)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {member: archive.read(member) for member in archive.namelist()}
    xml = parts[part]
    cut = xml.index(b"<sheetData>")
    parts[part] = xml[:cut] + b" " * extra_bytes + xml[cut:]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for member, content in parts.items():
            archive.writestr(member, content)
    return buffer.getvalue()


def with_sheet_xml(data: bytes, change: Callable[[bytes], bytes]) -> bytes:
    """Return the workbook with its first sheet's XML rewritten by ``change``."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {member: archive.read(member) for member in archive.namelist()}
    parts[SHEET] = change(parts[SHEET])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, content in parts.items():
            archive.writestr(member, content)
    return buffer.getvalue()


def far_cell(reference: bytes) -> Callable[[bytes], bytes]:
    """A change that adds one cell at ``reference`` (like b"XFD1048576") in its own row."""
    row = reference.lstrip(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ")

    def change(xml: bytes) -> bytes:
        cell = b'<row r="' + row + b'"><c r="' + reference + b'"><v>1</v></c></row>'
        return xml.replace(b"</sheetData>", cell + b"</sheetData>")

    return change


def read_all(data: bytes, limits: WorkbookLimits) -> int:
    """Read an uploaded workbook as the import does; return how many rows it had."""
    with rows(ImportFile.from_stream(io.BytesIO(data), "cases.xlsx"), limits) as (_header, body):
        return sum(1 for _ in body)


def test_a_workbook_that_expands_past_the_limit_is_refused_before_it_is_parsed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bomb = padded(workbook_bytes(export("EHC-1")), SHEET, 64 * 1024 * 1024)
    assert len(bomb) < 200_000  # under 200 KB uploaded, 64 MB once opened

    def never(*_args: object) -> None:
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr(import_xlsx.CalamineWorkbook, "from_filelike", never)
    with pytest.raises(ImportFileError, match=r"expands to more than 2 MB when opened"):
        read_all(bomb, SMALL)


def test_a_workbook_just_under_the_limit_is_read() -> None:
    data = padded(workbook_bytes(export("EHC-1", "EHC-2")), SHEET, 1024 * 1024)
    assert read_all(data, SMALL) == 2


def test_an_archive_that_understates_a_parts_size_is_refused_as_unreadable() -> None:
    data = padded(workbook_bytes(export("EHC-1")), SHEET, 4 * 1024 * 1024)
    lied = bytearray(data)
    # Every record of the part (local header and central directory) declares 1 KB.
    name = SHEET.encode()
    for signature, size_offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := lied.find(signature, start)) != -1:
            name_length_at = 26 if signature == b"PK\x03\x04" else 28
            name_at = 30 if signature == b"PK\x03\x04" else 46
            length = struct.unpack_from("<H", lied, start + name_length_at)[0]
            if bytes(lied[start + name_at : start + name_at + length]) == name:
                struct.pack_into("<I", lied, start + size_offset, 1024)
            start += 4
    with pytest.raises(ImportFileError, match=r"^The file is not an Excel workbook"):
        read_all(bytes(lied), SMALL)


def test_a_sheet_with_more_rows_than_allowed_is_refused_with_the_limit() -> None:
    data = workbook_bytes(export(*[f"EHC-{n}" for n in range(60)]))
    with pytest.raises(ImportFileError, match=r"more than 50 rows: split it"):
        read_all(data, SMALL)


def test_a_row_wider_than_allowed_is_refused() -> None:
    records = export("EHC-1", "EHC-2")
    records[2] = records[2] + [None] * 30 + ["far to the right"]
    with pytest.raises(ImportFileError, match=r"more than 20 columns: remove the extra columns"):
        read_all(workbook_bytes(records), SMALL)


def test_a_cell_longer_than_allowed_is_refused_with_its_row_and_column() -> None:
    records = export("EHC-1")
    records[1][2] = "x" * 101
    with pytest.raises(ImportFileError, match=r"^Row 2, column 3 holds more than 100 characters"):
        read_all(workbook_bytes(records), SMALL)


@settings(max_examples=50, deadline=None)
@given(
    row_count=st.integers(min_value=1, max_value=80),
    width=st.integers(min_value=1, max_value=40),
    longest=st.integers(min_value=0, max_value=200),
)
def test_check_row_refuses_exactly_what_is_past_a_limit(
    row_count: int, width: int, longest: int
) -> None:
    cells = ["y" * longest] + ["v"] * (width - 1)
    past = row_count > SMALL.max_rows or width > SMALL.max_columns
    past = past or longest > SMALL.max_cell_characters
    if past:
        with pytest.raises(WorkbookTooLargeError):
            check_row(row_count, cells, SMALL)
    else:
        check_row(row_count, cells, SMALL)


def test_the_expansion_check_rewinds_the_stream_for_the_parser() -> None:
    stream = io.BytesIO(workbook_bytes(export("EHC-1")))
    stream.seek(100)
    check_expansion(stream, SMALL)
    assert stream.tell() == 0


def test_the_import_uses_the_council_settings_and_writes_nothing_past_them(
    app: Flask, tmp_path: Path
) -> None:
    path = tmp_path / "cases.xlsx"
    path.write_bytes(padded(workbook_bytes(export("EHC-1", "EHC-2")), SHEET, 3 * 1024 * 1024))
    with app.app_context():
        app.config["CASE_XLSX_MAX_UNCOMPRESSED_BYTES"] = 1024 * 1024
        outcome = import_file(path)
        assert [(p.row, p.message[:42]) for p in outcome.problems] == [
            (1, "The workbook expands to more than 1 MB whe")
        ]
        assert case_count() == 0
        app.config["CASE_XLSX_MAX_UNCOMPRESSED_BYTES"] = 8 * 1024 * 1024
        assert import_file(path).created == 2


def test_a_kpi_table_that_expands_past_its_limit_is_refused() -> None:
    table = workbook_bytes([["ref", "measure"], ["1.1", "Parents satisfied"]])
    bomb = padded(table, SHEET, 32 * 1024 * 1024)
    with pytest.raises(KpiImportError) as raised:
        read_rows(bomb, "plan.xlsx", max_rows=10)
    assert "expands to more than 8 MB" in raised.value.errors[0].message
    assert read_rows(table, "plan.xlsx", max_rows=10)[0][1]["measure"] == "Parents satisfied"


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        (b"XFD1048576", "more than 50 rows"),  # Excel's far corner: a grid of 17 billion cells
        (b"GR40", "more than 20 columns"),
        (b"T40", "spans more than 400 cells"),  # 20 columns by 40 rows
    ],
)
def test_a_cell_far_from_the_rest_is_refused_before_the_sheet_is_laid_out(
    reference: bytes, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = with_sheet_xml(workbook_bytes(export("EHC-1")), far_cell(reference))
    assert len(data) < 10_000

    def never(*_args: object) -> None:
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr(import_xlsx.CalamineWorkbook, "from_filelike", never)
    with pytest.raises(ImportFileError, match=message):
        read_all(data, SMALL)


def test_a_stated_dimension_past_the_limits_is_refused() -> None:
    data = with_sheet_xml(
        workbook_bytes(export("EHC-1")),
        lambda xml: xml.replace(b'<dimension ref="A1:', b'<dimension ref="A1:XFD1048576" x="'),
    )
    with pytest.raises(ImportFileError, match="more than 50 rows"):
        read_all(data, SMALL)


def test_many_cells_without_references_are_counted() -> None:
    def empty_cells(xml: bytes) -> bytes:
        return xml.replace(b"</sheetData>", b"<row>" + b"<c/>" * 500 + b"</row></sheetData>")

    with pytest.raises(ImportFileError, match="spans more than 400 cells"):
        read_all(with_sheet_xml(workbook_bytes(export("EHC-1")), empty_cells), SMALL)


@settings(max_examples=30, deadline=None)
@given(offset=st.integers(min_value=0, max_value=40))
def test_a_reference_cut_by_a_chunk_boundary_is_still_read(offset: int) -> None:
    # The far reference straddles the 1 MiB boundary at which the part is read in chunks.
    def straddling(xml: bytes) -> bytes:
        cut = xml.index(b"<sheetData>")
        cell = b'<row r="45"><c r="T45"><v>1</v></c></row>'
        head = xml[:cut] + b"<sheetData>"
        padding = b" " * (1024 * 1024 - len(head) - offset)
        rest = xml[cut + len(b"<sheetData>") :]
        return head + padding + cell + rest

    data = with_sheet_xml(workbook_bytes(export("EHC-1")), straddling)
    with pytest.raises(ImportFileError, match="spans more than 400 cells"):
        read_all(data, SMALL)
