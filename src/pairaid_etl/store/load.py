"""Loading one extracted document: one transaction, idempotent by content hash."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from datetime import datetime, timezone
from operator import attrgetter, itemgetter

from sqlalchemy import Connection, bindparam, delete, insert, select, update

from .. import events
from .corrections import Correction, apply_to_document
from .load_meaning import clear_meaning, insert_many, insert_rows, load_meaning
from .models import DocumentRow, ExtractionEvent, ExtractionRun, FigureRow
from ..read import Document
from ..records import Extraction

FIGURE_COLUMNS = (
    "start", "end", "text", "number_text", "value", "value_high", "unit", "canonical_value",
    "canonical_unit", "kind", "qualifier", "item", "indicator", "year", "cumulative",
    "base_year", "donor", "recipient", "province", "section", "indicator_rule", "place_rule", "donor_rule",
    "period_rule",
)
_figure_values = attrgetter(*FIGURE_COLUMNS)
FIGURE_INSERT_COLUMNS = (*FIGURE_COLUMNS, "document_id", "run_id", "rule_id")
EVENT_COLUMNS = ("run_id", "document_id", "path", "level", "code", "message", "start", "end", "rule_id", "text")


@dataclass(frozen=True, slots=True)
class LoadResult:
    document_id: int | None  # None when another run had already loaded the same content
    n_figures: int


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


@lru_cache(maxsize=4)
def _document_statements(dialect_name: str):
    """The per-document statements, built once (building them cost more than running them).

    INSERT ... ON CONFLICT DO NOTHING RETURNING id keys documents by content hash; the
    UPDATE marks earlier versions of the same path superseded.
    """
    if dialect_name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    table = DocumentRow.__table__
    insert_document = dialect_insert(table).on_conflict_do_nothing().returning(table.c.id)
    supersede = (update(table)
                 .where(table.c.path == bindparam("old_path"), table.c.id != bindparam("new_id"),
                        table.c.is_current.is_(True))
                 .values(is_current=False, status="superseded").returning(table.c.id))
    return insert_document, supersede


def known_hashes(conn: Connection, hashes: list[str]) -> set[str]:
    """Which of these content hashes are already loaded."""
    if not hashes:
        return set()
    rows = conn.execute(select(DocumentRow.sha256).where(DocumentRow.sha256.in_(hashes)))
    return {row[0] for row in rows}


def stale_hashes(conn: Connection, hashes: list[str], version: str) -> set[str]:
    """Which of these loaded documents another pipeline version (code or rules) extracted."""
    if not hashes:
        return set()
    rows = conn.execute(select(DocumentRow.sha256).join(ExtractionRun, ExtractionRun.id == DocumentRow.run_id)
                        .where(DocumentRow.sha256.in_(hashes), ExtractionRun.pipeline_version != version))
    return {row[0] for row in rows}


def reload_document(conn: Connection, run_id: int, doc: Document, extraction: Extraction) -> LoadResult:
    """Replace a loaded document's figures and meaning with a new extraction of the same text
    (``pairaid ingest --reextract`` after the rules changed); call inside one transaction.
    The document keeps its id and its history of events; the flow applies reviewers'
    corrections to the new figures afterwards, as on every run."""
    doc_id = conn.execute(select(DocumentRow.id).where(DocumentRow.sha256 == doc.sha256)).scalar_one_or_none()
    if doc_id is None:
        return LoadResult(None, 0)
    clear_meaning(conn, doc_id)
    conn.execute(delete(FigureRow).where(FigureRow.document_id == doc_id))
    conn.execute(update(DocumentRow).where(DocumentRow.id == doc_id).values(
        run_id=run_id, loaded_at=utcnow(), title=extraction.title or doc.title,
        bulletin_year=extraction.bulletin_year or doc.bulletin_year))
    rows = [(*_figure_values(f), doc_id, run_id, f.rule) for f in extraction.figures]
    figure_ids = insert_many(conn, FigureRow.__table__, FIGURE_INSERT_COLUMNS, rows, doc_id)
    load_meaning(conn, doc_id, run_id, extraction, figure_ids=figure_ids, text=doc.text, replace=False)
    log = document_events(run_id, doc_id, doc.path, extraction, doc.text)
    log.append(_event_values(events.event_row(run_id, doc_id, doc.path, "document_reextracted",
                                              f"{len(rows)} figures from a new extraction")))
    insert_rows(conn, ExtractionEvent.__table__, EVENT_COLUMNS, log)
    return LoadResult(doc_id, len(rows))


def load_document(conn: Connection, run_id: int, doc: Document, extraction: Extraction,
                  corrections: list[Correction] | None = None) -> LoadResult:
    """Store a document version with its figures and log; call inside one transaction.

    ``corrections`` (reviews/corrections.yaml) are applied to the new figures in the same
    transaction; unmatched ones are logged as correction_unmatched.
    """
    now = utcnow()
    insert_document, supersede = _document_statements(conn.dialect.name)
    doc_id = conn.execute(insert_document, dict(
        path=doc.path, sha256=doc.sha256, title=extraction.title or doc.title,
        bulletin_year=extraction.bulletin_year or doc.bulletin_year, language="en",
        encoding=doc.encoding, text=doc.text, n_chars=len(doc.text), status="loaded",
        is_current=True, error=None, loaded_at=now, run_id=run_id,
    )).scalar_one_or_none()
    if doc_id is None:
        return LoadResult(None, 0)
    superseded = conn.execute(supersede, dict(old_path=doc.path, new_id=doc_id)).scalars().all()
    rows = [(*_figure_values(f), doc_id, run_id, f.rule) for f in extraction.figures]
    figure_ids = insert_many(conn, FigureRow.__table__, FIGURE_INSERT_COLUMNS, rows, doc_id)
    load_meaning(conn, doc_id, run_id, extraction, figure_ids=figure_ids, text=doc.text, replace=False)
    log = document_events(run_id, doc_id, doc.path, extraction, doc.text)
    if corrections:
        log += map(_event_values, apply_to_document(conn, run_id, doc_id, doc.path, doc.sha256, doc.text, corrections))
    log += [_event_values(events.event_row(run_id, old, doc.path, "document_superseded", f"replaced by document {doc_id}"))
            for old in superseded]
    insert_rows(conn, ExtractionEvent.__table__, EVENT_COLUMNS, log)
    return LoadResult(doc_id, len(rows))


_event_values = itemgetter(*EVENT_COLUMNS)


def document_events(run_id: int, doc_id: int, path: str, extraction: Extraction, text: str) -> list[tuple]:
    """The extraction log of one document, every figure, rejection and note, as EVENT_COLUMNS rows.

    Each row keeps the text of its span (``text[start:end]``), so that the run log and the
    reviewers' queries need not cut it out of the document again.
    """
    level = events.level_of
    out = [(run_id, doc_id, path, level("document_loaded"), "document_loaded", f"{len(extraction.figures)} figures",
            None, None, None, None)]
    accepted = level("figure_accepted")
    out += [(run_id, doc_id, path, accepted, "figure_accepted",
             f"{f.text!r}: {f.value:g} {f.unit} ({f.kind}, {f.qualifier})", f.start, f.end, f.rule, f.text)
            for f in extraction.figures]
    for r in extraction.rejections:
        code = events.rejection_code(r.code)
        out.append((run_id, doc_id, path, level(code), code, r.message or f"{r.text!r} rejected as {r.code}",
                    r.start, r.end, r.rule, r.text))
    out += [(run_id, doc_id, path, level(n.code), n.code, n.message, n.start, n.end, n.rule, _span(text, n.start, n.end))
            for n in extraction.notes]
    if not extraction.figures:
        out.append((run_id, doc_id, path, level("no_figures"), "no_figures", "no figures found in this document",
                    None, None, None, None))
    return out


def _span(text: str, start: int | None, end: int | None) -> str | None:
    return None if start is None or end is None else text[start:end]


def record_file_error(conn: Connection, run_id: int, path: str, code: str, message: str) -> None:
    """One error event per run, file and code: a retried task does not log its file errors twice."""
    seen = conn.execute(select(ExtractionEvent.id).where(
        ExtractionEvent.run_id == run_id, ExtractionEvent.path == path, ExtractionEvent.code == code,
        ExtractionEvent.document_id.is_(None)).limit(1)).first()
    if seen is None:
        conn.execute(insert(ExtractionEvent), [events.event_row(run_id, None, path, code, message)])


def record_run_event(conn: Connection, run_id: int, code: str, message: str) -> None:
    conn.execute(insert(ExtractionEvent), [events.event_row(run_id, None, None, code, message)])
