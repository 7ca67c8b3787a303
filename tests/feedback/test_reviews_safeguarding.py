"""Safeguarding: rules with negations, flags at submission, the lead's email, help for families."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from feedback.extensions import db
from feedback.models import User
from feedback.models.messaging import OutboundMessage
from feedback.models.reviews import FlagStatus, SafeguardingFlag
from feedback.services.reviews.safeguarding import Concern, concerns_in
from tests.feedback.pages import soup
from tests.feedback.review_fixtures import add_comment, answer_survey, staff_client

CONCERNING = "My son has been self harming since the review and nobody listens."


@pytest.mark.parametrize(
    ("text", "concern"),
    [
        ("She said she wants to die.", Concern.SUICIDE),
        ("He doesnt want to be alive anymore", Concern.SUICIDE),
        ("nobody noticed she was self-harming", Concern.SELF_HARM),
        ("He bangs his head on the wall every night", Concern.SELF_HARM),
        ("The TA hit him in class", Concern.ABUSE),
        ("He was restrained by two staff", Concern.ABUSE),
        ("A boy threatened to stab him", Concern.VIOLENCE),
        ("he isn't safe on the school bus", Concern.DANGER),
        ("i didnt feel safe at the meeting", Concern.DANGER),
        ("He runs away from school most days", Concern.DANGER),
        ("She is neglected at home", Concern.NEGLECT),
    ],
)
def test_rules_raise_the_concern_a_comment_suggests(text: str, concern: Concern) -> None:
    assert concern in concerns_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "I never felt unsafe",
        "There is no risk of harm",
        "He is not at risk",
        "He has never self harmed",
        "I feel safe with the new TA",
        "Not dangerous at all, the driver is lovely",
        "The case officer was brilliant.",
    ],
)
def test_negated_or_harmless_comments_raise_nothing(text: str) -> None:
    assert concerns_in(text) == ()


def test_a_concerning_comment_is_flagged_at_submission(app: Flask) -> None:
    with app.app_context():
        comment_id = add_comment(CONCERNING)
        flag = db.session.scalars(select(SafeguardingFlag)).one()
        assert (flag.comment_id, flag.categories) == (comment_id, ["self_harm"])
        assert flag.status == FlagStatus.OPEN.value


def test_the_designated_lead_is_emailed_a_link_without_the_comment(app: Flask) -> None:
    app.config["SAFEGUARDING_LEAD_EMAIL"] = "dsl@example.gov.uk"
    with app.app_context():
        add_comment(CONCERNING)
        message = db.session.scalars(select(OutboundMessage)).one()
        assert (message.template, message.recipient) == ("safeguarding_alert", "dsl@example.gov.uk")
        flag = db.session.scalars(select(SafeguardingFlag)).one()
        assert flag.notified_at is not None
        assert message.personalisation == {
            "link": f"http://127.0.0.1:5000/staff/comments/safeguarding/{flag.id}",
            "concerns": "self_harm",
        }


def test_the_councils_own_designated_lead_is_preferred(
    app: Flask, make_staff: Callable[..., User]
) -> None:
    app.config["SAFEGUARDING_LEAD_EMAIL"] = "fallback@example.gov.uk"
    admin = staff_client(app, make_staff("admin"))
    admin.post("/staff/comments/safeguarding/lead", data={"email": "dsl@demo.example.gov.uk"})
    with app.app_context():
        add_comment(CONCERNING)
        assert db.session.scalars(select(OutboundMessage.recipient)).one() == (
            "dsl@demo.example.gov.uk"
        )


def test_without_a_designated_lead_the_flag_waits_unsent(app: Flask) -> None:
    with app.app_context():
        add_comment(CONCERNING)
        assert db.session.scalars(select(OutboundMessage)).all() == []
        assert db.session.scalars(select(SafeguardingFlag.notified_at)).one() is None


def test_the_family_sees_where_to_get_help_now(
    client: FlaskClient, family_link: Callable[..., str]
) -> None:
    done = client.get(answer_survey(client, family_link(), CONCERNING))
    text = soup(done).get_text(" ")
    assert "116 123" in text and "999" in text and "NHS 111" in text and "0800 1111" in text


def test_a_family_with_no_concern_sees_no_help_box(
    client: FlaskClient, family_link: Callable[..., str]
) -> None:
    done = client.get(answer_survey(client, family_link(), "It went well, thank you."))
    assert "116 123" not in done.get_data(as_text=True)


def test_flagged_comments_come_first_in_the_queue(
    app: Flask, make_staff: Callable[..., User]
) -> None:
    with app.app_context():
        add_comment("The letters were late.")
        flagged = add_comment("She told me she wants to die.")
    page = staff_client(app, make_staff("reviewer")).get("/staff/comments/")
    first = soup(page).select("main ol li h3 a")[0]
    assert first["href"].startswith(f"/staff/comments/{flagged}")


def test_a_lead_closes_a_flag_with_what_was_done(
    app: Flask, client: FlaskClient, sign_in: Callable[..., User]
) -> None:
    with app.app_context():
        comment_id = add_comment("He was hit by another pupil.")
        flag_id = db.session.scalar(
            select(SafeguardingFlag.id).where(SafeguardingFlag.comment_id == comment_id)
        )
    sign_in("lead")
    response = client.post(
        f"/staff/comments/safeguarding/{flag_id}/close", data={"outcome": "referred"}
    )
    assert response.status_code == 302
    with app.app_context():
        flag = db.session.get(SafeguardingFlag, flag_id)
        assert (flag.status, flag.outcome) == ("closed", "referred")


def test_a_flag_of_another_council_is_not_found(
    app: Flask, client: FlaskClient, sign_in: Callable[..., User]
) -> None:
    with app.app_context():
        comment_id = add_comment("She is in danger at home.", organisation="elsewhere")
        flag_id = db.session.scalar(
            select(SafeguardingFlag.id).where(SafeguardingFlag.comment_id == comment_id)
        )
    sign_in("lead")
    assert client.get(f"/staff/comments/safeguarding/{flag_id}").status_code == 404
    assert client.get(f"/staff/comments/safeguarding/{flag_id}/close").status_code == 404
