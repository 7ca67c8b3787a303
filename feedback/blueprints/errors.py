"""Error pages in the GOV.UK style: a clear message, never a stack trace."""

from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from feedback.services.operations.metrics import count_unhandled_error


def register(app: Flask) -> None:
    """Register the handlers for the errors a visitor can meet."""

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        return render_template("errors/csrf.html"), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        code = error.code or 500
        template = {
            403: "errors/403.html",
            404: "errors/404.html",
            413: "errors/413.html",
            429: "errors/429.html",
        }.get(code, "errors/generic.html")
        return render_template(template, code=code), code

    if app.testing:
        return

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> tuple[str, int]:
        app.logger.exception("unexpected error")
        count_unhandled_error()
        return render_template("errors/generic.html", code=500), 500
