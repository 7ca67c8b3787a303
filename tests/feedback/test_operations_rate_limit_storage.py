"""Rate limits counted in the service's own database (``RATELIMIT_STORAGE_URI = "database://"``):
one count for every app server, exact under concurrency, independent of the request's transaction.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from flask import Flask
from sqlalchemy import select

from feedback.config import SettingsError
from feedback.extensions import db, limiter
from feedback.models import Organisation
from feedback.models.rate_limits import RateLimitCounter
from feedback.models.types import utcnow
from feedback.rate_limit_storage import DatabaseStorage
from feedback.services.cases.contact import poster_for
from feedback.services.operations.retention import apply_retention
from feedback.services.organisations import ensure_organisation
from tests.feedback.conftest import dispose, make_app
from tests.feedback.rate_limit_server import FAILED_SIGN_IN

ROOT = Path(__file__).resolve().parents[2]
ADDRESS = "203.0.113.5"
LIMITED = {
    "RATELIMIT_ENABLED": True,
    "SIGN_IN_RATE_LIMIT": "3 per minute",
    "POSTER_RATE_LIMIT": "3 per hour",
    "PROXY_COUNT": 1,
}


@pytest.fixture
def limited_app(app: Flask, database_url: str) -> Iterator[Flask]:
    # Built after `app`, which empties the database (counters included) for this test.
    limited = make_app(database_url, **LIMITED)
    yield limited
    dispose(limited)


def _attempt(app: Flask, path: str = "/sign-in") -> int:
    return (
        app.test_client()
        .post(path, data=FAILED_SIGN_IN, headers={"X-Forwarded-For": ADDRESS})
        .status_code
    )


def _second_server(database_url: str, path: str, attempts: int) -> list[int]:
    """Return the statuses of ``attempts`` POSTs made by an app server in another process."""
    command = [sys.executable, "-m", "tests.feedback.rate_limit_server"]
    arguments = [database_url, path, ADDRESS, str(attempts), json.dumps(LIMITED)]
    finished = subprocess.run(
        [*command, *arguments], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    )
    return list(json.loads(finished.stdout.strip().splitlines()[-1]))


@limiter.limit("2 per minute")
def _write_then_roll_back() -> tuple[str, int]:
    db.session.add(Organisation(slug="rolled-back", name="Rolled Back Council"))
    db.session.flush()
    db.session.rollback()
    return "", 204


def test_two_app_servers_on_one_database_share_the_sign_in_limit(
    limited_app: Flask, database_url: str
) -> None:
    here = [_attempt(limited_app) for _ in range(2)]
    there = _second_server(database_url, "/sign-in", 2)
    assert (here, there, _attempt(limited_app)) == ([200, 200], [200, 429], 429)


def test_two_app_servers_on_one_database_share_the_poster_limit(
    limited_app: Flask, database_url: str
) -> None:
    with limited_app.app_context():
        organisation = ensure_organisation("demo", "Demo Council")
        path = f"/p/{poster_for(organisation.id, 'week6', 'parent').code}"
        db.session.commit()
    here = [_attempt(limited_app, path) for _ in range(2)]
    there = _second_server(database_url, path, 2)
    assert (here, there) == ([302, 302], [302, 429])


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_concurrent_hits_on_postgresql_are_each_counted_exactly_once(limited_app: Flask) -> None:
    threads_count, hits_each = 8, 25
    storage = DatabaseStorage()
    barrier = threading.Barrier(threads_count)
    counts: list[int] = []
    errors: list[BaseException] = []

    def hit() -> None:
        try:
            with limited_app.app_context():
                barrier.wait(timeout=10)
                counts.extend(storage.incr("concurrent", 60) for _ in range(hits_each))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=hit) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert (errors, sorted(counts)) == ([], list(range(1, threads_count * hits_each + 1)))


def test_an_ended_window_starts_again_at_one_hit(limited_app: Flask) -> None:
    with time_machine.travel(datetime(2026, 11, 24, 9, 0, tzinfo=UTC), tick=False) as clock:
        for _ in range(4):
            _attempt(limited_app)
        clock.shift(timedelta(seconds=61))
        response = limited_app.test_client().post(
            "/sign-in", data=FAILED_SIGN_IN, headers={"X-Forwarded-For": ADDRESS}
        )
    assert (response.status_code, response.headers["X-RateLimit-Remaining"]) == (200, "2")


def test_a_hit_still_counts_when_its_request_rolls_back(limited_app: Flask) -> None:
    limited_app.add_url_rule("/roll-back", view_func=_write_then_roll_back, methods=["POST"])
    statuses = [_attempt(limited_app, "/roll-back") for _ in range(3)]
    with limited_app.app_context():
        written = db.session.scalars(select(Organisation.slug)).all()
    assert (statuses, written) == ([204, 204, 429], [])


def test_a_hit_commits_none_of_the_requests_pending_work(limited_app: Flask) -> None:
    with limited_app.app_context():
        db.session.add(Organisation(slug="pending", name="Pending Council"))
        DatabaseStorage().incr("pending-work", 60)
        db.session.rollback()
        assert db.session.scalars(select(Organisation.slug)).all() == []


def test_sign_in_fails_rather_than_going_unlimited_when_counting_fails(
    app: Flask, database_url: str
) -> None:
    # Not TESTING, so the error reaches the visitor as production's 500 page.
    failing = make_app(database_url, **LIMITED, TESTING=False)
    with failing.app_context():
        RateLimitCounter.__table__.drop(db.engine)
    try:
        assert _attempt(failing) == 500
    finally:
        dispose(failing)


@pytest.mark.parametrize("strategy", ["moving-window", "sliding-window-counter"])
def test_a_strategy_the_database_storage_lacks_stops_the_app_starting(
    database_url: str, strategy: str
) -> None:
    with pytest.raises(SettingsError, match=f"RATELIMIT_STRATEGY '{strategy}' is not supported"):
        make_app(database_url, **LIMITED, RATELIMIT_STRATEGY=strategy)


def test_retention_deletes_only_counters_whose_window_has_ended(limited_app: Flask) -> None:
    storage = DatabaseStorage()
    with limited_app.app_context():
        storage.incr("ended", 60)
        storage.incr("open", 3600)
        report = apply_retention(now=utcnow() + timedelta(seconds=120))
        assert (report.expired_rate_limit_counters_deleted, storage.get("open")) == (1, 1)
