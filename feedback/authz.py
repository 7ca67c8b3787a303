"""The one place that decides who may see a page.

Every view is declared either ``@public`` or ``@role_required(...)``; a test walks the URL map and
fails on any view that is neither, so a new unprotected staff page cannot slip in.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, request
from flask_login import current_user, login_required

from feedback.models import Role

View = TypeVar("View", bound=Callable[..., Any])

ACCESS_ATTRIBUTE = "access"
PUBLIC = "public"


def public(view: View) -> View:
    """Mark ``view`` as open to anyone (family pages, sign-in, health checks) and return it."""
    setattr(view, ACCESS_ATTRIBUTE, PUBLIC)
    return view


def role_required(*roles: Role) -> Callable[[View], View]:
    """Return a decorator that lets in signed-in staff with one of ``roles`` (admins always).

    Anonymous visitors are sent to the sign-in page; signed-in staff without the role get 403.
    """
    allowed = frozenset(roles) | {Role.ADMIN}

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        protected = login_required(wrapped)
        setattr(protected, ACCESS_ATTRIBUTE, allowed)
        return protected  # type: ignore[return-value]

    return decorator


def bearer_token_matches(expected: str) -> bool:
    """Return whether the request carries ``Authorization: Bearer <expected>``, compared in
    constant time: how machines (a metrics scraper, GOV.UK Notify) prove who they are."""
    scheme, _, presented = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        presented.encode("utf-8"), expected.encode("utf-8")
    )


def access_of(view: Callable[..., Any]) -> str | frozenset[Role] | None:
    """Return ``"public"``, the set of roles a view admits, or ``None`` if it declares neither."""
    return getattr(view, ACCESS_ATTRIBUTE, None)
