"""`pairaid browse`: the database in Datasette, read-only, described, with the analyst questions.

    from pairaid_etl.browse import serve
    serve("sqlite:///data/pairaid.sqlite3", port=8001)        # http://127.0.0.1:8001/

What Datasette shows:

- every table and view with the descriptions of docs/schema.md (the models' comments and
  ``schema_doc.VIEW_DOCS``) as metadata;
- the questions of docs/queries.md as canned queries (``queries_doc``, the parser the doc
  test uses), each with its title and explanation;
- a figure id (``v_figures.figure_id``, ``figure.id``) as a link to the figure in the review
  report, which browse writes afresh and serves under ``/review/``.

Read-only: the SQLite file is opened immutable (``?immutable=1``), after a WAL checkpoint so
that every committed row is in the file. Datasette then cannot write to it at all; restart
browse to see a later ingest. Datasette reads SQLite only: for a PostgreSQL URL, browse
first copies the database into a SQLite snapshot (``sqlite_snapshot``) and serves that.
"""

from __future__ import annotations

import re
import sqlite3
import tempfile
from pathlib import Path

from markupsafe import Markup, escape
from sqlalchemy import Engine, insert, select
from sqlalchemy.engine import make_url

from .store.db import make_engine, upgrade
from .errors import PairaidError
from .store.models import Base
from .queries_doc import QUERIES_DOC, Example, load_examples
from .schema_doc import VIEW_DOCS

PLUGIN = "pairaid-etl"
REVIEW_MOUNT = "review"

try:  # Datasette is a dependency; the hook marker only matters once it is imported
    from datasette import hookimpl
except ImportError:  # pragma: no cover
    def hookimpl(f):
        return f


class BrowseError(PairaidError):
    """The database cannot be browsed: not migrated, busy, or not a database URL."""


# --- metadata ------------------------------------------------------------------------------

def query_name(title: str) -> str:
    """'1. How much aid did each donor give, year by year?' -> 'q01-how-much-aid-did-each-donor-give-year-by-year'."""
    number, _, rest = title.partition(". ")
    words = re.sub(r"[^a-z0-9]+", "-", (rest or title).lower()).strip("-")
    prefix = f"q{int(number):02d}-" if number.isdigit() else "q-"
    return (prefix + words)[:80].rstrip("-")


def canned_queries(examples: list[Example]) -> dict[str, dict]:
    """Datasette canned queries, one per question of docs/queries.md."""
    return {query_name(e.title): {"title": e.title, "sql": e.sql, "description": e.description}
            for e in examples}


def table_metadata() -> dict[str, dict]:
    """Descriptions of every table and view, with their columns', as docs/schema.md states them."""
    out = {name: {"description": description, "columns": dict(columns)}
           for name, (description, columns) in VIEW_DOCS.items()}
    for table in Base.metadata.sorted_tables:
        out[table.name] = {"description": table.comment or "",
                           "columns": {c.name: c.comment for c in table.columns if c.comment}}
    return out


def metadata(database: str, examples: list[Example], review: str | None = f"/{REVIEW_MOUNT}/") -> dict:
    """Datasette metadata for the database file named ``database`` (its stem)."""
    return {
        "title": "pairaid_etl: figures of the pairing-off bulletins",
        "description": "Read-only. Start from the views v_indicator_by_year, v_observations and v_figures; "
                       "the analyst questions are the canned queries below. Schema: docs/schema.md.",
        "databases": {database: {"tables": table_metadata(), "queries": canned_queries(examples)}},
        "plugins": {PLUGIN: {"review": review}},
    }


# --- links from figures to the review report (a Datasette plugin) ---------------------------

def review_link(base: str, document_id, figure_id) -> Markup:
    return Markup('<a class="pairaid-review" href="{}doc-{}.html#fig-{}">{}</a>').format(
        base, int(document_id), int(figure_id), escape(figure_id))


def _cell(row, name: str):
    try:
        return row[name]
    except (IndexError, KeyError):
        return None


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """A figure id links to its place in the review report: review/doc-<document>.html#fig-<id>."""
    config = datasette.plugin_config(PLUGIN) or {}
    base = config.get("review")
    if not base or value is None:
        return None
    if column == "figure_id" or (table == "figure" and column == "id"):
        document_id = _cell(row, "document_id")
        if document_id is not None:
            return review_link(base, document_id, value)
    return None


# --- the database file ----------------------------------------------------------------------

def sqlite_snapshot(source: Engine, path: Path) -> Path:
    """A SQLite copy of ``source``: the schema by migrations, then every table's rows, in key order."""
    path.unlink(missing_ok=True)
    target = make_engine(f"sqlite:///{path}")
    upgrade(target)
    with source.connect() as src, target.begin() as dst:
        for table in Base.metadata.sorted_tables:
            dst.execute(table.delete())
            rows = src.execute(select(table).order_by(*table.primary_key.columns)).mappings().all()
            if rows:
                dst.execute(insert(table), [dict(r) for r in rows])
    target.dispose()
    return path


def checkpoint(path: Path) -> None:
    """Move every committed row from the write-ahead log into the file, so an immutable open sees it."""
    conn = sqlite3.connect(path, timeout=60)
    try:
        busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        conn.close()
    if busy:
        raise BrowseError(f"{path} is being written (an ingest is running?); browse it once the writer is done")


def database_file(url: str, folder: Path) -> Path:
    """The SQLite file to serve for ``url``: the file itself, or a snapshot of a PostgreSQL database."""
    parsed = make_url(url)
    if parsed.drivername.startswith("sqlite"):
        path = Path(parsed.database or "")
        if not path.is_file():
            raise BrowseError(f"no SQLite database at {path} (expected a file made by `pairaid ingest`)")
        checkpoint(path)
        return path
    return sqlite_snapshot(make_engine(url), folder / f"{parsed.database or 'pairaid'}.sqlite3")


def make_datasette(path: Path, review_dir: Path | None, examples: list[Example]):
    """A Datasette serving ``path`` immutable, with our metadata, plugin and the review report."""
    import sys

    from datasette.app import Datasette
    from datasette.plugins import pm

    if not pm.is_registered(sys.modules[__name__]):
        pm.register(sys.modules[__name__], name=PLUGIN)
    mounts = [(REVIEW_MOUNT, str(review_dir))] if review_dir else []
    return Datasette([], immutables=[str(path)], metadata=metadata(path.stem, examples, f"/{REVIEW_MOUNT}/" if review_dir else None),
                     static_mounts=mounts, settings={"sql_time_limit_ms": 5000})


def prepare(url: str, folder: Path):
    """The Datasette for ``url``: the file (or snapshot), the review report written into ``folder``."""
    from .review import ReviewError, write_report

    path = database_file(url, folder)
    engine = make_engine(f"sqlite:///{path}")
    try:
        review_dir = write_report(engine, folder / REVIEW_MOUNT).parent
    except ReviewError:
        review_dir = None  # no run yet: browse without report links
    finally:
        engine.dispose()
    examples = load_examples() if QUERIES_DOC.is_file() else []
    return make_datasette(path, review_dir, examples)


def serve(url: str, host: str = "127.0.0.1", port: int = 8001, open_browser: bool = False) -> None:
    """Serve the database until interrupted."""
    import asyncio

    import uvicorn

    with tempfile.TemporaryDirectory(prefix="pairaid-browse-") as tmp:
        ds = prepare(url, Path(tmp))
        asyncio.run(ds.invoke_startup())
        if open_browser:
            import webbrowser

            webbrowser.open(f"http://{host}:{port}/")
        uvicorn.run(ds.app(), host=host, port=port, log_level="warning", lifespan="on")


__all__ = ["BrowseError", "canned_queries", "metadata", "prepare", "serve", "sqlite_snapshot"]
