"""Bounds on an uploaded workbook, checked before any spreadsheet library parses it.

An XLSX file is a zip archive of XML parts, and a few hundred kilobytes of it can expand to
gigabytes. So before a workbook is parsed, every part is decompressed as a stream and thrown
away, counting bytes, and the file is refused once the count passes a limit: a declared size
cannot be trusted, because an archive can lie about it. The rows, columns and text of each cell
are then bounded while the sheet is read (:func:`check_row`).
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

_CHUNK = 1 << 20


class WorkbookTooLargeError(ValueError):
    """The workbook is beyond a limit; the message says which and what to do."""


@dataclass(frozen=True, slots=True)
class WorkbookLimits:
    """How large a workbook may be: bytes once decompressed, rows, columns, characters a cell."""

    max_uncompressed_bytes: int
    max_rows: int
    max_columns: int
    max_cell_characters: int

    @classmethod
    def from_config(cls, config: Mapping[str, Any], prefix: str) -> WorkbookLimits:
        """Return the limits set as ``{prefix}_XLSX_MAX_UNCOMPRESSED_BYTES`` and so on."""
        return cls(
            max_uncompressed_bytes=int(config[f"{prefix}_XLSX_MAX_UNCOMPRESSED_BYTES"]),
            max_rows=int(config[f"{prefix}_XLSX_MAX_ROWS"]),
            max_columns=int(config[f"{prefix}_XLSX_MAX_COLUMNS"]),
            max_cell_characters=int(config[f"{prefix}_XLSX_MAX_CELL_CHARACTERS"]),
        )


def check_expansion(stream: BinaryIO, limits: WorkbookLimits) -> None:
    """Decompress every part of the archive in ``stream``, keeping none of it; return nothing.

    Raises :class:`WorkbookTooLargeError` as soon as the parts together pass
    ``limits.max_uncompressed_bytes``, whatever sizes the archive declares; :class:`zipfile.
    BadZipFile` (or another error of :mod:`zipfile`) when it is not an archive that can be read.
    The stream is rewound to its start, so it can be parsed next.
    """
    remaining = limits.max_uncompressed_bytes
    stream.seek(0)
    with zipfile.ZipFile(stream) as archive:
        for member in archive.infolist():
            if member.file_size > remaining:
                raise _too_large(limits)
            with archive.open(member) as part:
                while chunk := part.read(_CHUNK):
                    remaining -= len(chunk)
                    if remaining < 0:
                        raise _too_large(limits)
    stream.seek(0)


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
