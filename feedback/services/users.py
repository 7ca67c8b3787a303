"""Staff accounts a council governs: invitations, roles, leavers, passwords, and signing in.

Every change is audited (ids and role names, never an email address). A council always keeps at
least one active admin: the last one can be neither deactivated nor given another role.
"""

from __future__ import annotations

import re

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from feedback.extensions import db
from feedback.models import AccountLinkPurpose, Organisation, Role, User, utcnow
from feedback.services import account_links, audit, messaging
from feedback.services.passwords import (
    UNUSABLE_PASSWORD_HASH,
    hash_password,
    password_problem,
    spend_verification_time,
    verify_password,
)
from feedback.services.sessions import end_every_session

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ACCOUNT_EXISTS_TEMPLATE = "staff_account_exists_email"


class UserError(ValueError):
    """A change to a staff account was refused; the message says why and nothing was changed."""

    def __init__(self, message: LazyString | str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


class WrongPasswordError(UserError):
    """The current password given to change a password was not right."""


def normalise_email(email: str) -> str:
    """Return ``email`` trimmed and lower-cased, the form in which it is stored and looked up."""
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    """Return the user with this email address (case-insensitive), or ``None``."""
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def user_in_organisation(user_id: int, organisation_id: int) -> User | None:
    """Return the user with this id if they belong to ``organisation_id``, else ``None``."""
    user = db.session.get(User, user_id)
    return user if user is not None and user.organisation_id == organisation_id else None


def users_of(organisation_id: int) -> list[User]:
    """Return the council's staff accounts, by name."""
    return list(
        db.session.scalars(
            select(User).where(User.organisation_id == organisation_id).order_by(User.name)
        )
    )


def _check_details(email: str, name: str, role: str) -> None:
    if not _EMAIL.match(email):
        raise UserError(
            _l("Enter an email address in the correct format, like name@example.gov.uk")
        )
    if role not in {r.value for r in Role}:
        raise UserError(_l("Select a role"))
    if not name.strip():
        raise UserError(_l("Enter the person's name"))


def create_user(
    *,
    organisation: Organisation,
    email: str,
    name: str,
    role: str,
    password: str,
    actor: User | None = None,
    check_password_policy: bool = True,
) -> User:
    """Create a staff user with a password (the command line, demo data), audit it, commit.

    They set up their authenticator app at first sign-in. Raises ``UserError`` for an invalid
    email, unknown role, a password the policy refuses, or a taken email. Only the demo logins,
    whose password is published (and which production refuses to create), skip the policy with
    ``check_password_policy=False``.
    """
    email = normalise_email(email)
    _check_details(email, name, role)
    problem = password_problem(password, email=email, names=[organisation.name])
    if check_password_policy and problem is not None:
        raise UserError(problem)
    if find_user_by_email(email) is not None:
        raise UserError(_l("A user with that email address already exists"))
    user = User(
        organisation_id=organisation.id,
        email=email,
        name=name.strip(),
        role=role,
        password_hash=hash_password(password),
        password_changed_at=utcnow(),
    )
    db.session.add(user)
    db.session.flush()
    audit.record("user.create", actor=actor, target_type="user", target_id=user.id, role=role)
    db.session.commit()
    return user


def invite_user(
    *, organisation: Organisation, email: str, name: str, role: str, actor: User | None
) -> User | None:
    """Invite a member of staff: create the account without a password and email them a
    one-time link to set one. Returns the new user, or ``None`` when the address already has an
    account in another council.

    In that case nothing is created here and the account holder is told by email instead, so the
    admin's page looks the same as for any invitation and reveals no other council's staff.
    Raises ``UserError`` for invalid details or an address already used in the admin's council.
    """
    email = normalise_email(email)
    _check_details(email, name, role)
    existing = find_user_by_email(email)
    if existing is not None and existing.organisation_id == organisation.id:
        raise UserError(_l("Someone in your council already has an account with that email"))
    if existing is not None:
        audit.record(
            "user.invite_refused",
            actor=actor,
            organisation_id=organisation.id,
            reason="account_elsewhere",
        )
        messaging.send_email(
            organisation_id=existing.organisation_id,
            to=existing.email,
            template=ACCOUNT_EXISTS_TEMPLATE,
            personalisation={"name": existing.name, "council": organisation.name},
        )
        return None
    user = User(
        organisation_id=organisation.id,
        email=email,
        name=name.strip(),
        role=role,
        password_hash=UNUSABLE_PASSWORD_HASH,
    )
    db.session.add(user)
    db.session.flush()
    token = account_links.issue_link(user, AccountLinkPurpose.INVITE)
    _audit_user("user.invite", user, actor, role=role)
    db.session.commit()
    account_links.send_link(user, AccountLinkPurpose.INVITE, token)
    return user


def _active_admin_count(organisation_id: int) -> int:
    # Lock the council's row first, so two admins demoting each other cannot both pass the check.
    db.session.execute(
        select(Organisation.id).where(Organisation.id == organisation_id).with_for_update()
    )
    return len(
        db.session.scalars(
            select(User.id).where(
                User.organisation_id == organisation_id,
                User.role == Role.ADMIN.value,
                User.active.is_(True),
            )
        ).all()
    )


def _keep_an_admin(user: User) -> None:
    is_admin = user.role == Role.ADMIN.value and user.active
    if is_admin and _active_admin_count(user.organisation_id) <= 1:
        db.session.rollback()
        raise UserError(
            _l("This is the council's only active admin. Make someone else an admin first")
        )


def change_role(user: User, role: str, *, actor: User | None) -> None:
    """Give ``user`` another role (audited, committed); never the council's last admin's."""
    if role not in {r.value for r in Role}:
        raise UserError(_l("Select a role"))
    if role == user.role:
        return
    if role != Role.ADMIN.value:
        _keep_an_admin(user)
    previous, user.role = user.role, role
    _audit_user("user.role_change", user, actor, role=role, previous_role=previous)
    db.session.commit()


def deactivate(user: User, *, actor: User | None) -> None:
    """Stop ``user`` signing in (a leaver): end their sessions and unused links; audited,
    committed. The account and its audit trail stay; never the council's last admin."""
    if not user.active:
        return
    _keep_an_admin(user)
    user.active = False
    end_every_session(user)
    account_links.retire_links(user)
    _audit_user("user.deactivate", user, actor)
    db.session.commit()


def reactivate(user: User, *, actor: User | None) -> None:
    """Let a deactivated ``user`` sign in again with their password (audited, committed)."""
    if user.active:
        return
    user.active = True
    _audit_user("user.reactivate", user, actor)
    db.session.commit()


def _audit_user(action: str, user: User, actor: User | None, **details: object) -> None:
    """Record ``action`` by ``actor`` on ``user``'s account in the audit log (not committed)."""
    audit.record(
        action,
        actor=actor,
        organisation_id=user.organisation_id,
        target_type="user",
        target_id=user.id,
        **details,
    )


def _set_password(user: User, password: str) -> None:
    problem = password_problem(password, email=user.email, names=[user.organisation.name])
    if problem is not None:
        raise UserError(problem)
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    end_every_session(user)


def change_password(user: User, current: str, new: str) -> None:
    """Change ``user``'s own password after checking the current one; every session of theirs
    ends (the caller re-stamps the one in use). Audited, committed."""
    if not verify_password(user.password_hash, current):
        audit.record(
            "user.password_change_failed", actor=user, target_type="user", target_id=user.id
        )
        db.session.commit()
        raise WrongPasswordError(_l("Your current password is not right"))
    _set_password(user, new)
    audit.record("user.password_change", actor=user, target_type="user", target_id=user.id)
    db.session.commit()


def reset_password(user: User, *, actor: User | None) -> None:
    """An admin asks for ``user``'s password to be set again: the old one stops working, every
    session ends, and a new one-time link is emailed. Audited, committed.

    Someone who never set a password (an invitation that lapsed) is sent a new invitation.
    """
    purpose = (
        AccountLinkPurpose.INVITE if user.password_changed_at is None else AccountLinkPurpose.RESET
    )
    user.password_hash = UNUSABLE_PASSWORD_HASH
    end_every_session(user)
    token = account_links.issue_link(user, purpose)
    _audit_user("user.password_reset", user, actor)
    db.session.commit()
    account_links.send_link(user, purpose, token)


def reset_two_factor(user: User, *, actor: User | None) -> None:
    """An admin clears ``user``'s authenticator app (a lost phone): they set one up again at next
    sign-in, and their recovery codes and sessions end. Audited, committed."""
    from feedback.services.two_factor import replace_recovery_codes

    user.totp_secret = None
    user.totp_last_step = None
    replace_recovery_codes(user)
    end_every_session(user)
    _audit_user("user.two_factor_reset", user, actor)
    db.session.commit()


def set_password_from_link(token: str, password: str) -> User:
    """Set a password with a one-time link and spend the link; return the account.

    Raises ``UserError`` if the link is not valid (used, expired, replaced, or the account
    deactivated) or the password is refused; a refused password leaves the link usable.
    """
    link = account_links.valid_link(token)
    user = db.session.get(User, link.user_id) if link is not None else None
    if link is None or user is None:
        raise UserError(_l("This link has expired or has already been used"))
    _set_password(user, password)
    if not account_links.spend_link(link):
        db.session.rollback()
        raise UserError(_l("This link has expired or has already been used"))
    audit.record(
        "user.password_set", actor=user, target_type="user", target_id=user.id, via=link.purpose
    )
    db.session.commit()
    return user


def check_password(email: str, password: str) -> User | None:
    """Return the active user whose email and password these are, or ``None``; audit a failure.

    An unknown email, a deactivated account and an account without a password all spend the
    same hashing time as a wrong password, so the time taken reveals nothing. A failed attempt
    records the account id when the email belongs to one, never the email typed.
    """
    user = find_user_by_email(email)
    usable = user is not None and user.password_hash != UNUSABLE_PASSWORD_HASH
    if user is not None and usable:
        correct = verify_password(user.password_hash, password)
    else:
        spend_verification_time(password)
        correct = False
    if user is None or not user.active or not correct:
        audit.record(
            "auth.sign_in_failed",
            target_type="user" if user else None,
            target_id=user.id if user else None,
            organisation_id=user.organisation_id if user else None,
            reason="unknown_account" if user is None else "inactive_or_bad_password",
        )
        db.session.commit()
        return None
    return user


def record_sign_in(user: User) -> None:
    """Record that ``user`` finished signing in (both factors); audited, committed."""
    user.last_sign_in_at = utcnow()
    audit.record("auth.sign_in", actor=user, target_type="user", target_id=user.id)
    db.session.commit()


def sign_out(user: User) -> None:
    """End every session ``user`` has, on every server; audited, committed."""
    end_every_session(user)
    audit.record("auth.sign_out", actor=user, target_type="user", target_id=user.id)
    db.session.commit()
