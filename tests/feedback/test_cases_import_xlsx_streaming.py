"""The XLSX reader keeps its shared strings on disk and gives exactly what openpyxl gives."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from flask import Flask
from openpyxl import Workbook, load_workbook

from feedback.services.cases import import_xlsx
from feedback.services.cases.import_xlsx import SharedStrings, open_workbook, sheet_values
from tests.feedback.cases_data import HEADER, case_count, import_file, row


def _workbook_bytes(rows: list[list[object]]) -> bytes:
    """A workbook with its text in a shared-strings table, as Excel saves one (xlsxwriter)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet()
    for number, values in enumerate(rows):
        for column, value in enumerate(values):
            if value is not None:
                sheet.write(number, column, value)
    workbook.close()
    return buffer.getvalue()


def write_shared_strings_export(path: Path, rows: list[dict[str, str]]) -> Path:
    """Write a case export as Excel saves one, with a shared-strings table; return the path."""
    path.write_bytes(
        _workbook_bytes([list(HEADER), *([item.get(column) for column in HEADER] for item in rows)])
    )
    return path


def _streamed(data: bytes) -> list[tuple[object, ...]]:
    reader = open_workbook(io.BytesIO(data))
    try:
        return list(sheet_values(reader.wb.worksheets[0]))
    finally:
        reader.close()


def _openpyxl(data: bytes) -> list[tuple[object, ...]]:
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return list(workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()


def _rewrite_part(data: bytes, name: str, change: object) -> bytes:
    """Return the workbook with one part of its zip rewritten by ``change(text) -> text``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == name:
                content = change(content.decode("utf-8")).encode("utf-8")  # type: ignore[operator]
            target.writestr(item, content)
    return buffer.getvalue()


def test_shared_strings_dates_numbers_and_gaps_come_out_as_openpyxl_reads_them() -> None:
    data = _workbook_bytes(
        [
            ["case_reference", "request_date", "count"],
            ["A-1", "2025-01-06", 3],
            [],
            ["B-2", None, 4.5],
            ["Zoë Ó'Brien", "٢٠٢٥", "https://example.org/a_b"],
        ]
    )
    assert "xl/sharedStrings.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert _streamed(data) == _openpyxl(data)
    assert _streamed(data)[4][0] == "Zoë Ó'Brien"


def test_rich_text_runs_in_one_cell_are_joined_as_openpyxl_joins_them() -> None:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write(0, 0, "case_reference")
    bold, italic = workbook.add_format({"bold": True}), workbook.add_format({"italic": True})
    sheet.write_rich_string(1, 0, bold, "REF-", italic, "9")
    workbook.close()
    data = buffer.getvalue()
    assert b"<r>" in zipfile.ZipFile(io.BytesIO(data)).read("xl/sharedStrings.xml")
    assert _streamed(data) == _openpyxl(data) == [("case_reference",), ("REF-9",)]


def test_excel_escapes_in_shared_strings_are_read_as_openpyxl_reads_them() -> None:
    data = _workbook_bytes([["first"], ["second"]])
    escaped = _rewrite_part(
        data,
        "xl/sharedStrings.xml",
        lambda xml: xml.replace(">second<", ">a_x005F_b line_x000D_end<"),
    )
    assert _streamed(escaped) == _openpyxl(escaped)
    assert _streamed(escaped)[1] == ("a_b line_x000D_end",)


def test_inline_strings_are_read_without_a_shared_strings_table() -> None:
    workbook = Workbook()  # openpyxl writes every text cell inline
    workbook.active.append(["case_reference"])
    workbook.active.append(["INLINE-7"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    assert "xl/sharedStrings.xml" not in zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert _streamed(data) == _openpyxl(data) == [("case_reference",), ("INLINE-7",)]


def test_the_strings_table_looks_strings_up_by_index_and_refuses_others() -> None:
    table = SharedStrings()
    try:
        for text in ("", "A-1", "Zoë", "x" * 10_000):
            table.append(text)
        assert len(table) == 4
        assert [table[i] for i in (3, 0, 2, 1)] == ["x" * 10_000, "", "Zoë", "A-1"]
        for index in (4, -1):
            with pytest.raises(IndexError):
                table[index]
    finally:
        table.close()
    assert table.closed


def test_a_cell_naming_a_missing_shared_string_is_an_unreadable_file(
    app: Flask, tmp_path: Path
) -> None:
    path = write_shared_strings_export(tmp_path / "cases.xlsx", [row("A-1")])
    corrupt = _rewrite_part(
        path.read_bytes(),
        "xl/worksheets/sheet1.xml",
        lambda xml: re.sub(r'(<c r="A2"[^>]* t="s"><v>)\d+(</v>)', r"\g<1>99999\2", xml),
    )
    path.write_bytes(corrupt)
    with app.app_context():
        outcome = import_file(path)
        assert not outcome.succeeded
        assert "Excel workbook" in outcome.problems[0].message
        assert case_count() == 0


def test_the_strings_files_are_deleted_after_an_import_that_succeeds_or_fails(
    app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tables: list[SharedStrings] = []
    original = SharedStrings.__init__

    def tracked(self: SharedStrings) -> None:
        original(self)
        tables.append(self)

    monkeypatch.setattr(import_xlsx.SharedStrings, "__init__", tracked)
    good = write_shared_strings_export(tmp_path / "good.xlsx", [row("A-1"), row("A-2")])
    bad = write_shared_strings_export(
        tmp_path / "bad.xlsx", [row("B-1", request_date="not a date")]
    )
    with app.app_context():
        assert import_file(good).succeeded
        assert not import_file(bad).succeeded
        assert case_count() == 2
    assert len(tables) >= 2  # each pass of each file has its own table
    assert all(table.closed for table in tables)
