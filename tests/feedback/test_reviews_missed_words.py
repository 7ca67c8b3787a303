""" "Hide missed words" searches only what the reviewer can see: a guess at a hidden identifier
gets the same answer as words in neither copy, and changes nothing."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from feedback.extensions import db
from feedback.models import Comment, User
from feedback.models.reviews import RedactionMark
from feedback.services.reviews.marks import MarkError, mark_missed, visible_occurrences
from feedback.services.reviews.redaction import Redaction, redact
from tests.feedback.pages import soup
from tests.feedback.review_fixtures import add_comment, staff_client

ORIGINAL = "Ring me on 07700 900 123 or write to jo.bloggs@example.com about the sunflower room."
HIDDEN = ("07700 900 123", "jo.bloggs@example.com", "07700", "bloggs", "example.com")


def _error_of(client: FlaskClient, comment_id: int, seen: str) -> str:
    page = client.post(f"/staff/comments/{comment_id}/missed", data={"seen": seen, "kind": "name"})
    assert page.status_code == 200
    message = soup(page).select_one(".govuk-error-summary")
    assert message is not None
    return message.get_text(" ", strip=True)


def _marks(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count(RedactionMark.id))) or 0)


def test_guessing_a_hidden_identifier_is_answered_as_words_that_are_nowhere(
    app: Flask, make_staff: Callable[..., User]
) -> None:
    with app.app_context():
        comment_id = add_comment(ORIGINAL)
        redacted = db.session.get(Comment, comment_id).redacted_text  # type: ignore[union-attr]
    assert all(hidden not in redacted for hidden in HIDDEN)
    client = staff_client(app, make_staff("reviewer"))
    nowhere = _error_of(client, comment_id, "Zebedee")
    for hidden in HIDDEN:
        assert _error_of(client, comment_id, hidden) == nowhere
    assert _marks(app) == 0
    with app.app_context():
        assert db.session.get(Comment, comment_id).redacted_text == redacted  # type: ignore[union-attr]


def test_words_the_reviewer_can_see_are_hidden_at_their_place_in_the_original(
    app: Flask, make_staff: Callable[..., User]
) -> None:
    with app.app_context():
        comment_id = add_comment(ORIGINAL)
    response = staff_client(app, make_staff("reviewer")).post(
        f"/staff/comments/{comment_id}/missed", data={"seen": "Sunflower", "kind": "school"}
    )
    assert response.status_code == 302
    with app.app_context():
        comment = db.session.get(Comment, comment_id)
        assert comment is not None and comment.text is not None
        assert "sunflower" not in (comment.redacted_text or "")
        assert "the [school] room" in (comment.redacted_text or "")
        marks = db.session.scalars(select(RedactionMark)).all()
        assert [comment.text[mark.start : mark.end] for mark in marks] == ["sunflower"]


_WORDS = st.sampled_from(["plan", "late", "team", "unit", "ring", "about", "the", "school"])
_HIDDEN = st.sampled_from(["07700 900 123", "jo.bloggs@example.com", "SW1A 1AA", "943 476 5919"])


@settings(max_examples=40, deadline=None)
@given(parts=st.lists(st.one_of(_WORDS, _HIDDEN), min_size=1, max_size=12), guess=_WORDS | _HIDDEN)
def test_only_visible_occurrences_are_found_and_they_point_at_the_same_words(
    parts: list[str], guess: str
) -> None:
    original = " ".join(parts)
    redaction: Redaction = redact(original)
    pattern = re.compile(r"(?<!\w)" + re.escape(guess) + r"(?!\w)", re.IGNORECASE)
    found = visible_occurrences(original, redaction, pattern)
    assert len(found) == len(pattern.findall(redaction.text))
    for start, end in found:
        assert original[start:end].lower() == guess.lower()
        assert not any(span.start < end and start < span.end for span in redaction.spans)


@pytest.mark.parametrize("hidden", ["07700 900 123", "jo.bloggs@example.com", "SW1A 1AA"])
def test_the_service_refuses_a_hidden_identifier_as_not_in_the_comment(
    app: Flask, make_staff: Callable[..., User], hidden: str
) -> None:
    reviewer = make_staff("reviewer")
    with app.app_context():
        comment_id = add_comment(f"Please ring {hidden} after the review.")
        reviewer = db.session.merge(reviewer)
        with pytest.raises(MarkError, match="not in this comment"):
            mark_missed(
                reviewer.organisation_id, comment_id, seen=hidden, kind="name", actor=reviewer
            )
        marks = select(func.count(RedactionMark.id)).where(RedactionMark.comment_id == comment_id)
        assert db.session.scalar(marks) == 0
