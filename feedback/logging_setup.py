"""Structured logs: one JSON object per line, with the request id and no personal data.

Production writes JSON (``LOG_FORMAT = "json"``) to standard output, where the platform's log
collector picks it up; gunicorn's own loggers use the same formatter (``gunicorn.conf.py``), so
access lines, errors and the app's messages share one shape.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from flask import Flask, g, has_request_context
from pythonjsonlogger.json import JsonFormatter as _LibraryJsonFormatter

from feedback.logging_filters import redact_personal_data

# The fields every line carries, in this order; a record's ``extra`` fields follow them.
LOG_FIELDS = ("timestamp", "level", "logger", "message", "request_id")


class RequestIdFilter(logging.Filter):
    """Add ``request_id`` to each record: the current request's id, or ``None`` outside one."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Set the attribute unless the record already has one (gunicorn's access line does)."""
        if not hasattr(record, "request_id"):
            record.request_id = g.get("request_id") if has_request_context() else None
        return True


class JsonFormatter(_LibraryJsonFormatter):
    """python-json-logger's formatter with our field names, UTC timestamps and redaction.

    Redaction runs on the finished fields, so a traceback or a database error quoting an email
    address is cleaned as well as the message.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("timestamp", True)
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        super().__init__("%(levelname)s %(name)s %(message)s", *args, **kwargs)

    def add_fields(
        self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]
    ) -> None:
        """Fill the standard fields, then ``request_id`` (``None`` when there is none)."""
        super().add_fields(log_data, record, message_dict)
        log_data.setdefault("request_id", getattr(record, "request_id", None))

    def process_log_record(self, log_data: dict[str, Any]) -> dict[str, Any]:
        """Return the fields with every string value redacted."""
        return {
            key: redact_personal_data(value) if isinstance(value, str) else value
            for key, value in log_data.items()
        }


def json_handler(stream: Any = None) -> logging.Handler:
    """Return a stream handler (standard output by default) that writes redacted JSON lines."""
    handler = logging.StreamHandler(stream or sys.stdout)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    return handler


def _has_json_handler(logger: logging.Logger) -> bool:
    return any(isinstance(h.formatter, JsonFormatter) for h in logger.handlers)


def hide_sql_parameters(app: Flask) -> None:
    """Make the database engine leave parameters out of its error messages.

    SQLAlchemy's errors quote the statement's parameters (``[parameters: (...)]``), which hold
    what a family typed; the message lands in the error log with the traceback. With
    ``hide_parameters`` the statement is still logged, its values are not.
    """
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    options["hide_parameters"] = True
    # A new dict: the configuration class's own must not change for other apps.
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def configure_logging(app: Flask) -> None:
    """Send every log record through one JSON handler on the root logger when ``LOG_FORMAT`` is
    ``"json"``; leave Python's and Flask's defaults alone for ``"text"``.

    Idempotent, and it keeps a JSON handler that gunicorn's logging configuration installed.
    In every format, database errors leave out their SQL parameters (``hide_sql_parameters``).
    """
    hide_sql_parameters(app)
    if app.config["LOG_FORMAT"] != "json":
        return
    root = logging.getLogger()
    root.setLevel(app.config["LOG_LEVEL"])
    if not _has_json_handler(root):
        root.addHandler(json_handler())
    # Readiness checks read the migration state on every probe; alembic would log each one.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    # Flask adds its own stderr handler only when none is in effect; make sure of it.
    app.logger.handlers.clear()
    app.logger.propagate = True
