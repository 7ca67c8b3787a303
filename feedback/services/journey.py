"""The rules of a family's journey through a survey: save every page, resume, submit once."""

from __future__ import annotations

import secrets
from collections.abc import Mapping

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from feedback.extensions import db
from feedback.models import Answer, Comment, DraftAnswer, Invitation, Response, utcnow
from feedback.services.cases import progress
from feedback.services.reviews.intake import process_new_comments
from forms import SKIPPED, AnswerValue, Page, Question, SurveyDefinition

# No 0/O or 1/I, so a reference read out over the phone is not misheard.
_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def is_free_text(question: Question) -> bool:
    """Return whether the question's answer is a free-text comment."""
    return str(getattr(question.type, "value", question.type)) == "text"


def saved_answers(invitation: Invitation) -> dict[str, AnswerValue]:
    """Return the answers saved so far, by question key (a skipped question holds ``SKIPPED``)."""
    rows = db.session.scalars(select(DraftAnswer).where(DraftAnswer.invitation_id == invitation.id))
    return {row.question_key: AnswerValue(row.numeric_value, row.text_value) for row in rows}


def is_page_done(page: Page, answers: Mapping[str, AnswerValue]) -> bool:
    """Return whether every question on ``page`` has been answered or deliberately skipped."""
    return all(question.key in answers for question in page.questions)


def first_unanswered_page(
    survey: SurveyDefinition, answers: Mapping[str, AnswerValue]
) -> Page | None:
    """Return the first page not yet done, or ``None`` when the family can check and submit."""
    return next((page for page in survey.pages if not is_page_done(page, answers)), None)


def find_page(survey: SurveyDefinition, page_key: str) -> Page | None:
    """Return the page with this key, or ``None``."""
    return next((page for page in survey.pages if page.key == page_key), None)


def neighbour_page(survey: SurveyDefinition, page_key: str, step: int) -> Page | None:
    """Return the page ``step`` places from ``page_key`` (+1 next, -1 previous), or ``None``."""
    keys = [page.key for page in survey.pages]
    index = keys.index(page_key) + step
    return survey.pages[index] if 0 <= index < len(keys) else None


def mark_opened(invitation: Invitation) -> None:
    """Record the first time the link was opened, and commit."""
    if invitation.opened_at is None:
        invitation.opened_at = utcnow()
        db.session.commit()


def save_page(invitation: Invitation, page: Page, values: Mapping[str, AnswerValue]) -> None:
    """Save the answers to one page at once, replacing earlier ones, and commit.

    A question on the page with no value is saved as skipped, so resuming moves past it.
    """
    now = utcnow()
    existing = {
        row.question_key: row
        for row in db.session.scalars(
            select(DraftAnswer).where(
                DraftAnswer.invitation_id == invitation.id,
                DraftAnswer.question_key.in_([q.key for q in page.questions]),
            )
        )
    }
    for question in page.questions:
        value = values.get(question.key) or SKIPPED
        row = existing.get(question.key)
        if row is None:
            row = DraftAnswer(invitation_id=invitation.id, question_key=question.key)
            db.session.add(row)
        row.numeric_value = value.numeric
        row.text_value = value.text
        row.saved_at = now
    progress.record_started(invitation, now)
    db.session.commit()


def new_reference() -> str:
    """Return a confirmation reference such as ``SF-7K3M-Q9XD`` (40 bits of randomness)."""
    chars = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))
    return f"SF-{chars[:4]}-{chars[4:]}"


def response_for(invitation: Invitation) -> Response | None:
    """Return the response submitted from this invitation, if any."""
    return db.session.scalar(select(Response).where(Response.invitation_id == invitation.id))


def submit(invitation: Invitation, survey: SurveyDefinition, *, language: str) -> Response:
    """Store the saved answers as one ``Response`` exactly once, and return it.

    The invitation is claimed with a conditional UPDATE, so a double click, a replayed request or
    two app servers racing all end with one response; the unique invitation id on ``response`` is
    the last guard. Drafts are deleted once copied.
    """
    now = utcnow()
    claimed = db.session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.completed_at.is_(None))
        .values(**progress.answered_stamps(now))
    ).rowcount
    if claimed != 1:
        db.session.rollback()
        return _existing_response(invitation)
    answers = saved_answers(invitation)
    response = Response(
        organisation_id=invitation.organisation_id,
        invitation_id=invitation.id,
        reference=new_reference(),
        survey_key=survey.key,
        survey_version=survey.version,
        stage=invitation.stage,
        audience=invitation.audience,
        language=language,
        # "invitation" for a family's own link, "poster" for an open QR poster.
        source="poster" if invitation.source == "poster" else "invitation",
        submitted_at=now,
    )
    for page in survey.pages:
        for question in page.questions:
            _add_answer(response, question, answers.get(question.key))
    db.session.add(response)
    db.session.execute(delete(DraftAnswer).where(DraftAnswer.invitation_id == invitation.id))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return _existing_response(invitation)
    # Reviewers only ever see redacted comments; safeguarding concerns reach the lead at once.
    process_new_comments(response)
    return response


def _existing_response(invitation: Invitation) -> Response:
    db.session.refresh(invitation)
    response = response_for(invitation)
    if response is None:
        raise LookupError("invitation is completed but holds no response")
    return response


def _add_answer(response: Response, question: Question, value: AnswerValue | None) -> None:
    if value is None or not value.is_answered:
        return
    if is_free_text(question):
        response.comments.append(Comment(question_key=question.key, text=value.text))
    else:
        response.answers.append(
            Answer(question_key=question.key, numeric_value=value.numeric, text_value=value.text)
        )
