"""What case officers look at: the list of cases, one case's stages and invitations, imports, and
the outbox of messages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import selectinload

from feedback.extensions import db
from feedback.models import Case, Invitation
from feedback.models.cases import CaseImport
from feedback.models.messaging import DeliveryStatus, MessageStatus, OutboundMessage
from feedback.services.cases.stages import StageEvent, stage_events

PER_PAGE = 50
# Where a message ended when the family should be reached another way (a corrected address or
# number, another channel, a letter): the address is wrong, nothing got through for days, or
# Notify refused it.
FAILED_DELIVERY = (DeliveryStatus.PERMANENT_FAILURE.value, DeliveryStatus.TEMPORARY_FAILURE.value)


@dataclass(frozen=True, slots=True)
class CasePage:
    """One page of the case list (only the cases not reached, when ``not_reached``)."""

    cases: tuple[Case, ...]
    page: int
    pages: int
    total: int
    not_reached: bool = False


@dataclass(frozen=True, slots=True)
class StageRow:
    """A stage of one case, with the invitations sent for it."""

    event: StageEvent
    invitations: tuple[Invitation, ...]


@dataclass(frozen=True, slots=True)
class MessageLine:
    """One message sent for an invitation, as the case page lists it."""

    kind: str  # "invitation" or "reminder"
    state: str  # what :func:`delivery_state` says
    at: datetime | None  # when Notify gave that outcome, else when the message was handed over


def list_cases(organisation_id: int, page: int = 1, *, not_reached: bool = False) -> CasePage:
    """Return one page of the organisation's cases, most recent request first; with
    ``not_reached``, only the cases with an invitation that :func:`unreached_invitations` holds."""
    where = [Case.organisation_id == organisation_id]
    if not_reached:
        where.append(Case.id.in_(unreached_invitations().with_only_columns(Invitation.case_id)))
    total = int(db.session.scalar(select(func.count(Case.id)).where(*where)) or 0)
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(page, 1), pages)
    cases = db.session.scalars(
        select(Case)
        .where(*where)
        .order_by(Case.request_date.desc(), Case.reference)
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
    ).all()
    return CasePage(
        cases=tuple(cases), page=page, pages=pages, total=total, not_reached=not_reached
    )


def count_not_reached(organisation_id: int) -> int:
    """Return how many of the organisation's cases have a message that did not reach the family
    (the case list's filter)."""
    cases = unreached_invitations().with_only_columns(Invitation.case_id)
    return int(
        db.session.scalar(
            select(func.count(Case.id)).where(
                Case.organisation_id == organisation_id, Case.id.in_(cases)
            )
        )
        or 0
    )


def find_case(organisation_id: int, reference: str) -> Case | None:
    """Return the organisation's case with this reference, or ``None`` (also for another
    council's case, so nothing is revealed about it)."""
    return db.session.scalar(
        select(Case)
        .where(Case.organisation_id == organisation_id, Case.reference == reference.strip())
        .options(selectinload(Case.annual_reviews), selectinload(Case.invitations))
    )


def stage_rows(case: Case) -> list[StageRow]:
    """Return the case's stages in order, each with its invitations (parent first)."""
    rows = []
    for event in stage_events(case):
        invitations = sorted(
            (
                invitation
                for invitation in case.invitations
                if invitation.stage == event.stage
                and invitation.annual_review_id == event.annual_review_id
            ),
            key=lambda invitation: invitation.audience != "parent",
        )
        rows.append(StageRow(event=event, invitations=tuple(invitations)))
    return rows


def stage_status(event: StageEvent, today: date) -> str:
    """Return ``"done"``, ``"late"`` (done after the due date), ``"overdue"`` or ``"upcoming"``."""
    if event.actual is not None:
        return "late" if event.is_late(today) else "done"
    return "overdue" if event.is_late(today) else "upcoming"


def recent_imports(organisation_id: int, limit: int = 5) -> list[CaseImport]:
    """Return the organisation's latest imports, newest first."""
    return list(
        db.session.scalars(
            select(CaseImport)
            .where(CaseImport.organisation_id == organisation_id)
            .order_by(CaseImport.started_at.desc(), CaseImport.id.desc())
            .limit(limit)
        )
    )


def outbox(organisation_id: int, limit: int = 100) -> list[OutboundMessage]:
    """Return the organisation's latest messages with their delivery attempts, newest first."""
    return list(
        db.session.scalars(
            select(OutboundMessage)
            .where(OutboundMessage.organisation_id == organisation_id)
            .options(selectinload(OutboundMessage.attempt_log))
            .order_by(OutboundMessage.id.desc())
            .limit(limit)
        )
    )


def delivery_state(message: OutboundMessage) -> str:
    """Return where the message is, as one key for the pages' labels: Notify's delivery status
    once known (``delivered``, ``permanent-failure``…, ``international``), else the message's
    own status (``outbox``, ``queued``, ``sending``, ``sent``, ``failed``, ``cancelled``)."""
    if message.delivery_status == DeliveryStatus.INTERNATIONAL.value:
        return "international"  # Notify's "sent", not to be confused with handed over
    return message.delivery_status or message.status


def invitation_messages(case: Case) -> dict[int, tuple[MessageLine, ...]]:
    """Return the messages of the case's invitations, oldest first, by invitation id."""
    invitation_ids = [invitation.id for invitation in case.invitations]
    messages = db.session.scalars(
        select(OutboundMessage)
        .where(OutboundMessage.invitation_id.in_(invitation_ids))
        .order_by(OutboundMessage.id)
    )
    lines: dict[int, list[MessageLine]] = {}
    for message in messages:
        kind = "reminder" if (message.reference or "").startswith("reminder-") else "invitation"
        at = message.delivery_status_at or message.sent_at
        line = MessageLine(kind=kind, state=delivery_state(message), at=at)
        lines.setdefault(int(message.invitation_id or 0), []).append(line)
    return {invitation_id: tuple(found) for invitation_id, found in lines.items()}


def unreached_invitations() -> Select[tuple[Invitation]]:
    """Return a query of the invitations a case officer should find another route for: still
    open (not answered, not opted out, the case not opted out), with a message that failed in a
    way another route would mend (``FAILED_DELIVERY``, or refused by Notify) and none delivered."""
    message = OutboundMessage
    failed = (
        select(message.id)
        .where(
            message.invitation_id == Invitation.id,
            or_(
                message.delivery_status.in_(FAILED_DELIVERY),
                and_(
                    message.delivery_status.is_(None),
                    message.status == MessageStatus.FAILED.value,
                ),
            ),
        )
        .exists()
    )
    delivered = (
        select(message.id)
        .where(
            message.invitation_id == Invitation.id,
            message.delivery_status == DeliveryStatus.DELIVERED.value,
        )
        .exists()
    )
    return (
        select(Invitation)
        .join(Case, Case.id == Invitation.case_id)
        .where(
            Invitation.completed_at.is_(None),
            Invitation.opted_out_at.is_(None),
            Case.opted_out_at.is_(None),
            failed,
            ~delivered,
        )
    )


def needing_another_route(case: Case) -> list[Invitation]:
    """Return the case's invitations that :func:`unreached_invitations` holds, oldest first."""
    query = unreached_invitations().where(Invitation.case_id == case.id).order_by(Invitation.id)
    return list(db.session.scalars(query))
