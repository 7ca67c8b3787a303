"""Building blocks for KPI tests: a plan with one KPI, and survey answers on chosen days."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import UTC, date, datetime, time

from analysis.kpi_rows import classify_kpi_row
from feedback.extensions import db
from feedback.models import Answer, Response
from feedback.models.kpis import Kpi, KpiMeasurement, MetricDefinition, Plan
from feedback.services.kpis.metrics import MetricKind, MetricSpec
from feedback.services.kpis.readings import apply_reading
from feedback.services.organisations import ensure_organisation

_REFERENCES = itertools.count(1)

PLAN_START = date(2023, 1, 1)
AGREE = MetricSpec(
    MetricKind.PROPORTION,
    "positive_experience",
    ("week20",),
    ("parent",),
    ("4", "5"),
    ("dont_know",),
)
MEAN_SATISFACTION = MetricSpec(
    MetricKind.MEAN, "overall_satisfaction", ("week20",), ("parent",), (), ("dont_know",)
)


def make_plan(
    *,
    organisation: str = "demo",
    name: str = "Test plan",
    start: date = PLAN_START,
    scale: str = "dudley",
) -> Plan:
    """Add and return a plan of the organisation (created if need be)."""
    org = ensure_organisation(organisation, organisation.title() + " Council")
    plan = Plan(organisation_id=org.id, name=name, start_date=start, status_scale=scale)
    db.session.add(plan)
    db.session.flush()
    return plan


def make_kpi(plan: Plan, **cells: str) -> Kpi:
    """Add a KPI read from row cells (``ref``, ``measure``, ``baseline``, ``milestone_12m``...)."""
    row = {"ref": "1.1", "measure": "Parents agree it was a positive experience", **cells}
    kpi = Kpi(
        position=len(plan.kpis) + 1,
        ref=row["ref"],
        measure=row["measure"],
        baseline_text=row.get("baseline", ""),
    )
    apply_reading(kpi, classify_kpi_row(row))
    plan.kpis.append(kpi)
    db.session.flush()
    return kpi


def add_answers(
    organisation_id: int,
    on: date,
    values: Sequence[float | None],
    *,
    question_key: str = "positive_experience",
    stage: str = "week20",
    audience: str = "parent",
    survey_version: int = 1,
) -> None:
    """Add one response per value, submitted at noon UTC on ``on``; None is "Don't know"."""
    submitted = datetime.combine(on, time(12), tzinfo=UTC)
    for value in values:
        response = Response(
            organisation_id=organisation_id,
            reference=f"T{next(_REFERENCES):09d}",
            survey_key=f"{stage}_{audience}",
            survey_version=survey_version,
            stage=stage,
            audience=audience,
            language="en",
            source="invitation",
            submitted_at=submitted,
        )
        text = "dont_know" if value is None else None
        response.answers.append(
            Answer(question_key=question_key, numeric_value=value, text_value=text)
        )
        db.session.add(response)
    db.session.flush()


def agree_answers(agree: int, disagree: int) -> list[float]:
    """``agree`` answers of "Agree" (4) and ``disagree`` of "Disagree" (2)."""
    return [4.0] * agree + [2.0] * disagree


def set_metric(kpi: Kpi, spec: MetricSpec) -> None:
    """Give the KPI a metric directly (the edit screens are tested on their own)."""
    kpi.metric = MetricDefinition(
        kind=spec.kind.value,
        question_key=spec.question_key,
        stages=list(spec.stages),
        audiences=list(spec.audiences),
        success_options=list(spec.success_options),
        excluded_options=list(spec.excluded_options),
    )
    db.session.flush()


def measured(kpi: Kpi, kind: str, start: date) -> KpiMeasurement:
    """Return the KPI's measurement of one period, failing if there is none."""
    found = [m for m in kpi.measurements if (m.period_kind, m.period_start) == (kind, start)]
    assert len(found) == 1, f"expected one {kind} measurement from {start}, found {len(found)}"
    return found[0]
