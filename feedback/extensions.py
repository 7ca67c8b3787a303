"""Flask extensions, created once and bound to the app in ``create_app``."""

from __future__ import annotations

from flask_babel import Babel
from flask_caching import Cache
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from feedback.request_origin import SameOriginCSRFProtect

# Stable constraint names keep migrations reproducible across SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base for every model, with the naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
# The session's token, plus an Origin/Sec-Fetch-Site check in place of Flask-WTF's Referer check.
csrf = SameOriginCSRFProtect()
login_manager = LoginManager()
babel = Babel()
# Fragments of the page layout that are the same for every family in a language and council
# (header, footer), rendered once per app process: `{% cache None, "name", … %}` in templates.
fragment_cache = Cache()
# Storage comes from the RATELIMIT_STORAGE_URI setting: database:// (the service's own database,
# feedback/rate_limit_storage.py) or redis://, so every app server shares the counts.
limiter = Limiter(key_func=get_remote_address)
