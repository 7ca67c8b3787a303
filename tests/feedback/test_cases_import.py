"""Importing the case system's export: all rows or none, every problem by row and column."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from flask import Flask

from feedback.extensions import db
from feedback.models import Case
from feedback.services.cases.import_columns import read_row
from tests.feedback.cases_data import case_count, import_file, row, write_csv, write_xlsx


def _case(reference: str) -> Case:
    return db.session.scalars(db.select(Case).where(Case.reference == reference)).one()


def test_csv_export_creates_every_case_with_its_dates_and_contacts(
    app: Flask, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "cases.csv",
        [
            row(
                "EHC-001",
                decision_date="17/02/2025",
                final_plan_date="2025-05-20",
                annual_review_dates="2026-05-01;2027-05-03",
                preferred_language="cy",
            ),
            row("EHC-002", parent_mobile="07700 900982", young_person_channel="letter"),
        ],
    )
    with app.app_context():
        outcome = import_file(path)
        assert (outcome.rows, outcome.created, outcome.updated) == (2, 2, 0)
        first, second = _case("EHC-001"), _case("EHC-002")
        assert first.decision_date == date(2025, 2, 17)
        assert first.final_plan_date == date(2025, 5, 20)
        assert [r.review_date for r in first.annual_reviews] == [date(2026, 5, 1), date(2027, 5, 3)]
        assert (first.preferred_language, first.contact_channel) == ("cy", "email")
        assert first.parent_email == "ehc-001@example.com"
        assert (second.contact_channel, second.parent_phone) == ("sms", "+447700900982")
        assert second.young_person_channel == "letter"


def test_xlsx_export_is_read_like_csv(app: Flask, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "cases.xlsx",
        [
            {"case_reference": 4021, "request_date": date(2025, 1, 6), "parent_mobile": 7700900123},
            {
                "case_reference": "EHC-9",
                "request_date": "06/01/2025",
                "parent_email": "x@example.com",
            },
        ],
    )
    with app.app_context():
        outcome = import_file(path)
        assert outcome.created == 2
        assert _case("4021").parent_phone == "+447700900123"
        assert _case("4021").request_date == date(2025, 1, 6)


def test_reimporting_the_same_file_changes_nothing_and_duplicates_nothing(
    app: Flask, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "cases.csv", [row("A-1"), row("A-2", final_plan_date="2025-05-01")])
    with app.app_context():
        import_file(path)
        again = import_file(path)
        assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
        assert case_count() == 2


def test_reimport_updates_changed_dates(app: Flask, tmp_path: Path) -> None:
    with app.app_context():
        import_file(write_csv(tmp_path / "first.csv", [row("A-1"), row("A-2")]))
        outcome = import_file(
            write_csv(
                tmp_path / "second.csv", [row("A-1", final_plan_date="2025-06-02"), row("A-2")]
            )
        )
        assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 1, 1)
        assert _case("A-1").final_plan_date == date(2025, 6, 2)


def test_same_reference_in_another_council_is_another_case(app: Flask, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "cases.csv", [row("A-1")])
    with app.app_context():
        import_file(path, organisation="demo")
        import_file(path, organisation="elsewhere")
        assert case_count() == 2


@pytest.mark.parametrize(
    ("values", "column", "message_start"),
    [
        ({"request_date": "2025-13-01"}, "request_date", "'2025-13-01' is not a date"),
        ({"request_date": ""}, "request_date", "Enter the date"),
        ({"case_reference": ""}, "case_reference", "Enter the case reference"),
        ({"case_reference": "A B"}, "case_reference", "The case reference must be"),
        ({"preferred_language": "xx"}, "preferred_language", "Unknown language 'xx'"),
        ({"parent_email": "someone@"}, "parent_email", "Enter an email address"),
        ({"parent_mobile": "0121 496 0000"}, "parent_mobile", "Enter a UK mobile number"),
        ({"parent_channel": "sms"}, "parent_channel", "The channel is sms but"),
        ({"parent_channel": "pigeon"}, "parent_channel", "Channel 'pigeon' is not one of"),
        ({"decision_date": "2024-12-01"}, "decision_date", "The decision date is before"),
        ({"annual_review_dates": "2026-01-01;soon"}, "annual_review_dates", "'soon' is not a date"),
        ({"opted_out": "maybe"}, "opted_out", "'maybe' is not yes or no"),
    ],
)
def test_each_kind_of_bad_cell_is_named_by_row_and_column(
    values: dict[str, str], column: str, message_start: str
) -> None:
    case_row, problems = read_row(3, row("BAD-1", **values))
    assert case_row is None
    assert [(p.row, p.column) for p in problems] == [(3, column)]
    assert problems[0].message.startswith(message_start)


def test_a_file_with_bad_rows_writes_nothing_and_leaves_existing_cases_unchanged(
    app: Flask, tmp_path: Path
) -> None:
    with app.app_context():
        import_file(write_csv(tmp_path / "first.csv", [row("GOOD-1")]))
        outcome = import_file(
            write_csv(
                tmp_path / "second.csv",
                [
                    row("GOOD-1", final_plan_date="2025-05-01"),
                    row("BAD-1", parent_mobile="0121 496 0000"),
                    row("GOOD-2"),
                ],
            )
        )
        assert not outcome.succeeded
        assert [(p.row, p.column) for p in outcome.problems] == [(3, "parent_mobile")]
        assert case_count() == 1
        assert _case("GOOD-1").final_plan_date is None


def test_every_problem_of_every_row_is_listed(app: Flask, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "cases.csv",
        [
            row("", parent_email="bad@"),
            row("OK-1"),
            row("X-2", request_date="tomorrow", preferred_language="zz"),
        ],
    )
    with app.app_context():
        outcome = import_file(path)
        assert [(p.row, p.column) for p in outcome.problems] == [
            (2, "case_reference"),
            (2, "parent_email"),
            (4, "request_date"),
            (4, "preferred_language"),
        ]
        assert outcome.problem_count == 4


def test_missing_required_column_is_reported_on_the_header_row(app: Flask, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "cases.csv", [row("A-1")], header=["case_reference", "parent_email"]
    )
    with app.app_context():
        outcome = import_file(path)
        assert [(p.row, p.column) for p in outcome.problems] == [(1, "request_date")]
        assert case_count() == 0


def test_reference_twice_in_one_file_rolls_back_everything(app: Flask, tmp_path: Path) -> None:
    with app.app_context():
        import_file(write_csv(tmp_path / "first.csv", [row("A-1")]))
        outcome = import_file(
            write_csv(
                tmp_path / "second.csv",
                [row("A-1", final_plan_date="2025-06-02"), row("B-1"), row("A-1")],
            )
        )
        assert [(p.row, p.column) for p in outcome.problems] == [(4, "case_reference")]
        assert "row 2" in outcome.problems[0].message
        assert case_count() == 1
        assert _case("A-1").final_plan_date is None


def test_a_file_that_is_not_csv_or_xlsx_is_refused(app: Flask, tmp_path: Path) -> None:
    path = tmp_path / "cases.xlsx"
    path.write_bytes(b"this is not a workbook")
    with app.app_context():
        outcome = import_file(path)
        assert outcome.problems[0].message.startswith("The file is not an Excel workbook")
        assert case_count() == 0


def test_opt_out_from_the_case_system_deletes_contact_details(app: Flask, tmp_path: Path) -> None:
    with app.app_context():
        import_file(write_csv(tmp_path / "cases.csv", [row("A-1", opted_out="yes")]))
        case = _case("A-1")
        assert case.opted_out_at is not None
        assert case.parent_email is None


def test_an_import_never_undoes_a_familys_opt_out(app: Flask, tmp_path: Path) -> None:
    with app.app_context():
        import_file(write_csv(tmp_path / "first.csv", [row("A-1", opted_out="yes")]))
        import_file(write_csv(tmp_path / "second.csv", [row("A-1", opted_out="no")]))
        case = _case("A-1")
        assert case.opted_out_at is not None
        assert case.parent_email is None
