"""schema v1: documents, runs, figures, events

Revision ID: 0001
Revises: 
Create Date: 2026-11-28 23:29:30.013104
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('extraction_run',
    sa.Column('id', sa.Integer(), nullable=False, comment='Run id.'),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False, comment='When the run started (UTC).'),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True, comment='When the run ended (UTC); NULL while running or after a crash.'),
    sa.Column('status', sa.String(length=32), nullable=False, comment='running, completed, completed_with_errors, failed, crashed.'),
    sa.Column('flow_run_id', sa.String(length=64), nullable=True, comment='Prefect flow run id, when run by Prefect.'),
    sa.Column('pipeline_version', sa.String(length=64), nullable=False, comment='Package version + hash of the rule files.'),
    sa.Column('n_documents', sa.Integer(), nullable=False, comment='Files seen.'),
    sa.Column('n_loaded', sa.Integer(), nullable=False, comment='Documents newly loaded.'),
    sa.Column('n_skipped', sa.Integer(), nullable=False, comment='Unchanged documents skipped.'),
    sa.Column('n_failed', sa.Integer(), nullable=False, comment='Files that could not be loaded.'),
    sa.Column('n_figures', sa.Integer(), nullable=False, comment='Figures loaded by this run.'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_extraction_run')),
    comment='One ingest run: when, which pipeline version, what it did.'
    )
    op.create_table('document',
    sa.Column('id', sa.Integer(), nullable=False, comment='Document id.'),
    sa.Column('path', sa.String(length=1024), nullable=False, comment='Path of the file as ingested.'),
    sa.Column('sha256', sa.String(length=64), nullable=False, comment="sha256 of the file's bytes."),
    sa.Column('title', sa.String(length=512), nullable=True, comment='First line of the bulletin.'),
    sa.Column('bulletin_year', sa.Integer(), nullable=True, comment='Year the bulletin reports on.'),
    sa.Column('language', sa.String(length=8), nullable=False, comment='Language code of the text.'),
    sa.Column('encoding', sa.String(length=32), nullable=False, comment='Encoding the bytes were decoded from.'),
    sa.Column('text', sa.Text(), nullable=False, comment='Decoded text, exactly; figure offsets point into it.'),
    sa.Column('n_chars', sa.Integer(), nullable=False, comment='len(text).'),
    sa.Column('status', sa.String(length=32), nullable=False, comment='loaded (figures stored) or superseded.'),
    sa.Column('is_current', sa.Boolean(), nullable=False, comment='False once a newer version of the same path is loaded.'),
    sa.Column('error', sa.Text(), nullable=True, comment='Error message if the document failed after decoding.'),
    sa.Column('loaded_at', sa.DateTime(timezone=True), nullable=False, comment='When this version was loaded (UTC).'),
    sa.Column('run_id', sa.Integer(), nullable=False, comment='Run that loaded this version.'),
    sa.ForeignKeyConstraint(['run_id'], ['extraction_run.id'], name=op.f('fk_document_run_id_extraction_run')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document')),
    sa.UniqueConstraint('sha256', name=op.f('uq_document_sha256')),
    comment='One version of a bulletin file, keyed by the sha256 of its bytes.'
    )
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.create_index('ix_document_path', ['path'], unique=False)

    op.create_table('extraction_event',
    sa.Column('id', sa.Integer(), nullable=False, comment='Event id.'),
    sa.Column('run_id', sa.Integer(), nullable=False, comment='Run that recorded the event.'),
    sa.Column('document_id', sa.Integer(), nullable=True, comment='Document concerned; NULL when the file never became a document.'),
    sa.Column('path', sa.String(length=1024), nullable=True, comment='File path concerned.'),
    sa.Column('level', sa.String(length=16), nullable=False, comment='info, warning or error.'),
    sa.Column('code', sa.String(length=64), nullable=False, comment='Event code from the documented closed list.'),
    sa.Column('message', sa.Text(), nullable=False, comment='Human-readable explanation.'),
    sa.Column('start', sa.Integer(), nullable=True, comment='Start offset of the text concerned, if any.'),
    sa.Column('end', sa.Integer(), nullable=True, comment='End offset of the text concerned, if any.'),
    sa.Column('rule_id', sa.String(length=128), nullable=True, comment='Rule that made the decision, if any.'),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_extraction_event_document_id_document'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['extraction_run.id'], name=op.f('fk_extraction_event_run_id_extraction_run')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_extraction_event')),
    comment='The extraction log: every decision and error, one row each.'
    )
    with op.batch_alter_table('extraction_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_extraction_event_document_id'), ['document_id'], unique=False)
        batch_op.create_index('ix_extraction_event_run_id_code', ['run_id', 'code'], unique=False)

    op.create_table('figure',
    sa.Column('id', sa.Integer(), nullable=False, comment='Figure id.'),
    sa.Column('document_id', sa.Integer(), nullable=False, comment='Document the figure is in.'),
    sa.Column('run_id', sa.Integer(), nullable=False, comment='Run that extracted it.'),
    sa.Column('start', sa.Integer(), nullable=False, comment='Start offset (Python str index) into document.text.'),
    sa.Column('end', sa.Integer(), nullable=False, comment='End offset into document.text; text = document.text[start:end].'),
    sa.Column('text', sa.String(length=256), nullable=False, comment='The figure as written.'),
    sa.Column('number_text', sa.String(length=128), nullable=False, comment='The numeral with its scale word as written.'),
    sa.Column('value', sa.Float(precision=53), nullable=False, comment='Stated value, scale applied (32.33 million -> 32330000).'),
    sa.Column('value_high', sa.Float(precision=53), nullable=True, comment='Upper end of a range, else NULL.'),
    sa.Column('unit', sa.String(length=16), nullable=False, comment='Stated unit code: CNY, USD, mu, ha, m2, km2, km, m, m3, kg, t, jin, percent, times, count.'),
    sa.Column('canonical_value', sa.Float(precision=53), nullable=True, comment='Value in the canonical unit of its kind.'),
    sa.Column('canonical_unit', sa.String(length=16), nullable=True, comment='Canonical unit: CNY, USD, ha, km, kg, m3, percent, times, count.'),
    sa.Column('kind', sa.String(length=16), nullable=False, comment='money, area, length, weight, volume, percent, ratio, count.'),
    sa.Column('qualifier', sa.String(length=16), nullable=False, comment='exact, approx, more_than, at_least, less_than, up_to, nearly, range.'),
    sa.Column('item', sa.String(length=64), nullable=True, comment='For counts: singular head noun of what is counted.'),
    sa.Column('indicator', sa.String(length=64), nullable=True, comment='Indicator code, NULL when unknown.'),
    sa.Column('year', sa.Integer(), nullable=True, comment='Calendar year the figure describes.'),
    sa.Column('cumulative', sa.Boolean(), nullable=True, comment='True when the figure totals several years.'),
    sa.Column('base_year', sa.Integer(), nullable=True, comment='For changes and comparisons: the year compared against.'),
    sa.Column('donor', sa.String(length=128), nullable=True, comment='Donor region of the pairing.'),
    sa.Column('recipient', sa.String(length=128), nullable=True, comment="Recipient region named for the figure, else the document's."),
    sa.Column('section', sa.String(length=256), nullable=True, comment='Heading of the section the figure is in.'),
    sa.Column('rule_id', sa.String(length=128), nullable=False, comment='Id of the rule that produced the figure.'),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_figure_document_id_document'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['extraction_run.id'], name=op.f('fk_figure_run_id_extraction_run')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_figure')),
    sa.UniqueConstraint('document_id', 'start', 'end', name='uq_figure_document_id_span'),
    comment='One figure stated in a document: raw text, stated value, canonical value.'
    )
    with op.batch_alter_table('figure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_figure_document_id'), ['document_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('figure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_figure_document_id'))

    op.drop_table('figure')
    with op.batch_alter_table('extraction_event', schema=None) as batch_op:
        batch_op.drop_index('ix_extraction_event_run_id_code')
        batch_op.drop_index(batch_op.f('ix_extraction_event_document_id'))

    op.drop_table('extraction_event')
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_index('ix_document_path')

    op.drop_table('document')
    op.drop_table('extraction_run')
