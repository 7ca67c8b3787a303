"""One-time links to set a password: for an invited member of staff, and for a reset an admin asks
for. Sent by email through :mod:`feedback.services.messaging` (GOV.UK Notify, or the outbox).

A link carries 256 random bits; only their SHA-256 is stored. It works once, until it expires
(``INVITE_LINK_HOURS``, ``RESET_LINK_HOURS``), and a newer link for the same person replaces it.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from feedback.extensions import db
from feedback.models import AccountLink, AccountLinkPurpose, User, utcnow
from feedback.services import messaging

TEMPLATES = {
    AccountLinkPurpose.INVITE.value: "staff_invitation_email",
    AccountLinkPurpose.RESET.value: "staff_password_reset_email",
}


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def link_path(token: str) -> str:
    """Return the path of the page where the link's holder sets a password."""
    return f"/account/set-password/{token}"


def issue_link(user: User, purpose: AccountLinkPurpose, now: datetime | None = None) -> str:
    """Add a new link for ``user`` to the session, retiring any unused one, and return its token.

    The caller commits, then calls :func:`send_link`.
    """
    now = now or utcnow()
    hours = current_app.config[
        "INVITE_LINK_HOURS" if purpose is AccountLinkPurpose.INVITE else "RESET_LINK_HOURS"
    ]
    retire_links(user, now)
    token = secrets.token_urlsafe(32)
    db.session.add(
        AccountLink(
            user_id=user.id,
            purpose=purpose.value,
            token_hash=_hash(token),
            created_at=now,
            expires_at=now + timedelta(hours=hours),
        )
    )
    return token


def retire_links(user: User, now: datetime | None = None) -> None:
    """Make every unused link of ``user``'s unusable (the caller commits)."""
    db.session.execute(
        update(AccountLink)
        .where(AccountLink.user_id == user.id, AccountLink.used_at.is_(None))
        .values(used_at=now or utcnow())
    )


def send_link(user: User, purpose: AccountLinkPurpose, token: str) -> None:
    """Email ``user`` the link (the one place that sends messages; commits)."""
    base = str(current_app.config["PUBLIC_BASE_URL"]).rstrip("/")
    hours = current_app.config[
        "INVITE_LINK_HOURS" if purpose is AccountLinkPurpose.INVITE else "RESET_LINK_HOURS"
    ]
    messaging.send_email(
        organisation_id=user.organisation_id,
        to=user.email,
        template=TEMPLATES[purpose.value],
        personalisation={
            "name": user.name,
            "council": user.organisation.name,
            "link": base + link_path(token),
            "hours": hours,
        },
    )


def valid_link(token: str, now: datetime | None = None) -> AccountLink | None:
    """Return the unused, unexpired link whose token this is, for an active account, or ``None``."""
    now = now or utcnow()
    link = db.session.scalar(
        select(AccountLink).where(
            AccountLink.token_hash == _hash(token),
            AccountLink.used_at.is_(None),
            AccountLink.expires_at > now,
        )
    )
    if link is None:
        return None
    user = db.session.get(User, link.user_id)
    return link if user is not None and user.active else None


def spend_link(link: AccountLink, now: datetime | None = None) -> bool:
    """Mark ``link`` used, only if it still was unused; return whether this call spent it.

    A conditional UPDATE, so two tabs submitting the same link cannot both set a password.
    """
    spent = db.session.execute(
        update(AccountLink)
        .where(AccountLink.id == link.id, AccountLink.used_at.is_(None))
        .values(used_at=now or utcnow())
    )
    return bool(spent.rowcount)  # type: ignore[attr-defined]
