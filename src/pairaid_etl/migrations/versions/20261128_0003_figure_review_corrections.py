"""figure review corrections: corrected value/unit/indicator, rejected_by_review, reviewed

Reviewer corrections (reviews/corrections.yaml) are applied on every ingest; the original
extraction columns are never overwritten.

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-28 23:33:26.663514
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('figure', schema=None) as batch_op:
        batch_op.add_column(sa.Column('corrected_value', sa.Float(precision=53), nullable=True, comment='Value set by a reviewer (in corrected_unit if set, else unit); NULL when not corrected.'))
        batch_op.add_column(sa.Column('corrected_unit', sa.String(length=16), nullable=True, comment='Unit code set by a reviewer; NULL when not corrected.'))
        batch_op.add_column(sa.Column('corrected_canonical_value', sa.Float(precision=53), nullable=True, comment="Canonical value after the reviewer's value/unit correction; NULL when neither was corrected."))
        batch_op.add_column(sa.Column('corrected_canonical_unit', sa.String(length=16), nullable=True, comment="Canonical unit after the reviewer's unit correction; NULL when neither value nor unit was corrected."))
        batch_op.add_column(sa.Column('corrected_indicator', sa.String(length=64), nullable=True, comment='Indicator code set by a reviewer; NULL when not corrected.'))
        batch_op.add_column(sa.Column('rejected_by_review', sa.Boolean(), server_default=sa.false(), nullable=False, comment='True when a reviewer rejected the figure: not a real figure.'))
        batch_op.add_column(sa.Column('reviewed', sa.Boolean(), server_default=sa.false(), nullable=False, comment='True when at least one reviewer correction applies to the figure.'))


def downgrade() -> None:
    with op.batch_alter_table('figure', schema=None) as batch_op:
        batch_op.drop_column('reviewed')
        batch_op.drop_column('rejected_by_review')
        batch_op.drop_column('corrected_indicator')
        batch_op.drop_column('corrected_canonical_unit')
        batch_op.drop_column('corrected_canonical_value')
        batch_op.drop_column('corrected_unit')
        batch_op.drop_column('corrected_value')
