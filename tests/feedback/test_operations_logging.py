"""Structured logs: JSON lines with the request id, and no token, email address or phone number."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask import Flask

from feedback.gunicorn_logging import access_fields
from feedback.logging_filters import RedactPersonalData, redact_personal_data
from feedback.logging_setup import json_handler

TOKEN = "Zx9_" + "q" * 39


@pytest.fixture
def json_lines() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    """A logger writing through the production JSON handler into a string."""
    stream = io.StringIO()
    logger = logging.getLogger("tests.operations.json")
    handler = json_handler(stream)
    logger.addHandler(handler)
    logger.propagate = False
    yield logger, stream
    logger.removeHandler(handler)


def _lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail parent.carer+1@example.co.uk now", "mail [email] now"),
        ("call 07700 900123 today", "call [phone] today"),
        ("call +44 7700 900123 today", "call [phone] today"),
        ("office (0121) 496-0000", "office [phone]"),
        (f"GET /s/{TOKEN}/q/listened", "GET /s/[token]/q/listened"),
        ("took 2026 ms for 150 rows, id 0123", "took 2026 ms for 150 rows, id 0123"),
    ],
)
def test_personal_data_is_replaced_by_placeholders(text: str, expected: str) -> None:
    assert redact_personal_data(text) == expected


def test_json_log_line_has_the_fields_and_the_request_id(
    app: Flask, json_lines: tuple[logging.Logger, io.StringIO]
) -> None:
    logger, stream = json_lines
    with app.test_request_context(headers={"X-Request-ID": "req-1234-abcd"}):
        app.preprocess_request()
        logger.warning("invitation %s bounced", 42)
    line = _lines(stream)[0]
    assert (line["level"], line["logger"], line["message"], line["request_id"]) == (
        "WARNING",
        "tests.operations.json",
        "invitation 42 bounced",
        "req-1234-abcd",
    )
    assert str(line["timestamp"]).endswith("+00:00")


def test_json_log_line_redacts_personal_data_in_message_and_traceback(
    json_lines: tuple[logging.Logger, io.StringIO],
) -> None:
    logger, stream = json_lines
    try:
        raise ValueError("Key (email)=(parent.carer@example.com) already exists")
    except ValueError:
        logger.exception("import failed for 07700 900123 at /s/%s", TOKEN)
    output = stream.getvalue()
    assert "parent.carer@example.com" not in output and "07700 900123" not in output
    assert TOKEN not in output
    line = _lines(stream)[0]
    assert line["message"] == "import failed for [phone] at /s/[token]"
    assert "Key (email)=([email]) already exists" in str(line["exc_info"])


def test_redaction_filter_cleans_arguments_given_as_a_mapping() -> None:
    record = logging.LogRecord(
        "gunicorn.access", logging.INFO, __file__, 1, "%(r)s", ({"r": f"GET /s/{TOKEN}"},), None
    )
    RedactPersonalData().filter(record)
    assert record.getMessage() == "GET /s/[token]"


def test_response_echoes_the_proxys_request_id(app: Flask) -> None:
    response = app.test_client().get("/healthz", headers={"X-Request-ID": "proxy-id-0001"})
    assert response.headers["X-Request-ID"] == "proxy-id-0001"


@pytest.mark.parametrize("offered", [None, "short", "has space in it", "x" * 129])
def test_request_without_a_plain_request_id_gets_a_new_random_one(
    app: Flask, offered: str | None
) -> None:
    headers = {"X-Request-ID": offered} if offered else {}
    response = app.test_client().get("/healthz", headers=headers)
    generated = response.headers["X-Request-ID"]
    assert generated != offered and len(generated) == 32
    int(generated, 16)


def test_gunicorn_access_line_has_request_id_and_no_token_or_query() -> None:
    fields = access_fields(
        "302 FOUND",
        {"REQUEST_METHOD": "POST", "PATH_INFO": f"/s/{TOKEN}/q/listened", "QUERY_STRING": "a=b"},
        [("Content-Length", "189"), ("X-Request-ID", "abcd-1234-ef")],
        timedelta(milliseconds=12.34),
    )
    assert fields == {
        "method": "POST",
        "path": "/s/[token]/q/listened",
        "status": 302,
        "duration_ms": 12.3,
        "bytes": 189,
        "request_id": "abcd-1234-ef",
    }
