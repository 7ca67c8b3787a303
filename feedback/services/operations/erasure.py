"""Erasing one family's data on request (UK GDPR article 17).

What goes: the case with its contact details, its invitations (their token hashes), the messages
sent to the family, saved drafts, annual review dates, and the free-text comments of its
responses (free text can identify a family even after redaction). What stays: the closed answers
of its responses, cut loose from the case and given a new confirmation reference, so they are
anonymous statistics and published KPI figures do not change after the event.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import Select, and_, delete, func, or_, select

from feedback.extensions import db
from feedback.models import AnnualReview, Case, Comment, DraftAnswer, Invitation, Response, User
from feedback.models.messaging import OutboundMessage
from feedback.services import audit
from feedback.services.journey import new_reference
from feedback.services.operations.retention import CONTACT_COLUMNS


class ErasureError(LookupError):
    """No case to erase; the message says why and nothing was changed."""


@dataclass(frozen=True, slots=True)
class ErasureReport:
    """What was erased (counts only) and the audit event that records it."""

    invitations_deleted: int
    messages_deleted: int
    drafts_deleted: int
    comments_deleted: int
    responses_unlinked: int
    audit_event_id: int

    def counts(self) -> dict[str, int]:
        """Return the counts by name (no personal data: fit for the audit record)."""
        counts = asdict(self)
        del counts["audit_event_id"]
        return counts


def _delete_messages(case: Case, invitation_ids: Select[tuple[int]]) -> int:
    """Delete the messages sent for the case's invitations or to its contact details."""
    addresses = [value for value in (getattr(case, c) for c in CONTACT_COLUMNS) if value]
    to_family = OutboundMessage.invitation_id.in_(invitation_ids)
    if addresses:
        to_family = or_(
            to_family,
            and_(
                OutboundMessage.organisation_id == case.organisation_id,
                OutboundMessage.recipient.in_(addresses),
            ),
        )
    return int(db.session.execute(delete(OutboundMessage).where(to_family)).rowcount)


def erase_family(
    *, organisation_id: int, reference: str, actor: User | None = None
) -> ErasureReport:
    """Erase the case with this reference in this organisation, audit it and commit.

    The audit record names the case's internal id and the counts, never the reference or any
    contact detail. Raises ``ErasureError`` if the organisation has no such case.
    """
    case = db.session.scalar(
        select(Case).where(Case.organisation_id == organisation_id, Case.reference == reference)
    )
    if case is None:
        raise ErasureError("No case with that reference in this organisation")
    case_id = case.id
    invitation_ids = select(Invitation.id).where(Invitation.case_id == case_id)
    responses = db.session.scalars(
        select(Response).where(Response.invitation_id.in_(invitation_ids))
    ).all()
    response_ids = [response.id for response in responses]
    comments = db.session.scalar(
        select(func.count(Comment.id)).where(Comment.response_id.in_(response_ids))
    )
    db.session.execute(delete(Comment).where(Comment.response_id.in_(response_ids)))
    for response in responses:
        response.invitation_id = None
        response.reference = new_reference()  # the family's old reference no longer finds it
    messages = _delete_messages(case, invitation_ids)
    drafts = db.session.execute(
        delete(DraftAnswer).where(DraftAnswer.invitation_id.in_(invitation_ids))
    ).rowcount
    invitations = db.session.execute(
        delete(Invitation).where(Invitation.case_id == case_id)
    ).rowcount
    db.session.execute(delete(AnnualReview).where(AnnualReview.case_id == case_id))
    db.session.expunge(case)
    db.session.execute(delete(Case).where(Case.id == case_id))
    counts = {
        "invitations_deleted": int(invitations),
        "messages_deleted": messages,
        "drafts_deleted": int(drafts),
        "comments_deleted": int(comments or 0),
        "responses_unlinked": len(responses),
    }
    event = audit.record(
        "family.erase",
        actor=actor,
        organisation_id=organisation_id,
        target_type="case",
        target_id=case_id,
        **counts,
    )
    db.session.flush()
    audit_event_id = event.id
    db.session.commit()
    return ErasureReport(audit_event_id=audit_event_id, **counts)
