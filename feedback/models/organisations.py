"""Organisations: every case, user, response, plan and comment belongs to one council (local area).

One installation can host many councils; a user of one can never read another's data.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from feedback.extensions import db
from feedback.models.types import UTCDateTime, utcnow


class Organisation(db.Model):  # type: ignore[name-defined]
    """A local area (council with its NHS and school partners) that runs its own surveys."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # How families reach the council's SEND team and the local SENDIASS, set by an admin and
    # shown wherever a family could otherwise be left without a next step.
    contact_phone: Mapped[str | None] = mapped_column(String(32))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_hours: Mapped[str | None] = mapped_column(String(200))
    sendiass_name: Mapped[str | None] = mapped_column(String(200))
    sendiass_phone: Mapped[str | None] = mapped_column(String(32))
    sendiass_email: Mapped[str | None] = mapped_column(String(254))
    sendiass_website: Mapped[str | None] = mapped_column(String(300))
