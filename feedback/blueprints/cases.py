"""Staff pages for cases and invitations: the case list and case page, the case import, response
rates, open-survey posters and (for admins) the outbox of messages."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from flask import Blueprint, abort, current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from feedback.authz import role_required
from feedback.cases_forms import (
    AUDIENCE_LABELS,
    CHANNEL_LABELS,
    DELIVERY_LABELS,
    MESSAGE_KIND_LABELS,
    STAGE_LABELS,
    STATUS_LABELS,
    CaseImportForm,
)
from feedback.models import Audience, Role, Stage
from feedback.services.cases import casework
from feedback.services.cases.contact import existing_poster, poster_for
from feedback.services.cases.import_columns import COLUMNS
from feedback.services.cases.import_files import ImportFile, ImportFileError
from feedback.services.cases.importing import ImportOutcome, import_cases
from feedback.services.cases.letters import render_poster
from feedback.services.cases.rate_chart import monthly_rate_chart
from feedback.services.cases.rates import response_rates
from feedback.services.languages import offered_languages
from feedback.services.surveys import survey_for
from feedback.upload_limits import upload_limit
from feedback.url_numbers import page_argument

bp = Blueprint("cases", __name__)


@bp.context_processor
def _labels() -> dict[str, object]:
    return {
        "stage_labels": STAGE_LABELS,
        "audience_labels": AUDIENCE_LABELS,
        "status_labels": STATUS_LABELS,
        "delivery_labels": DELIVERY_LABELS,
        "message_kind_labels": MESSAGE_KIND_LABELS,
        "channel_labels": CHANNEL_LABELS,
    }


@bp.get("/staff/cases/")
@role_required(Role.CASE_OFFICER)
def index() -> str | tuple[str, int]:
    """The case list with a search by reference; ``?reference=`` opens that case's page and
    ``?not_reached=1`` lists only the cases with a message that did not reach the family."""
    organisation_id = current_user.organisation_id
    reference = request.args.get("reference", "").strip()
    if reference:
        case = casework.find_case(organisation_id, reference)
        if case is None:
            abort(404)
        messages = casework.invitation_messages(case)
        return render_template(
            "cases/case.html",
            case=case,
            stages=casework.stage_rows(case),
            messages=messages,
            needing_another_route=casework.needing_another_route(case),
            today=date.today(),
            stage_status=casework.stage_status,
            not_handed_over=casework.not_handed_over,
        )
    page = page_argument(request.args)
    not_reached = request.args.get("not_reached") == "1"
    listing = casework.list_cases(organisation_id, page, not_reached=not_reached)
    return render_template(
        "cases/index.html",
        listing=listing,
        # The filtered list has counted them already.
        not_reached_count=listing.total
        if not_reached
        else casework.count_not_reached(organisation_id),
        imports=casework.recent_imports(organisation_id),
    )


@bp.route("/staff/cases/import", methods=["GET", "POST"])
@upload_limit("CASE_IMPORT_MAX_BYTES")
@role_required(Role.CASE_OFFICER)
def import_page() -> str:
    """Upload the case system's export; every problem is listed and nothing is half-imported."""
    form = CaseImportForm()
    outcome: ImportOutcome | None = None
    if form.validate_on_submit():
        upload = form.file.data
        try:
            source = ImportFile.from_stream(upload.stream, upload.filename or "upload")
        except ImportFileError as error:
            form.file.errors = [str(error)]
        else:
            outcome = import_cases(
                source, organisation_id=current_user.organisation_id, actor=current_user
            )
            if not outcome.succeeded:
                form.file.errors = [
                    _(
                        "The file has %(count)d problems. Nothing was imported.",
                        count=outcome.problem_count,
                    )
                ]
    return render_template("cases/import.html", form=form, outcome=outcome, columns=COLUMNS)


@bp.get("/staff/response-rates")
@role_required(Role.CASE_OFFICER, Role.LEAD)
def rates() -> str:
    """Response rates by stage, audience, channel, language and month, with a chart."""
    rates_view = response_rates(current_user.organisation_id)
    return render_template(
        "cases/rates.html",
        rates=rates_view,
        chart=monthly_rate_chart(rates_view.table("month")),
    )


@bp.get("/staff/posters")
@role_required(Role.CASE_OFFICER)
def posters() -> str:
    """Open-survey posters to print, one per stage and audience, in the language chosen
    (``?language=``, English by default)."""
    choices = [
        (stage.value, audience.value, survey_for(stage.value, audience.value).title)
        for stage in Stage
        for audience in Audience
    ]
    return render_template(
        "cases/posters.html",
        choices=choices,
        languages=offered_languages(),
        language=_poster_language(),
    )


@bp.route("/staff/posters/download", methods=["GET", "POST"])
@role_required(Role.CASE_OFFICER)
def poster_download() -> Response | str:
    """A poster as an A4 PDF (``stage``, ``audience``, ``language``; week 6, parents, English by
    default). The posters page's buttons POST (CSRF-checked), which creates the council's poster
    on first use; a GET writes nothing: it serves a poster already created, or the posters page.
    An unknown language is refused before any poster is created."""
    values = request.form if request.method == "POST" else request.args
    stage = values.get("stage", Stage.WEEK6.value)
    audience = values.get("audience", Audience.PARENT.value)
    if stage not in {s.value for s in Stage} or audience not in {a.value for a in Audience}:
        abort(404)
    language = _poster_language(values)
    if request.method == "POST":
        poster = poster_for(current_user.organisation_id, stage, audience, actor=current_user)
    else:
        found = existing_poster(current_user.organisation_id, stage, audience)
        if found is None:
            return posters()
        poster = found
    pdf = render_poster(poster, language=language)
    name = f"poster-{stage}-{audience}-{language}.pdf"
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _poster_language(values: Mapping[str, str] | None = None) -> str:
    """Return the offered language ``language`` names in ``values`` (the query string by
    default; the default language when it is absent); 400 for any other code."""
    values = request.args if values is None else values
    language = values.get("language") or str(current_app.config["BABEL_DEFAULT_LOCALE"])
    if language not in current_app.config["LANGUAGES"]:
        abort(400)
    return language


@bp.get("/staff/outbox")
@role_required(Role.ADMIN)
def outbox() -> str:
    """Messages the service has sent or holds (without a Notify key they stop here)."""
    return render_template(
        "cases/outbox.html",
        messages=casework.outbox(current_user.organisation_id),
        delivery_state=casework.delivery_state,
    )
