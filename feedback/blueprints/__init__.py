"""Blueprints: each parses a request, calls a service and renders a template."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Register every blueprint and the error pages on ``app``."""
    from feedback.blueprints import auth, errors, family, health, pages, staff

    for module in (auth, family, health, pages, staff):
        app.register_blueprint(module.bp)
    errors.register(app)
    # Static files are public by nature; mark the view so the route-role test can tell.
    from feedback.authz import public

    public(app.view_functions["static"])
