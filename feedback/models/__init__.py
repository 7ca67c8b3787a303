"""The data model. Import from here so Alembic sees every table."""

from feedback.models.cases import (
    AnnualReview,
    Audience,
    Case,
    Channel,
    DraftAnswer,
    Invitation,
    Stage,
)
from feedback.models.organisations import Organisation
from feedback.models.responses import Answer, Comment, Response
from feedback.models.staff import (
    AccountLink,
    AccountLinkPurpose,
    AuditEvent,
    RecoveryCode,
    Role,
    User,
)
from feedback.models.types import utcnow

# Each area's tables live in their own module; importing them registers them with the metadata.
from feedback.models import kpis, messaging, rate_limits, reviews  # noqa: F401  isort: skip

__all__ = [
    "AccountLink",
    "AccountLinkPurpose",
    "AnnualReview",
    "Answer",
    "Audience",
    "AuditEvent",
    "Case",
    "Channel",
    "Comment",
    "DraftAnswer",
    "Invitation",
    "Organisation",
    "RecoveryCode",
    "Response",
    "Role",
    "Stage",
    "User",
    "utcnow",
]
