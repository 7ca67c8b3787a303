"""Error pages in the GOV.UK style: a clear message, never a stack trace.

An error page must show even when the error came from the database: the session is rolled back
first (on PostgreSQL a failed statement leaves the transaction unusable), and if the page still
cannot be drawn it is drawn again without asking the database anything.
"""

from __future__ import annotations

from flask import Flask, g, render_template, request
from flask_login import AnonymousUserMixin
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from feedback.extensions import db
from feedback.services.languages import is_family_page
from feedback.services.operations.metrics import count_unhandled_error

TEMPLATES = {
    400: "errors/400.html",
    403: "errors/403.html",
    404: "errors/404.html",
    413: "errors/413.html",
    429: "errors/429.html",
}
# Drawn when even the database-free page fails: no layout, but never a bare traceback.
LAST_RESORT = (
    "<!DOCTYPE html><html lang='en'><head><title>Sorry, there is a problem with the service"
    "</title></head><body><h1>Sorry, there is a problem with the service</h1>"
    "<p>Try again later.</p></body></html>"
)


def for_family() -> bool:
    """Whether the visitor reading this error page is a family rather than staff."""
    return is_family_page() and not request.path.startswith("/staff")


def _discard_failed_transaction() -> None:
    """Roll the session back; a connection that is already gone is left to the pool."""
    try:
        db.session.rollback()
    except Exception:
        g.database_unavailable = True


def error_page(app: Flask, template: str, code: int) -> tuple[str, int]:
    """Render ``template`` with status ``code``, without the database if it has to."""
    _discard_failed_transaction()
    family = for_family()
    try:
        return render_template(template, code=code, for_family=family), code
    except Exception:
        app.logger.exception("error page drawn without the database")
        _discard_failed_transaction()
        g.database_unavailable = True
        # Flask-Login would load the signed-in user from the database for the template.
        g._login_user = AnonymousUserMixin()
    try:
        return render_template(template, code=code, for_family=family), code
    except Exception:
        app.logger.exception("error page could not be drawn")
        return LAST_RESORT, code


def register(app: Flask) -> None:
    """Register the handlers for the errors a visitor can meet."""

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        return error_page(app, "errors/csrf.html", 400)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int, dict[str, str]]:
        code = error.code or 500
        body, status = error_page(app, TEMPLATES.get(code, "errors/generic.html"), code)
        # 405 says which methods the address takes (Allow), as HTTP asks.
        headers = {k: v for k, v in error.get_headers() if k.lower() == "allow"}
        return body, status, headers

    if app.testing:
        return

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> tuple[str, int]:
        app.logger.exception("unexpected error")
        count_unhandled_error()
        return error_page(app, "errors/generic.html", 500)
