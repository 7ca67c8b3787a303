"""The data model. Import from here so Alembic sees every table."""

from feedback.models.cases import AnnualReview, Audience, Case, Channel, DraftAnswer, Invitation, Stage
from feedback.models.responses import Answer, Comment, Response
from feedback.models.staff import AuditEvent, Role, User
from feedback.models.types import utcnow

__all__ = [
    "Answer",
    "AnnualReview",
    "Audience",
    "AuditEvent",
    "Case",
    "Channel",
    "Comment",
    "DraftAnswer",
    "Invitation",
    "Response",
    "Role",
    "Stage",
    "User",
    "utcnow",
]
