"""Family links in a chosen language and format, and reading an invitation back, for tests."""

from __future__ import annotations

from flask import Flask

from feedback.extensions import db
from feedback.models import Invitation
from feedback.services.demo_links import issue_demo_link
from feedback.services.invitations import find_usable_invitation


def issue_link(
    app: Flask,
    *,
    language: str = "en",
    stage: str = "week6",
    audience: str = "parent",
    survey_format: str = "standard",
) -> str:
    """Issue a demo family link whose invitation has ``language`` and ``survey_format``.

    Returns
    -------
    str
        The link's path, ``/s/<token>``.
    """
    with app.app_context():
        link = issue_demo_link(stage, audience)
        invitation = invitation_for(link)
        invitation.language = language
        invitation.survey_format = survey_format
        db.session.commit()
    return link


def invitation_for(link: str) -> Invitation:
    """The invitation behind a family link (call inside an app context).

    Returns
    -------
    Invitation
        The invitation; fails the test if the link is not usable.
    """
    invitation = find_usable_invitation(link.rsplit("/", 1)[-1])
    assert invitation is not None, "the link is not usable"
    return invitation


def stored_invitation(app: Flask, link: str) -> tuple[str, str]:
    """Read an invitation's language and format from the database, as another device would.

    Returns
    -------
    tuple of str
        ``(language, survey_format)``.
    """
    with app.app_context():
        invitation = invitation_for(link)
        return invitation.language, invitation.survey_format
