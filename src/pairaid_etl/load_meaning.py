"""Loading the meaning layer for one document, inside the caller's transaction.

``load_document`` stores the document and its figures, then calls
``load_meaning(conn, document_id, run_id, extraction)``, which stores sections, figure
relations and observations (with their mentions). Idempotent: it replaces what it stored
for the document before. Reference tables (indicator, region) are synced from the package
data files on first use in a database.
"""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import Connection, delete, func, insert, select

from .meaning import observe
from .meaning.lexicon import Lexicon, load_lexicon
from .models import Document as DocumentRow
from .models import Figure as FigureRow
from .models_meaning import FigureMeaning, Indicator, Observation, ObservationMention, Region, Section
from .records import Extraction


def sync_reference(conn: Connection, lexicon: Lexicon | None = None) -> None:
    """Fill the indicator and region tables from the data files when they are behind."""
    lexicon = lexicon or load_lexicon()
    known = set(conn.execute(select(Indicator.code)).scalars())
    rows = [dict(code=i.code, label=i.label, kind=i.kind, unit=i.unit, measure=i.measure, single=i.single,
                 description=i.description) for i in lexicon.indicators.values() if i.code not in known]
    if rows:
        conn.execute(insert(Indicator), rows)
    if conn.execute(select(func.count()).select_from(Region)).scalar_one() >= len(lexicon.regions):
        return
    conn.execute(delete(Region))
    ids: dict[str, int] = {}
    for region in lexicon.regions:  # parents come first in the file
        ids[region.name] = conn.execute(insert(Region).values(
            name=region.name, level=region.level, type=region.type, full_name=region.full_name,
            parent_name=region.parent, parent_id=ids.get(region.parent) if region.parent else None,
        ).returning(Region.id)).scalar_one()


def clear_meaning(conn: Connection, document_id: int) -> None:
    figure_ids = select(FigureRow.id).where(FigureRow.document_id == document_id).scalar_subquery()
    conn.execute(delete(FigureMeaning).where(FigureMeaning.figure_id.in_(figure_ids)))
    conn.execute(delete(Observation).where(Observation.document_id == document_id))
    conn.execute(delete(Section).where(Section.document_id == document_id))


def bulk_insert(conn: Connection, table, rows: list[dict]) -> None:
    """One DBAPI executemany of ``rows`` (all with the same keys) into ``table``.

    Bypasses SQLAlchemy's per-row parameter processing, which cost more than the database
    itself on bulk loads; values must already be plain Python values.
    """
    if not rows:
        return
    columns = tuple(rows[0])
    conn.exec_driver_sql(_insert_sql(conn.dialect, table.name, columns), [tuple(r[c] for c in columns) for r in rows])


@lru_cache(maxsize=64)
def _insert_sql(dialect, table_name: str, columns: tuple[str, ...]) -> str:
    quote = dialect.identifier_preparer.quote
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    return (f"INSERT INTO {quote(table_name)} ({', '.join(quote(c) for c in columns)}) "
            f"VALUES ({', '.join([marker] * len(columns))})")


def insert_many(conn: Connection, table, rows: list[dict]) -> list[int]:
    """Insert one document's new rows of ``table``; their ids, in the order of ``rows``.

    One executemany, then the ids read back in id order: ids grow within a transaction, and
    the rows are the document's only ones (RETURNING with ordering goes row by row on SQLite).
    """
    if not rows:
        return []
    bulk_insert(conn, table, rows)
    document_id = rows[0]["document_id"]
    return list(conn.execute(select(table.c.id).where(table.c.document_id == document_id)
                             .order_by(table.c.id)).scalars())


def _section_ids(conn: Connection, document_id: int, extraction: Extraction) -> list[int]:
    return insert_many(conn, Section.__table__, [
        dict(document_id=document_id, ordinal=n, title=s.title, start=s.start, end=s.end)
        for n, s in enumerate(extraction.sections, start=1)])


def _section_of(extraction: Extraction, ids: list[int], start: int) -> int | None:
    for section, section_id in zip(extraction.sections, ids):
        if section.start <= start < section.end:
            return section_id
    return None


def _known_indicators(conn: Connection) -> set[str]:
    known = set(conn.execute(select(Indicator.code)).scalars())
    if not known:  # a caller that loads without ingest.start_run, which syncs once per run
        sync_reference(conn)
        known = set(conn.execute(select(Indicator.code)).scalars())
    return known


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
    meaning_rows = [dict(figure_id=fid, relation=getattr(f, "relation", None),
                         relates_to_id=by_start.get(getattr(f, "relates_to", None)),
                         section_id=_section_of(extraction, section_ids, f.start))
                    for f, fid in zip(extraction.figures, figure_ids) if fid is not None]
    if meaning_rows:
        bulk_insert(conn, FigureMeaning.__table__, meaning_rows)
    result = observe(extraction, text=text)
    kept, rows = [], []
    for obs in result.observations:
        mentions = sorted({figure_ids[i] for i in obs.mentions if figure_ids[i] is not None})
        if not mentions:
            continue
        kept.append(mentions)
        rows.append(dict(
            document_id=document_id, run_id=run_id,
            indicator=obs.indicator if obs.indicator in known else None, donor=obs.donor,
            recipient=obs.recipient, region=obs.region, year=obs.year, cumulative=bool(obs.cumulative),
            base_year=obs.base_year, relation=obs.relation, unit=obs.unit, item=obs.item, value=obs.value,
            values_text=" | ".join(f"{v:.15g}" for v in obs.values)[:256], status=obs.status,
            parts_status=obs.parts_status, n_mentions=len(mentions)))
    observation_ids = insert_many(conn, Observation.__table__, rows)
    links = [dict(observation_id=oid, figure_id=f) for oid, mentions in zip(observation_ids, kept) for f in mentions]
    bulk_insert(conn, ObservationMention.__table__, links)
    return len(result.observations)
