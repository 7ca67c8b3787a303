"""Headline figures for the staff home page."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from feedback.extensions import db
from feedback.models import Comment, Invitation, Response


@dataclass(frozen=True, slots=True)
class Overview:
    """Counts across all stages: invitations, opened links, responses and comments."""

    invitations: int
    opened: int
    responses: int
    comments: int


def staff_overview() -> Overview:
    """Return the counts, each from one aggregate query."""
    invitations, opened = db.session.execute(
        select(func.count(Invitation.id), func.count(Invitation.opened_at))
    ).one()
    responses = db.session.scalar(select(func.count(Response.id))) or 0
    comments = db.session.scalar(select(func.count(Comment.id))) or 0
    return Overview(invitations=invitations, opened=opened, responses=responses, comments=comments)
