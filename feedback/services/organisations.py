"""Councils hosted by this installation, and the contact details each gives families."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import g
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from feedback.extensions import db
from feedback.models import Invitation, Organisation, User
from feedback.services import audit
from feedback.services.tokens import hash_token

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


@dataclass(frozen=True, slots=True)
class CouncilContact:
    """How a family reaches the council's SEND team and the local SENDIASS.

    Empty fields were not set by the council's admin; ``council_name`` is ``None`` when the page
    does not know which council the family belongs to (an unknown link).
    """

    council_name: str | None
    phone: str | None = None
    email: str | None = None
    hours: str | None = None
    sendiass_name: str | None = None
    sendiass_phone: str | None = None
    sendiass_email: str | None = None
    sendiass_website: str | None = None

    @property
    def has_council_details(self) -> bool:
        """Whether the council gave a phone number or an email address for its SEND team."""
        return bool(self.phone or self.email)

    @property
    def has_sendiass(self) -> bool:
        """Whether the council named its local SENDIASS."""
        return bool(self.sendiass_name)

    @staticmethod
    def phone_href(phone: str) -> str:
        """Return a ``tel:`` link for ``phone`` (digits and a leading plus only)."""
        return "tel:" + re.sub(r"[^0-9+]", "", phone)


class ContactDetailsError(ValueError):
    """Contact details were not saved; ``errors`` maps each field to what is wrong with it."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors


# The contact fields an admin sets, with their longest allowed length (the columns').
CONTACT_FIELDS: dict[str, int] = {
    "contact_phone": 32,
    "contact_email": 254,
    "contact_hours": 200,
    "sendiass_name": 200,
    "sendiass_phone": 32,
    "sendiass_email": 254,
    "sendiass_website": 300,
}
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]*[0-9]$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def contact_details(organisation: Organisation) -> CouncilContact:
    """Return ``organisation``'s contact details as families see them."""
    return CouncilContact(
        council_name=organisation.name,
        phone=organisation.contact_phone,
        email=organisation.contact_email,
        hours=organisation.contact_hours,
        sendiass_name=organisation.sendiass_name,
        sendiass_phone=organisation.sendiass_phone,
        sendiass_email=organisation.sendiass_email,
        sendiass_website=organisation.sendiass_website,
    )


def update_contact_details(
    organisation: Organisation, values: Mapping[str, str | None], *, actor: User | None = None
) -> list[str]:
    """Check, save, audit and commit ``organisation``'s contact details; return the fields that
    changed.

    Every field of ``CONTACT_FIELDS`` is replaced (an empty value clears it, though the SEND
    team's phone number and email address cannot both be cleared). Raises
    ``ContactDetailsError`` with a message per bad field, changing nothing, when any is invalid.
    The audit event names the changed fields, not their values.
    """
    cleaned, errors = clean_contact_details(values)
    if errors:
        raise ContactDetailsError(errors)
    changed = [name for name in CONTACT_FIELDS if getattr(organisation, name) != cleaned[name]]
    if not changed:
        return []
    for name in changed:
        setattr(organisation, name, cleaned[name])
    audit.record(
        "organisation.contact_details",
        actor=actor,
        organisation_id=organisation.id,
        target_type="organisation",
        target_id=organisation.id,
        fields=changed,
    )
    db.session.commit()
    return changed


def clean_contact_details(
    values: Mapping[str, str | None],
) -> tuple[dict[str, str | None], dict[str, str]]:
    """Return the contact details trimmed (empty as ``None``) and a message for each bad one.

    The SEND team needs a phone number or an email address (families are told to ask it for a
    new link); every other field may be left empty.
    """
    cleaned: dict[str, str | None] = {}
    errors: dict[str, str] = {}
    for name, longest in CONTACT_FIELDS.items():
        value = (values.get(name) or "").strip()
        cleaned[name] = value or None
        if not value:
            continue
        if _CONTROL.search(value):
            errors[name] = _("Enter this on one line, without special characters")
        elif len(value) > longest:
            errors[name] = _("Enter %(number)d characters or fewer", number=longest)
        elif name.endswith("_phone") and not _valid_phone(value):
            errors[name] = _("Enter a phone number, like 01632 960 001 or +44 1632 960 001")
        elif name.endswith("_email") and not _EMAIL.match(value):
            errors[name] = _(
                "Enter an email address in the correct format, like send@example.gov.uk"
            )
        elif name.endswith("_website") and not _valid_website(value):
            errors[name] = _(
                "Enter a web address starting with https://, like https://www.example.org.uk"
            )
    if not cleaned["contact_phone"] and not cleaned["contact_email"]:
        # Families are told to ask the SEND team for a new link: they must be able to reach it.
        errors.setdefault(
            "contact_phone", _("Enter a phone number or an email address for the SEND team")
        )
    sendiass = ("sendiass_phone", "sendiass_email", "sendiass_website")
    if not cleaned["sendiass_name"] and any(cleaned[name] for name in sendiass):
        errors.setdefault("sendiass_name", _("Enter the name of the SENDIASS service"))
    return cleaned, errors


def _valid_phone(value: str) -> bool:
    digits = sum(character.isdigit() for character in value)
    return bool(_PHONE.match(value)) and 10 <= digits <= 15


def _valid_website(value: str) -> bool:
    parts = urlsplit(value)
    return (
        parts.scheme == "https"
        and "." in (parts.hostname or "")
        and not any(character.isspace() for character in value)
    )


def page_contact() -> CouncilContact:
    """Return the contact details a family-facing page should give.

    The family's council when the page knows it (their link), else the council of a one-council
    installation; otherwise a contact without a council, for which pages give general advice.
    Staff who are signed in see their own council's. Never raises: an error page must render
    even when the database cannot answer.
    """
    if g.get("database_unavailable"):  # set by the error pages when the database failed
        return CouncilContact(council_name=None)
    try:
        if "organisation" in g:
            return contact_details(g.organisation)
        if current_user and current_user.is_authenticated:
            return contact_details(current_user.organisation)
        sole = sole_organisation()
    except SQLAlchemyError:
        # The page is explaining an error already; general advice is better than none.
        g.database_unavailable = True
        return CouncilContact(council_name=None)
    return contact_details(sole) if sole is not None else CouncilContact(council_name=None)


def organisation_of_link(token: str) -> Organisation | None:
    """Return the council whose family link ``token`` is, even if the link can no longer be
    used (expired, opted out), so its page can say whom to ask for a new one; else ``None``."""
    return db.session.scalar(
        select(Organisation)
        .join(Invitation, Invitation.organisation_id == Organisation.id)
        .where(Invitation.token_hash == hash_token(token))
    )
