"""extraction_run: host and pid of the flow process, so a later run can tell a killed run

A run killed with SIGKILL cannot close its own row. The next run on the same host marks
such rows 'interrupted' when their process is gone.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 02:50:00
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


COMMENTS = {  # column: (type, comment before, comment after); SQLite keeps no comments
    'finished_at': (sa.DateTime(timezone=True), 'When the run ended (UTC); NULL while running or after a crash.',
                    'When the run ended (UTC), or when a later run found it interrupted; NULL while running.'),
    'status': (sa.String(length=32), 'running, completed, completed_with_errors, failed, crashed.',
               'running, completed, completed_with_errors, or interrupted (the process died; a later run on the same host noticed).'),
}


def upgrade() -> None:
    with op.batch_alter_table('extraction_run', schema=None) as batch_op:
        batch_op.add_column(sa.Column('host', sa.String(length=255), nullable=True, comment='Host name of the process that ran the flow.'))
        batch_op.add_column(sa.Column('pid', sa.Integer(), nullable=True, comment='Process id of the flow on that host; a later run marks the row interrupted once it is gone.'))
    _comment(after=True)


def downgrade() -> None:
    _comment(after=False)
    with op.batch_alter_table('extraction_run', schema=None) as batch_op:
        batch_op.drop_column('pid')
        batch_op.drop_column('host')


def _comment(after: bool) -> None:
    if op.get_context().dialect.name != 'postgresql':
        return
    for column, (type_, before, new) in COMMENTS.items():
        op.alter_column('extraction_run', column, existing_type=type_,
                        comment=new if after else before, existing_comment=before if after else new)
