"""What happens to a family's comments once they are submitted: safeguarding and redaction.

The response is committed before this runs, so a family's answers are never lost to a failure
here. Whatever this leaves undone — an error, or a worker killed between the submission's commit
and this one — is picked up by ``flask comments redact-pending``, which the scheduler (and the
cron lines of docs/operating.md) runs every minute: a comment without a redacted copy is not
finished, whatever else happened to it.

Each comment is done in its own transaction, claimed with ``SELECT … FOR UPDATE SKIP LOCKED``,
so the submitting worker and any number of schedulers never work on it at once; on SQLite, which
has no row locks, the flag's unique comment id turns a second flag into a rollback. The
safeguarding check comes first and its alert is queued in the same transaction as the flag, so
a flag is never without its alert and a redactor failure never holds a flag back.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, select, update
from sqlalchemy.exc import IntegrityError

from feedback.extensions import db
from feedback.models import Comment, Response, utcnow
from feedback.models.messaging import OutboundMessage
from feedback.models.reviews import RedactionMark, SafeguardingFlag
from feedback.services.reviews.alerts import alert_unnotified_flags, deliver_alerts, queue_alert
from feedback.services.reviews.entities import Entity, RedactedSpan
from feedback.services.reviews.safeguarding import concerns_in

log = logging.getLogger(__name__)

BATCH = 500


@dataclass(frozen=True, slots=True)
class IntakeRun:
    """What one pass did: comments finished (redacted copy stored), flags raised, alerts queued."""

    redacted: int
    flagged: int
    alerted: int


@dataclass(frozen=True, slots=True)
class _Outcome:
    redacted: bool
    flag: SafeguardingFlag | None
    alert: OutboundMessage | None


def process_new_comments(response: Response) -> None:
    """Safeguarding-check and redact the response's comments, and alert the lead at once.

    Never raises: a failure is logged (without the comment's words) and left for
    ``redact-pending``, because the family's submission has already succeeded.
    """
    process_comments([comment.id for comment in response.comments])


def process_comments(comment_ids: list[int]) -> IntakeRun:
    """Finish each of these comments that is not finished and not being finished elsewhere.

    Commits once per comment and hands the alerts it queued to Notify; never raises.
    """
    if comment_ids:
        _load_redactor()
    outcomes = [outcome for comment_id in comment_ids if (outcome := _finish(comment_id))]
    alerts = [outcome.alert for outcome in outcomes if outcome.alert is not None]
    try:
        deliver_alerts(alerts)
    except Exception as error:  # queued and committed: send-due delivers them
        db.session.rollback()
        log.error("safeguarding alerts left for send-due: %s", type(error).__name__)
    return IntakeRun(
        redacted=sum(outcome.redacted for outcome in outcomes),
        flagged=sum(outcome.flag is not None for outcome in outcomes),
        alerted=len(alerts),
    )


def pending_comment_ids(*, now: datetime | None = None, limit: int = BATCH) -> list[int]:
    """Return the ids of comments left unfinished, submitted more than
    ``COMMENT_PICKUP_AFTER_SECONDS`` ago (the submitting worker's own turn comes first)."""
    now = now or utcnow()
    settled = now - timedelta(seconds=int(current_app.config["COMMENT_PICKUP_AFTER_SECONDS"]))
    return list(
        db.session.scalars(
            select(Comment.id)
            .where(
                Comment.redacted_text.is_(None),
                Comment.text.is_not(None),
                Comment.created_at <= settled,
            )
            .order_by(Comment.id)
            .limit(limit)
        )
    )


def redact_pending(*, now: datetime | None = None, limit: int = BATCH) -> int:
    """Finish comments a failure or a dead worker left unfinished, and alert the lead of open
    flags nobody was told of; return how many comments were finished. Safe to run anywhere at
    once (each comment and flag is claimed)."""
    run = process_comments(pending_comment_ids(now=now, limit=limit))
    deliver_alerts(alert_unnotified_flags())
    return run.redacted


def _finish(comment_id: int) -> _Outcome | None:
    """Claim one unfinished comment, check and redact it, commit; ``None`` if there was nothing
    to do or it failed (logged, rolled back, left for the next pass)."""
    try:
        comment = _claim(comment_id)
        if comment is None:  # finished, erased, or another worker holds it
            db.session.rollback()
            return None
        outcome = _check_and_redact(comment)
        db.session.commit()
        return outcome
    except IntegrityError:  # SQLite: another process raised the same flag first
        db.session.rollback()
        return None
    except Exception as error:  # the family's answers are already safe, so never fail here
        db.session.rollback()
        # Only the error's type: its message could quote the comment (SQL parameters).
        log.error("comment %s left for redact-pending: %s", comment_id, type(error).__name__)
        return None


def _claim(comment_id: int) -> Comment | None:
    """Lock the comment if it is still unfinished and nobody else holds it, and return it."""
    unfinished = and_(
        Comment.id == comment_id, Comment.redacted_text.is_(None), Comment.text.is_not(None)
    )
    if db.session.get_bind().dialect.name == "sqlite":
        # No row locks: a first write takes the database's write lock, so a second process
        # waits for this one's commit and then finds the comment finished.
        claimed = db.session.execute(
            update(Comment)
            .where(unfinished)
            .values(redacted_text=None)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:
            return None
    return db.session.scalar(select(Comment).where(unfinished).with_for_update(skip_locked=True))


def _load_redactor() -> None:
    """Build the redactor (seconds, once per process) before any comment is claimed, so no lock
    is held while it loads."""
    try:
        from feedback.services.reviews.redaction import analyzer

        analyzer()
    except Exception as error:  # each comment's redaction then fails alone; flags still go
        log.error("comment redactor could not be built: %s", type(error).__name__)


def _check_and_redact(comment: Comment) -> _Outcome:
    flag = raise_flag(comment)
    alert = queue_alert(flag) if flag is not None else None
    if flag is not None and alert is None:
        log.warning("safeguarding flag %s raised but no designated lead is set", flag.id)
    try:
        redact_comment(comment)
    except Exception as error:  # the flag and its alert are kept; redaction is retried
        log.error("comment %s left for redact-pending: %s", comment.id, type(error).__name__)
        return _Outcome(redacted=False, flag=flag, alert=alert)
    return _Outcome(redacted=True, flag=flag, alert=alert)


def raise_flag(comment: Comment) -> SafeguardingFlag | None:
    """Add a flag if the comment raises concerns and has none yet; return it (no commit)."""
    concerns = concerns_in(comment.text or "")
    if not concerns or _flag_of(comment.id) is not None:
        return None
    flag = SafeguardingFlag(
        organisation_id=comment.response.organisation_id,
        comment_id=comment.id,
        categories=[concern.value for concern in concerns],
    )
    db.session.add(flag)
    db.session.flush()  # the unique comment id refuses a second flag here, not at commit
    return flag


def redact_comment(comment: Comment) -> None:
    """Fill in the comment's redacted copy, hiding what reviewers marked as missed (no commit)."""
    # Presidio and spaCy take seconds to import; load them only when a comment needs them.
    from feedback.services.reviews.redaction import redact

    if comment.text is not None:
        comment.redacted_text = redact(comment.text, marked_spans(comment.id)).text


def marked_spans(comment_id: int | None) -> list[RedactedSpan]:
    """Return the spans reviewers marked as missed in this comment, to hide on every re-run."""
    if comment_id is None:
        return []
    marks = db.session.scalars(select(RedactionMark).where(RedactionMark.comment_id == comment_id))
    return [RedactedSpan(mark.start, mark.end, Entity(mark.entity)) for mark in marks]


def _flag_of(comment_id: int) -> SafeguardingFlag | None:
    return db.session.scalar(
        select(SafeguardingFlag).where(SafeguardingFlag.comment_id == comment_id)
    )
