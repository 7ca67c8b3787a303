"""Coded comments as the analyses read them: each comment's first coding, or its first two.

A double-coded comment counts once in trends, suggestions and exports, with its first coding;
the second is only for measuring agreement.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from feedback.extensions import db
from feedback.models import Comment, Response
from feedback.models.reviews import Coding, Theme, ThemeCode


@dataclass(frozen=True, slots=True)
class CodedComment:
    """A redacted comment with the themes and sentiment of its first coding."""

    comment_id: int
    redacted_text: str
    question_key: str
    stage: str
    audience: str
    language: str
    submitted_at: datetime
    sentiment: str
    theme_keys: frozenset[str]
    coded_at: datetime


@dataclass(frozen=True, slots=True)
class CodingPair:
    """The first two codings of a double-coded comment, by different reviewers."""

    comment_id: int
    first_themes: frozenset[str]
    second_themes: frozenset[str]
    first_sentiment: str
    second_sentiment: str


def _codings(organisation_id: int) -> dict[int, list[tuple[Coding, set[str]]]]:
    """Return each comment's codings in order, with their theme keys."""
    themes_of: dict[int, set[str]] = defaultdict(set)
    for coding_id, key in db.session.execute(
        select(ThemeCode.coding_id, Theme.key)
        .join(Theme, Theme.id == ThemeCode.theme_id)
        .where(Theme.organisation_id == organisation_id)
    ):
        themes_of[coding_id].add(key)
    by_comment: dict[int, list[tuple[Coding, set[str]]]] = defaultdict(list)
    for coding in db.session.scalars(
        select(Coding)
        .where(Coding.organisation_id == organisation_id)
        .order_by(Coding.comment_id, Coding.id)
    ):
        by_comment[coding.comment_id].append((coding, themes_of[coding.id]))
    return by_comment


def coded_comments(organisation_id: int) -> list[CodedComment]:
    """Return the council's coded comments with their first coding, oldest first."""
    codings = _codings(organisation_id)
    if not codings:
        return []
    rows = db.session.execute(
        select(Comment, Response)
        .join(Response, Response.id == Comment.response_id)
        .where(Response.organisation_id == organisation_id, Comment.id.in_(list(codings)))
        .order_by(Response.submitted_at, Comment.id)
    )
    result = []
    for comment, response in rows:
        coding, keys = codings[comment.id][0]
        result.append(
            CodedComment(
                comment_id=comment.id,
                redacted_text=comment.redacted_text or "",
                question_key=comment.question_key,
                stage=response.stage,
                audience=response.audience,
                language=response.language,
                submitted_at=response.submitted_at,
                sentiment=coding.sentiment,
                theme_keys=frozenset(keys),
                coded_at=coding.coded_at,
            )
        )
    return result


def coding_pairs(organisation_id: int) -> list[CodingPair]:
    """Return the first two codings of every comment coded by two reviewers."""
    pairs = []
    for comment_id, codings in _codings(organisation_id).items():
        if len(codings) < 2:
            continue
        (first, first_keys), (second, second_keys) = codings[0], codings[1]
        pairs.append(
            CodingPair(
                comment_id=comment_id,
                first_themes=frozenset(first_keys),
                second_themes=frozenset(second_keys),
                first_sentiment=first.sentiment,
                second_sentiment=second.sentiment,
            )
        )
    return pairs
