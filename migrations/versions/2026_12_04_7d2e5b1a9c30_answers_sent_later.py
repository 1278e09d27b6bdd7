"""answers sent later: a quiz attempt keeps when it was answered as well as when it was received, and a flag for
answers given on a quiz version the server no longer knows; quiz versions are kept to grade late answers

Existing attempts were answered when they were received.

Revision ID: 7d2e5b1a9c30
Revises: 3f9a1c2d7e4b
Create Date: 2026-12-04 16:00:00.000000
"""
import sqlalchemy as sa
from alembic import op

revision = '7d2e5b1a9c30'
down_revision = '3f9a1c2d7e4b'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'quiz_versions',
        sa.Column('course_id', sa.String(length=64), nullable=False),
        sa.Column('module_id', sa.String(length=64), nullable=False),
        sa.Column('content_version', sa.String(length=32), nullable=False),
        sa.Column('quiz', sa.JSON(), nullable=False),
        sa.Column('first_seen_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('course_id', 'module_id', 'content_version', name=op.f('pk_quiz_versions')),
    )
    with op.batch_alter_table('quiz_attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('needs_review', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute("UPDATE quiz_attempts SET answered_at = created_at")
    with op.batch_alter_table('quiz_attempts', schema=None) as batch_op:
        batch_op.alter_column('answered_at', existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.alter_column('needs_review', existing_type=sa.Boolean(), server_default=None)


def downgrade() -> None:
    with op.batch_alter_table('quiz_attempts', schema=None) as batch_op:
        batch_op.drop_column('needs_review')
        batch_op.drop_column('answered_at')
    op.drop_table('quiz_versions')
