"""The second factor of staff sign-in: codes from an authenticator app (TOTP, RFC 6238, with
pyotp) and single-use recovery codes for when the phone is lost.

A code is accepted for the 30-second step it belongs to and one step either side (clocks drift),
and never twice: the last accepted step is stored, so a code seen over someone's shoulder cannot
be replayed. Accepting a code is one conditional UPDATE whose changed-row count decides, so a code
sent from several sessions at the same moment signs in only one of them. Recovery codes carry 80
random bits each and only their SHA-256 is stored.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from datetime import datetime, timedelta

import pyotp
import segno
from flask import current_app
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm.attributes import set_committed_value

from feedback.extensions import db
from feedback.models import AuditEvent, RecoveryCode, User, utcnow
from feedback.services import audit

RECOVERY_CODE_COUNT = 10
TOTP_STEP_SECONDS = 30
# Steps either side of now whose code is still accepted (phone clocks drift).
TOTP_DRIFT_STEPS = 1
# After too many wrong codes the account's second step is closed for this long (on every server).
LOCKOUT_MINUTES = 15
FAILED_CODE_ACTION = "auth.two_factor_failed"
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


def setup_secret(user: User, started_at: int) -> str:
    """Return the secret offered to ``user`` in the set-up that began at ``started_at``.

    Derived on the server from ``SECRET_KEY`` (HMAC-SHA256), so the set-up page can be shown again
    without the secret ever travelling in the session cookie; a new sign-in offers a new one.
    """
    key = str(current_app.config["SECRET_KEY"]).encode("utf-8")
    message = f"totp-set-up:{user.id}:{user.session_version}:{started_at}".encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()[:20]
    return base64.b32encode(digest).decode("ascii")


def provisioning_uri(secret: str, email: str) -> str:
    """Return the ``otpauth://`` address an authenticator app reads from the QR code."""
    issuer = str(current_app.config["SERVICE_NAME"])
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=issuer)


def qr_code_svg(uri: str, title: str) -> str:
    """Return an inline SVG QR code of ``uri`` whose ``<title>`` is ``title``."""
    return str(segno.make(uri, error="m").svg_inline(scale=4, title=title, dark="#0b0c0c"))


def grouped(secret: str) -> str:
    """Return ``secret`` in groups of four characters, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _normalise_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def current_step(now: float | None = None) -> int:
    """Return the number of the 30-second step ``now`` (Unix time) falls in."""
    return int((time.time() if now is None else now) // TOTP_STEP_SECONDS)


def matching_step(secret: str, code: str, now: float | None = None) -> int | None:
    """Return the step within the drift window whose code is ``code``, or ``None``."""
    code = _normalise_code(code)
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    step_now = current_step(now)
    for step in range(step_now - TOTP_DRIFT_STEPS, step_now + TOTP_DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def verify_app_code(user: User, code: str, now: float | None = None) -> bool:
    """Accept ``code`` from ``user``'s authenticator app once, and record the step it used.

    The caller commits. A code for a step at or before the last accepted one is refused; the step
    is claimed by one conditional UPDATE, so of several requests racing with the same code only
    the one whose UPDATE changed the row succeeds.
    """
    if user.totp_secret is None:
        return False
    step = matching_step(user.totp_secret, code, now)
    if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
        return False
    claimed = db.session.execute(
        update(User)
        .where(
            User.id == user.id,
            or_(User.totp_last_step.is_(None), User.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        return False
    set_committed_value(user, "totp_last_step", step)
    return True


def _hash_recovery_code(code: str) -> str:
    return hashlib.sha256(_normalise_code(code).encode("utf-8")).hexdigest()


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def replace_recovery_codes(user: User) -> list[str]:
    """Replace ``user``'s recovery codes with new ones and return them (shown once, never stored
    in the clear). The caller commits."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    db.session.add_all(
        RecoveryCode(user_id=user.id, code_hash=_hash_recovery_code(code)) for code in codes
    )
    return codes


def use_recovery_code(user: User, code: str, now: datetime | None = None) -> bool:
    """Spend one of ``user``'s unused recovery codes; return whether ``code`` was one.

    One conditional UPDATE marks the code used only if it is still unused, and only the request
    whose UPDATE changed the row succeeds, so a code works once even when several sign-ins race
    with it. The caller commits.
    """
    spent = db.session.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _hash_recovery_code(code),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    if spent.rowcount != 1:
        return False
    audit.record("auth.recovery_code_used", actor=user, target_type="user", target_id=user.id)
    return True


def unused_recovery_codes(user: User) -> int:
    """Return how many of ``user``'s recovery codes are left."""
    return len(
        db.session.scalars(
            select(RecoveryCode.id).where(
                RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
            )
        ).all()
    )


def enrol(user: User, secret: str, code: str, now: float | None = None) -> list[str] | None:
    """Set up ``user``'s authenticator app if ``code`` proves it holds ``secret``.

    Returns the new recovery codes, or ``None`` (nothing changed) when the code is wrong.
    Audited and committed.
    """
    step = matching_step(secret, code, now)
    if step is None:
        return None
    user.totp_secret = secret
    user.totp_last_step = step
    codes = replace_recovery_codes(user)
    audit.record("auth.two_factor_enrolled", actor=user, target_type="user", target_id=user.id)
    db.session.commit()
    return codes


def check_second_factor(user: User, code: str) -> bool:
    """Return whether ``code`` is a fresh authenticator-app code or an unused recovery code of
    ``user``'s (spending it). The caller commits."""
    if _normalise_code(code).isdigit():
        return verify_app_code(user, code)
    return use_recovery_code(user, code)


def attempts_left(user: User, now: datetime | None = None) -> int:
    """Return how many more wrong codes ``user`` may enter before the second step closes for
    ``LOCKOUT_MINUTES``. Counted from the audit trail, so it holds across servers and cannot be
    reset by replaying an old cookie."""
    now = now or utcnow()
    since = now - timedelta(minutes=LOCKOUT_MINUTES)
    if user.last_sign_in_at is not None and user.last_sign_in_at > since:
        since = user.last_sign_in_at
    failures = db.session.scalar(
        select(func.count(AuditEvent.id)).where(
            AuditEvent.action == FAILED_CODE_ACTION,
            AuditEvent.target_id == str(user.id),
            AuditEvent.at > since,
        )
    )
    return int(current_app.config["TWO_FACTOR_MAX_ATTEMPTS"]) - int(failures or 0)


def record_failed_code(user: User) -> None:
    """Audit a wrong code for ``user`` (it counts towards the lockout); committed."""
    audit.record(FAILED_CODE_ACTION, actor=user, target_type="user", target_id=user.id)
    db.session.commit()
