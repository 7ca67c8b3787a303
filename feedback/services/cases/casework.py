"""What case officers look at: the list of cases, one case's stages and invitations, imports, and
the outbox of messages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
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
NEEDS_ANOTHER_ROUTE = frozenset(
    {
        DeliveryStatus.PERMANENT_FAILURE.value,
        DeliveryStatus.TEMPORARY_FAILURE.value,
        MessageStatus.FAILED.value,
    }
)


@dataclass(frozen=True, slots=True)
class CasePage:
    """One page of the case list."""

    cases: tuple[Case, ...]
    page: int
    pages: int
    total: int


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


def list_cases(organisation_id: int, page: int = 1) -> CasePage:
    """Return one page of the organisation's cases, most recent request first."""
    total = db.session.scalar(
        select(func.count(Case.id)).where(Case.organisation_id == organisation_id)
    )
    pages = max(1, -(-int(total or 0) // PER_PAGE))
    page = min(max(page, 1), pages)
    cases = db.session.scalars(
        select(Case)
        .where(Case.organisation_id == organisation_id)
        .order_by(Case.request_date.desc(), Case.reference)
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
    ).all()
    return CasePage(cases=tuple(cases), page=page, pages=pages, total=int(total or 0))


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


def needing_another_route(
    case: Case, messages: dict[int, tuple[MessageLine, ...]]
) -> list[Invitation]:
    """Return the case's open invitations with a message that failed in a way another route
    would mend (``NEEDS_ANOTHER_ROUTE``) and none delivered, for the case officer to act on."""
    flagged = []
    for invitation in case.invitations:
        states = {line.state for line in messages.get(invitation.id, ())}
        if (
            invitation.completed_at is None
            and invitation.opted_out_at is None
            and states & NEEDS_ANOTHER_ROUTE
            and DeliveryStatus.DELIVERED.value not in states
        ):
            flagged.append(invitation)
    return flagged
