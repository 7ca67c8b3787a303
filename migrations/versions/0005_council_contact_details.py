"""Councils' contact details for families: the SEND team and the local SENDIASS

Revision ID: 0005_council_contact_details
Revises: 0004_staff_accounts
Create Date: 2026-12-06 17:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0005_council_contact_details'
down_revision = '0004_staff_accounts'
branch_labels = None
depends_on = None

COLUMNS = (
    ("contact_phone", 32),
    ("contact_email", 254),
    ("contact_hours", 200),
    ("sendiass_name", 200),
    ("sendiass_phone", 32),
    ("sendiass_email", 254),
    ("sendiass_website", 300),
)


def upgrade():
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        for name, length in COLUMNS:
            batch_op.add_column(sa.Column(name, sa.String(length=length), nullable=True))


def downgrade():
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        for name, _length in reversed(COLUMNS):
            batch_op.drop_column(name)
