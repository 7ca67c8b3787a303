"""EHC cases and the invitations sent to their families."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from feedback.extensions import db
from feedback.models.organisations import Organisation
from feedback.models.types import UTCDateTime, utcnow


class Stage(StrEnum):
    """The points of the EHC process at which families are asked (DESIGN.md §3)."""

    WEEK6 = "week6"
    WEEK16 = "week16"
    WEEK20 = "week20"
    ANNUAL_REVIEW = "annual_review"


class Audience(StrEnum):
    """Who answers: a parent or carer, or the young person."""

    PARENT = "parent"
    YOUNG_PERSON = "young_person"


class Channel(StrEnum):
    """How an invitation reaches a family."""

    EMAIL = "email"
    SMS = "sms"
    LETTER = "letter"


class Case(db.Model):  # type: ignore[name-defined]
    """An EHC needs assessment, known only by the case system's pseudonymous reference."""

    __tablename__ = "case"
    __table_args__ = (UniqueConstraint("organisation_id", "reference"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    reference: Mapped[str] = mapped_column(String(64))
    request_date: Mapped[date]
    decision_date: Mapped[date | None]
    draft_plan_date: Mapped[date | None]
    final_plan_date: Mapped[date | None]
    preferred_language: Mapped[str] = mapped_column(String(16), default="en")
    contact_channel: Mapped[str] = mapped_column(String(16), default=Channel.EMAIL.value)
    # Contact details are kept only while invitations need them (a command enforces retention).
    parent_email: Mapped[str | None] = mapped_column(String(254))
    parent_phone: Mapped[str | None] = mapped_column(String(32))
    young_person_email: Mapped[str | None] = mapped_column(String(254))
    young_person_phone: Mapped[str | None] = mapped_column(String(32))
    opted_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    organisation: Mapped[Organisation] = relationship()
    invitations: Mapped[list[Invitation]] = relationship(back_populates="case")
    annual_reviews: Mapped[list[AnnualReview]] = relationship(back_populates="case")


class AnnualReview(db.Model):  # type: ignore[name-defined]
    """An annual review meeting of an EHC plan."""

    __tablename__ = "annual_review"
    __table_args__ = (UniqueConstraint("case_id", "review_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    review_date: Mapped[date]

    case: Mapped[Case] = relationship(back_populates="annual_reviews")


class Invitation(db.Model):  # type: ignore[name-defined]
    """One family's personal link for one stage; the token itself is never stored, only its hash."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(16))
    audience: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(16), default="en")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    survey_key: Mapped[str | None] = mapped_column(String(64))
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    case: Mapped[Case] = relationship(back_populates="invitations")
    draft_answers: Mapped[list[DraftAnswer]] = relationship(
        back_populates="invitation", cascade="all, delete-orphan"
    )


class DraftAnswer(db.Model):  # type: ignore[name-defined]
    """An answer saved the moment a family leaves a page: a closed tab or a restart loses nothing.

    Both values empty means the family saw the question and chose to skip it.
    """

    __tablename__ = "draft_answer"
    __table_args__ = (UniqueConstraint("invitation_id", "question_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(
        ForeignKey("invitation.id", ondelete="CASCADE"), index=True
    )
    question_key: Mapped[str] = mapped_column(String(64))
    numeric_value: Mapped[float | None]
    text_value: Mapped[str | None] = mapped_column(String(4000))
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    invitation: Mapped[Invitation] = relationship(back_populates="draft_answers")
