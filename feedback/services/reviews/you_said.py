"""'You said, we did': entries drafted by reviewers and leads, published by leads.

An entry says what families said (a theme, in words a council would publish, never a quote that
could identify a family), what changed and when. Published entries appear on the council's
public page; drafts are for staff only.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select

from feedback.extensions import db
from feedback.models import User, utcnow
from feedback.models.reviews import EntryStatus, Theme, YouSaidEntry
from feedback.services import audit

MAX_TEXT_LENGTH = 2000


class EntryError(ValueError):
    """An entry change was refused; the message says why and nothing was changed."""


def entries(organisation_id: int, *, status: EntryStatus | None = None) -> list[YouSaidEntry]:
    """Return the council's entries, newest change first."""
    query = select(YouSaidEntry).where(YouSaidEntry.organisation_id == organisation_id)
    if status is not None:
        query = query.where(YouSaidEntry.status == status.value)
    return list(
        db.session.scalars(query.order_by(YouSaidEntry.changed_on.desc(), YouSaidEntry.id.desc()))
    )


def entry_by_id(organisation_id: int, entry_id: int) -> YouSaidEntry | None:
    """Return the council's entry with this id, or ``None`` (another council's is ``None``)."""
    entry = db.session.get(YouSaidEntry, entry_id)
    return entry if entry is not None and entry.organisation_id == organisation_id else None


def save_entry(
    organisation_id: int,
    *,
    you_said: str,
    we_did: str,
    changed_on: date,
    theme_ids: Iterable[int],
    actor: User,
    entry_id: int | None = None,
) -> YouSaidEntry:
    """Create an entry (or change a draft); audit and commit; return it.

    Raises ``LookupError`` for a missing or another council's entry, and ``EntryError`` for
    empty or over-long text, a date in the future, an unknown theme, or a published entry
    (unpublish it first).
    """
    you_said, we_did = you_said.strip(), we_did.strip()
    if not you_said or not we_did:
        raise EntryError("Enter what families said and what was done")
    if len(you_said) > MAX_TEXT_LENGTH or len(we_did) > MAX_TEXT_LENGTH:
        raise EntryError(f"Each part must be {MAX_TEXT_LENGTH} characters or fewer")
    if changed_on > utcnow().date():
        raise EntryError("The date of the change must be today or in the past")
    chosen = set(theme_ids)
    themes = list(
        db.session.scalars(
            select(Theme).where(Theme.organisation_id == organisation_id, Theme.id.in_(chosen))
        )
    )
    if len(themes) != len(chosen):
        raise EntryError("Select themes from the codebook")
    if entry_id is None:
        entry = YouSaidEntry(organisation_id=organisation_id, created_by_id=actor.id)
        db.session.add(entry)
        action = "you_said.create"
    else:
        found = entry_by_id(organisation_id, entry_id)
        if found is None:
            raise LookupError("no such entry")
        if found.status == EntryStatus.PUBLISHED.value:
            raise EntryError("Unpublish this entry before changing it")
        entry = found
        action = "you_said.update"
    entry.you_said, entry.we_did, entry.changed_on = you_said, we_did, changed_on
    entry.themes = themes
    entry.updated_at = utcnow()
    db.session.flush()
    audit.record(action, actor=actor, target_type="you_said_entry", target_id=entry.id)
    db.session.commit()
    return entry


def set_published(organisation_id: int, entry_id: int, publish: bool, *, actor: User) -> None:
    """Publish or unpublish an entry; audit and commit.

    Raises ``LookupError`` for a missing or another council's entry.
    """
    entry = entry_by_id(organisation_id, entry_id)
    if entry is None:
        raise LookupError("no such entry")
    if publish:
        entry.status = EntryStatus.PUBLISHED.value
        entry.published_by_id = actor.id
        entry.published_at = utcnow()
    else:
        entry.status = EntryStatus.DRAFT.value
        entry.published_at = None
    audit.record(
        "you_said.publish" if publish else "you_said.unpublish",
        actor=actor,
        target_type="you_said_entry",
        target_id=entry.id,
    )
    db.session.commit()
