"""Reading an XLSX export's first worksheet, bounded before it is parsed.

python-calamine (the Rust ``calamine`` reader) does the reading through its public API: it reads
a 100,000-row export about 24 times faster than openpyxl's read-only mode, and needs no patch of
a library's internals (bench/RESULTS.md, "XLSX readers"). It holds the sheet's cells in memory
while they are read, so what keeps memory bounded is the check made first
(:func:`feedback.services.spreadsheet_limits.check_expansion`): a workbook that decompresses past
the limit is refused before calamine sees it, and rows, columns and cell lengths are checked as
they come.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from datetime import time, timedelta
from typing import BinaryIO

from python_calamine import CalamineError, CalamineWorkbook

from feedback.services.cases.import_columns import Cell
from feedback.services.spreadsheet_limits import WorkbookLimits, check_expansion, check_row

# What zipfile, zlib and calamine raise for a corrupt, truncated, encrypted or hostile workbook,
# found by corrupting workbooks byte by byte (tests/feedback/test_cases_import_xlsx.py).
UNREADABLE = (
    CalamineError,
    zipfile.BadZipFile,
    zlib.error,
    LookupError,
    OSError,
    EOFError,
    ValueError,
    RuntimeError,
    NotImplementedError,
)


class NoWorksheetError(Exception):
    """The workbook has no worksheet to read."""


def sheet_values(stream: BinaryIO, limits: WorkbookLimits) -> Iterator[tuple[Cell, ...]]:
    """Yield the first worksheet's rows of values from row 1, as the spreadsheet lays them out.

    A cell with nothing in it is ``None``; a number is an ``int`` or ``float``, a date a
    ``date`` or ``datetime``, a time of day its text; Excel's ``_xHHHH_`` escapes are decoded
    as Excel shows them. Raises :class:`~feedback.services.spreadsheet_limits.
    WorkbookTooLargeError` past ``limits``, one of :data:`UNREADABLE` for a file that is not a
    workbook that can be read, and :class:`NoWorksheetError` for a workbook with no worksheet.
    """
    check_expansion(stream, limits)
    workbook = CalamineWorkbook.from_filelike(stream)
    try:
        if not workbook.sheet_names:
            raise NoWorksheetError
        sheet = workbook.get_sheet_by_index(0)
        first_column = sheet.start[1] if sheet.start else 0
        padding: tuple[Cell, ...] = (None,) * first_column
        for number, values in enumerate(sheet.iter_rows(), start=1):
            cells = padding + tuple(_cell(value) for value in values)
            check_row(number, cells, limits)
            yield cells
    finally:
        workbook.close()


def _cell(value: object) -> Cell:
    if value == "" or value is None:
        return None
    if isinstance(value, str):
        return value  # calamine has decoded Excel's _xHHHH_ escapes, as Excel shows them
    if isinstance(value, time | timedelta):
        return str(value)
    return value  # type: ignore[return-value]  # int, float, date or datetime
