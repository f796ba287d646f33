"""figure_meaning.relation may be same_group or target

A household count stated beside the person count of the same group ("10,337 households and
41,348 people were relocated") now carries relation ``same_group`` pointing at the person
count, so v_indicator_by_year keeps one value for the question "how many people". A figure a
plan sets ("plan to build 300 schools by 2020") carries relation ``target``: it is no result.
The column's comment lists the new values. Comments only: SQLite keeps no column comments, so
this revision changes nothing there.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 23:20:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

OLD = 'part_of, included_in, share, plan_completion, from, increase, decrease, comparison; NULL for a plain level.'
NEW = ('part_of, included_in, same_group, target, share, plan_completion, from, increase, decrease, '
       'comparison; NULL for a plain level.')


def _comment(comment: str, existing: str) -> None:
    if op.get_bind().dialect.name == 'sqlite':
        return
    op.alter_column('figure_meaning', 'relation', existing_type=sa.String(length=32), existing_nullable=True,
                    comment=comment, existing_comment=existing)


def upgrade() -> None:
    _comment(NEW, OLD)


def downgrade() -> None:
    _comment(OLD, NEW)
