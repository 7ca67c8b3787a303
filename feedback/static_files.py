"""Serving the static files built by ``feedback/static_build.py``: hashed names, cached for good.

WhiteNoise answers ``/static/…`` before Flask sees the request. A hashed name
(``app.<hash>.css``) is sent with ``Cache-Control: max-age=315360000, public, immutable``, so a
phone downloads it once and never asks again; a Brotli or gzip copy goes to browsers whose
``Accept-Encoding`` asks for one. ``url_for('static', filename='govuk/app.css')`` returns the
hashed name, so templates need no change. Files under their own names are still served, with
``Cache-Control: no-cache``, for anything that names them directly.

Without a build (``make assets`` not run), or when a source file changed after the build, Flask
serves ``feedback/static`` itself as before and a warning says so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from wsgiref.headers import Headers

from flask import Flask
from whitenoise import WhiteNoise

from feedback.static_build import build_is_current, read_manifest


def hashed_urls(manifest: dict[str, str], prefix: str) -> frozenset[str]:
    """Return the URL path of every hashed name in ``manifest`` under ``prefix`` (``/static``)."""
    return frozenset(f"{prefix.rstrip('/')}/{name}" for name in manifest.values())


def _headers_function(immutable: frozenset[str]) -> Any:
    def add_headers(headers: Headers, path: str, url: str) -> None:
        headers["X-Content-Type-Options"] = "nosniff"
        if url not in immutable:
            # A file under its own name may change with the next release: ask every time.
            headers["Cache-Control"] = "no-cache"

    return add_headers


def _hashed_static_names(manifest: dict[str, str]) -> Any:
    def inject(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static":
            filename = values.get("filename")
            if isinstance(filename, str) and filename in manifest:
                values["filename"] = manifest[filename]

    return inject


def init_static_files(app: Flask) -> None:
    """Serve the build in ``STATIC_BUILD_DIR`` through WhiteNoise and hash ``url_for`` names.

    An empty ``STATIC_BUILD_DIR`` setting turns this off (Flask serves ``feedback/static``).
    """
    setting = app.config.get("STATIC_BUILD_DIR")
    if not setting:
        return
    folder = Path(setting)
    manifest = read_manifest(folder)
    if not manifest or not build_is_current(folder):
        # Stale hashed copies would serve yesterday's files: serve today's, uncached, instead.
        app.logger.warning(
            "static files are served without fingerprints or compression: %s has no build, "
            "or its source files changed since (run `make assets`)",
            folder,
        )
        return
    prefix = app.static_url_path or "/static"
    immutable = hashed_urls(manifest, prefix)
    app.wsgi_app = WhiteNoise(  # type: ignore[method-assign]
        app.wsgi_app,
        root=str(folder),
        prefix=prefix,
        max_age=None,
        allow_all_origins=False,
        immutable_file_test=lambda path, url: url in immutable,
        add_headers_function=_headers_function(immutable),
    )
    app.url_defaults(_hashed_static_names(manifest))
