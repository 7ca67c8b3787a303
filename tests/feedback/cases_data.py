"""Synthetic case exports for the cases tests: invented references, example.com addresses and the
Ofcom drama range of mobile numbers (07700 900000 to 900999)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path

from openpyxl import Workbook

from feedback.extensions import db
from feedback.models import Case, Invitation
from feedback.services.cases.import_files import ImportFile
from feedback.services.cases.importing import ImportOutcome, import_cases
from feedback.services.organisations import ensure_organisation

HEADER = (
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


def row(reference: str, request_date: str = "2025-01-06", **values: str) -> dict[str, str]:
    """Return one export row with a parent reachable by email unless ``values`` say otherwise."""
    base = {"case_reference": reference, "request_date": request_date}
    if not {"parent_email", "parent_mobile", "parent_channel"} & values.keys():
        base["parent_email"] = f"{reference.lower()}@example.com"
    return {**base, **values}


def write_csv(
    path: Path, rows: Iterable[Mapping[str, str]], header: Iterable[str] = HEADER
) -> Path:
    """Write ``rows`` as a UTF-8 CSV export with ``header`` and return the path."""
    columns = list(header)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for item in rows:
            writer.writerow(item)
    return path


def write_xlsx(path: Path, rows: Iterable[Mapping[str, object]]) -> Path:
    """Write ``rows`` as an Excel export (first worksheet) and return the path."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Cases")
    sheet.append(list(HEADER))
    for item in rows:
        sheet.append([item.get(column) for column in HEADER])
    workbook.save(path)
    return path


def import_file(path: Path, organisation: str = "demo") -> ImportOutcome:
    """Import ``path`` for the organisation with this slug (created if needed)."""
    org = ensure_organisation(organisation, organisation.title() + " Council")
    return import_cases(ImportFile.from_path(path), organisation_id=org.id)


def case_count() -> int:
    """Return how many cases the database holds."""
    return len(db.session.scalars(db.select(Case.id)).all())


def invitations_of(reference: str) -> list[Invitation]:
    """Return the invitations of the case with ``reference``, oldest first."""
    return list(
        db.session.scalars(
            db.select(Invitation)
            .join(Case)
            .where(Case.reference == reference)
            .order_by(Invitation.id)
        )
    )


def at(day: str, hour: int = 9) -> datetime:
    """Return ``day`` (ISO) at ``hour`` o'clock UTC."""
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)
