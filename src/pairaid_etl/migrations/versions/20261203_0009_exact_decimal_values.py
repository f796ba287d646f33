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
tables and put back once both tables are recreated (ids are copied, so they still match):
``children_kept()``, which later migrations that batch-alter these tables can reuse.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 19:00:00
"""
from __future__ import annotations

import importlib.util
from contextlib import contextmanager
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


def _children(bind, tables) -> list[str]:
    """Tables (other than ``tables``) whose foreign keys point at one of ``tables``."""
    inspector = sa.inspect(bind)
    return [t for t in inspector.get_table_names() if t not in tables and any(
        fk["referred_table"] in tables for fk in inspector.get_foreign_keys(t))]


@contextmanager
def children_kept(tables=tuple(COLUMNS)):
    """Around a SQLite batch recreate of ``tables``: the rows of the tables that reference them
    are copied aside and put back afterwards (a DROP TABLE with foreign keys on cascades to
    them). Does nothing on PostgreSQL, whose ALTER TABLE keeps every row. Later migrations
    that batch-alter figure or observation can use it too."""
    bind = op.get_bind()
    children = _children(bind, tables) if bind.dialect.name == "sqlite" else []
    for child in children:
        op.execute(f"CREATE TEMP TABLE keep_{child} AS SELECT * FROM {child}")
    yield
    for child in children:
        op.execute(f"DELETE FROM {child}")
        op.execute(f"INSERT INTO {child} SELECT * FROM temp.keep_{child}")
        op.execute(f"DROP TABLE temp.keep_{child}")


def _retype(new_type, old_type, postgresql_using: str | None) -> None:
    views = _revision_0005()
    views._drop_views()
    with children_kept():
        for table, columns in COLUMNS.items():
            with op.batch_alter_table(table, schema=None) as batch_op:
                for column in columns:
                    batch_op.alter_column(
                        column, type_=new_type, existing_type=old_type,
                        existing_nullable=(table, column) not in NOT_NULL,
                        postgresql_using=postgresql_using.format(column=column) if postgresql_using else None)
    for sql in views.VIEWS.values():
        op.execute(sql)
    if op.get_bind().dialect.name != "sqlite":
        views._comment_views()


def upgrade() -> None:
    _retype(sa.Numeric(), sa.Float(precision=53), "CAST(CAST({column} AS TEXT) AS NUMERIC)")


def downgrade() -> None:
    _retype(sa.Float(precision=53), sa.Numeric(), None)
