"""The KPI pages: dashboard, KPI page and board report show what was measured, in the plan's
words, to the plan's council only; a lead imports a plan through its page."""

from __future__ import annotations

import csv
import io
from datetime import date

from flask import Flask
from openpyxl import load_workbook
from sqlalchemy import func, select

from feedback.extensions import db
from feedback.models import AuditEvent
from feedback.models.kpis import Kpi, KpiMeasurement, Plan
from feedback.services.kpis.recompute import Settings, recompute_plans
from tests.feedback.kpi_fixtures import add_answers, agree_answers
from tests.feedback.kpi_pages import FEBRUARY, MakeStaff, measured_plan, staff_client
from tests.feedback.pages import soup


def test_the_dashboard_shows_each_kpis_value_interval_and_status_in_the_plans_words(
    app: Flask, make_staff: MakeStaff
) -> None:
    plan_id, kpi_id = measured_plan(app)
    page = soup(staff_client(app, make_staff, "reviewer").get(f"/staff/plans/{plan_id}"))
    row = page.find("a", href=f"/staff/plans/{plan_id}/kpis/{kpi_id}").find_parent("tr")
    cells = [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
    # 30 of 50: Wilson 95% interval 46.2% to 72.4%.
    assert all(part in cells[2] for part in ("60%", "46%", "72%", "50"))
    assert cells[4:] == ["Not yet clear", "Amber: At risk"]


def test_the_dashboard_draws_the_trend_and_control_chart_with_their_tables(
    app: Flask, make_staff: MakeStaff
) -> None:
    plan_id, kpi_id = measured_plan(app)
    page = soup(staff_client(app, make_staff, "lead").get(f"/staff/plans/{plan_id}"))
    trend = page.find("svg", attrs={"aria-labelledby": f"trend-{kpi_id}-title trend-{kpi_id}-desc"})
    assert trend is not None and trend.find("title").get_text() == "KPI 1.1: trend by period"
    caption = page.find("caption", string="KPI 1.1: trend by period")
    assert caption.find_parent("table").find("td", string="60.0%") is None
    assert "60%" in caption.find_parent("table").get_text()


def test_a_value_from_fewer_than_ten_answers_is_not_shown(
    app: Flask, make_staff: MakeStaff
) -> None:
    plan_id, kpi_id = measured_plan(app, agree=9, disagree=0)
    text = (
        staff_client(app, make_staff, "lead")
        .get(f"/staff/plans/{plan_id}/kpis/{kpi_id}")
        .get_data(as_text=True)
    )
    assert "Fewer than 10 answers" in text
    assert "100%" not in text


def test_the_kpi_page_shows_the_status_reason_and_answers_by_stage_and_audience(
    app: Flask, make_staff: MakeStaff
) -> None:
    plan_id, kpi_id = measured_plan(app, agree=3, disagree=9)
    page = soup(
        staff_client(app, make_staff, "case_officer").get(f"/staff/plans/{plan_id}/kpis/{kpi_id}")
    )
    assert "the whole interval is below the 60% target" in page.get_text()
    table = page.find("caption", string=lambda s: s and "current period" in s).find_parent("table")
    assert "12" in table.get_text()


def test_small_counts_by_stage_and_audience_are_shown_as_fewer_than_five(
    app: Flask, make_staff: MakeStaff
) -> None:
    plan_id, kpi_id = measured_plan(app, agree=3, disagree=9)
    with app.app_context():
        add_answers(1, FEBRUARY, agree_answers(2, 1), audience="young_person")
        kpi = db.session.get(Kpi, kpi_id)
        set_metric_audiences = kpi.metric
        set_metric_audiences.audiences = ["parent", "young_person"]
        recompute_plans([kpi.plan], as_of=date(2023, 3, 31), settings=Settings(0.95, 10))
    page = soup(staff_client(app, make_staff, "lead").get(f"/staff/plans/{plan_id}/kpis/{kpi_id}"))
    table = page.find("caption", string=lambda s: s and "current period" in s).find_parent("table")
    assert "fewer than 5" in table.get_text()
    assert ">3<" not in str(table)


OTHER_COUNCILS_PAGES = (
    "/staff/plans/{plan}",
    "/staff/plans/{plan}/kpis/{kpi}",
    "/staff/plans/{plan}/board-report",
    "/staff/plans/{plan}/board-report.xlsx",
    "/staff/plans/{plan}/board-report.csv",
    "/staff/plans/{plan}/recompute",
    "/staff/plans/{plan}/kpis/{kpi}/edit",
    "/staff/plans/{plan}/kpis/{kpi}/metric",
    "/staff/plans/{plan}/kpis/{kpi}/baseline",
    "/staff/plans/{plan}/kpis/{kpi}/entries",
)


def test_another_councils_lead_gets_not_found_on_every_plan_page(
    app: Flask, make_staff: MakeStaff
) -> None:
    plan_id, kpi_id = measured_plan(app)
    client = staff_client(app, make_staff, "lead", "elsewhere")
    found = {
        path: client.get(path.format(plan=plan_id, kpi=kpi_id)).status_code
        for path in OTHER_COUNCILS_PAGES
    }
    assert found == dict.fromkeys(OTHER_COUNCILS_PAGES, 404)


def test_another_councils_lead_cannot_recompute_the_plan(app: Flask, make_staff: MakeStaff) -> None:
    plan_id, _ = measured_plan(app)
    response = staff_client(app, make_staff, "lead", "elsewhere").post(
        f"/staff/plans/{plan_id}/recompute"
    )
    assert response.status_code == 404
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count(AuditEvent.id)).where(AuditEvent.action == "kpis.recompute")
            )
            == 1
        )


def test_the_board_report_workbook_opens_and_holds_no_formula(
    app: Flask, make_staff: MakeStaff
) -> None:
    plan_id, _ = measured_plan(app, measure='=HYPERLINK("http://evil.example")')
    response = staff_client(app, make_staff, "lead").get(
        f"/staff/plans/{plan_id}/board-report.xlsx"
    )
    book = load_workbook(io.BytesIO(response.data))
    sheet = book.active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert sheet["B2"].value == '\'=HYPERLINK("http://evil.example")'
    assert (sheet["A1"].value, sheet["A2"].value, sheet["J2"].value) == ("Ref", "1.1", 50)


def test_the_board_report_csv_is_formula_safe(app: Flask, make_staff: MakeStaff) -> None:
    plan_id, _ = measured_plan(app, measure="@SUM(A1)")
    response = staff_client(app, make_staff, "lead").get(f"/staff/plans/{plan_id}/board-report.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[1][:2] == ["1.1", "'@SUM(A1)"]
    assert rows[1][11] == "Amber: At risk"


def test_the_recompute_button_measures_the_plan_and_is_audited(
    app: Flask, make_staff: MakeStaff
) -> None:
    plan_id, _ = measured_plan(app)
    with app.app_context():
        db.session.execute(db.delete(KpiMeasurement))
        db.session.commit()
    response = staff_client(app, make_staff, "lead").post(f"/staff/plans/{plan_id}/recompute")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count(KpiMeasurement.id))) > 0
        event = db.session.scalar(
            select(AuditEvent).where(
                AuditEvent.action == "kpis.recompute", AuditEvent.actor_id.is_not(None)
            )
        )
        assert event.target_id == str(plan_id)


def test_a_lead_creates_a_plan_by_uploading_its_kpi_table(
    app: Flask, make_staff: MakeStaff
) -> None:
    table = b"ref,measure,baseline,milestone_12m\n3.1,Overall satisfaction,2/5,3/5\n"
    data = {
        "name": "APP 2022",
        "start_date": ["1", "6", "2022"],
        "status_scale": "dudley",
        "table": (io.BytesIO(table), "kpis.csv"),
    }
    response = staff_client(app, make_staff, "lead").post(
        "/staff/plans/new", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 302
    with app.app_context():
        plan = db.session.scalar(select(Plan))
        assert (plan.name, plan.start_date, len(plan.kpis)) == ("APP 2022", date(2022, 6, 1), 1)


def test_an_upload_with_bad_rows_lists_them_and_creates_nothing(
    app: Flask, make_staff: MakeStaff
) -> None:
    table = b"ref,measure,baseline,milestone_12m\n,Overall satisfaction,2/5,3/5\n"
    data = {
        "name": "APP 2022",
        "start_date": ["1", "6", "2022"],
        "status_scale": "dudley",
        "table": (io.BytesIO(table), "kpis.csv"),
    }
    response = staff_client(app, make_staff, "lead").post(
        "/staff/plans/new", data=data, content_type="multipart/form-data"
    )
    page = soup(response)
    assert "The file has 1 problem; nothing was imported" in page.get_text()
    row = page.find("caption", string=lambda s: s and "Problems" in s).find_parent("table")
    assert [td.get_text() for td in row.select("tbody td")] == [
        "2",
        "ref",
        "Enter the ref: it is empty",
    ]
    with app.app_context():
        assert db.session.scalar(select(func.count(Plan.id))) == 0


def test_the_board_report_prints_as_a_pdf(app: Flask, make_staff: MakeStaff) -> None:
    plan_id, _ = measured_plan(app)
    response = staff_client(app, make_staff, "reviewer").get(
        f"/staff/plans/{plan_id}/board-report.pdf"
    )
    assert (response.status_code, response.mimetype) == (200, "application/pdf")
    assert response.data.startswith(b"%PDF-") and b"/Title" in response.data
