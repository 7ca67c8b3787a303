"""Reviewers' workspace (SENDIASS, Parent Carer Forum): the queue of redacted comments, coding,
hiding missed words, and for admins the original. Insight pages (trends, agreement, export) and
the codebook, safeguarding and "You said, we did" pages add their routes to ``bp`` from their
own modules, imported at the bottom.

Reviewers never see a comment's original text or who wrote it: no response, case or invitation
appears on these pages; only admins can open the original.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from feedback.authz import role_required
from feedback.cases_forms import AUDIENCE_LABELS, STAGE_LABELS
from feedback.models import Role
from feedback.review_forms import MARK_KIND_LABELS, SENTIMENT_LABELS, CodingForm, MarkForm
from feedback.services.reviews import codebook
from feedback.services.reviews.coded import coded_comments
from feedback.services.reviews.coding import CodingError, coding_by, save_coding
from feedback.services.reviews.marks import MarkError, mark_missed, marks_on
from feedback.services.reviews.queue import (
    QueueFilters,
    comment_queue,
    next_comment_id,
    open_original,
    parse_filters,
    queue_options,
    reviewable_comment,
)
from feedback.services.reviews.suggestions import (
    NotEnoughCoded,
    SuggestionModel,
    cached_suggester,
)
from feedback.url_numbers import page_argument

bp = Blueprint("reviews", __name__, url_prefix="/staff/comments")

REVIEWERS = (Role.REVIEWER, Role.LEAD)


@bp.context_processor
def labels() -> dict[str, object]:
    """Words for the stage and audience keys on every page of the workspace."""
    return {
        "stage_labels": STAGE_LABELS,
        "audience_labels": AUDIENCE_LABELS,
        "stage_label": lambda key: STAGE_LABELS.get(key, key),
        "quarter_label": str,
        "zip": zip,
    }


def filters_from_request() -> QueueFilters:
    """Return the queue filters in the query string, checked against the council's themes."""
    keys = {theme.key for theme in codebook.themes(current_user.organisation_id)}
    return parse_filters(request.args, keys)


def suggester(organisation_id: int) -> SuggestionModel | NotEnoughCoded:
    """Return the council's theme suggester (retrained only when its codings change)."""
    return cached_suggester(
        organisation_id,
        coded_comments(organisation_id),
        min_coded=current_app.config["SUGGESTIONS_MIN_CODED"],
    )


@bp.get("/")
@role_required(*REVIEWERS)
def queue() -> str:
    """The queue: safeguarding flags first, then comments to code, with filters."""
    filters = filters_from_request()
    page_number = page_argument(request.args)
    items, total = comment_queue(
        current_user.organisation_id, filters, current_user.id, page=page_number
    )
    return render_template(
        "reviews/queue.html",
        items=items,
        total=total,
        page=page_number,
        filters=filters,
        options=queue_options(current_user.organisation_id),
        themes=codebook.themes(current_user.organisation_id),
        first_id=next_comment_id(current_user.organisation_id, filters, current_user.id),
    )


@bp.route("/<int:comment_id>", methods=["GET", "POST"])
@role_required(*REVIEWERS)
def code(comment_id: int) -> str | Response:
    """Code one comment (themes and sentiment), then go straight to the next."""
    organisation_id = current_user.organisation_id
    found = reviewable_comment(organisation_id, comment_id)
    if found is None:
        abort(404)
    comment, response = found
    filters = filters_from_request()
    themes = codebook.themes(organisation_id)
    form = CodingForm()
    form.themes.choices = [SelectChoice(theme.id, theme.name) for theme in themes]
    if form.validate_on_submit():
        try:
            save_coding(
                organisation_id,
                comment_id,
                coder=current_user,
                theme_ids=form.themes.data or [],
                sentiment=form.sentiment.data or "",
            )
        except CodingError as error:
            form.themes.errors = [*form.themes.errors, str(error)]
        else:
            following = next_comment_id(organisation_id, filters, current_user.id, after=comment_id)
            if following is None:
                flash(_("Saved. There are no comments left to code in this view"))
                return redirect(url_for("reviews.queue", **filters.as_args()))
            return redirect(url_for("reviews.code", comment_id=following, **filters.as_args()))
    elif request.method == "GET":
        mine = coding_by(comment_id, current_user.id)
        if mine is not None:
            form.themes.data = sorted(mine.theme_ids)
            form.sentiment.data = mine.sentiment
    model = suggester(organisation_id)
    suggestions = (
        model.suggest(comment.redacted_text or "") if isinstance(model, SuggestionModel) else []
    )
    return render_template(
        "reviews/code.html",
        comment=comment,
        stage=response.stage,
        audience=response.audience,
        language=response.language,
        form=form,
        themes=themes,
        theme_names={theme.key: theme.name for theme in themes},
        sentiments=SENTIMENT_LABELS,
        model=model,
        suggestions=suggestions,
        filters=filters,
        skip_to=next_comment_id(organisation_id, filters, current_user.id, after=comment_id),
        marks=marks_on(comment_id),
    )


@bp.route("/<int:comment_id>/missed", methods=["GET", "POST"])
@role_required(*REVIEWERS)
def missed(comment_id: int) -> str | Response:
    """Hide words the redaction missed; the comment is re-redacted at once."""
    organisation_id = current_user.organisation_id
    found = reviewable_comment(organisation_id, comment_id)
    if found is None:
        abort(404)
    comment, _response = found
    form = MarkForm()
    if form.validate_on_submit():
        try:
            count = mark_missed(
                organisation_id,
                comment_id,
                seen=form.seen.data or "",
                kind=form.kind.data or "",
                actor=current_user,
            )
        except MarkError as error:
            form.seen.errors = [*form.seen.errors, str(error)]
        else:
            flash(ngettext("Hidden in %(num)s place", "Hidden in %(num)s places", count))
            return redirect(
                url_for("reviews.code", comment_id=comment_id, **filters_from_request().as_args())
            )
    return render_template(
        "reviews/missed.html",
        comment=comment,
        form=form,
        kinds=MARK_KIND_LABELS,
        filters=filters_from_request(),
    )


@bp.get("/<int:comment_id>/original")
@role_required(Role.ADMIN)
def original(comment_id: int) -> str:
    """Admins only: the original comment and its response reference, for follow-up."""
    found = open_original(current_user.organisation_id, comment_id, actor=current_user)
    if found is None:
        abort(404)
    comment, response = found
    return render_template("reviews/original.html", comment=comment, response=response)


# The other pages of the workspace register their routes on ``bp``.
from feedback.blueprints import (  # noqa: E402, F401  isort: skip
    reviews_admin,
    reviews_coding,
    reviews_insight,
)
