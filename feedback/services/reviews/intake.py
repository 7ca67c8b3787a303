"""What happens to a family's comments the moment they are submitted: redaction and safeguarding.

The response is committed before this runs, so a family's answers are never lost to a failure
here; a comment left without a redacted copy is invisible to reviewers until
``flask comments redact-pending`` (or the next submission's retry) processes it.
"""

from __future__ import annotations

import logging

from sqlalchemy import select

from feedback.extensions import db
from feedback.models import Comment, Response
from feedback.models.reviews import RedactionMark, SafeguardingFlag
from feedback.services.reviews.alerts import notify_designated_lead
from feedback.services.reviews.entities import Entity, RedactedSpan
from feedback.services.reviews.safeguarding import concerns_in

log = logging.getLogger(__name__)


def process_new_comments(response: Response) -> None:
    """Redact and safeguarding-check the response's comments, commit, and alert the lead.

    Never raises: a failure is logged (without the comment's words) and left for
    ``redact-pending``, because the family's submission has already succeeded.
    """
    try:
        flags = [
            flag
            for comment in response.comments
            if (flag := process_comment(comment, response.organisation_id)) is not None
        ]
        db.session.commit()
    except Exception as error:  # the family's answers are already safe, so never fail here
        db.session.rollback()
        # Only the error's type: its message could quote the comment (SQL parameters).
        log.error(
            "comments of response %s left for redact-pending: %s",
            response.id,
            type(error).__name__,
        )
        return
    for flag in flags:
        notify_designated_lead(flag)


def process_comment(comment: Comment, organisation_id: int) -> SafeguardingFlag | None:
    """Fill in the comment's redacted copy and flag it if it raises concerns (no commit).

    Returns the new flag, if one was raised.
    """
    # Presidio and spaCy take seconds to import; load them only when a comment needs them.
    from feedback.services.reviews.redaction import redact

    if comment.text is None:
        return None
    comment.redacted_text = redact(comment.text, marked_spans(comment.id)).text
    concerns = concerns_in(comment.text)
    if not concerns or _flag_of(comment.id) is not None:
        return None
    flag = SafeguardingFlag(
        organisation_id=organisation_id,
        comment_id=comment.id,
        categories=[concern.value for concern in concerns],
    )
    db.session.add(flag)
    return flag


def marked_spans(comment_id: int | None) -> list[RedactedSpan]:
    """Return the spans reviewers marked as missed in this comment, to hide on every re-run."""
    if comment_id is None:
        return []
    marks = db.session.scalars(select(RedactionMark).where(RedactionMark.comment_id == comment_id))
    return [RedactedSpan(mark.start, mark.end, Entity(mark.entity)) for mark in marks]


def redact_pending(limit: int = 1000) -> int:
    """Process up to ``limit`` comments that have no redacted copy yet; return how many."""
    comments = db.session.scalars(
        select(Comment)
        .where(Comment.redacted_text.is_(None), Comment.text.is_not(None))
        .order_by(Comment.id)
        .limit(limit)
    ).all()
    flags = []
    for comment in comments:
        flag = process_comment(comment, comment.response.organisation_id)
        if flag is not None:
            flags.append(flag)
    db.session.commit()
    for flag in flags:
        notify_designated_lead(flag)
    return len(comments)


def _flag_of(comment_id: int) -> SafeguardingFlag | None:
    return db.session.scalar(
        select(SafeguardingFlag).where(SafeguardingFlag.comment_id == comment_id)
    )
