"""Two app servers racing to store the same submission still store exactly one response."""

from __future__ import annotations

import threading
from collections.abc import Callable

from flask import Flask
from sqlalchemy import func, select

from feedback.extensions import db
from feedback.models import Invitation, Response
from feedback.services import journey
from feedback.services.surveys import survey_for
from tests.feedback.journey_steps import answer_all_pages


def test_simultaneous_submits_from_two_app_instances_store_one_response(
    app: Flask, restarted_app: Callable[[], Flask], family_link: Callable[..., str]
) -> None:
    answer_all_pages(app.test_client(), family_link())
    servers = [restarted_app(), restarted_app()]
    barrier = threading.Barrier(len(servers))
    references: list[str] = []
    errors: list[BaseException] = []

    def submit_from(server: Flask) -> None:
        try:
            with server.app_context():
                invitation = db.session.scalar(select(Invitation))
                survey = survey_for(invitation.stage, invitation.audience)
                barrier.wait(timeout=10)
                references.append(journey.submit(invitation, survey, language="en").reference)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=submit_from, args=(server,)) for server in servers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert len(references) == 2 and references[0] == references[1]
    with app.app_context():
        assert db.session.scalar(select(func.count(Response.id))) == 1
