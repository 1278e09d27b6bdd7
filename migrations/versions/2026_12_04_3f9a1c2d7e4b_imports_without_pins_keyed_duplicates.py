"""imports without PINs and keyed duplicate keys: households may have no PIN yet (imported, until their cards are
printed); the import's duplicate key is an HMAC in its own column, and matches outside the importer's scope are
kept as suspected duplicates for the coordinators

The old unkeyed import keys (row:, kobo:, key:) are blanked: they could be recomputed without any secret and would
no longer match anyway. The registration form's "form:<submission id>" keys stay in import_key.

Revision ID: 3f9a1c2d7e4b
Revises: 8c5d9cb3df3a
Create Date: 2026-12-04 10:00:00.000000
"""
import sqlalchemy as sa
from alembic import op

revision = '3f9a1c2d7e4b'
down_revision = '8c5d9cb3df3a'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'suspected_duplicates',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('household_id', sa.Integer(), nullable=False),
        sa.Column('matches_id', sa.Integer(), nullable=False),
        sa.Column('found_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('found_by_id', sa.Integer(), nullable=True),
        sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('resolved_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['found_by_id'], ['staff.id'], name=op.f('fk_suspected_duplicates_found_by_id_staff')),
        sa.ForeignKeyConstraint(['household_id'], ['households.id'],
                                name=op.f('fk_suspected_duplicates_household_id_households'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['matches_id'], ['households.id'],
                                name=op.f('fk_suspected_duplicates_matches_id_households'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['resolved_by_id'], ['staff.id'],
                                name=op.f('fk_suspected_duplicates_resolved_by_id_staff')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_suspected_duplicates')),
        sa.UniqueConstraint('household_id', 'matches_id',
                            name=op.f('uq_suspected_duplicates_household_id_matches_id')),
    )
    with op.batch_alter_table('suspected_duplicates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suspected_duplicates_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_suspected_duplicates_matches_id'), ['matches_id'], unique=False)

    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.add_column(sa.Column('duplicate_key', sa.String(length=64), nullable=True))
        batch_op.alter_column('pin_hash', existing_type=sa.String(length=255), nullable=True)
        batch_op.alter_column('pin_issued_at', existing_type=sa.DateTime(timezone=True), nullable=True)
        batch_op.create_index(batch_op.f('ix_households_duplicate_key'), ['duplicate_key'], unique=False)

    op.execute("UPDATE households SET import_key = NULL "
               "WHERE import_key LIKE 'row:%' OR import_key LIKE 'kobo:%' OR import_key LIKE 'key:%'")


def downgrade() -> None:
    # Households without a PIN get one that matches nothing ("!", as erased households have): print their cards.
    op.execute("UPDATE households SET pin_hash = '!' WHERE pin_hash IS NULL")
    op.execute("UPDATE households SET pin_issued_at = created_at WHERE pin_issued_at IS NULL")
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_households_duplicate_key'))
        batch_op.alter_column('pin_issued_at', existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.alter_column('pin_hash', existing_type=sa.String(length=255), nullable=False)
        batch_op.drop_column('duplicate_key')

    with op.batch_alter_table('suspected_duplicates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_suspected_duplicates_matches_id'))
        batch_op.drop_index(batch_op.f('ix_suspected_duplicates_household_id'))

    op.drop_table('suspected_duplicates')
