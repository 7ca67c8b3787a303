"""Per-route request size limits for the pages that take a file upload.

Every request is bounded by ``MAX_CONTENT_LENGTH`` (64 KB) and each multipart text part by
``MAX_FORM_MEMORY_SIZE``. A page that takes a file names its own setting with ``@upload_limit``;
the limit is applied before any other hook reads the body (the CSRF check reads the form), so the
documented limits are the real ones, and a file over them gets the 413 page.

Werkzeug's multipart parser holds up to one read chunk (64 KB) of a file part in memory while it
looks for the part's end, and counts that against ``max_form_memory_size``: an upload page
therefore also gets ``UPLOAD_FORM_MEMORY_SIZE``, or every file above about 64 KB would be refused.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, request

View = TypeVar("View", bound=Callable[..., Any])

UPLOAD_LIMIT_ATTRIBUTE = "upload_limit_setting"


def upload_limit(setting: str) -> Callable[[View], View]:
    """Mark a view as taking uploads of up to ``current_app.config[setting]`` bytes.

    Put it directly under the route decorator (or under a decorator that uses
    ``functools.wraps``, which carries the mark over).
    """

    def decorator(view: View) -> View:
        setattr(view, UPLOAD_LIMIT_ATTRIBUTE, setting)
        return view

    return decorator


def limit_setting_of(view: Callable[..., Any] | None) -> str | None:
    """Return the name of the setting that bounds uploads to ``view``, if it takes uploads."""
    return getattr(view, UPLOAD_LIMIT_ATTRIBUTE, None) if view is not None else None


def apply_upload_limit() -> None:
    """Raise this request's limits to the view's own upload limit, before the body is read."""
    setting = limit_setting_of(current_app.view_functions.get(request.endpoint or ""))
    if setting is None:
        return
    request.max_content_length = int(current_app.config[setting])
    request.max_form_memory_size = int(current_app.config["UPLOAD_FORM_MEMORY_SIZE"])


def init_upload_limits(app: Flask) -> None:
    """Register the hook; call it before any extension whose hooks read the request body."""
    app.before_request(apply_upload_limit)
