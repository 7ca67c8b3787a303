"""Fixtures shared by every test package: a real PostgreSQL server for the session."""

from __future__ import annotations

import os
from collections.abc import Iterator

import psycopg
import pytest
from hypothesis import HealthCheck, settings

from tests import postgres_server

TEST_DATABASE = "send_feedback_test"

# CI runs the same examples every time, so a red build is reproducible; locally they vary.
settings.register_profile(
    "ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", deadline=None)
# Local runs that explore far more (`pytest --hypothesis-profile=long`), e.g. every family journey.
settings.register_profile(
    "long",
    max_examples=300,
    stateful_step_count=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

# Modules left out of the quick loop (`make quick`): each takes a minute or more on its own.
SLOW_MODULES = frozenset(
    {
        "test_cases_year.py",
        "test_crawl_every_route.py",
        "test_family_journey_space.py",
        "test_reviews_crash_pickup.py",
        "test_logging_tokens.py",
        "test_demo_production.py",
        "test_operations_production_stack.py",
        "test_operations_backup.py",
        "test_concurrency.py",
        "test_cases_concurrency.py",
    }
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``quick`` the tests of the quick loop: no browser, SQLite only, no slow module."""
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if (
            "e2e" in item.path.parts
            or params.get("database_url") == "postgresql"
            or item.get_closest_marker("postgres_only")
            or item.path.name in SLOW_MODULES
        ):
            continue
        item.add_marker(pytest.mark.quick)


@pytest.fixture(scope="session")
def postgres() -> Iterator[postgres_server.PostgresServer]:
    """Start PostgreSQL on loopback for the whole session (``make test-deps`` installs it)."""
    bin_dir = postgres_server.find_bin_dir()
    if bin_dir is None:
        if os.environ.get("SEND_FEEDBACK_SKIP_POSTGRES") == "1":
            pytest.skip("PostgreSQL tests skipped by SEND_FEEDBACK_SKIP_POSTGRES=1")
        pytest.fail("PostgreSQL is not installed: run `make test-deps` (or `make test`).")
    server = postgres_server.start(bin_dir)
    try:
        with psycopg.connect(
            f"host=127.0.0.1 port={server.port} user=postgres dbname=postgres", autocommit=True
        ) as connection:
            connection.execute(f"CREATE DATABASE {TEST_DATABASE}")
        yield server
    finally:
        postgres_server.stop(server)
