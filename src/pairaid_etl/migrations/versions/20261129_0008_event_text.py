"""extraction_event.text: the text of the span an event concerns, kept with the event

The run log and reviewers' queries showed each event's text by cutting it out of the
document's text (``substr(document.text, start + 1, end - start)``), which read the whole
document once per event: a third of the cost of writing a run's log. The loader has the
text at hand and now stores it; existing events are filled in from their documents.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 06:00:00
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('extraction_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('text', sa.Text(), nullable=True, comment=(
            "The text concerned (the document's text from start to end), as recorded with the event.")))
    op.execute(
        'UPDATE extraction_event SET text = (SELECT substr(document.text, extraction_event.start + 1, '
        'extraction_event."end" - extraction_event.start) FROM document '
        'WHERE document.id = extraction_event.document_id) '
        'WHERE extraction_event.document_id IS NOT NULL AND extraction_event.start IS NOT NULL '
        'AND extraction_event."end" IS NOT NULL')


def downgrade() -> None:
    with op.batch_alter_table('extraction_event', schema=None) as batch_op:
        batch_op.drop_column('text')
