"""Improvement plans, their KPIs, how each KPI is measured, and the measurements written back.

A :class:`Plan` belongs to one council; its :class:`Kpi` rows keep the plan's own words (the
baseline and milestone cells as printed) beside what the service read from them. Reading is done
by ``analysis`` only; these tables keep the result, so a lead's choice among the readings of an
ambiguous target is stored, never re-guessed.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from feedback.extensions import db
from feedback.models.organisations import Organisation
from feedback.models.types import UTCDateTime, utcnow


class Plan(db.Model):  # type: ignore[name-defined]
    """An improvement plan (WSoA, APP, SEND strategy) with its start date and status scale."""

    __tablename__ = "plan"
    __table_args__ = (UniqueConstraint("organisation_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    start_date: Mapped[date]
    # The key of a scale in ``analysis.scales.SCALES`` (rag, dudley, shropshire, hull).
    status_scale: Mapped[str] = mapped_column(String(32), default="rag")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    organisation: Mapped[Organisation] = relationship()
    kpis: Mapped[list[Kpi]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="Kpi.position"
    )


class Kpi(db.Model):  # type: ignore[name-defined]
    """One measure of success in a plan's KPI table, in the plan's own words."""

    __tablename__ = "kpi"
    __table_args__ = (UniqueConstraint("plan_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]  # row order in the plan's table; refs repeat (Dudley 4.12, 4.13)
    ref: Mapped[str] = mapped_column(String(32))
    measure: Mapped[str] = mapped_column(Text)
    workstream: Mapped[str] = mapped_column(Text, default="")
    action: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(200), default="")
    by_when: Mapped[str] = mapped_column(String(500), default="")
    action_rag: Mapped[str] = mapped_column(String(200), default="")
    # As printed ("44 (21/22)", "n/a"); read with analysis.baselines.parse_baseline when used.
    baseline_text: Mapped[str] = mapped_column(String(500), default="")
    suggested_source: Mapped[str] = mapped_column(String(16), default="survey")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    plan: Mapped[Plan] = relationship(back_populates="kpis")
    milestones: Mapped[list[KpiMilestone]] = relationship(
        back_populates="kpi", cascade="all, delete-orphan", order_by="KpiMilestone.months"
    )
    flags: Mapped[list[KpiFlag]] = relationship(
        back_populates="kpi", cascade="all, delete-orphan", order_by="KpiFlag.id"
    )
    metric: Mapped[MetricDefinition | None] = relationship(
        back_populates="kpi", cascade="all, delete-orphan", uselist=False
    )
    measurements: Mapped[list[KpiMeasurement]] = relationship(
        back_populates="kpi", cascade="all, delete-orphan", order_by="KpiMeasurement.period_start"
    )
    manual_entries: Mapped[list[ManualEntry]] = relationship(
        back_populates="kpi", cascade="all, delete-orphan", order_by="ManualEntry.period_start"
    )


class KpiMilestone(db.Model):  # type: ignore[name-defined]
    """A milestone cell (3, 6 or 12 months after the start; 12 is the target) and its reading.

    ``outcome`` is what ``analysis.kpi_rows`` made of the text (target, ambiguous, activity...).
    The ``target_*`` columns hold the target in use: the one read, or the reading a lead chose
    for an ambiguous cell (then ``resolved_at`` is set). Empty when there is nothing to judge.
    """

    __tablename__ = "kpi_milestone"
    __table_args__ = (UniqueConstraint("kpi_id", "months"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kpi_id: Mapped[int] = mapped_column(ForeignKey("kpi.id", ondelete="CASCADE"), index=True)
    months: Mapped[int]
    text: Mapped[str] = mapped_column(String(500), default="")
    outcome: Mapped[str] = mapped_column(String(24))
    reason: Mapped[str] = mapped_column(Text, default="")
    target_kind: Mapped[str | None] = mapped_column(String(24))
    target_value: Mapped[float | None]
    target_direction: Mapped[str | None] = mapped_column(String(8))
    target_quantity: Mapped[str | None] = mapped_column(String(16))
    target_scale: Mapped[int | None]
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    kpi: Mapped[Kpi] = relationship(back_populates="milestones")


class KpiFlag(db.Model):  # type: ignore[name-defined]
    """Something the importer found in a row for a lead to look at, with its reason."""

    __tablename__ = "kpi_flag"

    id: Mapped[int] = mapped_column(primary_key=True)
    kpi_id: Mapped[int] = mapped_column(ForeignKey("kpi.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)

    kpi: Mapped[Kpi] = relationship(back_populates="flags")


class MetricDefinition(db.Model):  # type: ignore[name-defined]
    """How a KPI's value is measured: which answers count, or where the numbers come from.

    The lists are small closed sets (stage keys, audience keys, option keys) that are always read
    whole and never queried, so they are JSON lists, validated against the survey definitions
    by ``feedback.services.kpis.metrics`` on every save and every use.
    """

    __tablename__ = "kpi_metric"

    id: Mapped[int] = mapped_column(primary_key=True)
    kpi_id: Mapped[int] = mapped_column(ForeignKey("kpi.id", ondelete="CASCADE"), unique=True)
    # proportion | mean | timeliness | manual_count | manual_proportion
    kind: Mapped[str] = mapped_column(String(24))
    question_key: Mapped[str | None] = mapped_column(String(64))
    stages: Mapped[list[str]] = mapped_column(JSON, default=list)
    audiences: Mapped[list[str]] = mapped_column(JSON, default=list)
    success_options: Mapped[list[str]] = mapped_column(JSON, default=list)
    excluded_options: Mapped[list[str]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    kpi: Mapped[Kpi] = relationship(back_populates="metric")


class KpiMeasurement(db.Model):  # type: ignore[name-defined]
    """A KPI's value for one period with its interval, verdict and status, and what it rests on.

    One row per KPI and period: a recompute replaces it. ``period_kind`` is ``month``,
    ``quarter``, ``milestone`` (from the previous milestone to this one), ``entered`` (a period a
    lead entered a count for) or ``baseline`` (the period a lead chose to measure the baseline
    in). ``period_end`` is the last day of the period; ``data_to`` the last day of data used.
    ``value``, ``lo`` and ``hi`` are empty when too few answers allow no figure to be shown.
    ``status`` is the plan-independent code; pages map it onto the plan's own scale.
    """

    __tablename__ = "kpi_measurement"
    __table_args__ = (UniqueConstraint("kpi_id", "period_kind", "period_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kpi_id: Mapped[int] = mapped_column(ForeignKey("kpi.id", ondelete="CASCADE"), index=True)
    period_kind: Mapped[str] = mapped_column(String(16))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    data_to: Mapped[date] = mapped_column(Date)
    label: Mapped[str] = mapped_column(String(64))
    n: Mapped[int]
    value: Mapped[float | None]
    lo: Mapped[float | None]
    hi: Mapped[float | None]
    level: Mapped[float]
    method: Mapped[str] = mapped_column(String(32))
    verdict: Mapped[str | None] = mapped_column(String(24))
    verdict_reason: Mapped[str] = mapped_column(Text, default="")
    change: Mapped[str | None] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(24))
    reason: Mapped[str] = mapped_column(Text, default="")
    milestone_months: Mapped[int | None]
    threshold: Mapped[float | None]
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    survey_versions: Mapped[list[str]] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(String(16))
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    kpi: Mapped[Kpi] = relationship(back_populates="measurements")


class ManualEntry(db.Model):  # type: ignore[name-defined]
    """A figure a lead enters by hand for a period: a count (complaints) or x of n (dip samples)."""

    __tablename__ = "kpi_manual_entry"
    __table_args__ = (UniqueConstraint("kpi_id", "period_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kpi_id: Mapped[int] = mapped_column(ForeignKey("kpi.id", ondelete="CASCADE"), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    count: Mapped[int]
    denominator: Mapped[int | None]
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    kpi: Mapped[Kpi] = relationship(back_populates="manual_entries")
