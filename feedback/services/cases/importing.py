"""Importing the case system's export: all of it, or none of it.

The file is read twice, each time as a stream. The first pass checks every row and lists every
problem by row and column; if there is any, nothing is written. The second pass writes the rows in
chunks inside one transaction, matching existing cases on organisation and reference, so a
re-import updates and never duplicates; a reference that appears twice in the file is caught there
and the transaction is rolled back. Memory stays flat: neither pass keeps more than one chunk.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from feedback.extensions import db
from feedback.models import AnnualReview, Case, User, utcnow
from feedback.models.cases import CaseImport
from feedback.services import audit
from feedback.services.cases.import_columns import (
    CaseRow,
    ImportProblem,
    header_problems,
    read_row,
)
from feedback.services.cases.import_files import ImportFile, ImportFileError, rows
from feedback.services.spreadsheet_limits import WorkbookLimits

CHUNK = 1000
CONTACT_FIELDS = ("parent_email", "parent_phone", "young_person_email", "young_person_phone")
_FIELDS = (
    "request_date",
    "decision_date",
    "draft_plan_date",
    "final_plan_date",
    "preferred_language",
    "young_person_channel",
)


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What an import did: the counts when it succeeded, or the problems when it did not.

    ``problems`` holds at most ``CASE_IMPORT_MAX_PROBLEMS``; ``problem_count`` counts them all.
    """

    file_name: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: tuple[ImportProblem, ...] = ()
    problem_count: int = 0
    import_id: int | None = None

    @property
    def succeeded(self) -> bool:
        """Return whether the file was imported (no problems)."""
        return self.problem_count == 0


@dataclass(slots=True)
class _Problems:
    limit: int
    kept: list[ImportProblem] = field(default_factory=list)
    count: int = 0

    def add(self, problems: list[ImportProblem]) -> None:
        self.count += len(problems)
        room = self.limit - len(self.kept)
        if room > 0:
            self.kept.extend(problems[:room])


def import_cases(
    source: ImportFile, *, organisation_id: int, actor: User | None = None
) -> ImportOutcome:
    """Check ``source`` whole, then write it, and return the outcome (audited when written).

    Nothing is written when any row has a problem; the outcome lists them by row and column.
    """
    problems = _Problems(limit=int(current_app.config["CASE_IMPORT_MAX_PROBLEMS"]))
    try:
        row_count = _check(source, problems)
        if problems.count:
            return _failed(source, problems)
        return _write(source, organisation_id=organisation_id, actor=actor, rows_total=row_count)
    except ImportFileError as error:
        db.session.rollback()
        problems.add([ImportProblem(1, "", str(error))])
        return _failed(source, problems)


def _failed(source: ImportFile, problems: _Problems) -> ImportOutcome:
    return ImportOutcome(
        file_name=source.name, problems=tuple(problems.kept), problem_count=problems.count
    )


def _check(source: ImportFile, problems: _Problems) -> int:
    """First pass: every row read and checked, nothing kept; return the number of rows."""
    count = 0
    with rows(source, _workbook_limits()) as (header, body):
        problems.add(header_problems(header))
        if problems.count:
            return 0
        for number, cells in body:
            count += 1
            problems.add(read_row(number, cells)[1])
    if count == 0:
        problems.add([ImportProblem(2, "", "The file has no rows of cases under the header")])
    return count


def _workbook_limits() -> WorkbookLimits:
    return WorkbookLimits.from_config(current_app.config, "CASE")


def _valid_rows(source: ImportFile) -> Iterator[tuple[int, CaseRow]]:
    with rows(source, _workbook_limits()) as (_header, body):
        for number, cells in body:
            row, _problems = read_row(number, cells)
            if row is None:  # the file changed between the passes
                raise ImportFileError(f"Row {number} changed while it was being imported")
            yield number, row


def _write(
    source: ImportFile, *, organisation_id: int, actor: User | None, rows_total: int
) -> ImportOutcome:
    """Second pass: write in chunks in one transaction; roll back on a repeated reference."""
    now = utcnow()
    record = CaseImport(
        organisation_id=organisation_id,
        actor_id=actor.id if actor else None,
        file_name=source.name[:255],
        started_at=now,
    )
    db.session.add(record)
    db.session.flush()
    import_id = record.id
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    seen_at: dict[str, int] = {}  # references of the current chunk only
    duplicates = _Problems(limit=int(current_app.config["CASE_IMPORT_MAX_PROBLEMS"]))
    # Closed on the way out, so the file and its temporary files go even when a write raises.
    with closing(_valid_rows(source)) as stream:
        while chunk := list(islice(stream, CHUNK)):
            seen_at.clear()
            existing = _existing_cases(organisation_id, [row.reference for _, row in chunk])
            for number, row in chunk:
                case = existing.get(row.reference)
                written = case is not None and case.last_import_id == import_id
                if row.reference in seen_at or written:
                    duplicates.add([_duplicate(number, row.reference, seen_at)])
                    continue
                seen_at[row.reference] = number
                if case is None:
                    case = Case(
                        organisation_id=organisation_id, reference=row.reference, created_at=now
                    )
                    db.session.add(case)
                    existing[row.reference] = case
                    counts["created"] += 1
                    _apply(case, row, now)
                else:
                    counts["updated" if _apply(case, row, now) else "unchanged"] += 1
                case.last_import_id = import_id
            db.session.flush()
            _forget_cases()
    if duplicates.count:
        db.session.rollback()
        return _failed(source, duplicates)
    record = db.session.get(CaseImport, import_id)
    assert record is not None
    record.rows, record.created, record.updated = rows_total, counts["created"], counts["updated"]
    audit.record(
        "cases.import",
        actor=actor,
        organisation_id=organisation_id,
        target_type="case_import",
        target_id=import_id,
        rows=rows_total,
        **counts,
    )
    db.session.commit()
    return ImportOutcome(file_name=source.name, rows=rows_total, import_id=import_id, **counts)


def _forget_cases() -> None:
    """Drop the written chunk's cases from the session, so memory stays flat; other objects
    (the signed-in user) stay attached."""
    for instance in list(db.session.identity_map.values()):
        if isinstance(instance, Case | AnnualReview):
            db.session.expunge(instance)


def _duplicate(number: int, reference: str, seen_at: dict[str, int]) -> ImportProblem:
    earlier = seen_at.get(reference)
    where = f"row {earlier}" if earlier else "an earlier row"
    return ImportProblem(
        number, "case_reference", f"The case reference {reference} is also on {where}"
    )


def _existing_cases(organisation_id: int, references: list[str]) -> dict[str, Case]:
    cases = db.session.scalars(
        select(Case)
        .where(Case.organisation_id == organisation_id, Case.reference.in_(references))
        .options(selectinload(Case.annual_reviews))
    )
    return {case.reference: case for case in cases}


def _apply(case: Case, row: CaseRow, now: datetime) -> bool:
    """Copy the row onto the case and return whether anything changed.

    A family's opt-out is never undone by an import, and an opted-out case keeps no contact
    details. Annual reviews are added, never removed (an invitation may refer to one).
    """
    values = {name: getattr(row, name) for name in _FIELDS}
    values["contact_channel"] = row.parent_channel
    opted_out = case.opted_out_at is not None or row.opted_out
    for name in CONTACT_FIELDS:
        values[name] = None if opted_out else getattr(row, name)
    changed = False
    for name, value in values.items():
        if getattr(case, name) != value:
            setattr(case, name, value)
            changed = True
    if row.opted_out and case.opted_out_at is None:
        case.opted_out_at = now
        changed = True
    known = {review.review_date for review in case.annual_reviews}
    for review_date in row.annual_review_dates:
        if review_date not in known:
            case.annual_reviews.append(AnnualReview(review_date=review_date))
            changed = True
    if changed:
        case.updated_at = now
        if any(values[name] for name in CONTACT_FIELDS):
            case.contact_deleted_at = None
    return changed
