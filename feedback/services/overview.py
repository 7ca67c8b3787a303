"""Headline figures for the staff home page, counted as the response-rate page counts them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from analysis import PublishedCell
from feedback.extensions import db
from feedback.models import Comment, Response
from feedback.services.cases.rates import RateRow, response_rates


@dataclass(frozen=True, slots=True)
class Overview:
    """Personal links (invited, opened, started, answered, with the response rate), answers
    from open posters apart from them, and the comments of both."""

    personal_links: RateRow
    poster_answers: PublishedCell
    comments: int


def staff_overview(organisation_id: int) -> Overview:
    """Return one organisation's figures: the response-rate page's totals, and the comments.

    Parameters
    ----------
    organisation_id : int
        The staff member's council.

    Returns
    -------
    Overview
        The same published (small counts protected) totals the response-rate page shows.
    """
    rates = response_rates(organisation_id)
    comments = (
        db.session.scalar(
            select(func.count(Comment.id))
            .join(Response)
            .where(Response.organisation_id == organisation_id)
        )
        or 0
    )
    return Overview(
        personal_links=rates.personal_links,
        poster_answers=rates.poster_total,
        comments=comments,
    )
