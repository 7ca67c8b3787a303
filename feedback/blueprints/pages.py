"""Public information pages."""

from __future__ import annotations

from flask import Blueprint, render_template

from feedback.authz import public

bp = Blueprint("pages", __name__)


@bp.get("/")
@public
def home() -> str:
    """The service's front page: what it is, for families and for staff."""
    return render_template("pages/home.html")


@bp.get("/privacy")
@public
def privacy() -> str:
    """How families' answers are used and kept."""
    return render_template("pages/privacy.html")
