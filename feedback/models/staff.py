"""Staff users, their roles, their second factor and one-time links, and the audit trail."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from flask_login import UserMixin
from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from feedback.extensions import db
from feedback.models.organisations import Organisation
from feedback.models.types import UTCDateTime, utcnow


class Role(StrEnum):
    """What a member of staff may do."""

    ADMIN = "admin"
    LEAD = "lead"
    REVIEWER = "reviewer"
    CASE_OFFICER = "case_officer"


class AccountLinkPurpose(StrEnum):
    """Why a one-time link to set a password was sent."""

    INVITE = "invite"  # a new member of staff chooses their first password
    RESET = "reset"  # an admin asked for a new password to be set


class User(UserMixin, db.Model):  # type: ignore[name-defined]
    """A member of staff who signs in with an email address, a password (argon2-hashed) and a
    code from an authenticator app (TOTP)."""

    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Raised on sign-out, deactivation and a password change: every session that carries an
    # older number is over, on every server (checked on each request).
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The authenticator app's shared secret (base32); empty until the user has set up the app.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    # The last 30-second step whose code was accepted: a code is never accepted twice.
    totp_last_step: Mapped[int | None]

    organisation: Mapped[Organisation] = relationship()

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        """Return whether the account may sign in (Flask-Login asks)."""
        return self.active

    @property
    def has_two_factor(self) -> bool:
        """Return whether the user has set up an authenticator app."""
        return self.totp_secret is not None


class RecoveryCode(db.Model):  # type: ignore[name-defined]
    """A single-use code that stands in for the authenticator app; only its SHA-256 is kept."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AccountLink(db.Model):  # type: ignore[name-defined]
    """A one-time, expiring link to set a password; only the SHA-256 of its token is kept."""

    __tablename__ = "account_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AuditEvent(db.Model):  # type: ignore[name-defined]
    """A record of a sign-in or a change made by staff. ``details`` never holds personal data."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(64), index=True)
    target_type: Mapped[str | None] = mapped_column(String(32))
    target_id: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
