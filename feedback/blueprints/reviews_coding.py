"""The coding page: a page of comments at once, each with its own theme picker, saved together.

Reviewers see only the redacted text, as on the one-comment page; the comments on a page are
this council's and already redacted (``queue_items``), and each saving is audited by the service.
Comments left blank stay in the queue for later; if any chosen comment is incomplete, nothing on
the page is saved and each problem is shown beside its comment (docs/decisions.md).
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from feedback.authz import role_required
from feedback.blueprints.reviews import REVIEWERS, bp, filters_from_request, suggester
from feedback.review_forms import SENTIMENT_LABELS, CodingPageForm
from feedback.services.reviews import codebook
from feedback.services.reviews.coding import (
    CodingChoice,
    CodingProblem,
    PageCodingError,
    coding_by,
    save_codings,
)
from feedback.services.reviews.marks import marks_on
from feedback.services.reviews.queue import (
    CODING_PAGE_SIZE,
    QueueItem,
    comment_queue,
    queue_items,
)
from feedback.services.reviews.suggestions import SuggestionModel
from feedback.url_numbers import MAX_DATABASE_INTEGER, page_argument


def _whole_number(text: str) -> int | None:
    """Return ``text`` as a positive id the database can hold, or ``None`` if it is not one."""
    if (
        text.isascii()
        and text.isdigit()
        and len(text) <= 10
        and 0 < int(text) <= MAX_DATABASE_INTEGER
    ):
        return int(text)
    return None


def _choices(form: MultiDict[str, str], comment_ids: Sequence[int]) -> list[CodingChoice]:
    """Read each comment's themes (``themes-<id>``) and sentiment (``sentiment-<id>``)."""
    choices = []
    for comment_id in comment_ids:
        # A theme value that is not a whole number becomes 0, which no theme has: refused.
        theme_ids = frozenset(
            _whole_number(value) or 0 for value in form.getlist(f"themes-{comment_id}")
        )
        sentiment = form.get(f"sentiment-{comment_id}", "")
        choices.append(CodingChoice(comment_id, theme_ids, sentiment))
    return choices


@bp.route("/code", methods=["GET", "POST"])
@role_required(*REVIEWERS)
def code_page() -> str | Response:
    """Code a page of comments at once; save the ones chosen, then show the next page."""
    organisation_id = current_user.organisation_id
    filters = filters_from_request()
    page = page_argument(request.args)
    form = CodingPageForm()
    items: list[QueueItem] | None = None
    problems: dict[int, CodingProblem] = {}
    chosen: dict[int, CodingChoice] = {}
    if form.validate_on_submit():
        ids = [
            found
            for value in request.form.getlist("comment")[:CODING_PAGE_SIZE]
            if (found := _whole_number(value)) is not None
        ]
        items = queue_items(organisation_id, ids, current_user.id)
        if not ids or len(items) != len(ids):
            abort(404)
        choices = _choices(request.form, ids)
        try:
            saved = save_codings(organisation_id, choices, coder=current_user)
        except PageCodingError as errors:
            problems = errors.problems
            chosen = {choice.comment_id: choice for choice in choices}
        else:
            if saved:
                flash(ngettext("Saved %(num)s comment", "Saved %(num)s comments", len(saved)))
            return redirect(url_for("reviews.code_page", page=page, **filters.as_args()))
    listed, total = comment_queue(
        organisation_id, filters, current_user.id, page=page, page_size=CODING_PAGE_SIZE
    )
    if items is None:
        items = listed
        chosen = _saved_choices(items)
    themes = codebook.themes(organisation_id)
    model = suggester(organisation_id)
    return render_template(
        "reviews/code_page.html",
        items=items,
        total=total,
        page=page,
        page_size=CODING_PAGE_SIZE,
        form=form,
        problems=problems,
        chosen=chosen,
        themes=themes,
        theme_names={theme.key: theme.name for theme in themes},
        sentiments=SENTIMENT_LABELS,
        model=model,
        suggestions={
            item.comment_id: model.suggest(item.redacted_text)[:3]
            for item in items
            if isinstance(model, SuggestionModel)
        },
        marks={item.comment_id: marks_on(item.comment_id) for item in items},
        filters=filters,
    )


def _saved_choices(items: Sequence[QueueItem]) -> dict[int, CodingChoice]:
    """Return this reviewer's own saved coding of each comment (never anyone else's)."""
    choices = {}
    for item in items:
        mine = coding_by(item.comment_id, current_user.id)
        if mine is not None:
            choices[item.comment_id] = CodingChoice(item.comment_id, mine.theme_ids, mine.sentiment)
    return choices
