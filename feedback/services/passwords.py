"""Passwords: argon2 hashing (argon2-cffi, the OWASP-recommended algorithm) and the NCSC policy.

The policy follows the NCSC's password guidance: a minimum length, no composition rules (no
"one capital, one digit, one symbol"), no expiry, and a check against a list of common and
breached passwords shipped with the app (``data/common-passwords.txt.gz``; its source is in
``data/SOURCE.md``). Beyond the list it refuses what guessers try first: something too short
repeated to reach the length (``passwordpassword``), runs along the alphabet, the digits or the
keyboard (``abcdefghijkl``, ``123456789012``, ``zaq12wsxcde3``, ``147258369147``), and the
service's name, the council's name, the email address and the published demo password with
little else.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable
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
# Runs a guesser walks along: the alphabet, the digits, keyboard rows and columns, the number pad.
_SEQUENCES = (
    "abcdefghijklmnopqrstuvwxyz",
    "01234567890",
    "`1234567890-=",
    "qwertyuiop[]",
    "asdfghjkl;'#",
    "zxcvbnm,./",
    "qwertzuiop",
    "azertyuiop",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/",
    "741852963",
    "789456123",
)
# A run this long counts as one guessable piece; fewer left-over characters than the second
# figure still leaves the password a walk along the keyboard.
_MIN_RUN = 3
_MAX_LEFT_OVER = 2
# Once names and padding are taken away, fewer letters than this are too little of one's own.
_MIN_OWN_CHARACTERS = 6
_NAME_PART = re.compile(r"[^\W_]+")
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


@cache
def _runs() -> frozenset[str]:
    runs: set[str] = set()
    for sequence in _SEQUENCES:
        for text in (sequence, sequence[::-1]):
            for start in range(len(text)):
                for end in range(start + _MIN_RUN, len(text) + 1):
                    runs.add(text[start:end])
    return frozenset(runs)


@cache
def _columns() -> frozenset[str]:
    rows = ("1234567890", "qwertyuiop", "asdfghjkl;", "zxcvbnm,./")
    columns = {"".join(row[i] for row in rows if i < len(row)) for i in range(10)}
    return frozenset(
        text[start:end]
        for column in columns
        for text in (column, column[::-1])
        for start in range(len(text))
        for end in range(start + _MIN_RUN, len(text) + 1)
    )


def is_sequence(password: str) -> bool:
    """Return whether ``password`` is, but for a character or two, made of runs of three or more
    along the alphabet, the digits, a keyboard row or column or the number pad, either way."""
    text = "".join(password.lower().split())
    runs = _runs() | _columns()
    longest = max(len(run) for run in runs)
    # fewest[i]: the fewest characters of text[:i] left outside runs.
    fewest = [0] * (len(text) + 1)
    for end in range(1, len(text) + 1):
        fewest[end] = fewest[end - 1] + 1
        for start in range(max(0, end - longest), end - _MIN_RUN + 1):
            if text[start:end] in runs:
                fewest[end] = min(fewest[end], fewest[start])
    return fewest[len(text)] <= _MAX_LEFT_OVER


def is_repeated(password: str) -> bool:
    """Return whether ``password`` (case, spaces, symbols and padding digits ignored) is
    something shorter than the minimum length said twice or more: ``passwordpassword``."""
    lowered = password.lower()
    text = "".join(_NAME_PART.findall(lowered))
    for core in {text, "".join(_NAME_PART.findall(_PADDING.sub("", lowered)))}:
        for size in range(1, min(len(core) // 2, MIN_PASSWORD_LENGTH - 1) + 1):
            if len(core) % size == 0 and core == core[:size] * (len(core) // size):
                return True
    return False


def _name_parts(names: Iterable[str]) -> list[str]:
    parts = {part.lower() for name in names for part in _NAME_PART.findall(name) if len(part) >= 3}
    for name in names:
        joined = "".join(_NAME_PART.findall(name)).lower()
        if len(joined) >= 3:
            parts.add(joined)
    return sorted(parts, key=len, reverse=True)


def is_mostly_names(password: str, names: Iterable[str]) -> bool:
    """Return whether ``password`` is little more than ``names`` (the service's, the council's, the
    email address's words), digits, symbols and a common password."""
    names = list(names)
    text = "".join(_NAME_PART.findall(password.lower()))
    whole = ["".join(_NAME_PART.findall(name)).lower() for name in names]
    if any(len(name) >= 4 and name in text for name in whole):
        return True
    for part in _name_parts(names):
        text = text.replace(part, "")
    text = re.sub(r"\d+", "", text)
    return len(text) < _MIN_OWN_CHARACTERS or (
        len(text) < len("".join(password.split())) and is_common(text)
    )


def _is_demo_password(password: str) -> bool:
    # Imported here: the demo module imports the users service, which imports this one.
    from feedback.services.demo import DEMO_PASSWORD

    lowered = "".join(password.lower().split())
    return lowered == DEMO_PASSWORD or _PADDING.sub("", lowered) == _PADDING.sub("", DEMO_PASSWORD)


def password_problem(
    password: str, *, email: str = "", names: Iterable[str] = ()
) -> LazyString | None:
    """Return why ``password`` may not be used, or ``None`` if it may.

    Too short or too long, a repeated pattern or a run along the keyboard, a common or breached
    password, the published demo password, or little more than the account's own email address,
    the service's name or ``names`` (the council's). Any characters are allowed, spaces and emoji
    included; there are no composition rules.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        return _l("Password must be %(n)d characters or more", n=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        return _l("Password must be %(n)d characters or fewer", n=MAX_PASSWORD_LENGTH)
    if (
        len(set(password)) < MIN_DISTINCT_CHARACTERS
        or is_repeated(password)
        or is_sequence(password)
    ):
        return _l(
            "That password is too easy to guess: it repeats itself or runs along the keyboard, "
            "the alphabet or the digits. Try three random words"
        )
    if is_common(password) or _is_demo_password(password):
        return _l(
            "That password is too easy to guess: it is a common password or appears in lists of "
            "stolen passwords. Try three random words"
        )
    local_part = email.partition("@")[0].lower()
    if local_part and len(local_part) >= 4 and local_part in password.lower():
        return _l("Password must not contain your email address")
    service = str(current_app.config.get("SERVICE_NAME") or "")
    if is_mostly_names(password, [service, *names, local_part]):
        return _l(
            "That password is too easy to guess: it is little more than a name linked to your "
            "account or this service. Try three random words"
        )
    return None
