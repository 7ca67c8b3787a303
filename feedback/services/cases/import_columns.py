"""The case import's columns (docs/case-import.md) and how one row is read and checked.

Every check returns a message in plain English that names what to fix, so a case officer can
correct the export and try again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from babel import Locale, UnknownLocaleError
from email_validator import EmailNotValidError, validate_email

from feedback.models import Channel

COLUMNS = (
    "case_reference",
    "request_date",
    "decision_date",
    "draft_plan_date",
    "final_plan_date",
    "annual_review_dates",
    "preferred_language",
    "parent_channel",
    "parent_email",
    "parent_mobile",
    "young_person_channel",
    "young_person_email",
    "young_person_mobile",
    "opted_out",
)
REQUIRED_COLUMNS = ("case_reference", "request_date")
CHANNELS = (Channel.EMAIL.value, Channel.SMS.value, Channel.LETTER.value, Channel.NONE.value)
_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/_.\-]{0,63}$")
# UK mobile numbers: 07 and nine digits, written nationally or with +44 / 0044.
_UK_MOBILE = re.compile(r"^(?:\+44|0044|44|0)(7\d{9})$")
_PHONE_PUNCTUATION = re.compile(r"[\s\-().]")
_YES = frozenset({"yes", "y", "true", "1"})
_NO = frozenset({"no", "n", "false", "0", ""})

Cell = str | int | float | date | datetime | None


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One thing wrong with the file: the spreadsheet row (the header is row 1), the column and
    what to fix."""

    row: int
    column: str
    message: str


@dataclass(frozen=True, slots=True)
class CaseRow:
    """One valid row of the export, ready to be written."""

    reference: str
    request_date: date
    decision_date: date | None
    draft_plan_date: date | None
    final_plan_date: date | None
    annual_review_dates: tuple[date, ...]
    preferred_language: str
    parent_channel: str
    parent_email: str | None
    parent_phone: str | None
    young_person_channel: str | None
    young_person_email: str | None
    young_person_phone: str | None
    opted_out: bool


def normalise_header(name: Cell) -> str:
    """Return a header cell as a column key: lower case, spaces and hyphens as underscores."""
    return re.sub(r"[\s\-]+", "_", str(name or "").strip().lower())


def header_problems(header: list[str]) -> list[ImportProblem]:
    """Return the problems with the header row: required columns missing, columns repeated."""
    problems = [
        ImportProblem(1, column, f"Add a column called {column}")
        for column in REQUIRED_COLUMNS
        if column not in header
    ]
    seen: set[str] = set()
    for name in header:
        if name in COLUMNS and name in seen:
            problems.append(ImportProblem(1, name, f"The column {name} appears more than once"))
        seen.add(name)
    return problems


class _RowReader:
    """Reads one row's cells, collecting a problem for each cell that is wrong."""

    def __init__(self, number: int, cells: Mapping[str, Cell]) -> None:
        self.number = number
        self.cells = cells
        self.problems: list[ImportProblem] = []

    def fail(self, column: str, message: str) -> None:
        self.problems.append(ImportProblem(self.number, column, message))

    def text(self, column: str) -> str:
        value = self.cells.get(column)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a spreadsheet turns 12345 into 12345.0
        return str(value).strip()

    def date(self, column: str, *, required: bool = False) -> date | None:
        value = self.cells.get(column)
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = self.text(column)
        if not text:
            if required:
                self.fail(column, "Enter the date, like 2025-03-27 or 27/03/2025")
            return None
        parsed = parse_date(text)
        if parsed is None:
            self.fail(column, f"{text!r} is not a date: write it like 2025-03-27 or 27/03/2025")
        return parsed

    def dates(self, column: str) -> tuple[date, ...]:
        value = self.cells.get(column)
        if isinstance(value, date | datetime):  # one date in a spreadsheet cell
            return (value.date() if isinstance(value, datetime) else value,)
        found = set()
        for part in filter(None, (piece.strip() for piece in self.text(column).split(";"))):
            parsed = parse_date(part)
            if parsed is None:
                self.fail(column, f"{part!r} is not a date: separate dates with ';'")
            else:
                found.add(parsed)
        return tuple(sorted(found))

    def language(self, column: str) -> str:
        text = self.text(column) or "en"
        try:
            return Locale.parse(text.replace("-", "_")).language
        except (UnknownLocaleError, ValueError):
            self.fail(column, f"Unknown language {text!r}: use a code such as en, cy, pl or ur")
            return "en"

    def email(self, column: str) -> str | None:
        text = self.text(column)
        if not text:
            return None
        try:
            return validate_email(text, check_deliverability=False).normalized
        except EmailNotValidError:
            self.fail(column, "Enter an email address in the correct format, like name@example.com")
            return None

    def mobile(self, column: str) -> str | None:
        text = self.text(column)
        if not text:
            return None
        digits = _PHONE_PUNCTUATION.sub("", text)
        if re.fullmatch(r"7\d{9}", digits):
            digits = "0" + digits  # a spreadsheet dropped the leading zero
        match = _UK_MOBILE.match(digits)
        if match is None:
            self.fail(column, "Enter a UK mobile number, like 07700 900982 or +44 7700 900982")
            return None
        return "+44" + match.group(1)

    def channel(self, column: str, email: str | None, phone: str | None, fallback: str) -> str:
        text = self.text(column).lower()
        if not text:
            return Channel.EMAIL.value if email else Channel.SMS.value if phone else fallback
        if text not in CHANNELS:
            self.fail(column, f"Channel {text!r} is not one of {', '.join(CHANNELS)}")
            return fallback
        if text == Channel.EMAIL.value and not email:
            self.fail(column, "The channel is email but the row has no email address")
        if text == Channel.SMS.value and not phone:
            self.fail(column, "The channel is sms but the row has no mobile number")
        return text

    def yes_no(self, column: str) -> bool:
        text = self.text(column).lower()
        if text in _YES:
            return True
        if text not in _NO:
            self.fail(column, f"{text!r} is not yes or no")
        return False


def parse_date(text: str) -> date | None:
    """Return the date written as ``YYYY-MM-DD`` or ``DD/MM/YYYY``, or ``None``."""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text[:10], pattern).date()
        except ValueError:
            continue
    return None


def read_row(number: int, cells: Mapping[str, Cell]) -> tuple[CaseRow | None, list[ImportProblem]]:
    """Return row ``number`` as a :class:`CaseRow` and no problems, or ``None`` and every problem
    found in it."""
    row = _RowReader(number, cells)
    reference = row.text("case_reference")
    if not reference:
        row.fail("case_reference", "Enter the case reference")
    elif not _REFERENCE.match(reference):
        row.fail(
            "case_reference",
            "The case reference must be up to 64 letters, digits, '-', '_', '/' or '.'",
        )
    requested = row.date("request_date", required=True)
    stage_dates = {
        column: row.date(column)
        for column in ("decision_date", "draft_plan_date", "final_plan_date")
    }
    if requested is not None:
        for column, value in stage_dates.items():
            if value is not None and value < requested:
                row.fail(column, f"The {column.replace('_', ' ')} is before the request date")
    reviews = row.dates("annual_review_dates")
    language = row.language("preferred_language")
    parent_email, parent_phone = row.email("parent_email"), row.mobile("parent_mobile")
    young_email, young_phone = row.email("young_person_email"), row.mobile("young_person_mobile")
    parent_channel = row.channel("parent_channel", parent_email, parent_phone, Channel.LETTER.value)
    young_channel = row.channel(
        "young_person_channel", young_email, young_phone, Channel.NONE.value
    )
    opted_out = row.yes_no("opted_out")
    if row.problems or requested is None:
        return None, row.problems
    return (
        CaseRow(
            reference=reference,
            request_date=requested,
            decision_date=stage_dates["decision_date"],
            draft_plan_date=stage_dates["draft_plan_date"],
            final_plan_date=stage_dates["final_plan_date"],
            annual_review_dates=reviews,
            preferred_language=language,
            parent_channel=parent_channel,
            parent_email=parent_email,
            parent_phone=parent_phone,
            young_person_channel=None if young_channel == Channel.NONE.value else young_channel,
            young_person_email=young_email,
            young_person_phone=young_phone,
            opted_out=opted_out,
        ),
        [],
    )
