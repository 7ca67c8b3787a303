"""A demo improvement plan with a few satisfaction KPIs, measured, for ``make run``.

Everything is invented. The demo's invited responses are dated at their stage events (the demo
loader submits them all at load time), and answers from an open QR poster are added month by
month with satisfaction slowly rising, so the trend and control charts have something to show.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from analysis.status import add_months
from feedback.extensions import db
from feedback.models import Answer, Case, Invitation, Organisation, Response, User
from feedback.models.kpis import Kpi, Plan
from feedback.services.journey import new_reference
from feedback.services.kpis.editing import save_metric
from feedback.services.kpis.importing import import_table
from feedback.services.kpis.measuring import measure_baseline, save_manual_entry
from feedback.services.kpis.metrics import MetricKind, MetricSpec
from feedback.services.kpis.recompute import recompute_plans

DEMO_PLAN_NAME = "Demo SEND improvement plan"
STAGES = ("week6", "week16", "week20", "annual_review")
BOTH = ("parent", "young_person")
_ROWS = (
    {
        "ref": "1.1",
        "workstream": "1. Families' experience of assessment",
        "measure": "60% of parents submitting feedback agree that the assessment process was a "
        "positive experience.",
        "baseline": "47%",
        "milestone_3m": "50%",
        "milestone_6m": "55%",
        "milestone_12m": "60%",
    },
    {
        "ref": "1.2",
        "workstream": "1. Families' experience of assessment",
        "measure": "Increase in the overall satisfaction rating from 2/5 to 3/5.",
        "baseline": "2/5",
        "milestone_6m": "2.5/5",
        "milestone_12m": "3/5",
    },
    {
        "ref": "1.3",
        "workstream": "2. Co-production",
        "measure": "Feedback shows that 80% of responding parents, children and young people feel "
        "involved and listened to.",
        "baseline": "To be established",
        "milestone_3m": "Baseline established",
        "milestone_12m": "80%",
    },
    {
        "ref": "2.1",
        "workstream": "3. Complaints and tribunals",
        "measure": "Reduction in the number of SEND complaints.",
        "baseline": "44 (21/22)",
        "milestone_12m": "10% reduction",
    },
    {
        "ref": "2.2",
        "workstream": "4. Timeliness",
        "measure": "Increase in the number of EHCPs issued within 20 weeks.",
        "baseline": "47%",
        "milestone_12m": "60% increase",
    },
)


def create_demo_plan(organisation: Organisation, lead: User, *, seed: int = 20221) -> Plan | None:
    """Create, measure and commit the demo plan; return None if it exists already."""
    exists = db.session.scalar(
        select(Plan).where(Plan.organisation_id == organisation.id, Plan.name == DEMO_PLAN_NAME)
    )
    if exists is not None:
        return None
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not security
    today = datetime.now(UTC).date()
    start = add_months(today.replace(day=1), -12)
    _date_invited_responses(rng, organisation, today)
    _add_poster_answers(rng, organisation, add_months(start, -9), today)
    plan = Plan(
        organisation_id=organisation.id,
        name=DEMO_PLAN_NAME,
        start_date=start,
        status_scale="dudley",
    )
    import_table(plan, _csv(_ROWS), "demo.csv", actor=lead, max_rows=len(_ROWS))
    kpis = {kpi.ref: kpi for kpi in plan.kpis}
    _define(kpis["1.1"], MetricKind.PROPORTION, "positive_experience", ("parent",), lead)
    _define(kpis["1.2"], MetricKind.MEAN, "overall_satisfaction", BOTH, lead)
    _define(kpis["1.3"], MetricKind.PROPORTION, "listened_to", BOTH, lead)
    save_metric(kpis["2.1"], MetricSpec(MetricKind.MANUAL_COUNT), actor=lead)
    save_metric(kpis["2.2"], MetricSpec(MetricKind.TIMELINESS), actor=lead)
    measure_baseline(kpis["1.3"], add_months(start, -6), start - timedelta(days=1), actor=lead)
    year_end = add_months(start, 12) - timedelta(days=1)
    save_manual_entry(
        kpis["2.1"], start=start, end=year_end, count=31, denominator=None, actor=lead
    )
    recompute_plans([plan], as_of=today, actor=lead)
    return plan


def _define(
    kpi: Kpi, kind: MetricKind, question: str, audiences: tuple[str, ...], lead: User
) -> None:
    success = ("4", "5") if kind is MetricKind.PROPORTION else ()
    spec = MetricSpec(kind, question, STAGES, audiences, success, ("dont_know",))
    save_metric(kpi, spec, actor=lead)


def _csv(rows: tuple[dict[str, str], ...]) -> bytes:
    buffer = io.StringIO()
    columns = [
        "ref",
        "workstream",
        "measure",
        "baseline",
        "milestone_3m",
        "milestone_6m",
        "milestone_12m",
    ]
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def _date_invited_responses(rng: random.Random, organisation: Organisation, today: date) -> None:
    """Date each demo response a few days after its stage event, as a family would answer."""
    query = (
        select(Response, Invitation, Case)
        .join(Invitation, Response.invitation_id == Invitation.id)
        .join(Case, Invitation.case_id == Case.id)
        .where(Response.organisation_id == organisation.id, Case.reference.like("DEMO-%"))
    )
    for response, invitation, case in db.session.execute(query):
        event = {
            "week6": case.decision_date,
            "week16": case.draft_plan_date,
            "week20": case.final_plan_date,
        }.get(invitation.stage) or case.request_date
        answered = min(event + timedelta(days=rng.randint(3, 14)), today)
        response.submitted_at = datetime.combine(answered, time(12), tzinfo=UTC)
    db.session.flush()


def _add_poster_answers(
    rng: random.Random, organisation: Organisation, first: date, today: date
) -> None:
    """Answers from an open QR poster after the final plan, more satisfied month by month."""
    month = first
    step = 0
    while month <= today:
        mood = 2.9 + 0.06 * step
        for _ in range(rng.randint(14, 24)):
            day = month + timedelta(days=rng.randint(0, 27))
            if day > today:
                continue
            _poster_response(rng, organisation, day, mood, rng.choice(BOTH))
        month = add_months(month, 1)
        step += 1
    db.session.flush()


def _poster_response(
    rng: random.Random, organisation: Organisation, day: date, mood: float, audience: str
) -> None:
    response = Response(
        organisation_id=organisation.id,
        reference=new_reference(),
        survey_key=f"week20_{audience}",
        survey_version=1,
        stage="week20",
        audience=audience,
        language="en",
        source="poster",
        submitted_at=datetime.combine(day, time(rng.randint(8, 20)), tzinfo=UTC),
    )
    for key in ("positive_experience", "listened_to", "overall_satisfaction"):
        if rng.random() < 0.05:
            response.answers.append(Answer(question_key=key, text_value="dont_know"))
            continue
        score = float(min(5, max(1, round(rng.gauss(mood, 1.0)))))
        response.answers.append(Answer(question_key=key, numeric_value=score))
    db.session.add(response)
