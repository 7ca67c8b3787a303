"""Rate-limit counters kept in the database, so every app server counts against the same limit.

Written only by ``feedback.rate_limit_storage`` (``RATELIMIT_STORAGE_URI = "database://"``);
expired rows are deleted by ``flask retention apply``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from feedback.extensions import db
from feedback.models.types import UTCDateTime


class RateLimitCounter(db.Model):  # type: ignore[name-defined]
    """The hits of one limit from one client in its current fixed window, until ``expires_at``."""

    __tablename__ = "rate_limit_counter"

    # HMAC-SHA256 (keyed with SECRET_KEY) of Flask-Limiter's key: the key holds the client's
    # address, which neither the database nor its backups should keep.
    key_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    hits: Mapped[int] = mapped_column()
    # Indexed for the retention command, which deletes rows whose window has ended.
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
