"""Counters an operator needs, in the Prometheus text format.

Two sources, chosen by what each number is:

* Service figures (invitations sent, responses stored, invitations overdue) are read from the
  database at scrape time. Schedulers send invitations in other processes, on other machines, so
  no app server's memory could count them; the database is the one true count, and one scrape of
  any app server gives the figures for the whole installation.
* Request figures (responses by HTTP status, unexpected errors) belong to each app server and are
  counted in memory. Under gunicorn they use prometheus-client's multiprocess mode
  (``PROMETHEUS_MULTIPROC_DIR``, set by ``gunicorn.conf.py``) so every worker's counts add up.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime, timedelta

from prometheus_client import (
    CollectorRegistry,
    Counter,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from sqlalchemy import and_, func, select

from feedback.extensions import db
from feedback.models import Invitation, Organisation, Response, utcnow
from feedback.services.operations.readiness import check_readiness

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# An invitation still unsent this long after it fell due means the schedulers are not keeping up.
OVERDUE_AFTER = timedelta(hours=1)

# "_created" timestamps double every series for no use to an operator.
disable_created_metrics()

# Not registered globally: each scrape builds its own registry (see ``render_metrics``).
HTTP_RESPONSES = Counter(
    "send_feedback_http_responses",
    "HTTP responses sent by this app server, by status code.",
    ["status"],
    registry=None,
)
UNHANDLED_ERRORS = Counter(
    "send_feedback_unhandled_errors",
    "Requests on this app server that raised an unexpected exception (answered with a 500).",
    registry=None,
)


def count_response(status_code: int) -> None:
    """Count one HTTP response with this status code."""
    HTTP_RESPONSES.labels(status=str(status_code)).inc()


def count_unhandled_error() -> None:
    """Count one request that raised an unexpected exception."""
    UNHANDLED_ERRORS.inc()


class _ProcessCollector(Collector):
    """This process's request counters, for a server without multiprocess mode."""

    def collect(self) -> Iterator[object]:
        yield from HTTP_RESPONSES.collect()
        yield from UNHANDLED_ERRORS.collect()


class DatabaseCollector(Collector):
    """Service figures per organisation, each family of them from one aggregate query."""

    def __init__(self, now: datetime | None = None) -> None:
        self.now = now

    def collect(self) -> Iterator[GaugeMetricFamily]:
        """Yield the gauges; called by the registry inside the scrape's request."""
        now = self.now or utcnow()
        yield from self._invitations(now)
        yield self._responses()
        yield self._readiness()

    def _invitations(self, now: datetime) -> Iterator[GaugeMetricFamily]:
        states = GaugeMetricFamily(
            "send_feedback_invitations",
            "Invitations in the database by how far they got (created, sent, opened, completed).",
            labels=["organisation", "state"],
        )
        overdue = GaugeMetricFamily(
            "send_feedback_invitations_overdue",
            "Invitations due more than an hour ago, not sent and not expired: schedulers behind.",
            labels=["organisation"],
        )
        late = and_(
            Invitation.sent_at.is_(None),
            Invitation.completed_at.is_(None),
            Invitation.due_at < now - OVERDUE_AFTER,
            Invitation.expires_at > now,
        )
        rows = db.session.execute(
            select(
                Organisation.slug,
                func.count(Invitation.id),
                func.count(Invitation.sent_at),
                func.count(Invitation.opened_at),
                func.count(Invitation.completed_at),
                func.count(Invitation.id).filter(late),
            )
            .join(Invitation, Invitation.organisation_id == Organisation.id)
            .group_by(Organisation.slug)
            .order_by(Organisation.slug)
        )
        for slug, created, sent, opened, completed, late_count in rows:
            for state, value in (
                ("created", created),
                ("sent", sent),
                ("opened", opened),
                ("completed", completed),
            ):
                states.add_metric([slug, state], value)
            overdue.add_metric([slug], late_count)
        yield states
        yield overdue

    def _responses(self) -> GaugeMetricFamily:
        family = GaugeMetricFamily(
            "send_feedback_responses",
            "Survey responses stored, by organisation and stage.",
            labels=["organisation", "stage"],
        )
        rows = db.session.execute(
            select(Organisation.slug, Response.stage, func.count(Response.id))
            .join(Organisation, Organisation.id == Response.organisation_id)
            .group_by(Organisation.slug, Response.stage)
            .order_by(Organisation.slug, Response.stage)
        )
        for slug, stage, count in rows:
            family.add_metric([slug, stage], count)
        return family

    def _readiness(self) -> GaugeMetricFamily:
        family = GaugeMetricFamily(
            "send_feedback_migrations_at_head",
            "1 when the database schema is at the newest migration, else 0.",
        )
        family.add_metric([], 1 if check_readiness().ready else 0)
        return family


def multiprocess_dir() -> str | None:
    """Return the folder gunicorn workers share their counters through, if there is one."""
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


def render_metrics(now: datetime | None = None) -> bytes:
    """Return every metric in the Prometheus text exposition format."""
    registry = CollectorRegistry(auto_describe=False)
    folder = multiprocess_dir()
    if folder:
        MultiProcessCollector(registry, path=folder)
    else:
        registry.register(_ProcessCollector())
    registry.register(DatabaseCollector(now))
    return generate_latest(registry)
