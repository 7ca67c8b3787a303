"""Blueprints: each parses a request, calls a service and renders a template."""

from __future__ import annotations

from importlib import import_module

from flask import Flask

from feedback.authz import public

# One module per area of the service, each exporting ``bp``.
BLUEPRINT_MODULES = (
    "auth",
    "family",
    "health",
    "pages",
    "staff",
    "council_settings",
    "languages",
    "account",
    "cases",
    "contact",
    "kpis",
    "reviews",
    "you_said",
    "operations",
    "receipts",
)


def register(app: Flask) -> None:
    """Register every blueprint and the error pages on ``app``."""
    from feedback.blueprints import errors
    from feedback.url_numbers import register_converters

    register_converters(app)
    for name in BLUEPRINT_MODULES:
        app.register_blueprint(import_module(f"feedback.blueprints.{name}").bp)
    errors.register(app)
    # Static files are public by nature; mark the view so the route-role test can tell.
    public(app.view_functions["static"])
