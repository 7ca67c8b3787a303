"""The one place that writes the audit trail."""

from __future__ import annotations

from typing import Any

from feedback.extensions import db
from feedback.models import AuditEvent, User


def record(
    action: str,
    *,
    actor: User | None = None,
    organisation_id: int | None = None,
    target_type: str | None = None,
    target_id: object | None = None,
    **details: Any,
) -> AuditEvent:
    """Add an audit event to the session (the caller commits) and return it.

    ``details`` must hold no personal data: ids, role names and counts, never emails or text.
    """
    if organisation_id is None and actor is not None:
        organisation_id = actor.organisation_id
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        organisation_id=organisation_id,
        action=action,
        target_type=target_type,
        target_id=None if target_id is None else str(target_id),
        details=details,
    )
    db.session.add(event)
    return event
