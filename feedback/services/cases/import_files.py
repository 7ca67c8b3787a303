"""Reading an uploaded export row by row, without holding the file in memory.

CSV is read with :mod:`csv` from a text stream; XLSX with python-calamine once its size is checked
(:mod:`.import_xlsx`). Either can be read twice (validate, then write), because the upload is kept
in a temporary file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from feedback.services.cases.import_columns import Cell, normalise_header
from feedback.services.cases.import_xlsx import UNREADABLE, NoWorksheetError, sheet_values
from feedback.services.spreadsheet_limits import WorkbookLimits, WorkbookTooLargeError

# Used where no application settings are at hand (the CASE_XLSX_* settings in feedback/config.py).
DEFAULT_LIMITS = WorkbookLimits(
    max_uncompressed_bytes=64 * 1024 * 1024,
    max_rows=200_000,
    max_columns=60,
    max_cell_characters=32_767,
    max_cells=4_000_000,
)

KINDS = ("csv", "xlsx")


class ImportFileError(ValueError):
    """The file cannot be read at all (wrong type, not UTF-8, not a workbook)."""


@dataclass(frozen=True, slots=True)
class ImportFile:
    """An export to import: how to open it (again), its name and its kind."""

    open: Callable[[], BinaryIO]
    name: str
    kind: str

    @classmethod
    def from_path(cls, path: Path) -> ImportFile:
        """Return the file at ``path`` (``ImportFileError`` for a type other than CSV or XLSX)."""
        return cls(open=lambda: path.open("rb"), name=path.name, kind=kind_of(path.name))

    @classmethod
    def from_stream(cls, stream: BinaryIO, name: str) -> ImportFile:
        """Return an uploaded file held in a seekable ``stream`` (rewound on every open)."""

        def reopen() -> BinaryIO:
            stream.seek(0)
            return _Unclosable(stream)  # type: ignore[return-value]

        return cls(open=reopen, name=name, kind=kind_of(name))


class _Unclosable(io.BufferedIOBase):
    """A view of an upload's stream that the readers may close without closing the upload."""

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__()
        self._raw = raw

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        return self._raw.read(-1 if size is None else size)

    def read1(self, size: int = -1) -> bytes:
        return self._raw.read(size)

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._raw.seek(offset, whence)

    def tell(self) -> int:
        return self._raw.tell()


def kind_of(name: str) -> str:
    """Return ``"csv"`` or ``"xlsx"`` from a file name (``ImportFileError`` otherwise)."""
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix not in KINDS:
        raise ImportFileError("The file must be a CSV or an Excel workbook (.xlsx)")
    return suffix


@contextmanager
def rows(
    source: ImportFile, limits: WorkbookLimits = DEFAULT_LIMITS
) -> Iterator[tuple[list[str], Iterator[tuple[int, dict[str, Cell]]]]]:
    """Open ``source`` and yield its normalised header and an iterator of (row number, cells).

    Row numbers are the spreadsheet's (the header is row 1); blank rows are skipped. An XLSX
    file beyond ``limits`` is refused with :class:`ImportFileError` before it is parsed.
    """
    with source.open() as stream:
        if source.kind == "csv":
            text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
            try:
                yield _csv_rows(text)
            finally:
                text.detach()  # the ``with`` closes the file, not the wrapper
        else:
            yield _xlsx_rows(stream, limits)


def _csv_rows(text: io.TextIOWrapper) -> tuple[list[str], Iterator[tuple[int, dict[str, Cell]]]]:
    reader = csv.reader(text)
    try:
        header = [normalise_header(name) for name in next(reader, [])]
    except (UnicodeDecodeError, csv.Error) as error:
        raise ImportFileError("Save the file as CSV UTF-8 and try again") from error

    def body() -> Iterator[tuple[int, dict[str, Cell]]]:
        try:
            for number, record in enumerate(reader, start=2):
                if any(cell.strip() for cell in record):
                    yield number, dict(zip(header, record, strict=False))
        except (UnicodeDecodeError, csv.Error) as error:
            raise ImportFileError("Save the file as CSV UTF-8 and try again") from error

    return header, body()


_NOT_A_WORKBOOK = "The file is not an Excel workbook (.xlsx) that can be read"
_NO_WORKSHEET = "The workbook has no worksheet: put the cases on its first sheet"


def _xlsx_rows(
    stream: BinaryIO, limits: WorkbookLimits
) -> tuple[list[str], Iterator[tuple[int, dict[str, Cell]]]]:
    values = _readable(sheet_values(stream, limits))
    header = [normalise_header(name) for name in next(values, ())]

    def body() -> Iterator[tuple[int, dict[str, Cell]]]:
        for number, record in enumerate(values, start=2):
            if any(cell not in (None, "") for cell in record):
                yield number, dict(zip(header, record, strict=False))

    return header, body()


def _readable(values: Iterator[tuple[Cell, ...]]) -> Iterator[tuple[Cell, ...]]:
    """Pass the rows on; a workbook found too large, empty or corrupt is a whole-file error."""
    try:
        yield from values
    except WorkbookTooLargeError as error:
        raise ImportFileError(str(error)) from error
    except NoWorksheetError as error:
        raise ImportFileError(_NO_WORKSHEET) from error
    except UNREADABLE as error:
        raise ImportFileError(_NOT_A_WORKBOOK) from error
