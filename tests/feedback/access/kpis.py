"""Who may use the KPI area's routes: leads edit; reviewers and case officers may read.

The paths name plan 1 and KPI 1, which :func:`seed` creates (with an ambiguous 12-month target,
so the resolve page exists) in the organisation the ``sign_in`` fixture uses.
"""

from flask import Flask

from feedback.extensions import db
from feedback.models import Role
from tests.feedback.kpi_fixtures import make_kpi, make_plan

READ = frozenset({Role.ADMIN, Role.LEAD, Role.REVIEWER, Role.CASE_OFFICER})
EDIT = frozenset({Role.ADMIN, Role.LEAD})
_KPI = "/staff/plans/1/kpis/1"

PUBLIC: set[str] = set()
STAFF = {
    "kpis.plans": ("/staff/plans/", READ),
    "kpis.new_plan_page": ("/staff/plans/new", EDIT),
    "kpis.template": ("/staff/plans/kpi-table-template.xlsx", EDIT),
    "kpis.dashboard": ("/staff/plans/1", READ),
    "kpis.recompute": ("/staff/plans/1/recompute", EDIT),
    "kpis.board_report_page": ("/staff/plans/1/board-report", READ),
    "kpis.board_report_xlsx": ("/staff/plans/1/board-report.xlsx", READ),
    "kpis.board_report_csv": ("/staff/plans/1/board-report.csv", READ),
    "kpis.board_report_pdf": ("/staff/plans/1/board-report.pdf", READ),
    "kpis.kpi": (_KPI, READ),
    "kpis.edit_kpi": (f"{_KPI}/edit", EDIT),
    "kpis.metric": (f"{_KPI}/metric", EDIT),
    "kpis.metric_answers": (
        f"{_KPI}/metric/answers?kind=proportion&question=positive_experience",
        EDIT,
    ),
    "kpis.resolve": (f"{_KPI}/milestones/12/resolve", EDIT),
    "kpis.baseline": (f"{_KPI}/baseline", EDIT),
    "kpis.entries": (f"{_KPI}/entries", EDIT),
}


def seed(app: Flask) -> None:
    """Create plan 1 with KPI 1 in the ``demo`` organisation, so every path above exists."""
    with app.app_context():
        plan = make_plan()
        make_kpi(plan, baseline="47%", milestone_12m="60% increase")
        db.session.commit()
