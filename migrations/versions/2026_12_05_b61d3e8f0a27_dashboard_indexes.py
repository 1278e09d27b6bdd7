"""dashboard indexes: a course's lesson reads, and its quiz attempts per module with member and result

The coordinators' dashboard counts these for the whole programme; without them it read every row of both tables
(bench/RESULTS.md, "Coordinators' exports and dashboard").

Revision ID: b61d3e8f0a27
Revises: 9a4c7e2b1d58
Create Date: 2026-12-05 00:00:00.000000
"""
from alembic import op

revision = 'b61d3e8f0a27'
down_revision = '9a4c7e2b1d58'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_lesson_reads_course', 'lesson_reads', ['course_id'])
    op.create_index('ix_quiz_attempts_course_module', 'quiz_attempts', ['course_id', 'module_id', 'member_id', 'passed'])


def downgrade() -> None:
    op.drop_index('ix_quiz_attempts_course_module', table_name='quiz_attempts')
    op.drop_index('ix_lesson_reads_course', table_name='lesson_reads')
