"""Every table, column and view carries a comment, and PostgreSQL's catalog shows each one."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from pairaid_etl.store.db import make_engine, upgrade
from pairaid_etl.store.models import Base
from pairaid_etl.schema_doc import VIEW_DOCS

TABLES = sorted(Base.metadata.tables)


@pytest.mark.parametrize("table", TABLES)
def test_every_table_and_column_has_a_comment(table):
    model = Base.metadata.tables[table]
    assert (model.comment or "").strip(), f"table {table} has no comment"
    missing = [c.name for c in model.columns if not (c.comment or "").strip()]
    assert not missing, f"columns of {table} without a comment: {missing}"


def expected_comments() -> dict[tuple[str, str | None], str]:
    """(relation, column or None for the relation itself) -> comment, for tables and views."""
    out = {}
    for table in Base.metadata.tables.values():
        out[(table.name, None)] = table.comment
        out.update({(table.name, c.name): c.comment for c in table.columns})
    for view, (description, columns) in VIEW_DOCS.items():
        out[(view, None)] = description
        out.update({(view, column): meaning for column, meaning in columns.items()})
    return out


CATALOG = """
SELECT c.relname, NULL AS attname, obj_description(c.oid, 'pg_class') AS comment
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'v') AND c.relname <> 'alembic_version'
UNION ALL
SELECT c.relname, a.attname, col_description(c.oid, a.attnum)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'v') AND c.relname <> 'alembic_version'
"""


def test_the_postgresql_catalog_shows_every_comment(postgres_url):
    """pg_description holds, for every table, view and column, the comment of the models and views."""
    engine = make_engine(postgres_url)
    upgrade(engine)
    with engine.connect() as conn:
        catalog = {(r.relname, r.attname): r.comment for r in conn.execute(text(CATALOG))}
    engine.dispose()
    assert catalog == expected_comments()
