"""Public pages for families outside a survey: stop invitations, and open QR-code posters."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale
from werkzeug.wrappers import Response

from feedback.authz import public
from feedback.extensions import csrf, limiter
from feedback.services import languages
from feedback.services.cases import contact as contact_service
from feedback.services.organisations import use_organisation
from feedback.services.surveys import survey_for

bp = Blueprint("contact", __name__)


def _poster_rate_limit() -> str:
    return str(current_app.config["POSTER_RATE_LIMIT"])


@bp.get("/stop/<token>")
@public
def opt_out_page(token: str) -> tuple[str, int] | str:
    """Ask the family to confirm they want no more invitations (a GET never changes anything:
    mail scanners follow links)."""
    invitation = contact_service.invitation_for_token(token)
    if invitation is None or invitation.case is None:
        return render_template("contact/link_not_usable.html"), 404
    use_organisation(invitation.organisation)
    languages.use_invitation_language(invitation, request.args.get(languages.QUERY_PARAMETER))
    stopped = invitation.case.opted_out_at is not None
    return render_template("contact/opt_out.html", token=token, stopped=stopped)


@bp.post("/stop/<token>")
@public
@csrf.exempt
def opt_out(token: str) -> tuple[str, int] | str:
    """Stop invitations to the family. Exempt from CSRF: email programs send a one-click
    unsubscribe POST (RFC 8058) without a form, and the unguessable token is the permission."""
    invitation = contact_service.invitation_for_token(token)
    if invitation is None or invitation.case is None:
        return render_template("contact/link_not_usable.html"), 404
    use_organisation(invitation.organisation)
    languages.use_invitation_language(invitation, request.args.get(languages.QUERY_PARAMETER))
    contact_service.opt_out(invitation)
    return render_template("contact/opted_out.html")


@bp.get("/p/<code>")
@public
def poster(code: str) -> tuple[str, int] | str:
    """The start page of an open survey reached from a poster's QR code."""
    found = contact_service.find_poster(code)
    if found is None:
        return render_template("contact/link_not_usable.html"), 404
    use_organisation(found.organisation)
    survey = survey_for(found.stage, found.audience)
    return render_template("contact/poster.html", survey=survey, code=found.code)


@bp.post("/p/<code>")
@public
@limiter.limit(_poster_rate_limit)
def poster_start(code: str) -> Response:
    """Start an anonymous survey from a poster and go to it (rate-limited per address)."""
    found = contact_service.find_poster(code)
    if found is None:
        abort(404)
    token = contact_service.start_from_poster(found, language=str(get_locale() or "en"))
    return redirect(url_for("family.start", token=token))
