"""The list of languages a family can read the service in, reached from "Change language".

It works without JavaScript: each language is a plain link back to the page the family came
from, with ``?lang=`` set, so their place (and, on their link, their answers) is kept.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request

from feedback.authz import public
from feedback.services import languages
from feedback.services.invitations import find_usable_invitation
from feedback.services.organisations import use_organisation

bp = Blueprint("languages", __name__)


@bp.get("/language")
@public
def choose() -> str:
    """The languages, each linking back to the page named by ``?next=``."""
    target = languages.return_path(request.args.get("next"))
    return _choices(target)


@bp.get("/s/<token>/language")
@public
def choose_for_link(token: str) -> str:
    """The languages for a page of a family's link, in the link's language and council."""
    invitation = find_usable_invitation(token)
    if invitation is not None:
        use_organisation(invitation.organisation)
        languages.use_invitation_language(invitation, None)
    target = languages.return_path(request.args.get("next"), token=token)
    return _choices(target)


def _choices(target: str) -> str:
    return render_template(
        "languages/choose.html", choices=languages.language_choices(target), back_url=target
    )
