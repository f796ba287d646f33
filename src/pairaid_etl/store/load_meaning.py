"""Loading the meaning layer for one document, inside the caller's transaction.

``load_document`` stores the document and its figures, then calls
``load_meaning(conn, document_id, run_id, extraction)``, which stores sections, figure
relations and observations (with their mentions). Idempotent: it replaces what it stored
for the document before. Reference tables (indicator, region) are synced from the package
data files on first use in a database.
"""

from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import Connection, delete, func, insert, select

from ..meaning import observe
from ..meaning.lexicon import Lexicon, load_lexicon
from .models import DocumentRow, FigureRow
from .models_meaning import FigureMeaning, IndicatorRow, ObservationRow, ObservationMention, RegionRow, SectionRow
from ..records import Extraction


OBSERVATION_COLUMNS = (
    "document_id", "run_id", "indicator", "donor", "recipient", "region", "year", "cumulative",
    "base_year", "relation", "unit", "item", "value", "values_text", "status", "parts_status", "n_mentions",
    "province",
)


def sync_reference(conn: Connection, lexicon: Lexicon | None = None) -> None:
    """Fill the indicator and region tables from the data files when they are behind."""
    lexicon = lexicon or load_lexicon()
    known = set(conn.execute(select(IndicatorRow.code)).scalars())
    rows = [dict(code=i.code, label=i.label, kind=i.kind, unit=i.unit, measure=i.measure, single=i.single,
                 description=i.description) for i in lexicon.indicators.values() if i.code not in known]
    if rows:
        conn.execute(insert(IndicatorRow), rows)
    if conn.execute(select(func.count()).select_from(RegionRow)).scalar_one() >= len(lexicon.regions):
        return
    conn.execute(delete(RegionRow))
    ids: dict[str, int] = {}
    for region in lexicon.regions:  # parents come first in the file
        ids[region.name] = conn.execute(insert(RegionRow).values(
            name=region.name, level=region.level, type=region.type, full_name=region.full_name,
            parent_name=region.parent, parent_id=ids.get(region.parent) if region.parent else None,
        ).returning(RegionRow.id)).scalar_one()


def clear_meaning(conn: Connection, document_id: int) -> None:
    figure_ids = select(FigureRow.id).where(FigureRow.document_id == document_id).scalar_subquery()
    conn.execute(delete(FigureMeaning).where(FigureMeaning.figure_id.in_(figure_ids)))
    conn.execute(delete(ObservationRow).where(ObservationRow.document_id == document_id))
    conn.execute(delete(SectionRow).where(SectionRow.document_id == document_id))


def insert_rows(conn: Connection, table, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """One DBAPI executemany of value tuples in ``columns`` order, inside ``conn``'s transaction.

    Goes to the driver's cursor directly: SQLAlchemy's per-row parameter processing cost
    more than the database itself on bulk loads, and its per-statement bookkeeping a tenth
    of loading. Values must already be plain Python values.
    """
    if rows:
        with _driver_cursor(conn) as cursor:
            cursor.executemany(_insert_sql(conn.dialect, table.name, columns), rows)


@contextmanager
def _driver_cursor(conn: Connection):
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        yield cursor
    finally:
        cursor.close()


@lru_cache(maxsize=64)
def _insert_sql(dialect, table_name: str, columns: tuple[str, ...]) -> str:
    quote = dialect.identifier_preparer.quote
    return (f"INSERT INTO {quote(table_name)} ({', '.join(quote(c) for c in columns)}) "
            f"VALUES ({', '.join([_marker(dialect)] * len(columns))})")


def _marker(dialect) -> str:
    return "?" if dialect.paramstyle == "qmark" else "%s"


@lru_cache(maxsize=16)
def _ids_sql(dialect, table_name: str) -> str:
    quote = dialect.identifier_preparer.quote
    return f"SELECT id FROM {quote(table_name)} WHERE document_id = {_marker(dialect)} ORDER BY id"


def insert_many(conn: Connection, table, columns: tuple[str, ...], rows: list[tuple], document_id: int) -> list[int]:
    """Insert one document's new rows of ``table``; their ids, in the order of ``rows``.

    One executemany, then the ids read back in id order: ids grow within a transaction, and
    the rows are the document's only ones (RETURNING with ordering goes row by row on SQLite).
    """
    if not rows:
        return []
    insert_rows(conn, table, columns, rows)
    with _driver_cursor(conn) as cursor:
        cursor.execute(_ids_sql(conn.dialect, table.name), (document_id,))
        return [r[0] for r in cursor.fetchall()]


def _section_ids(conn: Connection, document_id: int, extraction: Extraction) -> list[int]:
    return insert_many(conn, SectionRow.__table__, ("document_id", "ordinal", "title", "start", "end"), [
        (document_id, n, s.title, s.start, s.end) for n, s in enumerate(extraction.sections, start=1)],
        document_id)


def _section_of(extraction: Extraction, ids: list[int], start: int) -> int | None:
    for section, section_id in zip(extraction.sections, ids):
        if section.start <= start < section.end:
            return section_id
    return None


def _known_indicators(conn: Connection) -> set[str]:
    known = _indicator_codes(conn)
    if not known:  # a caller that loads without ingest.start_run, which syncs once per run
        sync_reference(conn)
        known = _indicator_codes(conn)
    return known


def _indicator_codes(conn: Connection) -> set[str]:
    return {r[0] for r in conn.exec_driver_sql("SELECT code FROM indicator").fetchall()}


def load_meaning(conn: Connection, document_id: int, run_id: int, extraction: Extraction,
                 figure_ids: list[int | None] | None = None, text: str | None = None,
                 replace: bool = True) -> int:
    """Store sections, figure relations and observations for a loaded document; returns #observations.

    ``figure_ids`` are the ids of ``extraction.figures`` in order and ``text`` the document's
    text, when the caller has them (load_document does); otherwise they are read back.
    ``replace=False`` skips removing earlier rows, for a document inserted in this transaction.
    """
    known = _known_indicators(conn)
    if replace:
        clear_meaning(conn, document_id)
    section_ids = _section_ids(conn, document_id, extraction)
    if figure_ids is None:
        rows = conn.execute(select(FigureRow.id, FigureRow.start, FigureRow.end)
                            .where(FigureRow.document_id == document_id)).all()
        by_span = {(r.start, r.end): r.id for r in rows}
        figure_ids = [by_span.get((f.start, f.end)) for f in extraction.figures]
    if text is None:
        text = conn.execute(select(DocumentRow.text).where(DocumentRow.id == document_id)).scalar_one()
    by_start = {f.start: fid for f, fid in zip(extraction.figures, figure_ids) if fid is not None}
    insert_rows(conn, FigureMeaning.__table__, ("figure_id", "relation", "relates_to_id", "section_id"), [
        (fid, getattr(f, "relation", None), by_start.get(getattr(f, "relates_to", None)),
         _section_of(extraction, section_ids, f.start))
        for f, fid in zip(extraction.figures, figure_ids) if fid is not None])
    result = observe(extraction, text=text)
    kept, rows = [], []
    for obs in result.observations:
        mentions = sorted({figure_ids[i] for i in obs.mentions if figure_ids[i] is not None})
        if not mentions:
            continue
        kept.append(mentions)
        rows.append((
            document_id, run_id, obs.indicator if obs.indicator in known else None, obs.donor,
            obs.recipient, obs.region, obs.year, bool(obs.cumulative), obs.base_year, obs.relation,
            obs.unit, obs.item, obs.value, " | ".join(f"{v:.15g}" for v in obs.values)[:256], obs.status,
            obs.parts_status, len(mentions), obs.province))
    observation_ids = insert_many(conn, ObservationRow.__table__, OBSERVATION_COLUMNS, rows, document_id)
    insert_rows(conn, ObservationMention.__table__, ("observation_id", "figure_id"),
                [(oid, f) for oid, mentions in zip(observation_ids, kept) for f in mentions])
    return len(result.observations)
