"""Binding the extensions, templates, security headers and database pragmas to an app."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, request, session
from flask_babel import get_locale
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from sqlalchemy import event
from sqlalchemy.engine import Engine

from feedback.extensions import babel, csrf, db, limiter, login_manager, migrate
from feedback.logging_filters import install_token_filter
from feedback.security import csp_nonce, init_security

LANGUAGE_SESSION_KEY = "language"


def select_locale() -> str:
    """Return the page language: ``?lang=`` if offered, else the one chosen before, else English."""
    from flask import current_app

    offered = current_app.config["LANGUAGES"]
    asked = request.args.get("lang")
    if asked in offered:
        session[LANGUAGE_SESSION_KEY] = asked
        return asked
    remembered = session.get(LANGUAGE_SESSION_KEY)
    return remembered if remembered in offered else current_app.config["BABEL_DEFAULT_LOCALE"]


def _council_name() -> str:
    """Return the name of the council this page speaks for: the family's, or the staff member's."""
    from flask import current_app, g
    from flask_login import current_user

    if "organisation" in g:
        return str(g.organisation.name)
    if current_user and current_user.is_authenticated:
        return str(current_user.organisation.name)
    return str(current_app.config["COUNCIL_NAME"])


def _template_globals() -> dict[str, Any]:
    from flask import current_app, url_for

    return {
        "cspNonce": csp_nonce(),
        "assetPath": url_for("static", filename="govuk/assets"),
        "htmlLang": str(get_locale() or "en"),
        "service_name": current_app.config["SERVICE_NAME"],
        "council_name": _council_name(),
    }


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    """Turn on WAL and foreign keys for SQLite connections; other databases are left alone."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


def init_extensions(app: Flask) -> None:
    """Bind every extension to ``app``."""
    import feedback.models  # noqa: F401 - registers the tables with the metadata

    db.init_app(app)
    migrate.init_app(
        app, db, directory=str(Path(app.root_path).parent / "migrations"), render_as_batch=True
    )
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    login_manager.init_app(app)
    limiter.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = None
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(app.template_folder or "templates"),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    WTFormsHelpers(app)
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.context_processor(_template_globals)
    init_security(app)
    install_token_filter()

    @login_manager.user_loader
    def load_user(user_id: str) -> Any:
        from feedback.models import User

        return db.session.get(User, int(user_id))
