"""Staff pages for plans and their KPIs: the register, the dashboard, the KPI page, the board
report, importing a KPI table and recomputing. A lead's edits are in ``kpis_edit``."""

from __future__ import annotations

from datetime import date, datetime

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from analysis.scales import SCALES
from feedback.authz import role_required
from feedback.blueprints import kpis_edit
from feedback.blueprints.kpis_edit import EDIT, READ, field_error, plan_or_404, today
from feedback.blueprints.kpis_forms import ConfirmForm, NewPlanForm
from feedback.extensions import db
from feedback.models.kpis import KpiMeasurement
from feedback.services.kpis.board_report import board_csv, board_pdf, board_report, board_xlsx
from feedback.services.kpis.dashboard import kpi_page, plan_dashboard
from feedback.services.kpis.importing import (
    KpiImportError,
    PlanError,
    RowError,
    import_table,
    new_plan,
)
from feedback.services.kpis.plans import plans_for
from feedback.services.kpis.presenting import (
    AUDIENCE_LABELS,
    CHANGE_LABELS,
    STAGE_LABELS,
    VERDICT_LABELS,
    StatusView,
    limits_text,
    method_label,
    period_label,
    quantity_of,
    status_view,
    value_text,
)
from feedback.services.kpis.recompute import recompute_plans
from feedback.services.kpis.workbooks import kpi_table_template
from feedback.upload_limits import upload_limit

bp = Blueprint("kpis", __name__, url_prefix="/staff/plans")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

for _rule, _view, _methods in kpis_edit.ROUTES:
    bp.add_url_rule(_rule, view_func=_view, methods=_methods)


@bp.app_template_filter("kpi_date")
def kpi_date(day: date | datetime) -> str:
    """Return a date as "1 November 2025"."""
    return f"{day.day} {day:%B %Y}"


@bp.context_processor
def _kpi_helpers() -> dict[str, object]:
    min_n = current_app.config["MIN_N_FOR_RATES"]

    def show_value(measurement: KpiMeasurement) -> str:
        return value_text(measurement, quantity_of(measurement.kpi), min_n)

    def show_interval(measurement: KpiMeasurement) -> str:
        return limits_text(measurement, quantity_of(measurement.kpi))

    def status_of(measurement: KpiMeasurement) -> StatusView:
        return status_view(measurement.kpi.plan, measurement.status, measurement.reason)

    return {
        "verdict_labels": VERDICT_LABELS,
        "change_labels": CHANGE_LABELS,
        "period_label": period_label,
        "can_edit": current_user.is_authenticated and current_user.role in {r.value for r in EDIT},
        "min_n": min_n,
        "show_value": show_value,
        "show_interval": show_interval,
        "status_of": status_of,
        "method_label": method_label,
        "stage_labels": STAGE_LABELS,
        "audience_labels": AUDIENCE_LABELS,
    }


@bp.get("/")
@role_required(*READ)
def plans() -> str:
    """The council's plans."""
    return render_template("kpis/plans.html", plans=plans_for(current_user.organisation_id))


@bp.route("/new", methods=["GET", "POST"])
@upload_limit("KPI_IMPORT_MAX_BYTES")
@role_required(*EDIT)
def new_plan_page() -> str | BaseResponse:
    """Create a plan by importing its KPI table."""
    form = NewPlanForm()
    row_errors: tuple[RowError, ...] = ()
    if form.validate_on_submit():
        upload = form.table.data
        if not upload or not upload.filename:
            field_error(form, "table", _("Choose the plan's KPI table (CSV or XLSX)"))
        else:
            try:
                plan = new_plan(
                    current_user.organisation_id,
                    name=form.name.data or "",
                    start_date=form.start_date.data,
                    status_scale=form.status_scale.data or "",
                )
                result = import_table(
                    plan,
                    upload.read(),
                    upload.filename,
                    actor=current_user,
                    max_rows=current_app.config["KPI_IMPORT_MAX_ROWS"],
                )
            except PlanError as error:
                db.session.rollback()
                field_error(form, error.field, error.message)
            except KpiImportError as error:
                db.session.rollback()
                row_errors = error.errors
                message = ngettext(
                    "The file has %(num)s problem; nothing was imported",
                    "The file has %(num)s problems; nothing was imported",
                    len(row_errors),
                )
                field_error(form, "table", message)
            else:
                imported = ngettext(
                    "Imported %(num)s KPI", "Imported %(num)s KPIs", result.imported
                )
                flagged = ngettext(
                    "%(num)s needs a lead to look at it",
                    "%(num)s need a lead to look at them",
                    len(result.flagged),
                )
                flash(f"{imported}; {flagged}")
                return redirect(url_for("kpis.dashboard", plan_id=result.plan.id))
    return render_template("kpis/new_plan.html", form=form, row_errors=row_errors)


@bp.get("/kpi-table-template.xlsx")
@role_required(*EDIT)
def template() -> Response:
    """The KPI table template to fill in and import."""
    return _download(kpi_table_template(), "kpi-table-template.xlsx", XLSX)


@bp.get("/<int:plan_id>")
@role_required(*READ)
def dashboard(plan_id: int) -> str:
    """Every KPI of a plan: value, interval, target, verdict, status, trend and control chart."""
    plan = plan_or_404(plan_id)
    board = plan_dashboard(plan, as_of=today(), min_n=current_app.config["MIN_N_FOR_RATES"])
    scale = SCALES[plan.status_scale]["name"]
    return render_template("kpis/dashboard.html", plan=plan, board=board, scale_name=scale)


@bp.route("/<int:plan_id>/recompute", methods=["GET", "POST"])
@role_required(*EDIT)
def recompute(plan_id: int) -> str | BaseResponse:
    """Recompute every KPI of the plan now (the same as the nightly command)."""
    plan = plan_or_404(plan_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        summary = recompute_plans([plan], as_of=today(), actor=current_user)
        recomputed = ngettext(
            "Recomputed %(num)s KPI", "Recomputed %(num)s KPIs", summary.kpis_measured
        )
        written = ngettext(
            "%(num)s measurement written", "%(num)s measurements written", summary.measurements
        )
        flash(f"{recomputed}: {written}")
        return redirect(url_for("kpis.dashboard", plan_id=plan.id))
    return render_template("kpis/recompute.html", plan=plan, form=form)


@bp.get("/<int:plan_id>/kpis/<int:kpi_id>")
@role_required(*READ)
def kpi(plan_id: int, kpi_id: int) -> str:
    """One KPI: definition, history of measurements, reason for its status, response counts."""
    found = kpis_edit.kpi_or_404(plan_id, kpi_id)
    page = kpi_page(
        found,
        as_of=today(),
        min_n=current_app.config["MIN_N_FOR_RATES"],
        threshold=current_app.config["SUPPRESS_COUNTS_BELOW"],
    )
    return render_template("kpis/kpi.html", plan=found.plan, kpi=found, page=page)


@bp.get("/<int:plan_id>/board-report")
@role_required(*READ)
def board_report_page(plan_id: int) -> str:
    """The board report as a printable page."""
    plan = plan_or_404(plan_id)
    report = board_report(plan, as_of=today(), min_n=current_app.config["MIN_N_FOR_RATES"])
    return render_template("kpis/board_report.html", plan=plan, report=report)


@bp.get("/<int:plan_id>/board-report.xlsx")
@role_required(*READ)
def board_report_xlsx(plan_id: int) -> Response:
    """The board report as an Excel workbook."""
    plan = plan_or_404(plan_id)
    report = board_report(plan, as_of=today(), min_n=current_app.config["MIN_N_FOR_RATES"])
    return _download(board_xlsx(report), report.filename("xlsx"), XLSX)


@bp.get("/<int:plan_id>/board-report.csv")
@role_required(*READ)
def board_report_csv(plan_id: int) -> Response:
    """The board report as CSV, streamed."""
    plan = plan_or_404(plan_id)
    report = board_report(plan, as_of=today(), min_n=current_app.config["MIN_N_FOR_RATES"])
    response = Response(board_csv(report), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{report.filename("csv")}"'
    return response


@bp.get("/<int:plan_id>/board-report.pdf")
@role_required(*READ)
def board_report_pdf(plan_id: int) -> Response:
    """The board report as a PDF for printing."""
    plan = plan_or_404(plan_id)
    report = board_report(plan, as_of=today(), min_n=current_app.config["MIN_N_FOR_RATES"])
    return _download(board_pdf(report), report.filename("pdf"), "application/pdf")


def _download(data: bytes, filename: str, mimetype: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
