"""Flask-Limiter's counts in the service's own database, shared by every app server.

``RATELIMIT_STORAGE_URI = "database://"`` names this storage: it means the app's own
``SQLALCHEMY_DATABASE_URI``, reached through the engine Flask-SQLAlchemy made for the current app
(looked up at each call, because Flask-Limiter builds its storage in ``init_app``, before any
app context). ``limits`` has no SQL storage of its own; this one supports the fixed-window
strategy, Flask-Limiter's default, on SQLite and PostgreSQL.

Each call runs one statement in its own short transaction on its own connection, never in the
request's ``db.session``: a request that rolls back keeps its hit, and a hit commits nothing of
the request's work. An increment is a single ``INSERT … ON CONFLICT DO UPDATE … RETURNING``, so
concurrent hits from any number of servers are counted exactly.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any, ClassVar
from urllib.parse import urlparse

from flask import current_app
from limits.errors import ConfigurationError
from limits.storage import Storage
from sqlalchemy import case, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.sql.dml import Insert

from feedback.config import SettingsError
from feedback.extensions import db
from feedback.models.rate_limits import RateLimitCounter
from feedback.models.types import utcnow

SCHEME = "database"
SUPPORTED_STRATEGY = "fixed-window"
# Both have INSERT … ON CONFLICT DO UPDATE … RETURNING (SQLite since 3.35).
DIALECT_INSERTS: dict[str, Callable[[Any], Insert]] = {
    "postgresql": postgresql.insert,
    "sqlite": sqlite.insert,
}
COUNTERS = RateLimitCounter.__table__


def check_rate_limit_settings(config: Mapping[str, Any]) -> None:
    """Return ``None`` when the rate-limit settings can work; raise ``SettingsError`` at start-up
    when ``database://`` storage is chosen with a strategy or a database it does not support."""
    if not config.get("RATELIMIT_ENABLED", True):
        return
    if urlparse(str(config.get("RATELIMIT_STORAGE_URI") or "")).scheme != SCHEME:
        return
    strategy = config.get("RATELIMIT_STRATEGY", SUPPORTED_STRATEGY)
    if strategy != SUPPORTED_STRATEGY:
        raise SettingsError(
            f"Refusing to start: RATELIMIT_STRATEGY {strategy!r} is not supported by "
            f"RATELIMIT_STORAGE_URI '{SCHEME}://', which counts in fixed windows only. Set "
            f"RATELIMIT_STRATEGY to '{SUPPORTED_STRATEGY}', or RATELIMIT_STORAGE_URI to a "
            "redis:// address for the moving-window and sliding-window-counter strategies."
        )
    backend = make_url(str(config["SQLALCHEMY_DATABASE_URI"])).get_backend_name()
    if backend not in DIALECT_INSERTS:
        raise SettingsError(
            f"Refusing to start: RATELIMIT_STORAGE_URI '{SCHEME}://' works on "
            f"{' and '.join(sorted(DIALECT_INSERTS))}, not {backend}; set it to a redis:// address."
        )


def _digest(key: str) -> str:
    """Return the keyed hash stored in place of ``key``, which holds the client's address."""
    secret = str(current_app.config["SECRET_KEY"]).encode("utf-8")
    return hmac.new(secret, b"rate-limit\x00" + key.encode("utf-8"), hashlib.sha256).hexdigest()


def _engine() -> Engine:
    return db.engine


def _increment(connection: Connection, digest: str, amount: int, now: datetime, expiry: int) -> int:
    """Add ``amount`` hits in one statement; a window that has ended starts again from zero."""
    insert = DIALECT_INSERTS[connection.dialect.name](COUNTERS).values(
        key_digest=digest, hits=amount, expires_at=now + timedelta(seconds=expiry)
    )
    ended = COUNTERS.c.expires_at <= now
    upsert = insert.on_conflict_do_update(
        index_elements=[COUNTERS.c.key_digest],
        set_={
            "hits": case((ended, insert.excluded.hits), else_=COUNTERS.c.hits + amount),
            "expires_at": case((ended, insert.excluded.expires_at), else_=COUNTERS.c.expires_at),
        },
    ).returning(COUNTERS.c.hits)
    return int(connection.execute(upsert).scalar_one())


class DatabaseStorage(Storage):
    """Fixed-window counters in the ``rate_limit_counter`` table (``database://``)."""

    # Read by limits' storage registry when the class is made: storage_from_string finds it.
    STORAGE_SCHEME: ClassVar[list[str]] = [SCHEME]

    def __init__(
        self, uri: str | None = None, wrap_exceptions: bool = False, **options: float | str | bool
    ) -> None:
        """Check ``uri`` names nothing but the scheme; the database is the app's own."""
        parsed = urlparse(uri or f"{SCHEME}://")
        if parsed.netloc or parsed.path or parsed.query:
            raise ConfigurationError(
                f"RATELIMIT_STORAGE_URI '{SCHEME}://' takes nothing after the scheme: it means "
                f"the app's own SQLALCHEMY_DATABASE_URI, not {uri!r}"
            )
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        """Return the errors that mean the database failed (wrapped when ``wrap_exceptions``)."""
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Add ``amount`` hits to ``key``'s window (a new one of ``expiry`` seconds if it had
        ended or never began) and return the window's hits."""
        with _engine().begin() as connection:
            return _increment(connection, _digest(key), amount, utcnow(), expiry)

    def get(self, key: str) -> int:
        """Return the hits in ``key``'s current window, 0 when it has ended or never began."""
        with _engine().connect() as connection:
            hits = connection.execute(
                select(COUNTERS.c.hits).where(
                    COUNTERS.c.key_digest == _digest(key), COUNTERS.c.expires_at > utcnow()
                )
            ).scalar_one_or_none()
        return int(hits or 0)

    def get_expiry(self, key: str) -> float:
        """Return when ``key``'s current window ends, as seconds since the epoch (now when none
        is open, as ``limits``' memory storage does)."""
        now = utcnow()
        with _engine().connect() as connection:
            expires_at = connection.execute(
                select(COUNTERS.c.expires_at).where(
                    COUNTERS.c.key_digest == _digest(key), COUNTERS.c.expires_at > now
                )
            ).scalar_one_or_none()
        return (expires_at or now).timestamp()

    def check(self) -> bool:
        """Return whether the database answers and has the counters table."""
        try:
            with _engine().connect() as connection:
                connection.execute(select(COUNTERS.c.key_digest).limit(1)).all()
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        """Delete every counter, and return how many there were."""
        with _engine().begin() as connection:
            return int(connection.execute(delete(COUNTERS)).rowcount)

    def clear(self, key: str) -> None:
        """Delete ``key``'s counter, so its next hit opens a new window; return ``None``."""
        with _engine().begin() as connection:
            connection.execute(delete(COUNTERS).where(COUNTERS.c.key_digest == _digest(key)))
