"""Helpers for the KPI page tests: a measured plan, and a checking client signed in with a role."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask import Flask

from feedback.models import User
from feedback.services.kpis.recompute import Settings, recompute_plans
from tests.feedback.kpi_fixtures import (
    AGREE,
    add_answers,
    agree_answers,
    make_kpi,
    make_plan,
    set_metric,
)
from tests.feedback.pages import CheckingClient
from tests.feedback.staff_sign_in import sign_in_client

FEBRUARY = date(2023, 2, 10)
MakeStaff = Callable[..., User]


def staff_client(
    app: Flask, make_staff: MakeStaff, role: str = "lead", organisation: str = "demo"
) -> CheckingClient:
    """Return a checking client signed in as a new member of staff with ``role``."""
    user = make_staff(
        role, email=f"{role}@{organisation}.example.gov.uk", organisation=organisation
    )
    client = CheckingClient(app)
    sign_in_client(client, user.email)
    return client


def measured_plan(
    app: Flask, *, agree: int = 30, disagree: int = 20, measure: str = ""
) -> tuple[int, int]:
    """A measured plan: KPI 1.1 with answers in February 2023; return (plan id, KPI id)."""
    with app.app_context():
        plan = make_plan()
        kpi = make_kpi(
            plan,
            measure=measure or "Parents agree it was a positive experience",
            baseline="47%",
            milestone_3m="50%",
            milestone_12m="60%",
        )
        set_metric(kpi, AGREE)
        add_answers(plan.organisation_id, FEBRUARY, agree_answers(agree, disagree))
        recompute_plans([plan], as_of=date(2023, 3, 31), settings=Settings(0.95, 10))
        return plan.id, kpi.id
