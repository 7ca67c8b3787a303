"""Creating the invitations a case's dates call for: one per stage and audience, once.

A stage is surveyed only once the case data shows its event happened, in order
(``eligibility.stage_checks``); its invitation falls due ``invite_delay_days`` after the event, and
never before an earlier stage's. It is created on a run between that day and ``INVITE_WINDOW_DAYS``
later, so importing old cases does not ask families about events long past. The database's unique
indexes make a second run, or a second machine, create nothing more.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import exists, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import selectinload

from feedback.extensions import db
from feedback.models import AnnualReview, Audience, Case, Channel, Invitation
from feedback.models.cases import InvitationSource
from feedback.services.cases.eligibility import stage_checks
from feedback.services.cases.links import new_salt, token_from_salt
from feedback.services.tokens import hash_token

CHUNK = 500
_EVENT_COLUMNS = (Case.decision_date, Case.draft_plan_date, Case.final_plan_date)


def audience_channels(case: Case) -> dict[str, str]:
    """Return how each audience of ``case`` can be reached now, leaving out those who cannot.

    Email and SMS need the address or number (gone once retention deleted it); letters go to the
    print room, which addresses them from the case system by reference.
    """
    wanted = {
        Audience.PARENT.value: (case.contact_channel, case.parent_email, case.parent_phone),
        Audience.YOUNG_PERSON.value: (
            case.young_person_channel,
            case.young_person_email,
            case.young_person_phone,
        ),
    }
    reachable = {}
    for audience, (channel, email, phone) in wanted.items():
        if (
            channel == Channel.LETTER.value
            or (channel == Channel.EMAIL.value and email)
            or (channel == Channel.SMS.value and phone)
        ):
            reachable[audience] = str(channel)
    return reachable


def invitation_language(case: Case) -> str:
    """Return the language to invite the family in: theirs if the service offers it, else the
    default language."""
    offered = current_app.config["LANGUAGES"]
    if case.preferred_language in offered:
        return case.preferred_language
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def create_due_invitations(*, now: datetime) -> int:
    """Create every invitation that has fallen due by ``now`` and return how many were created.

    Idempotent and safe on several machines at once: rows are inserted with ``ON CONFLICT DO
    NOTHING`` against the unique indexes, so a pair already invited is skipped, not duplicated.
    """
    today = now.date()
    created = 0
    for cases in _candidate_chunks(today):
        existing = _existing_keys([case.id for case in cases])
        rows = [
            row
            for case in cases
            for row in _due_rows(case, today=today, now=now)
            if (row["case_id"], row["stage"], row["audience"], row["annual_review_id"])
            not in existing
        ]
        created += _insert_ignoring_duplicates(rows)
        db.session.commit()
    return created


def _window(today: date) -> tuple[date, date]:
    """Return the earliest and latest event dates that can have an invitation due today."""
    config = current_app.config
    delays = [int(config["INVITE_DELAY_DAYS"])]
    delays += [int(days) for days in config.get("INVITE_DELAY_OVERRIDES", {}).values()]
    earliest = today - timedelta(days=max(delays) + int(config["INVITE_WINDOW_DAYS"]))
    return earliest, today - timedelta(days=min(delays))


def _candidate_chunks(today: date) -> Iterator[Sequence[Case]]:
    """Yield, in chunks, the cases not opted out with a recorded event inside today's window.

    An invitation due today falls due a delay after some recorded event (its own, or an earlier
    stage's it must not precede), so that event's date is inside the window. Plain date ranges
    per column let the filter use indexes and read the same on SQLite and PostgreSQL.
    """
    earliest, latest = _window(today)
    near_event = [column.between(earliest, latest) for column in _EVENT_COLUMNS]
    near_event.append(
        exists().where(
            AnnualReview.case_id == Case.id, AnnualReview.review_date.between(earliest, latest)
        )
    )
    last_id = 0
    while True:
        cases = db.session.scalars(
            select(Case)
            .where(Case.id > last_id, Case.opted_out_at.is_(None), or_(*near_event))
            .options(selectinload(Case.annual_reviews))
            .order_by(Case.id)
            .limit(CHUNK)
        ).all()
        if not cases:
            return
        yield cases
        last_id = cases[-1].id


def _existing_keys(case_ids: list[int]) -> set[tuple[int | None, str, str, int | None]]:
    rows = db.session.execute(
        select(
            Invitation.case_id, Invitation.stage, Invitation.audience, Invitation.annual_review_id
        ).where(Invitation.case_id.in_(case_ids))
    ).all()
    return {(row[0], row[1], row[2], row[3]) for row in rows}


def _due_rows(case: Case, *, today: date, now: datetime) -> list[dict[str, Any]]:
    window = timedelta(days=int(current_app.config["INVITE_WINDOW_DAYS"]))
    expiry = timedelta(days=int(current_app.config["LINK_EXPIRY_DAYS"]))
    channels = audience_channels(case)
    language = invitation_language(case)
    rows = []
    for check in stage_checks(case):
        if not check.ready:
            continue  # the case data does not show this stage's event, or one before it
        event = check.event
        for audience, channel in channels.items():
            due = check.due_day(audience)
            if due is None or not due <= today <= due + window:
                continue
            due_at = max(now, datetime.combine(due, time.min, tzinfo=now.tzinfo))
            salt = new_salt()
            rows.append(
                {
                    "organisation_id": case.organisation_id,
                    "case_id": case.id,
                    "annual_review_id": event.annual_review_id,
                    "source": InvitationSource.CASE.value,
                    "stage": event.stage,
                    "audience": audience,
                    "channel": channel,
                    "language": language,
                    "token_salt": salt,
                    "token_hash": hash_token(token_from_salt(salt)),
                    "due_at": due_at,
                    "expires_at": due_at + expiry,
                    "created_at": now,
                }
            )
    return rows


def _insert_ignoring_duplicates(rows: list[dict[str, Any]]) -> int:
    if not rows:
        return 0
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # RETURNING counts the rows really inserted: rowcount is -1 on PostgreSQL for this INSERT.
    statement = insert(Invitation).values(rows).on_conflict_do_nothing().returning(Invitation.id)
    return len(db.session.scalars(statement).all())
