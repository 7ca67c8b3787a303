"""Staff accounts: creating them and signing in."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from feedback.extensions import db
from feedback.models import Organisation, Role, User, utcnow
from feedback.services import audit
from feedback.services.passwords import hash_password, verify_password

MIN_PASSWORD_LENGTH = 12
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class UserError(ValueError):
    """A staff account could not be created; the message says why and nothing was changed."""


def normalise_email(email: str) -> str:
    """Return ``email`` trimmed and lower-cased, the form in which it is stored and looked up."""
    return email.strip().lower()


def create_user(
    *,
    organisation: Organisation,
    email: str,
    name: str,
    role: str,
    password: str,
    actor: User | None = None,
) -> User:
    """Create a staff user, audit it, commit, and return it.

    Raises ``UserError`` for an invalid email, unknown role, short password or a taken email.
    """
    email = normalise_email(email)
    if not _EMAIL.match(email):
        raise UserError("Enter an email address in the correct format, like name@example.gov.uk")
    if role not in {r.value for r in Role}:
        raise UserError(f"Role must be one of: {', '.join(r.value for r in Role)}")
    if not name.strip():
        raise UserError("Enter the person's name")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"Password must be {MIN_PASSWORD_LENGTH} characters or more")
    if find_user_by_email(email) is not None:
        raise UserError("A user with that email address already exists")
    user = User(
        organisation_id=organisation.id,
        email=email,
        name=name.strip(),
        role=role,
        password_hash=hash_password(password),
    )
    db.session.add(user)
    db.session.flush()
    audit.record("user.create", actor=actor, target_type="user", target_id=user.id, role=role)
    db.session.commit()
    return user


def find_user_by_email(email: str) -> User | None:
    """Return the user with this email address (case-insensitive), or ``None``."""
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """Return the active user whose credentials these are, or ``None``; audit either outcome.

    A failed sign-in records the account id when the email belongs to one, never the email typed.
    """
    user = find_user_by_email(email)
    if user is None or not user.active or not verify_password(user.password_hash, password):
        reason = "unknown_account" if user is None else "inactive_or_bad_password"
        audit.record(
            "auth.sign_in_failed",
            target_type="user" if user else None,
            target_id=user.id if user else None,
            organisation_id=user.organisation_id if user else None,
            reason=reason,
        )
        db.session.commit()
        return None
    user.last_sign_in_at = utcnow()
    audit.record("auth.sign_in", actor=user, target_type="user", target_id=user.id)
    db.session.commit()
    return user
