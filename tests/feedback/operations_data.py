"""Rows for the operations tests: cases with contact details, invitations, responses, comments.

Built directly from the models (inside an app context) so each test states the dates it needs.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta

from sqlalchemy import text

from feedback.extensions import db
from feedback.models import (
    Answer,
    Case,
    Comment,
    DraftAnswer,
    Invitation,
    Response,
    utcnow,
)
from feedback.services.journey import new_reference
from feedback.services.organisations import ensure_organisation
from feedback.services.tokens import hash_token

PARENT_EMAIL = "parent.carer@example.com"
PARENT_PHONE = "07700 900123"


def days_ago(days: float, now: datetime | None = None) -> datetime:
    """Return the moment ``days`` days before ``now`` (the current time by default)."""
    return (now or utcnow()) - timedelta(days=days)


def add_case(
    reference: str = "C-0001", *, organisation: str = "demo", created_days_ago: float = 400
) -> Case:
    """Add and flush a case with a parent's email and phone, created that many days ago."""
    case = Case(
        organisation=ensure_organisation(organisation, organisation.title() + " Council"),
        reference=reference,
        request_date=date(2024, 1, 8),
        parent_email=PARENT_EMAIL,
        parent_phone=PARENT_PHONE,
        created_at=days_ago(created_days_ago),
    )
    db.session.add(case)
    db.session.flush()
    return case


def add_invitation(
    case: Case,
    *,
    created_days_ago: float,
    expires_in_days: float,
    completed_days_ago: float | None = None,
    stage: str = "week6",
) -> Invitation:
    """Add and flush an invitation for ``case`` with its dates relative to now."""
    invitation = Invitation(
        case=case,
        organisation_id=case.organisation_id,
        stage=stage,
        audience="parent",
        channel="email",
        token_hash=hash_token(secrets.token_urlsafe(32)),
        due_at=days_ago(created_days_ago),
        sent_at=days_ago(created_days_ago),
        created_at=days_ago(created_days_ago),
        expires_at=days_ago(-expires_in_days),
        completed_at=None if completed_days_ago is None else days_ago(completed_days_ago),
    )
    db.session.add(invitation)
    db.session.flush()
    return invitation


def add_draft(invitation: Invitation, question_key: str = "listened", value: float = 4.0) -> None:
    """Add a saved, unsubmitted answer to ``invitation``."""
    db.session.add(
        DraftAnswer(invitation_id=invitation.id, question_key=question_key, numeric_value=value)
    )
    db.session.flush()


def add_response(
    invitation: Invitation,
    *,
    comment: str | None = "The case officer, Sam Jones, was kind.",
    redacted: str | None = "The case officer, [name], was kind.",
    days_ago_submitted: float = 0,
) -> Response:
    """Add and flush a response to ``invitation`` with one closed answer and one comment."""
    submitted = days_ago(days_ago_submitted)
    response = Response(
        organisation_id=invitation.organisation_id,
        invitation_id=invitation.id,
        reference=new_reference(),
        survey_key="week6_parent",
        survey_version=1,
        stage=invitation.stage,
        audience=invitation.audience,
        language="en",
        submitted_at=submitted,
    )
    response.answers.append(Answer(question_key="listened", numeric_value=4.0))
    if comment is not None:
        response.comments.append(
            Comment(
                question_key="went_well", text=comment, redacted_text=redacted, created_at=submitted
            )
        )
    db.session.add(response)
    db.session.flush()
    return response


def forget_migrations() -> None:
    """Drop ``alembic_version``: the PostgreSQL test database outlives one test's tables."""
    db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
    db.session.commit()
