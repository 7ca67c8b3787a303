"""How far a family got with an invitation: opened the link, started, answered.

Each step is stamped once, the first time it happens, and a later step implies the earlier ones:
a family who saved a page opened the link (perhaps from a bookmarked question page), and one who
answered started. So the counts on the response-rate pages always nest, answered ≤ started ≤
opened ≤ invited. "Started" means the first question page was saved, answered or skipped
(docs/decisions.md).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func

from feedback.models import Invitation


def record_started(invitation: Invitation, at: datetime) -> None:
    """Stamp the first page saved (and the link opened, if that was missed); later pages keep
    the first stamps. The caller commits.

    Parameters
    ----------
    invitation : Invitation
        The family's invitation.
    at : datetime
        When the page was saved (UTC).
    """
    if invitation.opened_at is None:
        invitation.opened_at = at
    if invitation.started_at is None:
        invitation.started_at = at


def answered_stamps(at: datetime) -> dict[str, Any]:
    """The values for the UPDATE that claims an invitation as answered.

    Answering stamps ``completed_at`` and fills in the opened and started stamps when they are
    missing, so the claiming statement keeps the steps nested in one write.

    Parameters
    ----------
    at : datetime
        When the answers were sent (UTC).

    Returns
    -------
    dict
        Column name to value or SQL expression, for ``update(Invitation).values(**...)``.
    """
    return {
        "completed_at": at,
        "started_at": func.coalesce(Invitation.started_at, at),
        "opened_at": func.coalesce(Invitation.opened_at, at),
    }
