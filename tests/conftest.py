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
