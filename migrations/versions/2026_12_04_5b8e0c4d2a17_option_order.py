"""option order: a quiz attempt keeps the order its options were shown in (shuffled per attempt on phones)

Existing attempts and paper results have none: their options were shown in the module's order.

Revision ID: 5b8e0c4d2a17
Revises: 7d2e5b1a9c30
Create Date: 2026-12-04 20:00:00.000000
"""
import sqlalchemy as sa
from alembic import op

revision = '5b8e0c4d2a17'
down_revision = '7d2e5b1a9c30'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('quiz_attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('option_order', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('quiz_attempts', schema=None) as batch_op:
        batch_op.drop_column('option_order')
