"""Answered invitations were started and opened: fill in the missing stamps

An invitation answered without a page-save stamp (demo data, answers from before the start was
recorded) counted as answered but not started, so the response-rate pages showed "Started 0"
beside hundreds answered. Answering implies starting, and starting implies opening; the missing
stamp is taken as the next step's time, the latest it can have been.

Revision ID: 0003_answered_implies_started
Revises: 0002_receipts_rate_limits
Create Date: 2026-12-06 17:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0003_answered_implies_started'
down_revision = '0002_receipts_rate_limits'
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        "UPDATE invitation SET started_at = completed_at "
        "WHERE started_at IS NULL AND completed_at IS NOT NULL"
    )
    op.execute(
        "UPDATE invitation SET opened_at = started_at "
        "WHERE opened_at IS NULL AND started_at IS NOT NULL"
    )


def downgrade():
    # The filled-in stamps cannot be told from recorded ones; they are true either way.
    pass
