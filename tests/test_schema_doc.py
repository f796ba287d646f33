"""docs/schema.md is generated from the models and the views' descriptions, and is current."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect

from pairaid_etl import schema_doc
from pairaid_etl.store.models import Base

DOC = Path(__file__).resolve().parents[1] / "docs" / "schema.md"


def test_the_doc_is_current():
    """It fails when docs/schema.md is stale: `.venv/bin/python -m pairaid_etl.schema_doc > docs/schema.md`."""
    assert DOC.read_text(encoding="utf-8") == schema_doc.markdown()


@pytest.mark.parametrize("table", sorted(Base.metadata.tables))
def test_every_table_and_column_is_on_the_page(table):
    page = schema_doc.markdown()
    assert f"### `{table}`" in page
    section = page.split(f"### `{table}`", 1)[1].split("\n### ", 1)[0]
    for column in Base.metadata.tables[table].columns:
        row = next((line for line in section.splitlines() if line.startswith(f"| `{column.name}` |")), None)
        assert row is not None, f"{table}.{column.name} is not documented"
        assert schema_doc.cell(column.comment) in row
        assert ("| no |" in row) == (not column.nullable)


def test_every_view_is_on_the_page_with_each_column():
    page = schema_doc.markdown()
    for view, (description, columns) in schema_doc.VIEW_DOCS.items():
        assert f"### `{view}`\n\n{description}" in page
        assert all(f"| `{column}` | {schema_doc.cell(meaning)} |" in page for column, meaning in columns.items())


def test_the_documented_views_are_the_views_of_the_database(engine):
    """VIEW_DOCS lists every view of a migrated database, with its columns in order."""
    inspector = inspect(engine)
    assert set(inspector.get_view_names()) == set(schema_doc.VIEW_DOCS)
    for view, (_, columns) in schema_doc.VIEW_DOCS.items():
        assert [c["name"] for c in inspector.get_columns(view)] == list(columns), view


@pytest.mark.parametrize(("text", "cell"), [
    ("Every distinct value, ' | '-separated.", "Every distinct value, ' \\| '-separated."),
    ("two\n  lines", "two lines"), (None, ""),
])
def test_cells_keep_tables_intact(text, cell):
    assert schema_doc.cell(text) == cell
