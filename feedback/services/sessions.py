"""Staff sessions that end: on sign-out, deactivation, a password change, and after the idle and
absolute timeouts (settings ``STAFF_SESSION_IDLE_MINUTES`` and ``STAFF_SESSION_MAX_HOURS``).

The session cookie carries the user's *session version* from the moment of sign-in. Each request
compares it with the number in the database, so raising that number ends every session the user
has, on every server, at once: a cookie copied before sign-out opens nothing afterwards.
"""

from __future__ import annotations

import time

from flask import current_app, session
from flask_login import login_user

from feedback.extensions import db
from feedback.models import User

VERSION_KEY = "session_version"
SIGNED_IN_KEY = "signed_in_at"
SEEN_KEY = "seen_at"
# The last-seen time is rewritten at most this often, so the cookie does not change every request.
SEEN_RESOLUTION_SECONDS = 60


def start_session(user: User) -> None:
    """Start a fresh session for ``user`` (fully signed in), stamped with their session version."""
    session.clear()  # a new session on sign-in defeats session fixation
    login_user(user)
    now = int(time.time())
    session[VERSION_KEY] = user.session_version
    session[SIGNED_IN_KEY] = now
    session[SEEN_KEY] = now


def restamp_session(user: User) -> None:
    """Carry this session over to ``user``'s new session version (after their own password
    change ended every other session)."""
    session[VERSION_KEY] = user.session_version


def end_every_session(user: User) -> None:
    """End every session ``user`` has on every server (the caller commits)."""
    user.session_version = (user.session_version or 0) + 1


def _expired(now: int) -> bool:
    config = current_app.config
    signed_in_at = session.get(SIGNED_IN_KEY)
    seen_at = session.get(SEEN_KEY)
    if not isinstance(signed_in_at, int) or not isinstance(seen_at, int):
        return True
    max_age = int(config["STAFF_SESSION_MAX_HOURS"] * 3600)
    idle = int(config["STAFF_SESSION_IDLE_MINUTES"] * 60)
    return now - signed_in_at > max_age or now - seen_at > idle


def load_signed_in_user(user_id: str) -> User | None:
    """Return the user this session belongs to, or ``None`` (and an emptied session) when the
    account is gone or deactivated, its session version has moved on, or a timeout has passed.

    Flask-Login calls this on every request that asks who is signed in.
    """
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    now = int(time.time())
    if (
        user is None
        or not user.active
        or session.get(VERSION_KEY) != user.session_version
        or _expired(now)
    ):
        session.clear()
        return None
    if now - session[SEEN_KEY] >= SEEN_RESOLUTION_SECONDS:
        session[SEEN_KEY] = now
    return user
