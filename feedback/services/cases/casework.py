"""What case officers look at: the list of cases, one case's stages and invitations, imports, and
the outbox of messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import selectinload

from feedback.extensions import db
from feedback.models import Case, Invitation, utcnow
from feedback.models.cases import CaseImport
from feedback.models.messaging import DeliveryStatus, MessageStatus, OutboundMessage
from feedback.services.cases.eligibility import stage_checks
from feedback.services.cases.invitation_reasons import CaseProgress, case_progress, stage_reason
from feedback.services.cases.stages import StageEvent
from feedback.services.delivery_receipts import invitation_delivered

PER_PAGE = 50
# Where a message ended when the family should be reached another way (a corrected address or
# number, another channel, a letter): the address is wrong, nothing got through for days, or
# Notify refused it.
FAILED_DELIVERY = (DeliveryStatus.PERMANENT_FAILURE.value, DeliveryStatus.TEMPORARY_FAILURE.value)
# How a message's last error starts when Notify refused it as a bad request (its recipient).
REFUSED_AS_BAD_REQUEST = "400"
# Where a message is while it has not left for the family: kept in the outbox (no Notify key),
# waiting for its attempt, or being sent.
NOT_HANDED_OVER = (
    MessageStatus.OUTBOX.value,
    MessageStatus.QUEUED.value,
    MessageStatus.SENDING.value,
)


@dataclass(frozen=True, slots=True)
class CasePage:
    """One page of the case list (only the cases not reached, when ``not_reached``)."""

    cases: tuple[Case, ...]
    page: int
    pages: int
    total: int
    not_reached: bool = False
    # Where each listed case is (stages invited, the event waited for), by case id.
    progress: dict[int, CaseProgress] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StageRow:
    """A stage of one case, with the invitations sent for it and why it was or was not invited."""

    event: StageEvent
    invitations: tuple[Invitation, ...]
    reason: str = ""


@dataclass(frozen=True, slots=True)
class MessageLine:
    """One message sent for an invitation, as the case page lists it."""

    kind: str  # "invitation" or "reminder"
    state: str  # what :func:`delivery_state` says
    at: datetime | None  # when Notify gave that outcome, else when the message was handed over


def list_cases(
    organisation_id: int,
    page: int = 1,
    *,
    not_reached: bool = False,
    now: datetime | None = None,
    today: date | None = None,
) -> CasePage:
    """Return one page of the organisation's cases, most recent request first; with
    ``not_reached``, only the cases with an invitation that :func:`unreached_invitations` holds
    at ``now``."""
    where = [Case.organisation_id == organisation_id]
    if not_reached:
        unreached = unreached_invitations(organisation_id, now=now or utcnow())
        where.append(Case.id.in_(unreached.with_only_columns(Invitation.case_id)))
    total = int(db.session.scalar(select(func.count(Case.id)).where(*where)) or 0)
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(page, 1), pages)
    cases = db.session.scalars(
        select(Case)
        .where(*where)
        .order_by(Case.request_date.desc(), Case.reference)
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
        .options(selectinload(Case.annual_reviews), selectinload(Case.invitations))
    ).all()
    today = today or date.today()
    return CasePage(
        cases=tuple(cases),
        page=page,
        pages=pages,
        total=total,
        not_reached=not_reached,
        progress={case.id: case_progress(case, today) for case in cases},
    )


def count_not_reached(organisation_id: int, *, now: datetime | None = None) -> int:
    """Return how many of the organisation's cases have an invitation that
    :func:`unreached_invitations` holds at ``now`` (the case list's filter)."""
    unreached = unreached_invitations(organisation_id, now=now or utcnow())
    cases = unreached.with_only_columns(func.count(func.distinct(Invitation.case_id)))
    return int(db.session.scalar(cases) or 0)


def find_case(organisation_id: int, reference: str) -> Case | None:
    """Return the organisation's case with this reference, or ``None`` (also for another
    council's case, so nothing is revealed about it)."""
    return db.session.scalar(
        select(Case)
        .where(Case.organisation_id == organisation_id, Case.reference == reference.strip())
        .options(selectinload(Case.annual_reviews), selectinload(Case.invitations))
    )


def stage_rows(case: Case, today: date | None = None) -> list[StageRow]:
    """Return the case's stages in order, each with its invitations (parent first) and why it
    was or was not invited as of ``today``."""
    today = today or date.today()
    rows = []
    for check in stage_checks(case):
        event = check.event
        invitations = sorted(
            (
                invitation
                for invitation in case.invitations
                if invitation.stage == event.stage
                and invitation.annual_review_id == event.annual_review_id
            ),
            key=lambda invitation: invitation.audience != "parent",
        )
        reason = stage_reason(check, case, invitations, today)
        rows.append(StageRow(event=event, invitations=tuple(invitations), reason=reason))
    return rows + _rows_of_unplaced(case, rows)


def _rows_of_unplaced(case: Case, rows: list[StageRow]) -> list[StageRow]:
    """Rows for the case's invitations no stage row holds (e.g. an annual review invitation for
    a case whose final plan is not recorded), so every invitation that exists is shown."""
    placed = {invitation.id for row in rows for invitation in row.invitations}
    unplaced: dict[tuple[str, int | None], list[Invitation]] = {}
    for invitation in sorted(case.invitations, key=lambda found: found.id):
        if invitation.id not in placed:
            key = (invitation.stage, invitation.annual_review_id)
            unplaced.setdefault(key, []).append(invitation)
    return [
        StageRow(
            event=StageEvent(stage, None, None, annual_review_id),
            invitations=tuple(sorted(found, key=lambda item: item.audience != "parent")),
            reason=_("Invited, although the case data does not record this stage's event."),
        )
        for (stage, annual_review_id), found in unplaced.items()
    ]


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


def not_handed_over(lines: tuple[MessageLine, ...], kind: str) -> str | None:
    """Return where the latest message of this ``kind`` ("invitation" or "reminder") is when it
    has not yet been handed to GOV.UK Notify (``outbox``, ``queued``, ``sending``), else ``None``;
    the case page then says the invitation (or reminder) is queued rather than sent."""
    latest = [line for line in lines if line.kind == kind]
    if latest and latest[-1].state in NOT_HANDED_OVER:
        return latest[-1].state
    return None


def unreached_invitations(organisation_id: int, *, now: datetime) -> Select[tuple[Invitation]]:
    """Return a query of the organisation's invitations a case officer should find another
    route for: still open at ``now`` (not answered, not opted out, the case not opted out, the
    link not expired), with a message that did not reach the family in a way a corrected
    address or another channel would mend, and no message of it delivered.

    Not reaching the family is Notify's ``permanent-failure`` or ``temporary-failure``
    (``FAILED_DELIVERY``), or Notify refusing the message as a bad request (``400``, e.g. an
    invalid number). A refusal of the service itself (a wrong key, Notify down until the retries
    ran out) is not the family's contact details, and is left to the outbox.
    """
    message = OutboundMessage
    failed = exists().where(
        message.invitation_id == Invitation.id,
        or_(
            message.delivery_status.in_(FAILED_DELIVERY),
            and_(
                message.delivery_status.is_(None),
                message.status == MessageStatus.FAILED.value,
                message.last_error.like(f"{REFUSED_AS_BAD_REQUEST} %"),
            ),
        ),
    )
    return (
        select(Invitation)
        .join(Case, Case.id == Invitation.case_id)
        .where(
            Invitation.organisation_id == organisation_id,
            Case.organisation_id == organisation_id,
            Invitation.completed_at.is_(None),
            Invitation.opted_out_at.is_(None),
            Invitation.expires_at > now,
            Case.opted_out_at.is_(None),
            failed,
            ~invitation_delivered(),
        )
    )


def needing_another_route(case: Case, *, now: datetime | None = None) -> list[Invitation]:
    """Return the case's invitations that :func:`unreached_invitations` holds at ``now``,
    oldest first."""
    query = unreached_invitations(case.organisation_id, now=now or utcnow())
    return list(
        db.session.scalars(query.where(Invitation.case_id == case.id).order_by(Invitation.id))
    )
