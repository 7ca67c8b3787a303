"""Passwords: argon2 hashing (argon2-cffi, the OWASP-recommended algorithm) and the NCSC policy.

The policy follows the NCSC's password guidance: a minimum length, no composition rules (no
"one capital, one digit, one symbol"), no expiry, and a check against a list of common and
breached passwords shipped with the app (``data/common-passwords.txt.gz``; its source is in
``data/SOURCE.md``).
"""

from __future__ import annotations

import gzip
import re
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

_STANDARD = PasswordHasher()
# Tests hash hundreds of passwords; the cheapest parameters keep them fast. Never in production.
_FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)

MIN_PASSWORD_LENGTH = 12
# Long enough for any passphrase or password manager; bounds the work of hashing one.
MAX_PASSWORD_LENGTH = 256
# Fewer different characters than this is a pattern ("aaaaaaaaaaaa", "abababababab").
MIN_DISTINCT_CHARACTERS = 5
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent / "data" / "common-passwords.txt.gz"
# What people put around a common password to pass a length or composition rule.
_PADDING = re.compile(r"^[\W\d_]+|[\W\d_]+$")
# Stored for accounts that have never had a password (an invited user): it verifies nothing.
UNUSABLE_PASSWORD_HASH = "!"  # noqa: S105 - matches no password  # nosec B105


def _hasher() -> PasswordHasher:
    return _FAST if current_app.config.get("PASSWORD_HASH_FAST") else _STANDARD


def hash_password(password: str) -> str:
    """Return the argon2id hash of ``password``."""
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Return whether ``password`` matches ``password_hash``; never raises on a bad hash."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@cache
def _dummy_hash(fast: bool) -> str:
    return (_FAST if fast else _STANDARD).hash("not anyone's password")


def spend_verification_time(password: str) -> None:
    """Verify ``password`` against a hash of nobody's password and throw the answer away.

    Called when there is no account (or no usable hash) to check, so that a sign-in for an
    unknown email takes as long as one with a wrong password and cannot reveal who has an account.
    """
    fast = bool(current_app.config.get("PASSWORD_HASH_FAST"))
    verify_password(_dummy_hash(fast), password)


@cache
def common_passwords() -> frozenset[str]:
    """Return the shipped list of common and breached passwords, lower-cased."""
    with gzip.open(COMMON_PASSWORDS_FILE, "rt", encoding="utf-8") as lines:
        return frozenset(line.rstrip("\n") for line in lines if line.strip())


def is_common(password: str) -> bool:
    """Return whether ``password``, or it without the digits and symbols padding either end, is a
    common or breached password (case ignored): ``Password2024!`` counts as ``password``."""
    lowered = password.strip().lower()
    listed = common_passwords()
    return lowered in listed or _PADDING.sub("", lowered) in listed


def password_problem(password: str, *, email: str = "") -> LazyString | None:
    """Return why ``password`` may not be used, or ``None`` if it may.

    Too short or too long, a repeated pattern, a common or breached password, or the account's
    own email address. Any characters are allowed, spaces and emoji included.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        return _l("Password must be %(n)d characters or more", n=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        return _l("Password must be %(n)d characters or fewer", n=MAX_PASSWORD_LENGTH)
    if len(set(password)) < MIN_DISTINCT_CHARACTERS or is_common(password):
        return _l(
            "That password is too easy to guess: it is a common password or appears in lists of "
            "stolen passwords. Try three random words"
        )
    local_part = email.partition("@")[0].lower()
    if local_part and len(local_part) >= 4 and local_part in password.lower():
        return _l("Password must not contain your email address")
    return None
