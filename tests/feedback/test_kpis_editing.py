"""A lead's KPI screens: edit the wording, define the metric, resolve an ambiguous target,
measure a baseline and enter a count; each change is checked first and audited."""

from __future__ import annotations

from datetime import date

from flask import Flask
from sqlalchemy import select

from feedback.extensions import db
from feedback.models import AuditEvent
from feedback.models.kpis import Kpi
from tests.feedback.kpi_fixtures import (
    AGREE,
    add_answers,
    agree_answers,
    make_kpi,
    make_plan,
    set_metric,
)
from tests.feedback.kpi_pages import MakeStaff, measured_plan, staff_client
from tests.feedback.pages import soup


def test_editing_a_kpis_target_reads_it_again_and_is_audited(
    app: Flask, make_staff: MakeStaff
) -> None:
    plan_id, kpi_id = measured_plan(app)
    form = {
        "ref": "1.1",
        "measure": "Parents agree it was a positive experience",
        "baseline": "47%",
        "milestone_3m": "50%",
        "milestone_12m": "75%",
    }
    response = staff_client(app, make_staff, "lead").post(
        f"/staff/plans/{plan_id}/kpis/{kpi_id}/edit", data=form
    )
    assert response.status_code == 302
    with app.app_context():
        kpi = db.session.get(Kpi, kpi_id)
        target = next(m for m in kpi.milestones if m.months == 12)
        assert (target.text, target.target_value) == ("75%", 0.75)
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "kpi.update"))
        assert event.details == {"fields": ["milestone_12m"]}


def test_an_unreadable_baseline_is_refused_and_changes_nothing(
    app: Flask, make_staff: MakeStaff
) -> None:
    plan_id, kpi_id = measured_plan(app)
    form = {"ref": "1.1", "measure": "Parents agree", "baseline": "4x7", "milestone_12m": "75%"}
    response = staff_client(app, make_staff, "lead").post(
        f"/staff/plans/{plan_id}/kpis/{kpi_id}/edit", data=form
    )
    page = soup(response)
    assert page.title.get_text().startswith("Error:")
    assert "cannot read" in page.find(class_="govuk-error-summary").get_text()
    with app.app_context():
        kpi = db.session.get(Kpi, kpi_id)
        assert (kpi.baseline_text, kpi.measure) == (
            "47%",
            "Parents agree it was a positive experience",
        )


def test_a_lead_defines_a_metric_from_a_surveys_question_in_two_steps(
    app: Flask, make_staff: MakeStaff
) -> None:
    plan_id, kpi_id = measured_plan(app)
    client = staff_client(app, make_staff, "lead")
    first = client.post(
        f"/staff/plans/{plan_id}/kpis/{kpi_id}/metric",
        data={"kind": "proportion", "question_key": "listened_to"},
    )
    assert first.status_code == 302 and "question=listened_to" in first.headers["Location"]
    second = client.post(
        first.headers["Location"],
        data={
            "stages": ["week6", "week20"],
            "audiences": ["parent"],
            "success_options": ["4", "5"],
            "excluded_options": ["dont_know"],
        },
    )
    assert second.status_code == 302
    with app.app_context():
        metric = db.session.get(Kpi, kpi_id).metric
        assert (metric.question_key, metric.stages, metric.success_options) == (
            "listened_to",
            ["week6", "week20"],
            ["4", "5"],
        )
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "kpi.metric"))
        assert event.details["measurements_cleared"] is True


def test_a_metric_without_success_answers_is_refused(app: Flask, make_staff: MakeStaff) -> None:
    plan_id, kpi_id = measured_plan(app)
    path = (
        f"/staff/plans/{plan_id}/kpis/{kpi_id}/metric/answers?kind=proportion&question=listened_to"
    )
    response = staff_client(app, make_staff, "lead").post(
        path, data={"stages": ["week6"], "audiences": ["parent"]}
    )
    assert "Select the answers that count as success" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Kpi, kpi_id).metric.question_key == "positive_experience"


def test_a_metric_measuring_a_mean_is_refused_for_a_percentage_target(
    app: Flask, make_staff: MakeStaff
) -> None:
    plan_id, kpi_id = measured_plan(app)
    path = f"/staff/plans/{plan_id}/kpis/{kpi_id}/metric/answers?kind=mean&question=listened_to"
    response = staff_client(app, make_staff, "lead").post(
        path, data={"stages": ["week6"], "audiences": ["parent"]}
    )
    assert "this metric measures a mean rating" in response.get_data(as_text=True)


def test_a_lead_chooses_what_an_ambiguous_target_means(app: Flask, make_staff: MakeStaff) -> None:
    with app.app_context():
        plan = make_plan()
        kpi = make_kpi(plan, baseline="47%", milestone_12m="60% increase")
        db.session.commit()
        plan_id, kpi_id = plan.id, kpi.id
    client = staff_client(app, make_staff, "lead")
    page = soup(client.get(f"/staff/plans/{plan_id}/kpis/{kpi_id}/milestones/12/resolve"))
    choices = [label.get_text(strip=True) for label in page.select(".govuk-radios__label")]
    assert choices == ["at least 60%", "a 60% increase on the baseline"]
    response = client.post(
        f"/staff/plans/{plan_id}/kpis/{kpi_id}/milestones/12/resolve", data={"reading": "0"}
    )
    assert response.status_code == 302
    with app.app_context():
        target = next(m for m in db.session.get(Kpi, kpi_id).milestones if m.months == 12)
        assert (target.target_kind, target.target_value, target.resolved_by_id) == ("level", 0.6, 1)
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "kpi.resolve_target")
        )
        assert event.details == {"months": 12, "reading": "at least 60%"}


def test_a_lead_measures_a_pending_baseline_in_a_chosen_period(
    app: Flask, make_staff: MakeStaff
) -> None:
    with app.app_context():
        plan = make_plan()
        kpi = make_kpi(plan, baseline="n/a", milestone_12m="50% increase")
        set_metric(kpi, AGREE)
        add_answers(plan.organisation_id, date(2022, 11, 5), agree_answers(16, 24))
        db.session.commit()
        plan_id, kpi_id = plan.id, kpi.id
    data = {"start": ["1", "10", "2022"], "end": ["31", "12", "2022"]}
    response = staff_client(app, make_staff, "lead").post(
        f"/staff/plans/{plan_id}/kpis/{kpi_id}/baseline", data=data
    )
    assert response.status_code == 302
    with app.app_context():
        kpi = db.session.get(Kpi, kpi_id)
        baseline = next(m for m in kpi.measurements if m.period_kind == "baseline")
        assert (baseline.n, baseline.value) == (40, 0.4)
        # On a measured 40%, "50% increase" could be a 50% level or 60%: a lead must choose.
        assert next(m for m in kpi.milestones if m.months == 12).outcome == "ambiguous"


def test_a_baseline_period_with_too_few_answers_is_refused(
    app: Flask, make_staff: MakeStaff
) -> None:
    with app.app_context():
        plan = make_plan()
        kpi = make_kpi(plan, baseline="n/a", milestone_12m="60%")
        set_metric(kpi, AGREE)
        add_answers(plan.organisation_id, date(2022, 11, 5), agree_answers(5, 4))
        db.session.commit()
        plan_id, kpi_id = plan.id, kpi.id
    data = {"start": ["1", "10", "2022"], "end": ["31", "12", "2022"]}
    response = staff_client(app, make_staff, "lead").post(
        f"/staff/plans/{plan_id}/kpis/{kpi_id}/baseline", data=data
    )
    assert "The period has 9 valid answers" in response.get_data(as_text=True)
    with app.app_context():
        assert not db.session.get(Kpi, kpi_id).measurements or all(
            m.period_kind != "baseline" for m in db.session.get(Kpi, kpi_id).measurements
        )


def test_a_lead_enters_a_count_by_hand(app: Flask, make_staff: MakeStaff) -> None:
    with app.app_context():
        plan = make_plan()
        kpi = make_kpi(plan, baseline="44 (21/22)", milestone_12m="10% reduction")
        db.session.commit()
        plan_id, kpi_id = plan.id, kpi.id
    client = staff_client(app, make_staff, "lead")
    client.post(f"/staff/plans/{plan_id}/kpis/{kpi_id}/metric", data={"kind": "manual_count"})
    data = {"start": ["1", "1", "2023"], "end": ["31", "12", "2023"], "count": "20"}
    response = client.post(f"/staff/plans/{plan_id}/kpis/{kpi_id}/entries", data=data)
    assert response.status_code == 302
    with app.app_context():
        entered = next(m for m in db.session.get(Kpi, kpi_id).measurements)
        # 20 (exact interval 12.2 to 30.9) is wholly below 39.6, 44 less 10%.
        assert (entered.period_kind, entered.value, entered.verdict) == ("entered", 20, "met")
