"""/metrics: the operator's counters in Prometheus text format, for a scraper with the token."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from prometheus_client.parser import text_string_to_metric_families

from feedback.extensions import db
from tests.feedback.operations_data import add_case, add_invitation, add_response, forget_migrations

TOKEN = "a-long-random-metrics-token-0123456789"


def _scrape(app: Flask) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = app.test_client().get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.get_data(as_text=True))
        for sample in family.samples
    }


@pytest.fixture(autouse=True)
def _no_migration_record(app: Flask) -> Iterator[None]:
    with app.app_context():
        forget_migrations()
    yield
    with app.app_context():
        forget_migrations()


def test_metrics_are_off_until_a_token_is_set(app: Flask) -> None:
    assert app.test_client().get("/metrics").status_code == 404


def test_metrics_refuse_a_scraper_without_the_token(app: Flask) -> None:
    app.config["METRICS_TOKEN"] = TOKEN
    client = app.test_client()
    assert client.get("/metrics").status_code == 401
    wrong = client.get("/metrics", headers={"Authorization": "Bearer not-the-token"})
    assert wrong.status_code == 401
    assert wrong.headers["WWW-Authenticate"] == 'Bearer realm="metrics"'


def test_metrics_count_invitations_and_responses_per_council_from_the_database(app: Flask) -> None:
    app.config["METRICS_TOKEN"] = TOKEN
    with app.app_context():
        for number in range(3):
            case = add_case(f"D-{number}")
            invitation = add_invitation(case, created_days_ago=5, expires_in_days=23)
            if number < 2:
                add_response(invitation)
                invitation.completed_at = invitation.created_at
        other = add_invitation(
            add_case("E-1", organisation="elsewhere"), created_days_ago=1, expires_in_days=27
        )
        other.sent_at = None
        other.due_at = other.created_at
        db.session.commit()
    samples = _scrape(app)
    demo, elsewhere = (("organisation", "demo"),), (("organisation", "elsewhere"),)
    assert samples[("send_feedback_invitations", (*demo, ("state", "sent")))] == 3
    assert samples[("send_feedback_invitations", (*demo, ("state", "completed")))] == 2
    assert samples[("send_feedback_invitations", (*elsewhere, ("state", "sent")))] == 0
    assert samples[("send_feedback_invitations_overdue", elsewhere)] == 1
    assert samples[("send_feedback_invitations_overdue", demo)] == 0
    assert samples[("send_feedback_responses", (*demo, ("stage", "week6")))] == 2


def test_metrics_count_this_servers_responses_by_status(app: Flask) -> None:
    app.config["METRICS_TOKEN"] = TOKEN
    key = ("send_feedback_http_responses_total", (("status", "404"),))
    before = _scrape(app).get(key, 0.0)
    client = app.test_client()
    for _ in range(3):
        client.get("/no-such-page")
    assert _scrape(app)[key] == before + 3


def test_metrics_say_whether_migrations_are_at_head(app: Flask) -> None:
    app.config["METRICS_TOKEN"] = TOKEN
    assert _scrape(app)[("send_feedback_migrations_at_head", ())] == 0
