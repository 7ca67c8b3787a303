"""Binding the extensions, templates, security headers and database pragmas to an app."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from sqlalchemy import event
from sqlalchemy.engine import Engine

from feedback.extensions import babel, csrf, db, fragment_cache, limiter, login_manager, migrate
from feedback.formatting import register_filters
from feedback.logging_filters import install_token_filter
from feedback.security import csp_nonce, init_security
from feedback.static_files import init_static_files
from feedback.upload_limits import init_upload_limits


def select_locale() -> str:
    """Return the page language (``feedback.services.languages.select_locale`` decides)."""
    from feedback.services import languages

    return languages.select_locale()


def _council_name() -> str:
    """Return the name of the council this page speaks for: the family's, or the staff member's."""
    from flask import current_app, g
    from flask_login import current_user
    from sqlalchemy.exc import SQLAlchemyError

    # An error page drawn after the database failed asks it nothing (feedback/blueprints/errors).
    if g.get("database_unavailable"):
        return str(current_app.config["COUNCIL_NAME"])
    try:
        if "organisation" in g:
            return str(g.organisation.name)
        if current_user and current_user.is_authenticated:
            return str(current_user.organisation.name)
    except SQLAlchemyError:
        g.database_unavailable = True
    return str(current_app.config["COUNCIL_NAME"])


def _template_globals() -> dict[str, Any]:
    from flask import current_app, url_for

    from feedback.services import languages, organisations

    return {
        "cspNonce": csp_nonce(),
        "assetPath": url_for("static", filename="govuk/assets"),
        # `lang`, and `dir="rtl"` for right-to-left languages, on the <html> element.
        "htmlLang": languages.html_lang_attribute(),
        "language_switch": languages.language_switch(),
        "service_name": current_app.config["SERVICE_NAME"],
        "council_name": _council_name(),
        # Called only by the pages that give families the council's contact details.
        "council_contact": organisations.page_contact,
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
    from feedback.rate_limit_storage import check_rate_limit_settings  # registers database://

    db.init_app(app)
    migrate.init_app(
        app, db, directory=str(Path(app.root_path).parent / "migrations"), render_as_batch=True
    )
    # Upload pages' own size limits first: the CSRF check reads the request body.
    init_upload_limits(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    login_manager.init_app(app)
    check_rate_limit_settings(app.config)
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
    fragment_cache.init_app(app)
    app.jinja_env.add_extension("jinja2.ext.i18n")
    register_filters(app)
    app.context_processor(_template_globals)
    init_security(app)
    install_token_filter(app)
    init_static_files(app)

    @login_manager.user_loader
    def load_user(user_id: str) -> Any:
        from feedback.services.sessions import load_signed_in_user

        return load_signed_in_user(user_id)
