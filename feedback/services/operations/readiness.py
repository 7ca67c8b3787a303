"""Readiness: the database answers and its schema is at the newest migration."""

from __future__ import annotations

from dataclasses import dataclass

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from feedback.extensions import db


@dataclass(frozen=True, slots=True)
class Readiness:
    """Whether this app server should receive traffic, and why not.

    ``database`` is ``"ok"`` or ``"error"``; ``migrations`` is ``"ok"`` (at head), ``"behind"``
    (run ``flask db upgrade``), ``"missing"`` (never migrated) or ``"unknown"`` (no database).
    """

    database: str
    migrations: str
    current: tuple[str, ...]
    head: tuple[str, ...]

    @property
    def ready(self) -> bool:
        """Return whether both checks passed."""
        return self.database == "ok" and self.migrations == "ok"


def migration_heads() -> tuple[str, ...]:
    """Return the head revisions of the migration scripts, read once per process."""
    heads = current_app.extensions.get("migration_heads")
    if heads is None:
        migrate = current_app.extensions["migrate"]
        config = migrate.migrate.get_config(migrate.directory)
        heads = tuple(sorted(ScriptDirectory.from_config(config).get_heads()))
        current_app.extensions["migration_heads"] = heads
    return heads


def check_readiness() -> Readiness:
    """Return whether the database is reachable and its ``alembic_version`` is at the head."""
    head = migration_heads()
    try:
        with db.engine.connect() as connection:
            current = tuple(sorted(MigrationContext.configure(connection).get_current_heads()))
    except SQLAlchemyError:
        return Readiness(database="error", migrations="unknown", current=(), head=head)
    if not current:
        state = "missing"
    elif current == head:
        state = "ok"
    else:
        state = "behind"
    return Readiness(database="ok", migrations=state, current=current, head=head)
