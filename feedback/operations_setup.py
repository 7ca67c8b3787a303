"""What running in production adds to an app: refusing unsafe settings, trusting the reverse
proxy's headers, JSON logs, request ids and request counters."""

from __future__ import annotations

import re
import uuid

from flask import Flask, g, request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response

from feedback.config import check_production_settings
from feedback.logging_setup import configure_logging
from feedback.services.operations.metrics import count_response

REQUEST_ID_HEADER = "X-Request-ID"
# An id from the proxy is echoed into logs and headers, so only plain, short ids are accepted.
_ACCEPTED_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")


def request_id_for(header_value: str | None) -> str:
    """Return the proxy's request id if it is a plain, short token, else a new random one."""
    if header_value and _ACCEPTED_REQUEST_ID.match(header_value):
        return header_value
    return uuid.uuid4().hex


def _assign_request_id() -> None:
    g.request_id = request_id_for(request.headers.get(REQUEST_ID_HEADER))


def _finish_response(response: Response) -> Response:
    response.headers[REQUEST_ID_HEADER] = g.get("request_id") or request_id_for(None)
    count_response(response.status_code)
    return response


def init_operations(app: Flask) -> None:
    """Check the settings, wrap the app for its proxies, set up logs, request ids and counters."""
    if app.config.get("REFUSE_UNSAFE_SETTINGS"):
        check_production_settings(app.config)
    proxies = int(app.config["PROXY_COUNT"])
    if proxies:
        # Trust exactly this many X-Forwarded-* hops: the client's address for rate limits and
        # the scheme (https) for secure cookies, HSTS and external URLs.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies
        )
    configure_logging(app)
    app.before_request(_assign_request_id)
    app.after_request(_finish_response)
