"""Cross-site request forgery protection that works with ``Referrer-Policy: no-referrer``.

Flask-WTF's CSRF check has two parts: the synchronizer token tied to the session, and, on HTTPS
(``WTF_CSRF_SSL_STRICT``), a ``Referer`` that must name this host. The service sends
``Referrer-Policy: no-referrer`` so that a family's link, which carries its token in the path,
never reaches another site; browsers then send no ``Referer`` at all, and the second part would
refuse every form submitted over HTTPS. So the Referer check is off, and this module checks what
browsers do send under that policy instead (docs/decisions.md, docs/security.md):

- ``Sec-Fetch-Site`` (every current browser): only ``same-origin`` (a form on this site) and
  ``none`` (typed or bookmarked by the user) may change anything;
- ``Origin``: when it names an origin, it must be this one (``null`` is what a no-referrer page
  sends for its own forms, so it proves nothing either way);
- ``Referer``: when a browser sends one anyway, it must be on this origin.

A request that carries none of these (an old browser) still needs the session's token.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, request
from flask_wtf import CSRFProtect

# Sec-Fetch-Site values of requests this site's own pages (or the user) started.
SAME_ORIGIN_FETCH_SITES = frozenset({"same-origin", "none"})


def _origin_of(url: str) -> str | None:
    """Return ``scheme://host[:port]`` of ``url`` in lower case, or ``None`` if it has none."""
    parts = urlsplit(url.strip())
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


def cross_origin_reason(headers: Mapping[str, str], own_origin: str) -> str | None:
    """Return why a state-changing request with ``headers`` did not come from ``own_origin``
    (``scheme://host[:port]``), or ``None`` when nothing says it came from elsewhere.

    Returns
    -------
    str | None
        A short reason for the log and the CSRF error, e.g. ``"Sec-Fetch-Site is cross-site"``.
    """
    own = own_origin.lower()
    fetch_site = (headers.get("Sec-Fetch-Site") or "").strip().lower()
    if fetch_site and fetch_site not in SAME_ORIGIN_FETCH_SITES:
        return f"Sec-Fetch-Site is {fetch_site}"
    origin = (headers.get("Origin") or "").strip()
    if origin and origin.lower() != "null" and _origin_of(origin) != own:
        return "The Origin header names another site"
    referrer = (headers.get("Referer") or "").strip()
    if referrer and _origin_of(referrer) != own:
        return "The Referer header names another site"
    return None


class SameOriginCSRFProtect(CSRFProtect):
    """Flask-WTF's CSRF protection with an Origin/Sec-Fetch-Site check in place of its
    Referer-only HTTPS check (which ``WTF_CSRF_SSL_STRICT = False`` turns off)."""

    def protect(self, apply_exemptions: bool = False) -> Any:
        """Refuse a cross-origin request (no body read), then check the session's token."""
        if apply_exemptions and (not request.endpoint or self._is_exempt()):
            return None
        if request.method in current_app.config["WTF_CSRF_METHODS"]:
            own_origin = f"{request.scheme}://{request.host}"
            reason = cross_origin_reason(request.headers, own_origin)
            if reason:
                current_app.logger.info("request refused: %s", reason)
                self._error_response(reason)
        return super().protect(apply_exemptions=False)
