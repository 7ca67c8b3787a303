"""What families do without signing in: stop invitations, and start a survey from a poster."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from feedback.extensions import db
from feedback.models import Case, Channel, Invitation, User, utcnow
from feedback.models.cases import InvitationSource, Poster
from feedback.models.messaging import MessageStatus, OutboundMessage
from feedback.services import audit
from feedback.services.tokens import hash_token, new_token

CONTACT_COLUMNS = ("parent_email", "parent_phone", "young_person_email", "young_person_phone")


def invitation_for_token(token: str) -> Invitation | None:
    """Return the invitation behind ``token`` whatever its state (opt-out works after expiry)."""
    return db.session.scalar(select(Invitation).where(Invitation.token_hash == hash_token(token)))


def opt_out(invitation: Invitation, *, now: datetime | None = None) -> bool:
    """Stop every further invitation to the invitation's case, commit, and return whether this
    call did it (False when the case had opted out already, or the link is a poster's).

    The case's contact details are deleted at once and its queued messages cancelled; the
    invitation records that its link was used to opt out, for the response-rate figures.
    """
    case = invitation.case
    if case is None:
        return False
    now = now or utcnow()
    if invitation.opted_out_at is None:
        invitation.opted_out_at = now
    if case.opted_out_at is not None:
        db.session.commit()
        return False
    case.opted_out_at = now
    for column in CONTACT_COLUMNS:
        setattr(case, column, None)
    case.contact_deleted_at = now
    case_invitations = select(Invitation.id).where(Invitation.case_id == case.id)
    db.session.execute(
        update(OutboundMessage)
        .where(
            OutboundMessage.invitation_id.in_(case_invitations),
            OutboundMessage.status.in_([MessageStatus.QUEUED.value, MessageStatus.OUTBOX.value]),
        )
        .values(
            status=MessageStatus.CANCELLED.value,
            recipient=None,
            personalisation=None,
            unsubscribe_url=None,
        )
        .execution_options(synchronize_session=False)
    )
    audit.record(
        "case.opt_out",
        organisation_id=case.organisation_id,
        target_type="case",
        target_id=case.id,
        invitation_id=invitation.id,
    )
    db.session.commit()
    return True


def existing_poster(organisation_id: int, stage: str, audience: str) -> Poster | None:
    """Return the organisation's poster for a stage and audience if it was created (no write)."""
    return db.session.scalar(
        select(Poster).where(
            Poster.organisation_id == organisation_id,
            Poster.stage == stage,
            Poster.audience == audience,
        )
    )


def poster_for(
    organisation_id: int, stage: str, audience: str, *, actor: User | None = None
) -> Poster:
    """Return the organisation's poster for a stage and audience, creating (and auditing) it on
    first use. Writes a row: call it from a POST."""
    poster = existing_poster(organisation_id, stage, audience)
    if poster is None:
        # 10 characters of base32-like text (50 bits): short enough to type from a poster; the
        # rate limit, not secrecy, protects an open survey.
        code = "".join(secrets.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(10))
        poster = Poster(organisation_id=organisation_id, stage=stage, audience=audience, code=code)
        db.session.add(poster)
        db.session.flush()
        audit.record(
            "poster.create",
            actor=actor,
            organisation_id=organisation_id,
            target_type="poster",
            target_id=poster.id,
            stage=stage,
            audience=audience,
        )
        db.session.commit()
    return poster


def find_poster(code: str) -> Poster | None:
    """Return the poster with this public code, or ``None``."""
    return db.session.scalar(select(Poster).where(Poster.code == code.strip().lower()))


def start_from_poster(poster: Poster, *, language: str, now: datetime | None = None) -> str:
    """Create an anonymous invitation from ``poster``, commit, and return its token.

    The invitation has no case, so its answers cannot be linked to a family; it is marked
    ``source="poster"`` so response rates and results report it separately.
    """
    now = now or utcnow()
    token = new_token()
    db.session.add(
        Invitation(
            organisation_id=poster.organisation_id,
            case_id=None,
            source=InvitationSource.POSTER.value,
            stage=poster.stage,
            audience=poster.audience,
            channel=Channel.POSTER.value,
            language=language,
            token_hash=hash_token(token),
            due_at=now,
            sent_at=now,
            expires_at=now + timedelta(days=int(current_app.config["LINK_EXPIRY_DAYS"])),
            created_at=now,
        )
    )
    db.session.commit()
    return token


def case_for(organisation_id: int, case_id: int) -> Case | None:
    """Return one of the organisation's cases by id, or ``None`` (another council's too)."""
    return db.session.scalar(
        select(Case).where(Case.id == case_id, Case.organisation_id == organisation_id)
    )
