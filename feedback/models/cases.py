"""EHC cases and the invitations sent to their families."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, event, select, text
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
    # No contact by this audience (the case system holds no channel for them).
    NONE = "none"
    # An open QR-code poster: no personal invitation, anonymous answers.
    POSTER = "poster"


class InvitationSource(StrEnum):
    """Where an invitation came from: a family's case, or an open poster."""

    CASE = "case"
    POSTER = "poster"


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
    # The parent's channel; the young person is invited only when they have a channel of their own.
    contact_channel: Mapped[str] = mapped_column(String(16), default=Channel.EMAIL.value)
    young_person_channel: Mapped[str | None] = mapped_column(String(16))
    # Contact details are kept only while invitations need them (a command enforces retention).
    parent_email: Mapped[str | None] = mapped_column(String(254))
    parent_phone: Mapped[str | None] = mapped_column(String(32))
    young_person_email: Mapped[str | None] = mapped_column(String(254))
    young_person_phone: Mapped[str | None] = mapped_column(String(32))
    opted_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    contact_deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The import that last wrote this case: a reference seen twice in one file is caught by it.
    last_import_id: Mapped[int | None] = mapped_column(
        ForeignKey("case_import.id", ondelete="SET NULL")
    )

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


class CaseImport(db.Model):  # type: ignore[name-defined]
    """One accepted import of the case system's export: who, when, and what it changed."""

    __tablename__ = "case_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    file_name: Mapped[str] = mapped_column(String(255))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    rows: Mapped[int] = mapped_column(default=0)
    created: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)


class Invitation(db.Model):  # type: ignore[name-defined]
    """One family's personal link for one stage; the token itself is never stored, only its hash.

    A case's family gets at most one invitation per stage and audience (per annual review for
    annual reviews): the partial unique index and the unique constraint below enforce it, so the
    scheduler can run twice, or on two machines, without inviting anyone twice. Open-poster
    invitations have no case.
    """

    __tablename__ = "invitation"
    __table_args__ = (
        Index(
            "uq_invitation_case_stage_audience",
            "case_id",
            "stage",
            "audience",
            unique=True,
            sqlite_where=text("annual_review_id IS NULL AND case_id IS NOT NULL"),
            postgresql_where=text("annual_review_id IS NULL AND case_id IS NOT NULL"),
        ),
        UniqueConstraint("annual_review_id", "audience"),
        Index("ix_invitation_sent_at", "organisation_id", "sent_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("case.id", ondelete="CASCADE"), index=True
    )
    annual_review_id: Mapped[int | None] = mapped_column(
        ForeignKey("annual_review.id", ondelete="CASCADE")
    )
    source: Mapped[str] = mapped_column(String(16), default=InvitationSource.CASE.value)
    stage: Mapped[str] = mapped_column(String(16))
    audience: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(16), default="en")
    # "standard" or "easy_read": chosen by the family on the start page; same question keys.
    survey_format: Mapped[str] = mapped_column(
        String(16), default="standard", server_default="standard"
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # With the server's link key this re-creates the token for reminders and letters
    # (services/invitation_links.py); on its own it reveals nothing.
    token_salt: Mapped[str | None] = mapped_column(String(32))
    survey_key: Mapped[str | None] = mapped_column(String(64))
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    opted_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    organisation: Mapped[Organisation] = relationship()
    case: Mapped[Case | None] = relationship(back_populates="invitations")
    annual_review: Mapped[AnnualReview | None] = relationship()
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


@event.listens_for(Invitation, "before_insert")
def _invitation_organisation(mapper: object, connection: object, invitation: Invitation) -> None:
    """Fill an invitation's organisation from its case, so callers need not repeat it."""
    if invitation.organisation_id is not None:
        return
    if invitation.case is not None:
        invitation.organisation_id = invitation.case.organisation_id
    elif invitation.case_id is not None:
        invitation.organisation_id = connection.scalar(  # type: ignore[attr-defined]
            select(Case.organisation_id).where(Case.id == invitation.case_id)
        )


class Poster(db.Model):  # type: ignore[name-defined]
    """An open QR-code poster for one stage and audience: anyone may answer, anonymously."""

    __tablename__ = "poster"
    __table_args__ = (UniqueConstraint("organisation_id", "stage", "audience"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    stage: Mapped[str] = mapped_column(String(16))
    audience: Mapped[str] = mapped_column(String(16))
    # The public code in the poster's URL; random, so posters cannot be enumerated.
    code: Mapped[str] = mapped_column(String(32), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    organisation: Mapped[Organisation] = relationship()
