"""Security headers for every response, with a Content-Security-Policy that allows no inline script.

GOV.UK Frontend's one-line "js-enabled" snippet is the only inline script; it carries a per-request
nonce, so the policy needs no 'unsafe-inline'.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from flask import Flask, Response, abort, g, request

NUL = "\x00"


def csp_nonce() -> str:
    """Return this request's CSP nonce, creating it on first use."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return str(g.csp_nonce)


def _content_security_policy() -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{csp_nonce()}'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def set_security_headers(response: Response) -> Response:
    """Add the security headers to ``response`` and return it."""
    response.headers.setdefault("Content-Security-Policy", _content_security_policy())
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    # Family links carry their token in the path: never send it to another site.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if request.endpoint and not request.endpoint.startswith("static"):
        # Answers and staff data must not sit in shared caches or the back-forward cache of a
        # shared computer.
        response.headers["Cache-Control"] = "no-store"
    return response


def refuse_nul_bytes() -> None:
    """Refuse (400) a request with a NUL character in its path, query string, form fields or
    JSON body.

    No page has a use for NUL, PostgreSQL cannot store it in text, and a browser never sends one
    unless asked to; refusing it here keeps it out of every query and every log line. Uploaded
    files are left alone: a spreadsheet is binary.
    """
    if NUL in request.path or _has_nul(request.args.items(multi=True)):
        abort(400)
    if request.method in ("POST", "PUT", "PATCH") and _has_nul(request.form.items(multi=True)):
        abort(400)
    if request.is_json and _json_has_nul(request.get_json(silent=True)):
        abort(400)


def _has_nul(pairs: Iterable[tuple[str, str]]) -> bool:
    return any(NUL in key or NUL in value for key, value in pairs)


def _json_has_nul(value: object) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_json_has_nul(k) or _json_has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_json_has_nul(item) for item in value)
    return False


def init_security(app: Flask) -> None:
    """Register the request guard and the headers on ``app``."""
    app.before_request(refuse_nul_bytes)
    app.after_request(set_security_headers)
