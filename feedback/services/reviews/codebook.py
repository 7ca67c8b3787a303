"""The SEND theme codebook: seeded from ``data/codebook.yaml``, edited by admins, versioned.

Every change (a new theme, new wording, a theme retired) makes a new ``CodebookVersion`` with a
snapshot of every theme, so each coding can say which wording the reviewer saw.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

import yaml
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from feedback.extensions import db
from feedback.models import User
from feedback.models.reviews import CodebookVersion, Theme, ThemeRevision
from feedback.services import audit
from feedback.services.reviews.gazetteers import DATA_DIR

_KEY = re.compile(r"^[a-z][a-z0-9_]{1,62}$")
MAX_NAME_LENGTH = 120
MAX_DESCRIPTION_LENGTH = 1000


class CodebookError(ValueError):
    """A change to the codebook was refused; the message says why and nothing was changed."""


@cache
def seed_themes() -> tuple[dict[str, Any], ...]:
    """Return the shipped codebook's themes (key, name, description), in order."""
    data = yaml.safe_load((DATA_DIR / "codebook.yaml").read_text(encoding="utf-8"))
    return tuple(data["themes"])


def current_version(organisation_id: int) -> CodebookVersion:
    """Return the council's latest codebook version, seeding the shipped codebook if none."""
    version = db.session.scalar(
        select(CodebookVersion)
        .where(CodebookVersion.organisation_id == organisation_id)
        .order_by(CodebookVersion.number.desc())
        .limit(1)
    )
    if version is not None:
        return version
    try:
        return _seed(organisation_id)
    except IntegrityError:
        # Another request seeded the same council at the same moment; use its codebook.
        db.session.rollback()
        return current_version(organisation_id)


def _seed(organisation_id: int) -> CodebookVersion:
    for position, seed in enumerate(seed_themes()):
        db.session.add(
            Theme(
                organisation_id=organisation_id,
                key=seed["key"],
                name=seed["name"],
                description=seed["description"],
                position=position,
            )
        )
    db.session.flush()
    version = _new_version(organisation_id, "Codebook loaded from the shipped SEND themes", None)
    db.session.commit()
    return version


def themes(organisation_id: int, *, include_retired: bool = False) -> list[Theme]:
    """Return the council's themes in codebook order (active ones only unless asked)."""
    current_version(organisation_id)
    query = select(Theme).where(Theme.organisation_id == organisation_id)
    if not include_retired:
        query = query.where(Theme.active.is_(True))
    return list(db.session.scalars(query.order_by(Theme.position, Theme.id)))


def theme_by_id(organisation_id: int, theme_id: int) -> Theme | None:
    """Return the council's theme with this id, or ``None`` (another council's is ``None``)."""
    theme = db.session.get(Theme, theme_id)
    return theme if theme is not None and theme.organisation_id == organisation_id else None


def add_theme(organisation_id: int, *, key: str, name: str, description: str, actor: User) -> Theme:
    """Add a theme, make a new codebook version, audit and commit; return the theme.

    Raises ``CodebookError`` for a malformed or taken key, or an empty or long name/description.
    """
    current_version(organisation_id)
    key = key.strip().lower()
    if not _KEY.match(key):
        raise CodebookError("Key must be 2 to 63 lower-case letters, digits or underscores")
    taken = db.session.scalar(
        select(Theme.id).where(Theme.organisation_id == organisation_id, Theme.key == key)
    )
    if taken is not None:
        raise CodebookError(f"A theme with key {key!r} already exists")
    name, description = _checked_wording(name, description)
    last = db.session.scalar(
        select(func.max(Theme.position)).where(Theme.organisation_id == organisation_id)
    )
    theme = Theme(
        organisation_id=organisation_id,
        key=key,
        name=name,
        description=description,
        position=(last or 0) + 1,
    )
    db.session.add(theme)
    db.session.flush()
    version = _new_version(organisation_id, f"Added theme {key}", actor)
    audit.record(
        "codebook.theme_add",
        actor=actor,
        target_type="theme",
        target_id=theme.id,
        codebook_version=version.number,
    )
    db.session.commit()
    return theme


def update_theme(
    organisation_id: int,
    theme_id: int,
    *,
    name: str,
    description: str,
    active: bool,
    actor: User,
) -> Theme:
    """Change a theme's wording or retire/restore it, as a new codebook version; commit.

    Raises ``LookupError`` for another council's or a missing theme, ``CodebookError`` for bad
    wording or when nothing changed.
    """
    theme = theme_by_id(organisation_id, theme_id)
    if theme is None:
        raise LookupError("no such theme")
    name, description = _checked_wording(name, description)
    if (theme.name, theme.description, theme.active) == (name, description, active):
        raise CodebookError("Nothing was changed")
    theme.name, theme.description, theme.active = name, description, active
    db.session.flush()
    version = _new_version(organisation_id, f"Changed theme {theme.key}", actor)
    audit.record(
        "codebook.theme_update",
        actor=actor,
        target_type="theme",
        target_id=theme.id,
        codebook_version=version.number,
        active=active,
    )
    db.session.commit()
    return theme


def versions(organisation_id: int) -> list[CodebookVersion]:
    """Return the council's codebook versions, newest first."""
    current_version(organisation_id)
    return list(
        db.session.scalars(
            select(CodebookVersion)
            .where(CodebookVersion.organisation_id == organisation_id)
            .order_by(CodebookVersion.number.desc())
        )
    )


def version_wording(version: CodebookVersion) -> Sequence[ThemeRevision]:
    """Return every theme's wording as it stood in ``version``."""
    return list(
        db.session.scalars(
            select(ThemeRevision)
            .where(ThemeRevision.codebook_version_id == version.id)
            .order_by(ThemeRevision.id)
        )
    )


def _checked_wording(name: str, description: str) -> tuple[str, str]:
    name, description = name.strip(), description.strip()
    if not name or len(name) > MAX_NAME_LENGTH:
        raise CodebookError(f"Enter a theme name of {MAX_NAME_LENGTH} characters or fewer")
    if not description or len(description) > MAX_DESCRIPTION_LENGTH:
        raise CodebookError(f"Enter a description of {MAX_DESCRIPTION_LENGTH} characters or fewer")
    return name, description


def _new_version(organisation_id: int, summary: str, actor: User | None) -> CodebookVersion:
    """Add a version numbered after the last, with a snapshot of every theme (no commit)."""
    last = db.session.scalar(
        select(func.max(CodebookVersion.number)).where(
            CodebookVersion.organisation_id == organisation_id
        )
    )
    version = CodebookVersion(
        organisation_id=organisation_id,
        number=(last or 0) + 1,
        summary=summary,
        created_by_id=actor.id if actor is not None else None,
    )
    db.session.add(version)
    db.session.flush()
    for theme in db.session.scalars(select(Theme).where(Theme.organisation_id == organisation_id)):
        db.session.add(
            ThemeRevision(
                theme_id=theme.id,
                codebook_version_id=version.id,
                name=theme.name,
                description=theme.description,
                active=theme.active,
            )
        )
    db.session.flush()
    return version
