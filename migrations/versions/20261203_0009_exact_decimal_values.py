"""exact decimal values: figure and observation value columns NUMERIC instead of double precision

Bulletin numbers are parsed exactly; stored as doubles, sums and exports of Yuan could
drift. The value columns of ``figure`` (value, value_high, canonical_value, corrected_value,
corrected_canonical_value) and ``observation.value`` become NUMERIC: exact on PostgreSQL
(existing doubles are converted through their shortest text, so 0.1 stays 0.1); SQLite
stores NUMERIC as integer or double anyway, and the models read it back as Decimal
(``pairaid_etl.decimals``).

The analyst views read these columns, and PostgreSQL will not change the type of a column
a view uses while SQLite's batch mode recreates the tables under them: the views of 0005
are dropped first and created again afterwards, from 0005's own SQL and comments.

SQLite's batch mode drops and recreates ``figure`` and ``observation``; with foreign keys
enforced, dropping a table deletes its rows first and cascades to the rows that reference
it (``figure_meaning``, ``observation_mention``). Those rows are kept aside in temporary
tables and put back once both tables are recreated (ids are copied, so they still match).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 19:00:00
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

COLUMNS = {
    "figure": ("value", "value_high", "canonical_value", "corrected_value", "corrected_canonical_value"),
    "observation": ("value",),
}
NOT_NULL = {("figure", "value")}


def _revision_0005():
    """Migration 0005 as a module: its view SQL and comments are the ones to restore."""
    path = next(Path(__file__).parent.glob("*_0005_*.py"))
    spec = importlib.util.spec_from_file_location("pairaid_migration_0005", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _children(bind) -> list[str]:
    """Tables (other than the retyped ones) whose foreign keys point at a retyped table."""
    inspector = sa.inspect(bind)
    return [t for t in inspector.get_table_names() if t not in COLUMNS and any(
        fk["referred_table"] in COLUMNS for fk in inspector.get_foreign_keys(t))]


def _retype(new_type, old_type, postgresql_using: str | None) -> None:
    views = _revision_0005()
    views._drop_views()
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    children = _children(bind) if sqlite else []
    for child in children:
        op.execute(f"CREATE TEMP TABLE keep_{child} AS SELECT * FROM {child}")
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.alter_column(
                    column, type_=new_type, existing_type=old_type,
                    existing_nullable=(table, column) not in NOT_NULL,
                    postgresql_using=postgresql_using.format(column=column) if postgresql_using else None)
    for child in children:
        op.execute(f"DELETE FROM {child}")
        op.execute(f"INSERT INTO {child} SELECT * FROM temp.keep_{child}")
        op.execute(f"DROP TABLE temp.keep_{child}")
    for sql in views.VIEWS.values():
        op.execute(sql)
    if not sqlite:
        views._comment_views()


def upgrade() -> None:
    _retype(sa.Numeric(), sa.Float(precision=53), "CAST(CAST({column} AS TEXT) AS NUMERIC)")


def downgrade() -> None:
    _retype(sa.Float(precision=53), sa.Numeric(), None)
