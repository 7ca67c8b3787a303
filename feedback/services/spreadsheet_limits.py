"""Bounds on an uploaded workbook, checked before any spreadsheet library parses it.

An XLSX file is a zip archive of XML parts, and a few hundred kilobytes of it can expand to
gigabytes. So before a workbook is parsed, every part is decompressed as a stream and thrown
away, counting bytes, and the file is refused once the count passes a limit: a declared size
cannot be trusted, because an archive can lie about it. A reader lays a sheet out as a grid as
wide and as tall as its furthest cell, so while a worksheet part streams past, the cell
references in it (``r="XFD1048576"``, ``ref="A1:H900"``) and its cells are counted too, and a
sheet that would span more rows, columns or cells than allowed is refused before it is read. The
rows, columns and text of each cell are checked again while the sheet is read (:func:`check_row`).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

_CHUNK = 1 << 20
_WORKSHEETS = "xl/worksheets/"
# A cell or row reference, or the far corner of a range: r="C12", r="12", ref="A1:H900".
_REFERENCE = re.compile(rb'\b(?:r|ref)="(?:[A-Za-z]{0,3}[0-9]{0,7}:)?([A-Za-z]{0,3})([0-9]+)"')
_CELL = re.compile(rb"<(?:[A-Za-z]+:)?c[\s/>]")
_OVERLAP = 64  # a reference cut by a chunk boundary is whole in the next chunk's window


class WorkbookTooLargeError(ValueError):
    """The workbook is beyond a limit; the message says which and what to do."""


@dataclass(frozen=True, slots=True)
class WorkbookLimits:
    """How large a workbook may be: bytes once decompressed, rows, columns, characters a cell."""

    max_uncompressed_bytes: int
    max_rows: int
    max_columns: int
    max_cell_characters: int
    max_cells: int

    @classmethod
    def from_config(cls, config: Mapping[str, Any], prefix: str) -> WorkbookLimits:
        """Return the limits set as ``{prefix}_XLSX_MAX_UNCOMPRESSED_BYTES`` and so on (with
        ``_MAX_ROWS``, ``_MAX_COLUMNS``, ``_MAX_CELL_CHARACTERS`` and ``_MAX_CELLS``)."""
        return cls(
            max_uncompressed_bytes=int(config[f"{prefix}_XLSX_MAX_UNCOMPRESSED_BYTES"]),
            max_rows=int(config[f"{prefix}_XLSX_MAX_ROWS"]),
            max_columns=int(config[f"{prefix}_XLSX_MAX_COLUMNS"]),
            max_cell_characters=int(config[f"{prefix}_XLSX_MAX_CELL_CHARACTERS"]),
            max_cells=int(config[f"{prefix}_XLSX_MAX_CELLS"]),
        )


def check_expansion(stream: BinaryIO, limits: WorkbookLimits) -> None:
    """Decompress every part of the archive in ``stream``, keeping none of it; return nothing.

    Raises :class:`WorkbookTooLargeError` as soon as the parts together pass
    ``limits.max_uncompressed_bytes``, whatever sizes the archive declares, or when a worksheet
    refers to a cell past ``limits.max_rows`` or ``limits.max_columns``, spans more than
    ``limits.max_cells`` cells or holds more; :class:`zipfile.BadZipFile` (or another error of
    :mod:`zipfile`) when it is not an archive that can be read. The stream is rewound to its
    start, so it can be parsed next.
    """
    remaining = limits.max_uncompressed_bytes
    stream.seek(0)
    with zipfile.ZipFile(stream) as archive:
        for member in archive.infolist():
            if member.file_size > remaining:
                raise _too_large(limits)
            extent = _Extent(limits) if member.filename.startswith(_WORKSHEETS) else None
            with archive.open(member) as part:
                while chunk := part.read(_CHUNK):
                    remaining -= len(chunk)
                    if remaining < 0:
                        raise _too_large(limits)
                    if extent is not None:
                        extent.scan(chunk)
    stream.seek(0)


class _Extent:
    """The furthest row and column a worksheet's XML refers to, and its cells, as it streams."""

    def __init__(self, limits: WorkbookLimits) -> None:
        self._limits = limits
        self._tail = b""
        self._rows = 0
        self._columns = 0
        self._cells = 0

    def scan(self, chunk: bytes) -> None:
        """Read one more chunk of the part; raise :class:`WorkbookTooLargeError` past a limit."""
        window = self._tail + chunk
        for match in _REFERENCE.finditer(window):
            letters, digits = match.groups()
            self._rows = max(self._rows, int(digits))
            self._columns = max(self._columns, _column_number(letters))
        # A cell is counted once: in the window where its opening tag ends after the old tail.
        self._cells += sum(1 for cell in _CELL.finditer(window) if cell.end() > len(self._tail))
        self._tail = window[-_OVERLAP:]
        limits = self._limits
        if self._rows > limits.max_rows:
            raise WorkbookTooLargeError(
                f"The sheet has more than {limits.max_rows:,} rows: split it into smaller files"
            )
        if self._columns > limits.max_columns:
            raise WorkbookTooLargeError(
                f"The sheet has more than {limits.max_columns} columns: remove the extra columns"
            )
        if max(self._rows * self._columns, self._cells) > limits.max_cells:
            raise WorkbookTooLargeError(
                f"The sheet spans more than {limits.max_cells:,} cells: remove unused columns "
                "and rows, or split it into smaller files"
            )


def _column_number(letters: bytes) -> int:
    """Return the column number of ``letters`` (A is 1, XFD 16,384); 1 when there are none."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - ord("A") + 1
    return max(number, 1)


def check_row(number: int, cells: Sequence[object], limits: WorkbookLimits) -> None:
    """Return nothing when row ``number`` (from 1) is within ``limits``.

    Raises :class:`WorkbookTooLargeError` when the sheet has more rows or columns than allowed, or a
    cell holds more characters (a message naming the row, and the column for a long cell).
    """
    if number > limits.max_rows:
        raise WorkbookTooLargeError(
            f"The sheet has more than {limits.max_rows:,} rows: split it into smaller files"
        )
    if len(cells) > limits.max_columns and any(
        cell not in (None, "") for cell in cells[limits.max_columns :]
    ):
        raise WorkbookTooLargeError(
            f"Row {number} has more than {limits.max_columns} columns: remove the extra columns"
        )
    for column, cell in enumerate(cells, start=1):
        if isinstance(cell, str) and len(cell) > limits.max_cell_characters:
            raise WorkbookTooLargeError(
                f"Row {number}, column {column} holds more than "
                f"{limits.max_cell_characters:,} characters"
            )


def _too_large(limits: WorkbookLimits) -> WorkbookTooLargeError:
    megabytes = limits.max_uncompressed_bytes // 2**20
    return WorkbookTooLargeError(
        f"The workbook expands to more than {megabytes} MB when opened: "
        "save only the sheet you need, as a new workbook, or as CSV UTF-8"
    )
