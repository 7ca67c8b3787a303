"""Headline figures for the staff home page."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from feedback.extensions import db
from feedback.models import Case, Comment, Invitation, Response


@dataclass(frozen=True, slots=True)
class Overview:
    """Counts across all stages: invitations, opened links, responses and comments."""

    invitations: int
    opened: int
    responses: int
    comments: int


def staff_overview(organisation_id: int) -> Overview:
    """Return one organisation's counts, each from one aggregate query."""
    invitations, opened = db.session.execute(
        select(func.count(Invitation.id), func.count(Invitation.opened_at))
        .join(Case)
        .where(Case.organisation_id == organisation_id)
    ).one()
    responses = (
        db.session.scalar(
            select(func.count(Response.id)).where(Response.organisation_id == organisation_id)
        )
        or 0
    )
    comments = (
        db.session.scalar(
            select(func.count(Comment.id))
            .join(Response)
            .where(Response.organisation_id == organisation_id)
        )
        or 0
    )
    return Overview(invitations=invitations, opened=opened, responses=responses, comments=comments)
