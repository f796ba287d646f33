"""`pairaid export`: every analyst view as CSV, Parquet or Excel, read back with the same rows and types."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import insert, text
from typer.testing import CliRunner

from analyst_support import analyst_engine, load_bulletins
from pairaid_etl.cli import app
from pairaid_etl.store.decimals import exact
from pairaid_etl.export import DICTIONARY, WORKBOOK, ExportError, export_views, type_of_values
from pairaid_etl.orchestrate.ingest import start_run
from pairaid_etl.store.load import load_document
from pairaid_etl.store.models import DocumentRow, FigureRow
from pairaid_etl.store.models_meaning import ObservationRow, ObservationMention
from pairaid_etl.store.db import make_engine, upgrade
from pairaid_etl.schema_doc import VIEW_DOCS

VIEWS = ("v_figures", "v_indicator_by_year", "v_observations")

# Columns whose type every export must keep, whatever the database (SQLite types no expression).
EXPECTED_TYPES = {
    ("v_indicator_by_year", "year"): "integer", ("v_indicator_by_year", "cumulative"): "boolean",
    ("v_indicator_by_year", "value"): "decimal", ("v_indicator_by_year", "reviewed"): "boolean",
    ("v_indicator_by_year", "donor"): "text", ("v_figures", "value"): "decimal",
    ("v_figures", "reviewed"): "boolean", ("v_figures", "start"): "integer",
    ("v_observations", "n_mentions"): "integer", ("v_observations", "status"): "text",
}


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def analyst(request, tmp_path_factory):
    yield from analyst_engine(request, tmp_path_factory)


def database_rows(engine, view: str) -> tuple[list[str], Counter]:
    """The view's rows as the database returns them, booleans as 0/1 and numbers as exact decimals."""
    with engine.connect() as conn:
        result = conn.execute(text(f"SELECT * FROM {view}"))
        return list(result.keys()), Counter(tuple(plain(v) for v in row) for row in result)


def plain(value):
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (float, Decimal)):
        return exact(value)
    return value


def dictionary(folder: Path) -> dict[tuple[str, str], str]:
    with (folder / DICTIONARY).open(encoding="utf-8", newline="") as f:
        return {(r["view"], r["column"]): r["type"] for r in csv.DictReader(f)}


def parse(cell: str, kind: str):
    if cell == "":
        return None
    return {"integer": int, "decimal": Decimal, "float": float, "boolean": lambda c: c == "true"}.get(kind, str)(cell)


def test_every_view_comes_back_from_csv_with_the_same_rows(analyst, tmp_path):
    """CSV read back with the data dictionary's types gives each view's rows, value for value."""
    paths = export_views(analyst, tmp_path, "csv")
    assert sorted(p.name for p in paths) == sorted([f"{v}.csv" for v in VIEWS] + [DICTIONARY])
    types = dictionary(tmp_path)
    for view in VIEWS:
        columns, expected = database_rows(analyst, view)
        with (tmp_path / f"{view}.csv").open(encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            got = Counter(tuple(plain(parse(c, types[(view, n)])) for c, n in zip(row, header)) for row in reader)
        assert header == columns
        assert got == expected, view
    assert {k: types[k] for k in EXPECTED_TYPES} == EXPECTED_TYPES


def test_every_view_comes_back_from_parquet_with_the_same_rows_and_types(analyst, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    export_views(analyst, tmp_path, "parquet")
    arrow = {"integer": pa.types.is_integer, "boolean": pa.types.is_boolean, "decimal": pa.types.is_decimal,
             "text": pa.types.is_string}
    for view in VIEWS:
        columns, expected = database_rows(analyst, view)
        table = pq.read_table(tmp_path / f"{view}.parquet")
        assert table.column_names == columns
        assert Counter(tuple(plain(v) for v in row.values()) for row in table.to_pylist()) == expected, view
        for (v, column), kind in EXPECTED_TYPES.items():
            if v == view:
                assert arrow[kind](table.schema.field(column).type), (view, column, table.schema.field(column).type)
    described = pq.read_table(tmp_path / "v_indicator_by_year.parquet").schema.field("value").metadata
    assert described[b"description"].decode() == VIEW_DOCS["v_indicator_by_year"][1]["value"] != ""


def test_every_view_comes_back_from_the_workbook_with_the_same_rows(analyst, tmp_path):
    """Excel holds doubles: numbers come back equal as floats, booleans as booleans."""
    from openpyxl import load_workbook

    export_views(analyst, tmp_path, "xlsx")
    book = load_workbook(tmp_path / WORKBOOK, read_only=True)
    assert set(VIEWS) | {"data_dictionary"} == set(book.sheetnames)

    def as_float(v):
        return float(v) if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool) else v

    for view in VIEWS:
        columns, expected = database_rows(analyst, view)
        rows = list(book[view].iter_rows(values_only=True))
        assert list(rows[0]) == columns
        flags = [i for i, c in enumerate(columns) if dictionary_type(tmp_path, view, c) == "boolean"]
        assert all(isinstance(r[i], bool) for r in rows[1:] for i in flags if r[i] is not None)
        got = Counter(tuple(as_float(plain(v)) for v in r) for r in rows[1:])
        assert got == Counter({tuple(as_float(v) for v in row): n for row, n in expected.items()}), view


def dictionary_type(folder: Path, view: str, column: str) -> str:
    return dictionary(folder)[(view, column)]


def test_one_view_can_be_exported_alone(analyst, tmp_path):
    paths = export_views(analyst, tmp_path, "csv", ["v_indicator_by_year"])
    assert [p.name for p in paths] == ["v_indicator_by_year.csv", DICTIONARY]
    assert {view for view, _ in dictionary(tmp_path)} == {"v_indicator_by_year"}


@pytest.mark.parametrize(("fmt", "views", "message"), [
    ("json", None, "unknown format 'json'; expected one of csv, parquet, xlsx"),
    ("csv", ["v_nothing"], "unknown view"),
])
def test_it_rejects_an_unknown_format_or_view(analyst, tmp_path, fmt, views, message):
    with pytest.raises(ExportError, match=message):
        export_views(analyst, tmp_path, fmt, views)


def test_an_unmigrated_database_is_an_error_not_an_empty_export(tmp_path):
    with pytest.raises(ExportError, match="pairaid db upgrade"):
        export_views(make_engine(f"sqlite:///{tmp_path / 'empty.sqlite3'}"), tmp_path / "out", "csv")


@pytest.mark.parametrize(("values", "kind"), [
    ([1, None, 3], "integer"), ([1, 2.5], "decimal"), ([True, False], "boolean"), (["a", None], "text"), ([None], "text"),
])
def test_a_column_no_schema_types_is_typed_by_its_values(values, kind):
    assert type_of_values(values) == kind


@pytest.mark.parametrize(("name", "values", "kind"), [
    ("reviewed", [0, 1, None], "boolean"),        # a model column of that name is Boolean
    ("reviewed", [0, 2], "integer"),              # ... but 2 is no boolean: the values decide
    ("value", [1, 2], "decimal"),                 # model: NUMERIC
    ("value", ["a"], "text"),
    ("n_nothing_known", [3, 4], "integer"),       # no model column: the values decide
    ("year", [], "integer"),                      # no rows: the model's type
])
def test_an_untyped_column_takes_the_model_type_of_its_name_when_the_values_fit(name, values, kind):
    from pairaid_etl.export import column_types

    assert column_types({name: None}, [(v,) for v in values], [name]) == [kind]


def test_a_declared_type_wins():
    from pairaid_etl.export import column_types

    assert column_types({"reviewed": "integer"}, [(0,), (1,)], ["reviewed"]) == ["integer"]


def test_the_command_writes_the_files_and_lists_them(tmp_path):
    url = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    load_bulletins(make_engine(url))
    result = CliRunner().invoke(app, ["export", "--format", "parquet", "--view", "v_indicator_by_year",
                                      "--out", str(tmp_path / "out"), "--database-url", url])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "v_indicator_by_year.parquet").exists() and "data_dictionary.csv" in result.output


# --- exact sums ---------------------------------------------------------------------------

YUAN = [Decimal(f"{n}.{n % 100:02d}") * 10_000 + Decimal("0.01") * (n % 7) for n in range(1, 2001)]


@pytest.mark.postgres
def test_a_sum_of_many_yuan_values_is_exported_without_drift(postgres_url, tmp_path):
    """On PostgreSQL, 2,000 Yuan amounts add up exactly in SQL over the views and from the exported Parquet and CSV."""
    import pyarrow.parquet as pq

    exact_sum = sum(YUAN)
    assert sum(float(v) for v in YUAN) != float(exact_sum)  # doubles would drift on these amounts
    engine = make_engine(postgres_url)
    upgrade(engine)
    run_id = start_run(engine)
    now = datetime.now(timezone.utc)
    with engine.begin() as conn:
        doc_id = conn.execute(insert(DocumentRow).values(
            path="many.txt", sha256="1" * 64, text="x" * 4000, n_chars=4000, status="loaded", is_current=True,
            loaded_at=now, run_id=run_id, bulletin_year=2010).returning(DocumentRow.id)).scalar_one()
        conn.execute(insert(FigureRow), [dict(
            document_id=doc_id, run_id=run_id, start=i, end=i + 1, text="x", number_text=str(v), value=v,
            unit="CNY", canonical_value=v, canonical_unit="CNY", kind="money", qualifier="exact", rule_id="t",
            indicator="aid_funds", year=2010) for i, v in enumerate(YUAN)])
        conn.execute(insert(ObservationRow), [dict(
            document_id=doc_id, run_id=run_id, indicator="aid_funds", donor="Zhejiang", recipient="Sichuan",
            region=f"county {i}", year=2010, cumulative=False, unit="CNY", value=v, values_text=str(v), status="ok",
            n_mentions=1) for i, v in enumerate(YUAN)])
        conn.execute(text("INSERT INTO observation_mention (observation_id, figure_id) "
                          "SELECT o.id, f.id FROM observation o JOIN figure f ON f.start = CAST(substr(o.region, 8) AS INTEGER)"))
        in_sql = [conn.execute(text(f"SELECT SUM(value) FROM {view}")).scalar_one() for view in ("v_observations", "v_figures")]
    assert in_sql == [exact_sum, exact_sum]
    export_views(engine, tmp_path, "parquet", ["v_observations", "v_figures"])
    export_views(engine, tmp_path, "csv", ["v_observations"])
    engine.dispose()
    for view in ("v_observations", "v_figures"):
        column = pq.read_table(tmp_path / f"{view}.parquet").column("value").to_pylist()
        assert len(column) == len(YUAN) and sum(column) == exact_sum, view
    with (tmp_path / "v_observations.csv").open(encoding="utf-8", newline="") as f:
        assert sum(Decimal(row["value"]) for row in csv.DictReader(f)) == exact_sum
