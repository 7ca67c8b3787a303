"""Reviewers' insight pages on the ``reviews`` blueprint: theme trends, coder agreement, export."""

from __future__ import annotations

from flask import Response, current_app, render_template, stream_with_context
from flask_login import current_user

from feedback.authz import role_required
from feedback.blueprints.reviews import REVIEWERS, bp
from feedback.services.reviews import codebook
from feedback.services.reviews.agreement import agreement_report
from feedback.services.reviews.chart import share_chart
from feedback.services.reviews.coded import coded_comments
from feedback.services.reviews.export import csv_chunks, export_rows, record_export, xlsx_bytes
from feedback.services.reviews.suggestions import cached_suggester
from feedback.services.reviews.trends import RISING_METHOD, trends_report

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.get("/trends")
@role_required(*REVIEWERS)
def trends() -> str:
    """Theme counts and shares by stage and by quarter, with intervals, suppression and flags."""
    organisation_id = current_user.organisation_id
    config = current_app.config
    themes = codebook.themes(organisation_id, include_retired=True)
    report = trends_report(
        themes,
        coded_comments(organisation_id),
        min_n=config["MIN_N_FOR_RATES"],
        threshold=config["SUPPRESS_COUNTS_BELOW"],
        baseline_quarters=config["THEME_RISING_BASELINE_QUARTERS"],
        fdr=config["THEME_RISING_FDR"],
    )
    return render_template(
        "reviews/trends.html",
        report=report,
        chart=share_chart(report.by_stage.rows),
        rising_method=RISING_METHOD,
    )


@bp.get("/agreement")
@role_required(*REVIEWERS)
def agreement() -> str:
    """Cohen's kappa per theme on double-coded comments, and the suggester's accuracy."""
    organisation_id = current_user.organisation_id
    themes = codebook.themes(organisation_id)
    return render_template(
        "reviews/agreement.html",
        report=agreement_report(organisation_id, themes),
        model=cached_suggester(
            organisation_id,
            coded_comments(organisation_id),
            min_coded=current_app.config["SUGGESTIONS_MIN_CODED"],
        ),
        share=current_app.config["DOUBLE_CODING_SHARE"],
    )


@bp.get("/export.csv")
@role_required(*REVIEWERS)
def export_csv() -> Response:
    """Coded, redacted comments as CSV, streamed."""
    organisation_id = current_user.organisation_id
    record_export(current_user, "csv")
    rows = export_rows(
        coded_comments(organisation_id), codebook.themes(organisation_id, include_retired=True)
    )
    return Response(
        stream_with_context(csv_chunks(rows)),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=coded-comments.csv"},
    )


@bp.get("/export.xlsx")
@role_required(*REVIEWERS)
def export_xlsx() -> Response:
    """Coded, redacted comments as an Excel workbook."""
    organisation_id = current_user.organisation_id
    record_export(current_user, "xlsx")
    rows = export_rows(
        coded_comments(organisation_id), codebook.themes(organisation_id, include_retired=True)
    )
    return Response(
        xlsx_bytes(rows),
        mimetype=XLSX_TYPE,
        headers={"Content-Disposition": "attachment; filename=coded-comments.xlsx"},
    )
