"""Finding a council's plans and KPIs: every lookup is scoped to one organisation."""

from __future__ import annotations

from sqlalchemy import select

from feedback.extensions import db
from feedback.models import Organisation
from feedback.models.kpis import Kpi, Plan


def plans_for(organisation_id: int) -> list[Plan]:
    """Return the organisation's plans, newest start first."""
    query = (
        select(Plan)
        .where(Plan.organisation_id == organisation_id)
        .order_by(Plan.start_date.desc(), Plan.name)
    )
    return list(db.session.scalars(query))


def plan_for(organisation_id: int, plan_id: int) -> Plan | None:
    """Return the plan if it belongs to the organisation, else None."""
    plan = db.session.get(Plan, plan_id)
    return plan if plan is not None and plan.organisation_id == organisation_id else None


def kpi_for(organisation_id: int, plan_id: int, kpi_id: int) -> Kpi | None:
    """Return the KPI if it belongs to that plan of the organisation, else None."""
    kpi = db.session.get(Kpi, kpi_id)
    if kpi is None or kpi.plan_id != plan_id or kpi.plan.organisation_id != organisation_id:
        return None
    return kpi


def plans_named(name: str | None, organisation: Organisation | None = None) -> list[Plan]:
    """Return the plans called ``name`` (every plan when None), in one organisation or all."""
    query = select(Plan).order_by(Plan.organisation_id, Plan.name)
    if name is not None:
        query = query.where(Plan.name == name)
    if organisation is not None:
        query = query.where(Plan.organisation_id == organisation.id)
    return list(db.session.scalars(query))
