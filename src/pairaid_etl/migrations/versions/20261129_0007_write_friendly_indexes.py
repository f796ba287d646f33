"""indexes that loading can afford: extraction_event by run, no observation (indicator, year)

Every document's transaction writes each B-tree page it touches to the write-ahead log.
Two indexes had keys that scatter a document's rows over many pages:

- ix_extraction_event_run_id_code (run_id, code): a document's ~100 events land at the end
  of ~10 code ranges, ~15 pages a document. Replaced by ix_extraction_event_run_id (run_id):
  one growing range, and the run log (ordered by event id) reads it without a sort.
- ix_observation_indicator_year (indicator, year): ~50 observations a document over ~30
  (indicator, year) pairs, ~30 pages a document. Dropped: a scan of observation at 10,000
  documents takes tens of milliseconds, while the index cost every load a third of its
  log writes (93 -> 49 pages a document with both changes; see benchmarks/README.md).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 05:30:00
"""
from __future__ import annotations

from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index('ix_extraction_event_run_id_code', table_name='extraction_event')
    op.create_index('ix_extraction_event_run_id', 'extraction_event', ['run_id'], unique=False)
    op.drop_index('ix_observation_indicator_year', table_name='observation')


def downgrade() -> None:
    op.create_index('ix_observation_indicator_year', 'observation', ['indicator', 'year'], unique=False)
    op.drop_index('ix_extraction_event_run_id', table_name='extraction_event')
    op.create_index('ix_extraction_event_run_id_code', 'extraction_event', ['run_id', 'code'], unique=False)
