"""Public information pages."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, render_template

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


@bp.get("/accessibility")
@public
def accessibility() -> str:
    """The accessibility statement, in the GOV.UK model format."""
    config = current_app.config
    return render_template(
        "pages/accessibility.html",
        contact_email=config["ACCESSIBILITY_CONTACT_EMAIL"],
        prepared_on=date.fromisoformat(config["ACCESSIBILITY_STATEMENT_PREPARED"]),
        reviewed_on=date.fromisoformat(config["ACCESSIBILITY_STATEMENT_REVIEWED"]),
        link_expiry_days=config["LINK_EXPIRY_DAYS"],
    )
