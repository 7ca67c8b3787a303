"""The family journey: start page, one question per page, check your answers, confirmation."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from feedback.authz import public
from feedback.models import Invitation
from feedback.services import journey, languages, survey_formats
from feedback.services.invitations import find_usable_invitation
from feedback.services.organisations import organisation_of_link, use_organisation
from feedback.services.reviews.alerts import response_was_flagged
from feedback.services.surveys import page_form, survey_for
from forms import (
    SurveyDefinition,
    answers_from_form,
    display_answer,
    form_data_from_answers,
)

bp = Blueprint("family", __name__, url_prefix="/s")


class LinkNotUsableError(Exception):
    """The token is unknown, expired or opted out; the page says so without saying which."""


def _invitation(token: str) -> tuple[Invitation, SurveyDefinition]:
    invitation = find_usable_invitation(token)
    if invitation is None:
        known = organisation_of_link(token)
        if known is not None:  # its page then names the council to ask for a new link
            use_organisation(known)
        raise LinkNotUsableError
    use_organisation(invitation.organisation)
    languages.use_invitation_language(invitation, request.args.get(languages.QUERY_PARAMETER))
    return invitation, survey_for(invitation.stage, invitation.audience, invitation.survey_format)


@bp.errorhandler(LinkNotUsableError)
def link_not_usable(error: LinkNotUsableError) -> tuple[str, int]:
    """Explain that the link does not work, and where to get a new one."""
    return render_template("family/link_not_usable.html"), 404


@bp.get("/<token>")
@public
def start(token: str) -> str | Response:
    """The start page: who is asking, how long it takes, how answers are used."""
    invitation, survey = _invitation(token)
    if invitation.completed_at is not None:
        return redirect(url_for("family.done", token=token))
    journey.mark_opened(invitation)
    answers = journey.saved_answers(invitation)
    resume = journey.first_unanswered_page(survey, answers)
    next_url = (
        url_for("family.question", token=token, page_key=resume.key)
        if resume
        else url_for("family.check", token=token)
    )
    intro = _(survey.intro)
    return render_template(
        "family/start.html",
        survey=survey,
        # Plain-language surveys put one sentence on each line.
        intro_paragraphs=(
            survey_formats.sentences(intro) if survey_formats.is_plain_language(survey) else [intro]
        ),
        next_url=next_url,
        resuming=bool(answers),
        token=token,
        expires_at=invitation.expires_at,
        other_formats=[
            name
            for name in survey_formats.formats_offered(invitation.stage, invitation.audience)
            if name != survey.format
        ],
    )


@bp.post("/<token>/format")
@public
def survey_format(token: str) -> Response:
    """Switch between the standard and Easy Read survey; answers given so far are kept."""
    invitation, _survey = _invitation(token)
    if invitation.completed_at is not None:
        return redirect(url_for("family.done", token=token))
    try:
        survey_formats.choose_format(invitation, request.form.get("format", ""))
    except survey_formats.SurveyFormatError:
        abort(400)
    return redirect(url_for("family.start", token=token))


@bp.route("/<token>/q/<page_key>", methods=["GET", "POST"])
@public
def question(token: str, page_key: str) -> str | Response:
    """One question: saved the moment it is answered, then on to the next unanswered page."""
    invitation, survey = _invitation(token)
    if invitation.completed_at is not None:
        return redirect(url_for("family.done", token=token))
    page = journey.find_page(survey, page_key)
    if page is None:
        abort(404)
    form_class = page_form(survey, page)
    changing = request.args.get("change") == "1"
    if request.method == "POST":
        form = form_class()
        if form.validate():
            journey.save_page(invitation, page, answers_from_form(page, form))
            return redirect(_after_page(token, survey, page_key, changing))
    else:
        form = form_class(data=form_data_from_answers(page, journey.saved_answers(invitation)))
    previous = journey.neighbour_page(survey, page_key, -1)
    back_url = (
        url_for("family.check", token=token)
        if changing
        else url_for("family.question", token=token, page_key=previous.key)
        if previous
        else url_for("family.start", token=token)
    )
    symbols = {
        question.key: survey_formats.scale_symbols(survey, question) for question in page.questions
    }
    return render_template(
        "family/question.html",
        survey=survey,
        page=page,
        form=form,
        back_url=back_url,
        symbols=symbols,
    )


def _after_page(token: str, survey: SurveyDefinition, page_key: str, changing: bool) -> str:
    following = journey.neighbour_page(survey, page_key, +1)
    if changing or following is None:
        return url_for("family.check", token=token)
    return url_for("family.question", token=token, page_key=following.key)


@bp.route("/<token>/check", methods=["GET", "POST"])
@public
def check(token: str) -> str | Response:
    """Check your answers, with a Change link for each; submitting stores the response once."""
    invitation, survey = _invitation(token)
    if invitation.completed_at is not None:
        return redirect(url_for("family.done", token=token))
    answers = journey.saved_answers(invitation)
    missing = journey.first_unanswered_page(survey, answers)
    if missing is not None:
        return redirect(url_for("family.question", token=token, page_key=missing.key))
    if request.method == "POST":
        # The CSRF token is checked by Flask-WTF before this view runs.
        journey.submit(invitation, survey, language=str(get_locale() or "en"))
        return redirect(url_for("family.done", token=token))
    rows = [
        (page, question, display_answer(question, answers.get(question.key), translate=_))
        for page in survey.pages
        for question in page.questions
    ]
    return render_template("family/check.html", survey=survey, rows=rows, token=token)


@bp.get("/<token>/done")
@public
def done(token: str) -> str | Response:
    """Confirmation with the response's reference; the link shows this from now on."""
    invitation, survey = _invitation(token)
    response = journey.response_for(invitation) if invitation.completed_at else None
    if response is None:
        return redirect(url_for("family.start", token=token))
    return render_template(
        "family/done.html",
        survey=survey,
        response=response,
        help_now=response_was_flagged(response.id),
        you_said_url=url_for("you_said.page", org_slug=invitation.case.organisation.slug),
    )
