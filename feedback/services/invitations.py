"""Creating invitations and finding them again from a family's link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from feedback.extensions import db
from feedback.models import Case, Invitation, utcnow
from feedback.services.tokens import hash_token, new_token


@dataclass(frozen=True, slots=True)
class IssuedInvitation:
    """A new invitation and its token: the only time the token exists outside the family's link."""

    invitation: Invitation
    token: str


def issue_invitation(
    case: Case,
    *,
    stage: str,
    audience: str,
    channel: str,
    language: str | None = None,
    now: datetime | None = None,
) -> IssuedInvitation:
    """Create an invitation for ``case`` (flushed, not committed) and return it with its token.

    The link expires after the ``LINK_EXPIRY_DAYS`` setting.
    """
    now = now or utcnow()
    token = new_token()
    invitation = Invitation(
        case=case,
        stage=stage,
        audience=audience,
        channel=channel,
        language=language or case.preferred_language,
        token_hash=hash_token(token),
        due_at=now,
        expires_at=now + timedelta(days=current_app.config["LINK_EXPIRY_DAYS"]),
    )
    db.session.add(invitation)
    db.session.flush()
    return IssuedInvitation(invitation=invitation, token=token)


def find_usable_invitation(token: str, *, now: datetime | None = None) -> Invitation | None:
    """Return the invitation behind ``token`` if the link may still be used, else ``None``.

    A completed invitation is returned (its link shows the confirmation); an unknown, expired or
    opted-out one is not. The caller cannot tell which, so the page reveals nothing about a case.
    """
    invitation = db.session.scalar(
        select(Invitation)
        .where(Invitation.token_hash == hash_token(token))
        # Every family page needs the case and the council next: one query instead of three.
        .options(joinedload(Invitation.case), joinedload(Invitation.organisation))
    )
    if invitation is None:
        return None
    if invitation.completed_at is not None:
        return invitation
    if invitation.expires_at <= (now or utcnow()):
        return None
    if invitation.case is not None and invitation.case.opted_out_at is not None:
        return None
    return invitation
