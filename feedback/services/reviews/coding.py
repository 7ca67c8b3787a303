"""Coding a comment: one reviewer's sentiment and themes, saved under the current codebook."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, select

from feedback.extensions import db
from feedback.models import User, utcnow
from feedback.models.reviews import Coding, Sentiment, ThemeCode
from feedback.services import audit
from feedback.services.reviews.codebook import current_version, themes
from feedback.services.reviews.queue import reviewable_comment


class CodingError(ValueError):
    """A coding was refused; the message says why and nothing was saved."""


@dataclass(frozen=True, slots=True)
class MyCoding:
    """What a reviewer already chose for a comment."""

    sentiment: str
    theme_ids: frozenset[int]


def coding_by(comment_id: int, coder_id: int) -> MyCoding | None:
    """Return this reviewer's coding of the comment, if any (never anyone else's)."""
    coding = db.session.scalar(
        select(Coding).where(Coding.comment_id == comment_id, Coding.coder_id == coder_id)
    )
    if coding is None:
        return None
    return MyCoding(coding.sentiment, frozenset(code.theme_id for code in coding.theme_codes))


def save_coding(
    organisation_id: int,
    comment_id: int,
    *,
    coder: User,
    theme_ids: Iterable[int],
    sentiment: str,
) -> Coding:
    """Save (or replace) the reviewer's coding of a comment; audit and commit; return it.

    Raises ``LookupError`` for a comment that is not this council's (or not yet redacted) and
    ``CodingError`` for no theme, an unknown or retired theme, or an unknown sentiment.
    """
    if reviewable_comment(organisation_id, comment_id) is None:
        raise LookupError("no such comment")
    chosen = set(theme_ids)
    allowed = {theme.id for theme in themes(organisation_id)}
    if not chosen:
        raise CodingError("Select at least one theme")
    if not chosen <= allowed:
        raise CodingError("Select themes from the codebook")
    if sentiment not in {choice.value for choice in Sentiment}:
        raise CodingError("Select how the comment feels about the service")
    version = current_version(organisation_id)
    coding = db.session.scalar(
        select(Coding).where(Coding.comment_id == comment_id, Coding.coder_id == coder.id)
    )
    action = "comment.recode" if coding is not None else "comment.code"
    if coding is None:
        coding = Coding(organisation_id=organisation_id, comment_id=comment_id, coder_id=coder.id)
    coding.sentiment = sentiment
    coding.codebook_version_id = version.id
    coding.coded_at = utcnow()
    db.session.add(coding)
    db.session.flush()
    # Delete then insert, so re-choosing a theme never meets the (coding, theme) unique key.
    db.session.execute(delete(ThemeCode).where(ThemeCode.coding_id == coding.id))
    for theme_id in sorted(chosen):
        db.session.add(ThemeCode(coding_id=coding.id, theme_id=theme_id))
    db.session.flush()
    db.session.expire(coding, ["theme_codes"])
    audit.record(
        action,
        actor=coder,
        target_type="comment",
        target_id=comment_id,
        themes=len(chosen),
        sentiment=sentiment,
    )
    db.session.commit()
    return coding
