"""gunicorn settings for production: ``gunicorn -c gunicorn.conf.py 'feedback:create_app()'``.

Everything an operator tunes comes from the environment (docs/operating.md):
``GUNICORN_BIND`` (default 127.0.0.1:8000; 0.0.0.0:8000 in the container), ``GUNICORN_WORKERS``
(default 2 per core), ``GUNICORN_THREADS`` (default 4), ``GUNICORN_TIMEOUT`` (default 30 s).
Logs are JSON lines on standard output; access lines carry the request id and no token.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Any

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", str(2 * (os.cpu_count() or 1))))
# Threads let a worker serve other families while one waits on the database.
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = 5000
max_requests_jitter = 500
# The app applies X-Forwarded-* itself (PROXY_COUNT, werkzeug's ProxyFix).
forwarded_allow_ips = ""

# One app server per host port: gunicorn's control socket would be shared, and nobody uses it.
control_socket_disable = True

accesslog = "-"
logger_class = "feedback.gunicorn_logging.JsonAccessLogger"
logconfig_dict: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "feedback.logging_setup.JsonFormatter"}},
    "filters": {
        "request_id": {"()": "feedback.logging_setup.RequestIdFilter"},
        "personal_data": {"()": "feedback.logging_filters.RedactPersonalData"},
    },
    "handlers": {
        "json": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id", "personal_data"],
            "stream": "ext://sys.stdout",
        }
    },
    "root": {"level": os.environ.get("FEEDBACK_LOG_LEVEL", "INFO"), "handlers": ["json"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["json"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["json"], "propagate": False},
        # Readiness checks read the migration state on every probe; alembic would log each one.
        "alembic": {"level": "WARNING"},
    },
}

# Request counters of all workers add up through files in one folder (prometheus-client's
# multiprocess mode). Each gunicorn master gets its own folder unless the operator names one.
_metrics_folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
_metrics_folder_is_ours = not _metrics_folder
if not _metrics_folder:
    _metrics_folder = tempfile.mkdtemp(prefix="send-feedback-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = _metrics_folder


def on_starting(server: Any) -> None:
    """Start with empty counters: files left by an earlier run would be added to this one's."""
    shutil.rmtree(_metrics_folder, ignore_errors=True)
    os.makedirs(_metrics_folder, exist_ok=True)


def on_exit(server: Any) -> None:
    """Remove the counters' folder this master made for itself, so restarts leave none behind."""
    if _metrics_folder_is_ours:
        shutil.rmtree(_metrics_folder, ignore_errors=True)


def child_exit(server: Any, worker: Any) -> None:
    """Tell prometheus-client a worker has gone, so its live gauges are dropped."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def post_worker_init(worker: Any) -> None:
    """Compile templates and build the comment redactor before the worker takes requests, so no
    family waits on a new or recycled worker's first pages (feedback/warm_up.py)."""
    from flask import Flask

    from feedback.warm_up import warm_up

    if isinstance(worker.wsgi, Flask):
        warm_up(worker.wsgi)
