"""Reviewers never see a comment's original words or who wrote it; admins can; marks re-redact."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from feedback.extensions import db
from feedback.models import AuditEvent, Comment, Response, User
from feedback.models.reviews import RedactionMark
from tests.feedback.pages import soup
from tests.feedback.review_fixtures import add_comment, answer_survey, code_comment, staff_client

ORIGINAL = "My son Jake Morris goes to Oakfield Primary, call me on 07700 900 123."
REVIEWER_PAGES = (
    "/staff/comments/?status=all",
    "/staff/comments/{id}",
    "/staff/comments/{id}/missed",
    "/staff/comments/trends",
    "/staff/comments/export.csv",
)


def _reference_and_case(app: Flask, comment_id: int) -> tuple[str, int]:
    with app.app_context():
        comment = db.session.get(Comment, comment_id)
        assert comment is not None
        response = db.session.get(Response, comment.response_id)
        assert response is not None
        return response.reference, response.id


@pytest.mark.parametrize("role", ["reviewer", "lead"])
def test_reviewer_pages_show_no_original_words_or_identity(
    app: Flask, make_staff: Callable[..., User], role: str
) -> None:
    user = make_staff(role)
    with app.app_context():
        comment_id = add_comment(ORIGINAL)
        code_comment(comment_id, user, ["school_placement"], "neutral")
    reference, _ = _reference_and_case(app, comment_id)
    client = staff_client(app, user)
    for path in REVIEWER_PAGES:
        body = client.get(path.format(id=comment_id)).get_data(as_text=True)
        for secret in ("Jake", "Morris", "Oakfield", "07700", reference, "/original"):
            assert secret not in body, f"{secret!r} on {path}"


@pytest.mark.parametrize("role", ["reviewer", "lead", "case_officer"])
def test_only_admins_open_the_original(
    app: Flask, make_staff: Callable[..., User], role: str
) -> None:
    with app.app_context():
        comment_id = add_comment(ORIGINAL)
    response = staff_client(app, make_staff(role)).get(f"/staff/comments/{comment_id}/original")
    assert response.status_code == 403
    assert "Jake" not in response.get_data(as_text=True)


def test_an_admin_sees_the_original_and_the_opening_is_audited(
    app: Flask, make_staff: Callable[..., User]
) -> None:
    with app.app_context():
        comment_id = add_comment(ORIGINAL)
    reference, _ = _reference_and_case(app, comment_id)
    page = staff_client(app, make_staff("admin")).get(f"/staff/comments/{comment_id}/original")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "Jake Morris" in body and reference in body
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action)).all()
        assert "comment.view_original" in actions


def test_a_comment_not_yet_redacted_is_not_shown_to_reviewers(
    app: Flask, make_staff: Callable[..., User]
) -> None:
    with app.app_context():
        comment_id = add_comment("Jake was upset.")
        comment = db.session.get(Comment, comment_id)
        assert comment is not None
        comment.redacted_text = None
        db.session.commit()
    client = staff_client(app, make_staff("reviewer"))
    assert client.get(f"/staff/comments/{comment_id}").status_code == 404
    assert f"/staff/comments/{comment_id}" not in client.get(
        "/staff/comments/?status=all"
    ).get_data(as_text=True)


def test_a_submitted_comment_reaches_reviewers_redacted(
    app: Flask,
    client: FlaskClient,
    family_link: Callable[..., str],
    make_staff: Callable[..., User],
) -> None:
    answer_survey(client, family_link(), "my daughter kasia waited 9 months, ring 07700 900 222")
    page = staff_client(app, make_staff("reviewer")).get("/staff/comments/?status=all")
    texts = [p.get_text() for p in soup(page).select("main ol li p.govuk-body")]
    assert "my daughter [child's name] waited 9 months, ring [phone number]" in texts


def test_marking_missed_words_re_redacts_at_once_and_is_audited(
    app: Flask, make_staff: Callable[..., User]
) -> None:
    with app.app_context():
        # Lower case, as families type it: the redactor leaves it, so the reviewer sees it.
        comment_id = add_comment("Thanks to the bluebell team and bluebell staff.")
    client = staff_client(app, make_staff("reviewer"))
    response = client.post(
        f"/staff/comments/{comment_id}/missed", data={"seen": "bluebell", "kind": "school"}
    )
    assert response.status_code == 302
    with app.app_context():
        comment = db.session.get(Comment, comment_id)
        assert comment is not None
        assert comment.redacted_text == "Thanks to the [school] team and [school] staff."
        marks = db.session.scalars(select(RedactionMark)).all()
        assert [(m.start, m.end) for m in marks] == [(14, 22), (32, 40)]
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "comment.mark_missed")
        ).one()
        assert event.details == {"kind": "school", "occurrences": 2}


def test_marking_words_that_are_not_there_changes_nothing(
    app: Flask, make_staff: Callable[..., User]
) -> None:
    with app.app_context():
        comment_id = add_comment("The plan was late.")
    page = staff_client(app, make_staff("reviewer")).post(
        f"/staff/comments/{comment_id}/missed", data={"seen": "Zebedee", "kind": "name"}
    )
    assert page.status_code == 200
    assert "not in this comment" in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(RedactionMark)).all() == []
