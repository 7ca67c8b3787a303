"""The reviewers' queue of redacted comments: filters, order, and what to code next.

Open safeguarding flags come first, then the oldest comments. A comment in the double-coding
sample stays in the queue until a second reviewer has coded it too (without seeing the first
reviewer's codes). Reviewers only ever get the redacted text and the survey's stage, audience,
language and quarter: never the response, case or invitation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import ColumnElement, ScalarSelect, Select, and_, case, exists, func, select

from feedback.extensions import db
from feedback.models import Audience, Comment, Response, Stage, User
from feedback.models.reviews import Coding, FlagStatus, SafeguardingFlag, Theme, ThemeCode
from feedback.services import audit

STATUSES = ("to_code", "coded", "flagged", "all")
_PERIOD = re.compile(r"^(\d{4})-Q([1-4])$")
PAGE_SIZE = 50
# The coding page shows this many comments at once, each with its own theme picker.
CODING_PAGE_SIZE = 10
# A multiplier coprime with 100 spreads the double-coding sample over time (Knuth's hashing).
_SAMPLE_MULTIPLIER = 37


@dataclass(frozen=True, slots=True)
class QueueFilters:
    """What a reviewer chose to see; empty strings mean "any"."""

    stage: str = ""
    audience: str = ""
    period: str = ""
    language: str = ""
    theme: str = ""
    status: str = "to_code"

    def as_args(self) -> dict[str, str]:
        """Return the filters as query-string arguments (empty ones left out)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


@dataclass(frozen=True, slots=True)
class QueueItem:
    """A comment as a reviewer sees it in the queue."""

    comment_id: int
    redacted_text: str
    question_key: str
    stage: str
    audience: str
    language: str
    period: str
    flagged: bool
    coded_by_me: bool
    codings: int


def parse_filters(args: Mapping[str, str], theme_keys: set[str]) -> QueueFilters:
    """Return the filters in ``args``; unknown values are dropped rather than trusted."""
    stage = args.get("stage", "")
    audience = args.get("audience", "")
    period = args.get("period", "")
    language = args.get("language", "")
    theme = args.get("theme", "")
    status = args.get("status", "to_code")
    return QueueFilters(
        stage=stage if stage in {s.value for s in Stage} else "",
        audience=audience if audience in {a.value for a in Audience} else "",
        period=period if _PERIOD.match(period) else "",
        language=language if re.fullmatch(r"[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?", language) else "",
        theme=theme if theme in theme_keys else "",
        status=status if status in STATUSES else "to_code",
    )


def quarter_of(moment: datetime) -> str:
    """Return the calendar quarter of ``moment`` as "2026-Q3"."""
    return f"{moment.year}-Q{(moment.month - 1) // 3 + 1}"


def quarter_bounds(period: str) -> tuple[datetime, datetime]:
    """Return the start (inclusive) and end (exclusive) of a "2026-Q3" quarter, in UTC."""
    match = _PERIOD.match(period)
    if match is None:
        raise ValueError(f"not a quarter: {period!r}")
    year, quarter = int(match.group(1)), int(match.group(2))
    start = datetime(year, 3 * quarter - 2, 1, tzinfo=UTC)
    end = datetime(year + quarter // 4, 3 * (quarter % 4) + 1, 1, tzinfo=UTC)
    return start, end


def in_double_coding_sample(comment_id: int, share: float) -> bool:
    """Return whether this comment is one of the ``share`` coded by two reviewers."""
    return (comment_id * _SAMPLE_MULTIPLIER) % 100 < round(share * 100)


def _in_sample_sql(share: float) -> ColumnElement[bool]:
    return (Comment.id * _SAMPLE_MULTIPLIER) % 100 < round(share * 100)


def _codings_count() -> ScalarSelect[int]:
    return select(func.count(Coding.id)).where(Coding.comment_id == Comment.id).scalar_subquery()


def queue_query(organisation_id: int, filters: QueueFilters, coder_id: int) -> Select:
    """Return the SELECT of (comment, response, open flag?, my coding?, codings) rows."""
    flagged = exists().where(
        SafeguardingFlag.comment_id == Comment.id,
        SafeguardingFlag.status == FlagStatus.OPEN.value,
    )
    mine = exists().where(Coding.comment_id == Comment.id, Coding.coder_id == coder_id)
    codings = _codings_count()
    query = (
        select(
            Comment,
            Response,
            flagged.label("flagged"),
            mine.label("mine"),
            codings.label("codings"),
        )
        .join(Response, Response.id == Comment.response_id)
        .where(Response.organisation_id == organisation_id, Comment.redacted_text.is_not(None))
    )
    if filters.stage:
        query = query.where(Response.stage == filters.stage)
    if filters.audience:
        query = query.where(Response.audience == filters.audience)
    if filters.language:
        query = query.where(Response.language == filters.language)
    if filters.period:
        start, end = quarter_bounds(filters.period)
        query = query.where(Response.submitted_at >= start, Response.submitted_at < end)
    if filters.theme:
        query = query.where(
            exists()
            .where(Coding.comment_id == Comment.id, ThemeCode.coding_id == Coding.id)
            .where(ThemeCode.theme_id == Theme.id, Theme.key == filters.theme)
            .where(Theme.organisation_id == organisation_id)
        )
    share = current_app.config["DOUBLE_CODING_SHARE"]
    if filters.status == "to_code":
        query = query.where(~mine, (codings == 0) | and_(codings == 1, _in_sample_sql(share)))
    elif filters.status == "coded":
        query = query.where(codings > 0)
    elif filters.status == "flagged":
        query = query.where(flagged)
    return query.order_by(case((flagged, 0), else_=1), Response.submitted_at, Comment.id)


def comment_queue(
    organisation_id: int,
    filters: QueueFilters,
    coder_id: int,
    *,
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> tuple[list[QueueItem], int]:
    """Return one page of the queue and the number of comments in it altogether."""
    query = queue_query(organisation_id, filters, coder_id)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = db.session.execute(query.limit(page_size).offset((max(page, 1) - 1) * page_size))
    return [_item(*row) for row in rows], int(total or 0)


def queue_items(organisation_id: int, comment_ids: list[int], coder_id: int) -> list[QueueItem]:
    """Return these comments as the queue shows them, in the order asked, skipping any that are
    not this council's or not yet redacted."""
    if not comment_ids:
        return []
    query = queue_query(organisation_id, QueueFilters(status="all"), coder_id)
    found = {
        item.comment_id: item
        for item in (
            _item(*row) for row in db.session.execute(query.where(Comment.id.in_(comment_ids)))
        )
    }
    return [found[comment_id] for comment_id in comment_ids if comment_id in found]


def next_comment_id(
    organisation_id: int, filters: QueueFilters, coder_id: int, *, after: int | None = None
) -> int | None:
    """Return the comment to code next: the first in the queue, or the one after ``after``."""
    ids = list(
        db.session.scalars(
            queue_query(organisation_id, filters, coder_id)
            .with_only_columns(Comment.id)
            .limit(1000)
        )
    )
    if after is not None and after in ids:
        following = ids[ids.index(after) + 1 :]
        return following[0] if following else None
    remaining = [comment_id for comment_id in ids if comment_id != after]
    return remaining[0] if remaining else None


def queue_options(organisation_id: int) -> dict[str, list[str]]:
    """Return the quarters and languages that occur in the council's comments, for filters."""
    rows = db.session.execute(
        select(Response.submitted_at, Response.language)
        .join(Comment, Comment.response_id == Response.id)
        .where(Response.organisation_id == organisation_id)
    ).all()
    periods = sorted({quarter_of(submitted) for submitted, _ in rows}, reverse=True)
    languages = sorted({language for _, language in rows})
    return {"periods": periods, "languages": languages}


def reviewable_comment(organisation_id: int, comment_id: int) -> tuple[Comment, Response] | None:
    """Return the comment and its response if it is this council's and already redacted."""
    row = db.session.execute(
        select(Comment, Response)
        .join(Response, Response.id == Comment.response_id)
        .where(
            Comment.id == comment_id,
            Response.organisation_id == organisation_id,
            Comment.redacted_text.is_not(None),
        )
    ).first()
    return (row[0], row[1]) if row else None


def open_original(
    organisation_id: int, comment_id: int, *, actor: User
) -> tuple[Comment, Response] | None:
    """Return the comment with its response for an admin, recording that they opened it."""
    found = reviewable_comment(organisation_id, comment_id)
    if found is not None:
        audit.record(
            "comment.view_original", actor=actor, target_type="comment", target_id=comment_id
        )
        db.session.commit()
    return found


def with_status(filters: QueueFilters, status: str) -> QueueFilters:
    """Return ``filters`` showing ``status`` instead."""
    return replace(filters, status=status)


def _item(
    comment: Comment, response: Response, flagged: bool, mine: bool, codings: int
) -> QueueItem:
    return QueueItem(
        comment_id=comment.id,
        redacted_text=comment.redacted_text or "",
        question_key=comment.question_key,
        stage=response.stage,
        audience=response.audience,
        language=response.language,
        period=quarter_of(response.submitted_at),
        flagged=bool(flagged),
        coded_by_me=bool(mine),
        codings=int(codings or 0),
    )
