"""gunicorn's access log as structured fields: one JSON line per request, no tokens, no address.

``gunicorn.conf.py`` names ``JsonAccessLogger`` as gunicorn's ``logger_class``. The client's IP
address and user agent are left out (personal data the reverse proxy's own log already keeps);
the path loses its query string and its family-link token.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from gunicorn.glogging import Logger

from feedback.logging_filters import redact_personal_data

REQUEST_ID_HEADER = "x-request-id"


def access_fields(
    status: str | int, environ: dict[str, Any], headers: list[tuple[str, str]], elapsed: timedelta
) -> dict[str, Any]:
    """Return the fields logged for one request: method, redacted path, status, duration in
    milliseconds, response size and the request id the app put in the response."""
    response_headers = {name.lower(): value for name, value in headers}
    length = response_headers.get("content-length")
    return {
        "method": environ.get("REQUEST_METHOD"),
        "path": redact_personal_data(environ.get("PATH_INFO", "")),
        "status": int(str(status).split(None, 1)[0]),
        "duration_ms": round(elapsed.total_seconds() * 1000, 1),
        "bytes": int(length) if length and length.isdigit() else None,
        "request_id": response_headers.get(REQUEST_ID_HEADER),
    }


class JsonAccessLogger(Logger):
    """gunicorn's logger with an access line made of fields instead of Apache's format string."""

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: timedelta) -> None:
        """Log one finished request on ``gunicorn.access`` with ``access_fields`` as extras."""
        if not self.access_log_enabled:
            return
        headers = list(resp.headers.items()) if hasattr(resp.headers, "items") else resp.headers
        fields = access_fields(resp.status, environ, headers, request_time)
        self.access_log.info(
            "%s %s %s", fields["method"], fields["path"], fields["status"], extra=fields
        )
