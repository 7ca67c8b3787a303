"""Production on loopback: PostgreSQL, two gunicorn app servers and two schedulers, with families
answering through both servers at once. Runs once (not per database): it starts its own stack."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from deploy.local_production import STACK_SETTINGS, StackReport, check_stack
from deploy.local_stack import running_stack
from tests import postgres_server

FAMILIES = 16

pytestmark = pytest.mark.postgres_only


@pytest.fixture(scope="module")
def stack_report() -> Iterator[StackReport]:
    if postgres_server.find_bin_dir() is None:
        if os.environ.get("SEND_FEEDBACK_SKIP_POSTGRES") == "1":
            pytest.skip("PostgreSQL tests skipped by SEND_FEEDBACK_SKIP_POSTGRES=1")
        pytest.fail("PostgreSQL is not installed: run `make test-deps` (or `make test`).")
    with running_stack(extra_env=STACK_SETTINGS) as stack:
        yield check_stack(stack, FAMILIES, concurrency=8)


def test_every_family_is_invited_once_by_two_schedulers(stack_report: StackReport) -> None:
    assert (stack_report.invitations_created, stack_report.messages_sent) == (FAMILIES, FAMILIES)


def test_every_answer_is_stored_once_through_two_app_servers(stack_report: StackReport) -> None:
    assert stack_report.responses_stored == FAMILIES
    assert stack_report.distinct_invitations_answered == FAMILIES
    assert stack_report.answers_stored == stack_report.answers_given > FAMILIES
    assert stack_report.drafts_left == 0


def test_stack_survives_the_load_with_every_process_running(stack_report: StackReport) -> None:
    assert all(stack_report.processes_running.values())
    assert min(stack_report.scheduler_runs.values()) > 0
    assert stack_report.problems == []
