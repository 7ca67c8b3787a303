"""The public "You said, we did" page of each council: what changed because of families'
comments."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from feedback.authz import public
from feedback.models.reviews import EntryStatus
from feedback.services.organisations import find_organisation, use_organisation
from feedback.services.reviews.you_said import entries

bp = Blueprint("you_said", __name__, url_prefix="/you-said-we-did")


@bp.get("/<org_slug>")
@public
def page(org_slug: str) -> str:
    """The council's published entries, newest change first."""
    organisation = find_organisation(org_slug)
    if organisation is None:
        abort(404)
    use_organisation(organisation)
    return render_template(
        "you_said/page.html",
        organisation=organisation,
        entries=entries(organisation.id, status=EntryStatus.PUBLISHED),
    )
