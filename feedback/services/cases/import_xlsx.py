"""Reading an XLSX export's first worksheet with memory that does not grow with the file.

openpyxl does the reading: its workbook loader, its cell parser (types, dates, shared and inline
strings) and its row layout. Two things in its read-only mode grow with the file, and this module
replaces only those:

- the shared-strings table, which it reads whole into a list: here it goes into temporary files
  (:class:`SharedStrings`), looked up by index;
- the parsed XML, because ``iterparse`` keeps every finished ``<row>`` (cleared, but still attached
  to ``<sheetData>``) and every ``<si>`` until the part ends: here each one is detached once read;
- finding a worksheet's size, which parses the whole sheet that way when the file states no
  ``<dimension>`` (openpyxl itself writes none): here it stops where the rows begin.

Both were measured with ``bench/bench_case_import.py`` (bench/RESULTS.md).
"""

from __future__ import annotations

import os
import struct
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from typing import IO, BinaryIO
from xml.etree.ElementTree import Element, ParseError
from zipfile import BadZipFile

from openpyxl.cell.text import Text
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from feedback.services.cases.import_columns import Cell

# What openpyxl, zipfile, zlib and the XML parser raise for a corrupt, truncated or hostile
# workbook, found by corrupting workbooks byte by byte: defusedxml's refusals are ValueErrors,
# LookupError covers a missing part (KeyError), a shared string out of range (IndexError) and an
# unknown XML encoding, TypeError comes from openpyxl's typed descriptors, RuntimeError from
# zipfile's encrypted or unsupported members.
UNREADABLE = (
    BadZipFile,
    InvalidFileException,
    LookupError,
    OSError,
    EOFError,
    zlib.error,
    ValueError,
    TypeError,
    ParseError,
    RuntimeError,
)
_STRING_TAG = f"{{{SHEET_MAIN_NS}}}si"
_ROW_TAG = f"{{{SHEET_MAIN_NS}}}row"
_DIMENSION_TAG = f"{{{SHEET_MAIN_NS}}}dimension"
_DATA_TAG = f"{{{SHEET_MAIN_NS}}}sheetData"
_SPAN = struct.Struct("<QQ")  # where a string starts and where the next one starts
_OFFSET = struct.Struct("<Q")


class SharedStrings:
    """A workbook's shared-strings table in two private temporary files, indexed like a list.

    One file holds the strings end to end in UTF-8, the other an 8-byte offset per string (and one
    for the end), so a lookup reads two offsets and one string and nothing grows in memory.
    Temporary files are unnamed and deleted when closed: call :meth:`close` when the read ends.
    """

    def __init__(self) -> None:
        with ExitStack() as files:  # if the second file cannot be made, the first is closed
            self._text: IO[bytes] = files.enter_context(tempfile.TemporaryFile())
            self._offsets: IO[bytes] = files.enter_context(tempfile.TemporaryFile())
            self._files = files.pop_all()
        self._offsets.write(_OFFSET.pack(0))
        self._end = 0
        self._count = 0
        self._unwritten = True

    def append(self, text: str) -> None:
        """Add ``text`` as the next string of the table (returns nothing)."""
        encoded = text.encode("utf-8")
        self._text.write(encoded)
        self._end += len(encoded)
        self._offsets.write(_OFFSET.pack(self._end))
        self._count += 1
        self._unwritten = True

    def extend_from_xml(self, source: IO[bytes]) -> None:
        """Add every string of a ``sharedStrings.xml`` part, as openpyxl reads them (returns
        nothing).

        As openpyxl's ``read_string_table``: rich-text runs are joined, phonetic guides dropped,
        and ``_x005F_`` (Excel's escaped underscore) becomes ``_``; other ``_xHHHH_`` stay as
        they are.
        """
        for node in completed_elements(source, _STRING_TAG):
            self.append(Text.from_tree(node).content.replace("x005F_", ""))

    def __len__(self) -> int:
        """Return the number of strings in the table."""
        return self._count

    def __getitem__(self, index: int) -> str:
        """Return string number ``index`` (from 0); ``IndexError`` when there is no such string."""
        if not 0 <= index < self._count:  # a negative index is a corrupt cell, not "from the end"
            raise IndexError(f"Shared string {index} is not in a table of {self._count}")
        if self._unwritten:  # lookups read the files directly, past the write buffers
            self._text.flush()
            self._offsets.flush()
            self._unwritten = False
        # pread: one system call per read, where a buffered read would refill 8 KiB each time.
        start, end = _SPAN.unpack(
            os.pread(self._offsets.fileno(), _SPAN.size, index * _OFFSET.size)
        )
        return os.pread(self._text.fileno(), end - start, start).decode("utf-8")

    @property
    def closed(self) -> bool:
        """Return whether the table's files are closed (and so deleted)."""
        return self._text.closed and self._offsets.closed

    def close(self) -> None:
        """Close and delete the table's temporary files (returns nothing; safe to repeat)."""
        self._files.close()


def completed_elements(source: IO[bytes], tag: str) -> Iterator[Element]:
    """Yield each ``tag`` element of an XML part once its end tag is read.

    After the consumer has used it, the element is cleared and detached from its parent, and so
    is every other finished child of the root, so the parsed tree never grows with the part.
    Uses openpyxl's parser (defusedxml's when installed), which refuses entities and DTDs.
    """
    open_elements: list[Element] = []
    for event, element in iterparse(source, events=("start", "end")):
        if event == "start":
            open_elements.append(element)
            continue
        open_elements.pop()
        if element.tag == tag:
            yield element
        elif len(open_elements) > 1:
            continue  # part of an element still being read (a cell of a row)
        element.clear()
        if open_elements:
            open_elements[-1].remove(element)  # earlier siblings are gone, so this is the first


class StreamingReadOnlyWorksheet(ReadOnlyWorksheet):
    """openpyxl's read-only worksheet, sized without reading its rows."""

    def _get_size(self) -> None:
        # openpyxl looks for <dimension> until the end of <sheetData>, keeping every row it passes
        # when there is none; the schema puts <dimension> before <sheetData>, so stop there.
        with self._get_source() as source:
            for event, element in iterparse(source, events=("start", "end")):
                if event == "start" and element.tag == _DATA_TAG:
                    return
                if event == "end" and element.tag == _DIMENSION_TAG:
                    boundaries = SheetDimension.from_tree(element).boundaries
                    if boundaries is not None:
                        self._min_column, self._min_row, self._max_column, self._max_row = (
                            boundaries
                        )
                    return


class StreamingExcelReader(ExcelReader):
    """openpyxl's read-only loader with the shared strings on disk and sheets sized cheaply."""

    strings: SharedStrings | None = None

    def read_strings(self) -> None:
        """Read the shared-strings part, if any, into a :class:`SharedStrings` (returns nothing)."""
        part = self.package.find(SHARED_STRINGS)
        if part is None:
            return  # openpyxl's empty list stands: the cells hold inline strings
        self.strings = SharedStrings()  # kept before parsing, so a failed parse still closes it
        with self.archive.open(part.PartName[1:]) as source:
            self.strings.extend_from_xml(source)
        self.shared_strings = self.strings  # type: ignore[assignment]

    def read_worksheets(self) -> None:
        """Add each worksheet, to be read on demand, as openpyxl's read-only mode does (returns
        nothing); chart sheets, which hold no rows, are left out."""
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files or "chartsheet" in rel.Type:
                continue
            worksheet = StreamingReadOnlyWorksheet(
                self.wb, sheet.name, rel.target, self.shared_strings
            )
            worksheet.sheet_state = sheet.state
            self.wb._sheets.append(worksheet)

    def close(self) -> None:
        """Close the archive and delete the shared strings' files (returns nothing)."""
        if self.strings is not None:
            self.strings.close()
        self.archive.close()


def open_workbook(stream: BinaryIO) -> StreamingExcelReader:
    """Return a reader that has loaded the read-only workbook in ``stream`` (as ``reader.wb``).

    Close the reader when done with the workbook: that deletes its temporary files. Raises one of
    :data:`UNREADABLE` (and leaves nothing open) when the file is not a workbook that can be read.
    """
    reader = StreamingExcelReader(stream, read_only=True, data_only=True)
    try:
        reader.read()
    except BaseException:
        reader.close()
        raise
    return reader


def sheet_values(sheet: ReadOnlyWorksheet) -> Iterator[tuple[Cell, ...]]:
    """Return the worksheet's rows of values, as ``sheet.iter_rows(values_only=True)`` does.

    The same rows from row 1, a missing row as an empty one, each as wide as the sheet's stated
    dimension (or its last cell), parsed by openpyxl; only the finished XML is not kept.
    """
    workbook = sheet.parent
    max_row, max_col = sheet.max_row, sheet.max_column
    empty_row = (None,) * max_col if max_col else ()
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=workbook.data_only,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        expected = 1
        for number, cells in _parsed_rows(parser, completed_elements(source, _ROW_TAG)):
            if max_row is not None and number > max_row:
                break
            while expected < number:  # rows with nothing in them are not in the file
                expected += 1
                yield empty_row
            if expected == number:  # a row out of order is skipped, as openpyxl does
                expected += 1
                yield sheet._get_row(cells, 1, max_col, values_only=True)
        else:
            return
        for _ in range(expected, max_row + 1):  # openpyxl pads to the stated last row
            yield empty_row


def _parsed_rows(
    parser: WorkSheetParser, rows: Iterable[Element]
) -> Iterator[tuple[int, list[dict[str, object]]]]:
    for element in rows:
        number, cells = parser.parse_row(element)
        parser.row_dimensions.clear()  # heights and styles of every row: unused, and growing
        yield number, cells
