"""Importing a plan's KPI table: the example file with its flagged rows, and every bad-row kind."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from feedback.extensions import db
from feedback.models import AuditEvent
from feedback.models.kpis import Kpi, Plan
from feedback.services.kpis.importing import (
    ImportResult,
    KpiImportError,
    check_rows,
    import_table,
    new_plan,
    read_rows,
)
from feedback.services.kpis.workbooks import kpi_table_template
from feedback.services.organisations import ensure_organisation

EXAMPLE = Path(__file__).resolve().parents[1] / "data" / "dudley-app-2022-kpis.csv"
HEADER = "ref,measure,baseline,milestone_3m,milestone_6m,milestone_12m\n"
GOOD_ROW = "3.1,Overall satisfaction rating,2/5,n/a,2.5/5,3/5\n"


@pytest.fixture
def context(app: Flask) -> Iterator[None]:
    with app.app_context():
        yield


def _import(data: bytes, filename: str = "plan.csv", max_rows: int = 1000) -> ImportResult:
    organisation = ensure_organisation("dudley", "Dudley Council")
    plan = new_plan(
        organisation.id, name="APP 2022", start_date=date(2022, 6, 1), status_scale="dudley"
    )
    return import_table(plan, data, filename, actor=None, max_rows=max_rows)


def _errors(data: bytes, filename: str = "plan.csv", max_rows: int = 1000) -> list[str]:
    with pytest.raises(KpiImportError) as raised:
        _import(data, filename, max_rows)
    db.session.rollback()
    assert db.session.scalar(select(func.count(Kpi.id))) == 0, "a KPI was half-imported"
    assert db.session.scalar(select(func.count(Plan.id))) == 0, "a plan was half-imported"
    return [str(error) for error in raised.value.errors]


def _example_rows() -> list[dict[str, str]]:
    with EXAMPLE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_example_plan_imports_every_row(context: None) -> None:
    result = _import(EXAMPLE.read_bytes())
    assert result.imported == len(_example_rows())
    refs = [kpi.ref for kpi in result.plan.kpis]
    assert refs == [row["ref"] for row in _example_rows()]


def test_the_example_plans_ambiguous_target_is_imported_and_flagged_not_guessed(
    context: None,
) -> None:
    result = _import(EXAMPLE.read_bytes())
    kpi = next(k for k in result.plan.kpis if k.ref == "4.5")
    target = next(m for m in kpi.milestones if m.months == 12)
    assert (target.outcome, target.target_kind) == ("ambiguous", None)
    assert any(f.ref == "4.5" and f.outcome == "ambiguous" for f in result.flagged)


def test_the_example_plans_pending_and_non_survey_rows_are_flagged(context: None) -> None:
    result = _import(EXAMPLE.read_bytes())
    outcomes = {f.ref: f.outcome for f in result.flagged}
    assert outcomes["2.1"] == "baseline_pending"  # "n/a" then "Baseline established"
    assert outcomes["1.1"] == "not_a_measure"  # "First evaluation completed."
    assert outcomes["4.1"] == "ambiguous"  # "60% increase" on a baseline of 0%


def test_the_example_plans_rating_target_is_read_as_a_mean_of_3_out_of_5(context: None) -> None:
    result = _import(EXAMPLE.read_bytes())
    kpi = next(k for k in result.plan.kpis if k.ref == "3.1")
    target = next(m for m in kpi.milestones if m.months == 12)
    assert (target.target_kind, target.target_value, target.target_scale) == ("level", 3.0, 5)
    assert kpi.baseline_text == "2/5"


def test_an_import_is_audited_with_counts(context: None) -> None:
    result = _import((HEADER + GOOD_ROW).encode())
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "kpis.import"))
    assert event.details == {"kpis": 1, "flagged": 0}
    assert event.target_id == str(result.plan.id)


def test_an_xlsx_table_imports_with_percentages_read_as_shown(context: None) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Ref", "Measure", "Baseline", "Milestone 12m"])
    sheet.append(["4.4", "Parents agree it was a positive experience", 0.47, 0.6])
    sheet["C2"].number_format = "0%"
    sheet["D2"].number_format = "0%"
    buffer = io.BytesIO()
    book.save(buffer)
    result = _import(buffer.getvalue(), "plan.xlsx")
    kpi = result.plan.kpis[0]
    target = next(m for m in kpi.milestones if m.months == 12)
    assert (kpi.baseline_text, target.text, target.target_value) == ("47%", "60%", 0.6)


def _problems(data: bytes, filename: str = "plan.csv", max_rows: int = 1000) -> list[str]:
    """Check a file without a database: every problem, by row and column."""
    with pytest.raises(KpiImportError) as raised:
        check_rows(read_rows(data, filename, max_rows=max_rows))
    return [str(error) for error in raised.value.errors]


def test_a_bad_row_leaves_nothing_imported(context: None) -> None:
    errors = _errors((HEADER + GOOD_ROW + "3.2,,47%,,,60%\n").encode())
    assert errors == ["Row 3, column measure: Enter the measure: it is empty"]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (",Overall satisfaction,2/5,,,3/5\n", "Row 2, column ref: Enter the ref"),
        ("3.1,,2/5,,,3/5\n", "Row 2, column measure: Enter the measure"),
        ("3.1,Satisfaction,4x7,,,3/5\n", "Row 2, column baseline: cannot read"),
        ("3.1,Satisfaction,47%,,,120%\n", "Row 2, column milestone_12m:"),
        ("3.1," + "m" * 4001 + ",47%,,,60%\n", "Row 2, column measure: Must be 4000 characters"),
    ],
)
def test_a_bad_row_is_reported_by_row_and_column(row: str, expected: str) -> None:
    errors = _problems((HEADER + row).encode())
    assert any(error.startswith(expected) for error in errors), errors


def test_every_bad_row_in_a_file_is_reported_at_once() -> None:
    errors = _problems((HEADER + GOOD_ROW + ",x,47%,,,60%\n" + "3.2,,47%,,,60%\n").encode())
    assert [e.split(":")[0] for e in errors] == ["Row 3, column ref", "Row 4, column measure"]


def test_a_repeated_row_is_an_error() -> None:
    errors = _problems((HEADER + GOOD_ROW + GOOD_ROW).encode())
    assert errors == ["Row 3, column ref: Repeats row 2: same ref and measure"]


def test_a_file_without_a_measure_column_is_refused() -> None:
    errors = _problems(b"ref,baseline\n1.1,47%\n")
    assert errors == ["Row 1, column measure: The header has no 'measure' column"]


def test_a_file_that_is_not_utf8_is_refused() -> None:
    errors = _problems((HEADER + "3.1,Satisfaction \xe9t\xe9,2/5,,,3/5\n").encode("latin-1"))
    assert errors[0].startswith("The file is not UTF-8 text")


def test_a_file_that_is_not_a_workbook_is_refused() -> None:
    errors = _problems(b"not a zip file", "plan.xlsx")
    assert errors[0].startswith("The file is not an Excel workbook")


def test_a_file_with_only_a_header_is_refused() -> None:
    assert _problems(HEADER.encode()) == ["The file has no KPI rows under its header"]


def test_a_file_with_too_many_rows_is_refused() -> None:
    rows = "".join(f"{i},Measure {i},47%,,,60%\n" for i in range(1, 5))
    errors = _problems((HEADER + rows).encode(), max_rows=3)
    assert errors == ["Row 5: The file has more than 3 rows"]


def test_the_template_has_the_importers_columns_and_imports_once_filled_in(
    context: None,
) -> None:
    book = load_workbook(io.BytesIO(kpi_table_template()))
    header = [cell.value for cell in book["KPIs"][1]]
    assert header[:1] == ["ref"] and "milestone_12m" in header
    book["KPIs"].append(["3.1", "", "", "", "", "", "Overall satisfaction", "2/5", "", "", "3/5"])
    buffer = io.BytesIO()
    book.save(buffer)
    assert _import(buffer.getvalue(), "template.xlsx").imported == 1


def test_the_import_command_prints_each_flagged_row_and_why(
    app: Flask, runner: FlaskCliRunner
) -> None:
    runner.invoke(args=["organisations", "create", "--slug", "dudley", "--name", "Dudley"])
    result = runner.invoke(
        args=["kpis", "import", str(EXAMPLE), "--plan", "APP", "--start", "2022-06-01"]
    )
    assert result.exit_code == 0, result.output
    assert f"Imported {len(_example_rows())} KPIs into plan 'APP'" in result.output
    line = next(n for n, row in enumerate(_example_rows(), start=2) if row["ref"] == "4.5")
    assert f"Row {line}, ref 4.5: ambiguous" in result.output
    assert "'60% increase' is ambiguous" in result.output


def test_the_import_command_lists_the_errors_and_imports_nothing(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    runner.invoke(args=["organisations", "create", "--slug", "dudley", "--name", "Dudley"])
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "3.1,,2/5,,,3/5\n", encoding="utf-8")
    result = runner.invoke(
        args=["kpis", "import", str(bad), "--plan", "APP", "--start", "2022-06-01"]
    )
    assert result.exit_code == 1
    assert "Row 2, column measure: Enter the measure" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Plan.id))) == 0
