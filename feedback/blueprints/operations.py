"""Readiness for load balancers and metrics for the operator's monitoring."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, jsonify

from feedback.authz import bearer_token_matches, public
from feedback.services.operations.metrics import CONTENT_TYPE, render_metrics
from feedback.services.operations.readiness import check_readiness

bp = Blueprint("operations", __name__)


@bp.get("/readyz")
@public
def readyz() -> tuple[Response, int]:
    """Return 200 when the database answers and its schema is at the newest migration, else 503
    (a load balancer then sends no traffic here, e.g. during an upgrade)."""
    readiness = check_readiness()
    body = jsonify(
        status="ok" if readiness.ready else "error",
        database=readiness.database,
        migrations=readiness.migrations,
    )
    return body, 200 if readiness.ready else 503


def _scraper_is_authorised() -> bool:
    expected = current_app.config.get("METRICS_TOKEN")
    if not expected:
        abort(404)  # metrics are off until the operator sets a token
    return bearer_token_matches(str(expected))


@bp.get("/metrics")
@public  # not a staff page: a Prometheus scraper authenticates with the METRICS_TOKEN setting
def metrics() -> Response:
    """Return the counters in the Prometheus text format to a scraper presenting the token."""
    if not _scraper_is_authorised():
        return Response(
            "Unauthorised\n",
            status=401,
            mimetype="text/plain",
            headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
        )
    return Response(render_metrics(), headers={"Content-Type": CONTENT_TYPE})
