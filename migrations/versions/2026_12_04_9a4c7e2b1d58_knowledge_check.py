"""knowledge check: what members knew before a course (the check) and after (first attempts on the same questions)

Revision ID: 9a4c7e2b1d58
Revises: 5b8e0c4d2a17
Create Date: 2026-12-04 22:00:00.000000
"""
import sqlalchemy as sa
from alembic import op

revision = '9a4c7e2b1d58'
down_revision = '5b8e0c4d2a17'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('knowledge_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.String(length=64), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.String(length=64), nullable=False),
    sa.Column('skipped', sa.Boolean(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('option_order', sa.JSON(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_knowledge_checks_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_knowledge_checks')),
    sa.UniqueConstraint('member_id', 'course_id', name=op.f('uq_knowledge_checks_member_id_course_id')),
    sa.UniqueConstraint('submission_id', name=op.f('uq_knowledge_checks_submission_id'))
    )
    op.create_table('knowledge_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.String(length=64), nullable=False),
    sa.Column('module_id', sa.String(length=64), nullable=False),
    sa.Column('before_correct', sa.Integer(), nullable=True),
    sa.Column('before_asked', sa.Integer(), nullable=True),
    sa.Column('after_correct', sa.Integer(), nullable=True),
    sa.Column('after_asked', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_knowledge_scores_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_knowledge_scores')),
    sa.UniqueConstraint('member_id', 'course_id', 'module_id', name=op.f('uq_knowledge_scores_member_id_course_id_module_id'))
    )
    with op.batch_alter_table('knowledge_scores', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_knowledge_scores_member_id'), ['member_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('knowledge_scores', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_knowledge_scores_member_id'))
    op.drop_table('knowledge_scores')
    op.drop_table('knowledge_checks')
