"""Reviewing comments: the theme codebook and its versions, coding, safeguarding flags, marks of
missed identifiers, and "You said, we did" entries.

A ``Coding`` is one reviewer's reading of one comment (its sentiment and themes); a comment
chosen for double coding gets two, which is what Cohen's kappa compares.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from feedback.extensions import db
from feedback.models.types import UTCDateTime, utcnow


class Sentiment(StrEnum):
    """How a comment feels about the service, as a reviewer reads it."""

    POSITIVE = "positive"
    NEGATIVE = "negative"
    MIXED = "mixed"
    NEUTRAL = "neutral"


class FlagStatus(StrEnum):
    """Where a safeguarding flag is: waiting for the designated lead, or dealt with."""

    OPEN = "open"
    CLOSED = "closed"


class EntryStatus(StrEnum):
    """A "You said, we did" entry is drafted by reviewers and published by a lead."""

    DRAFT = "draft"
    PUBLISHED = "published"


class CodebookVersion(db.Model):  # type: ignore[name-defined]
    """One version of a council's codebook; every change to a theme makes a new one."""

    __tablename__ = "codebook_version"
    __table_args__ = (UniqueConstraint("organisation_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    number: Mapped[int]
    summary: Mapped[str] = mapped_column(String(200))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Theme(db.Model):  # type: ignore[name-defined]
    """A theme comments are coded into, with its current wording; its key never changes."""

    __tablename__ = "theme"
    __table_args__ = (UniqueConstraint("organisation_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)


class ThemeRevision(db.Model):  # type: ignore[name-defined]
    """A theme's wording as it stood in one codebook version."""

    __tablename__ = "theme_revision"
    __table_args__ = (UniqueConstraint("theme_id", "codebook_version_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"))
    codebook_version_id: Mapped[int] = mapped_column(
        ForeignKey("codebook_version.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text)
    active: Mapped[bool]

    theme: Mapped[Theme] = relationship()


class Coding(db.Model):  # type: ignore[name-defined]
    """One reviewer's coding of one comment: its sentiment and themes, under a codebook version."""

    __tablename__ = "coding"
    __table_args__ = (UniqueConstraint("comment_id", "coder_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), index=True
    )
    coder_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    codebook_version_id: Mapped[int] = mapped_column(ForeignKey("codebook_version.id"))
    sentiment: Mapped[str] = mapped_column(String(16))
    coded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)

    theme_codes: Mapped[list[ThemeCode]] = relationship(
        back_populates="coding", cascade="all, delete-orphan"
    )


class ThemeCode(db.Model):  # type: ignore[name-defined]
    """A theme a reviewer gave a comment (one row per theme of a coding)."""

    __tablename__ = "theme_code"
    __table_args__ = (UniqueConstraint("coding_id", "theme_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    coding_id: Mapped[int] = mapped_column(ForeignKey("coding.id", ondelete="CASCADE"))
    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id"), index=True)

    coding: Mapped[Coding] = relationship(back_populates="theme_codes")


class SafeguardingFlag(db.Model):  # type: ignore[name-defined]
    """A comment that may show a child or adult at risk, raised at submission by rules."""

    __tablename__ = "safeguarding_flag"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), unique=True
    )
    # Rule categories that matched (self_harm, suicide, abuse, …); never the words themselves.
    categories: Mapped[list[Any]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default=FlagStatus.OPEN.value, index=True)
    flagged_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome: Mapped[str | None] = mapped_column(String(32))


class RedactionMark(db.Model):  # type: ignore[name-defined]
    """Text a reviewer saw that the redactor had missed, hidden since (offsets, not the words)."""

    __tablename__ = "redaction_mark"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), index=True
    )
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    entity: Mapped[str] = mapped_column(String(32))
    # Offsets into the original text, so the mark survives re-running the redactor.
    start: Mapped[int]
    end: Mapped[int]


you_said_theme = Table(
    "you_said_theme",
    db.metadata,
    Column("entry_id", ForeignKey("you_said_entry.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("theme.id", ondelete="CASCADE"), primary_key=True),
)


class YouSaidEntry(db.Model):  # type: ignore[name-defined]
    """A "You said, we did" entry: what families said, what changed, and when."""

    __tablename__ = "you_said_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    you_said: Mapped[str] = mapped_column(Text)
    we_did: Mapped[str] = mapped_column(Text)
    changed_on: Mapped[date]
    status: Mapped[str] = mapped_column(String(16), default=EntryStatus.DRAFT.value, index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    themes: Mapped[list[Theme]] = relationship(secondary=you_said_theme, order_by=Theme.position)


class ReviewSettings(db.Model):  # type: ignore[name-defined]
    """A council's settings for reviewing: who is told about safeguarding flags."""

    __tablename__ = "review_settings"

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), primary_key=True)
    # The designated safeguarding lead's address; the SAFEGUARDING_LEAD_EMAIL setting if unset.
    safeguarding_lead_email: Mapped[str | None] = mapped_column(String(254))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
