"""Councils hosted by this installation."""

from __future__ import annotations

import re

from flask import g
from sqlalchemy import select

from feedback.extensions import db
from feedback.models import Organisation, User
from feedback.services import audit

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")


class OrganisationError(ValueError):
    """An organisation could not be created; the message says why and nothing was changed."""


def create_organisation(*, slug: str, name: str, actor: User | None = None) -> Organisation:
    """Create, audit and commit a new organisation, and return it.

    Raises ``OrganisationError`` for a malformed or taken slug, or an empty name.
    """
    slug = slug.strip().lower()
    if not _SLUG.match(slug):
        raise OrganisationError("Slug must be 2 to 63 lower-case letters, digits or hyphens")
    if not name.strip():
        raise OrganisationError("Enter the organisation's name")
    if find_organisation(slug) is not None:
        raise OrganisationError(f"An organisation with slug {slug!r} already exists")
    organisation = Organisation(slug=slug, name=name.strip())
    db.session.add(organisation)
    db.session.flush()
    audit.record(
        "organisation.create",
        actor=actor,
        organisation_id=organisation.id,
        target_type="organisation",
        target_id=organisation.id,
    )
    db.session.commit()
    return organisation


def find_organisation(slug: str) -> Organisation | None:
    """Return the organisation with this slug, or ``None``."""
    return db.session.scalar(select(Organisation).where(Organisation.slug == slug.strip().lower()))


def ensure_organisation(slug: str, name: str) -> Organisation:
    """Return the organisation with this slug, creating it with ``name`` if it does not exist."""
    return find_organisation(slug) or create_organisation(slug=slug, name=name)


def sole_organisation() -> Organisation | None:
    """Return the only organisation when the installation hosts exactly one, else ``None``."""
    organisations = db.session.scalars(select(Organisation).limit(2)).all()
    return organisations[0] if len(organisations) == 1 else None


def use_organisation(organisation: Organisation) -> None:
    """Make ``organisation`` the one this request's pages speak for (its name in the header)."""
    g.organisation = organisation
