"""Security headers for every response, with a Content-Security-Policy that allows no inline script.

GOV.UK Frontend's one-line "js-enabled" snippet is the only inline script; it carries a per-request
nonce, so the policy needs no 'unsafe-inline'.
"""

from __future__ import annotations

import secrets

from flask import Flask, Response, g, request


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


def init_security(app: Flask) -> None:
    """Register the headers on ``app``."""
    app.after_request(set_security_headers)
