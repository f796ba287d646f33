"""The analyst views as files: CSV, Parquet or an Excel workbook, with a data dictionary beside them.

    from pairaid_etl.export import export_views
    export_views(engine, Path("export"), "parquet")   # export/v_figures.parquet, ..., data_dictionary.csv

Nothing here names a view's columns: every view the database has (``v_*``) is exported with
the columns it has, and each column is typed by what the database says of it, else by the
model column of the same name, else by its values (see ``column_types``). Types are logical:
integer, decimal, float, boolean, text, timestamp. Parquet and Excel carry them; for CSV the
data dictionary (``data_dictionary.csv``: view, column, type, description) states them.
Decimals are written exactly (Parquet ``decimal128``; CSV in plain digits).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Sequence

from sqlalchemy import Boolean, Connection, DateTime, Engine, Float, Integer, Numeric, String, inspect, text

from .store.decimals import ExactNumber, exact
from .errors import PairaidError
from .store.models import Base
from .schema_doc import VIEW_DOCS

FORMATS = ("csv", "parquet", "xlsx")
DICTIONARY = "data_dictionary.csv"
WORKBOOK = "pairaid_views.xlsx"


class ExportError(PairaidError):
    """An export cannot be made: unknown format or view, or an unmigrated database."""


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # integer, decimal, float, boolean, text, timestamp
    description: str


@dataclass(frozen=True)
class ViewData:
    name: str
    columns: list[Column]
    rows: list[tuple]  # values converted to their column's type


def list_views(conn: Connection) -> list[str]:
    """The analyst views of the database (``v_*``), in name order."""
    return sorted(v for v in inspect(conn).get_view_names() if v.startswith("v_"))


def logical_type(sql_type) -> str | None:
    """'integer', 'decimal', ... for a SQLAlchemy type; None when it says nothing (SQLite expressions)."""
    if isinstance(sql_type, ExactNumber):
        return "decimal"
    for cls, name in ((Boolean, "boolean"), (Integer, "integer"), (Float, "float"), (Numeric, "decimal"),
                      (DateTime, "timestamp"), (String, "text")):
        if isinstance(sql_type, cls):
            return name
    return None


def _model_types() -> dict[str, str]:
    """Column name -> logical type over every model table, where all tables agree."""
    seen: dict[str, set[str]] = {}
    for table in Base.metadata.tables.values():
        for column in table.columns:
            kind = logical_type(column.type)
            if kind:
                seen.setdefault(column.name, set()).add(kind)
    return {name: kinds.pop() for name, kinds in seen.items() if len(kinds) == 1}


def type_of_values(values: list) -> str:
    """The logical type of a column the schema cannot type, from its non-null values."""
    present = [v for v in values if v is not None]
    if not present:
        return "text"
    if all(isinstance(v, bool) for v in present):
        return "boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "integer"
    if all(isinstance(v, (int, float, Decimal)) and not isinstance(v, bool) for v in present):
        return "decimal"
    return "text"


def column_types(declared: dict[str, str | None], rows: list[tuple], names: list[str]) -> list[str]:
    """Each column's type: declared by the database, else the models' for its name, else its values'.

    On SQLite a view column computed by an expression has no declared type; a boolean such as
    ``reviewed`` then comes back as 0/1 and is typed boolean by the model column of that name.
    The model's type is taken only where the values fit it.
    """
    models = _model_types()
    out = []
    for i, name in enumerate(names):
        kind = declared.get(name)
        if kind is None:
            values = [r[i] for r in rows]
            by_model = models.get(name)
            kind = by_model if by_model and _fits(by_model, values) else type_of_values(values)
        out.append(kind)
    return out


def _fits(kind: str, values: list) -> bool:
    """Whether ``values`` (from SQLite, untyped) can be read as ``kind`` without loss."""
    found = type_of_values(values)
    present = [v for v in values if v is not None]
    if not present or found == kind or kind == "text":
        return True
    if kind == "boolean":
        return found == "integer" and set(present) <= {0, 1}
    return kind in ("decimal", "float") and found in ("integer", "decimal")


def convert(value, kind: str):
    """A database value as its logical type: 0/1 to bool, doubles to exact decimals."""
    if value is None:
        return None
    if kind == "boolean":
        return bool(value)
    if kind == "integer":
        return int(value)
    if kind == "decimal":
        return exact(value)
    if kind == "float":
        return float(value)
    if kind == "text":
        return str(value)
    return value


def read_view(conn: Connection, name: str) -> ViewData:
    """All rows of one view, sorted by every column, with typed and described columns."""
    declared = {c["name"]: logical_type(c["type"]) for c in inspect(conn).get_columns(name)}
    quoted = conn.dialect.identifier_preparer.quote(name)
    result = conn.execute(text(f"SELECT * FROM {quoted}"))
    names = list(result.keys())
    raw = [tuple(r) for r in result]
    kinds = column_types(declared, raw, names)
    rows = [tuple(convert(v, k) for v, k in zip(r, kinds)) for r in raw]
    rows.sort(key=lambda r: tuple((False, v) if v is not None else (True, 0) for v in r))
    docs = VIEW_DOCS.get(name, ("", {}))[1]
    return ViewData(name, [Column(n, k, docs.get(n, "")) for n, k in zip(names, kinds)], rows)


def export_views(engine: Engine, out: Path, fmt: str, views: Sequence[str] | None = None) -> list[Path]:
    """Write the views (all ``v_*`` views by default) to ``out`` as ``fmt``; the files written.

    ``out`` is a folder: one ``<view>.csv`` or ``<view>.parquet`` per view, or one workbook
    ``pairaid_views.xlsx`` with a sheet per view and a ``data_dictionary`` sheet; always
    ``data_dictionary.csv`` beside them.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    with engine.connect() as conn:
        available = list_views(conn)
        if not available:
            raise ExportError(f"no analyst views in {engine.url!r}: run `pairaid db upgrade` first")
        unknown = [v for v in views or () if v not in available]
        if unknown:
            raise ExportError(f"unknown view(s) {', '.join(unknown)}; expected some of {', '.join(available)}")
        data = [read_view(conn, v) for v in (views or available)]
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = WRITERS[fmt](data, out)
    return written + [write_dictionary(data, out / DICTIONARY)]


def write_dictionary(data: list[ViewData], path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["view", "column", "type", "description"])
        for view in data:
            writer.writerows([view.name, c.name, c.type, c.description] for c in view.columns)
    return path


def csv_cell(value) -> str:
    """A value as CSV text: decimals in plain digits, booleans true/false, NULL empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def write_csv(data: list[ViewData], out: Path) -> list[Path]:
    paths = []
    for view in data:
        path = out / f"{view.name}.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow([c.name for c in view.columns])
            writer.writerows([csv_cell(v) for v in row] for row in view.rows)
        paths.append(path)
    return paths


def arrow_type(kind: str, values: list):
    """The Arrow type of a column; decimals get a scale wide enough for every value."""
    import pyarrow as pa

    if kind == "decimal":
        present = [v for v in values if v is not None and v.is_finite()]
        scale = max([max(0, -v.as_tuple().exponent) for v in present] or [0])
        digits = max([v.adjusted() + 1 for v in present] or [1])
        return pa.decimal128(38, scale) if max(digits, 1) + scale <= 38 else pa.decimal256(76, scale)
    return {"integer": pa.int64(), "float": pa.float64(), "boolean": pa.bool_(), "text": pa.string(),
            "timestamp": pa.timestamp("us", tz="UTC")}[kind]


def arrow_table(view: ViewData):
    import pyarrow as pa

    fields, arrays = [], []
    for i, column in enumerate(view.columns):
        values = [row[i] for row in view.rows]
        kind = arrow_type(column.type, values)
        fields.append(pa.field(column.name, kind, metadata={"description": column.description,
                                                            "pairaid_type": column.type}))
        arrays.append(pa.array(values, type=kind))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields, metadata={"view": view.name}))


def write_parquet(data: list[ViewData], out: Path) -> list[Path]:
    import pyarrow.parquet as pq

    paths = []
    for view in data:
        path = out / f"{view.name}.parquet"
        pq.write_table(arrow_table(view), path)
        paths.append(path)
    return paths


def write_xlsx(data: list[ViewData], out: Path) -> list[Path]:
    """One workbook: a sheet per view (numbers as numbers, booleans as booleans) and the dictionary."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for view in data:
        sheet = book.create_sheet(view.name[:31])
        sheet.append([c.name for c in view.columns])
        for row in view.rows:
            sheet.append(list(row))
    sheet = book.create_sheet("data_dictionary")
    sheet.append(["view", "column", "type", "description"])
    for view in data:
        for c in view.columns:
            sheet.append([view.name, c.name, c.type, c.description])
    path = out / WORKBOOK
    book.save(path)
    return [path]


WRITERS = {"csv": write_csv, "parquet": write_parquet, "xlsx": write_xlsx}

__all__ = ["DICTIONARY", "FORMATS", "ExportError", "ViewData", "export_views", "list_views", "read_view"]
