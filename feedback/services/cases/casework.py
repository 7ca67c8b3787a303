"""What case officers look at: the list of cases, one case's stages and invitations, imports, and
the outbox of messages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from feedback.extensions import db
from feedback.models import Case, Invitation
from feedback.models.cases import CaseImport
from feedback.models.messaging import OutboundMessage
from feedback.services.cases.stages import StageEvent, stage_events

PER_PAGE = 50


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
