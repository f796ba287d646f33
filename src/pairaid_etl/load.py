"""Loading one extracted document: one transaction, idempotent by content hash."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import Connection, insert, select, update

from . import events
from .corrections import Correction, apply_to_document
from .load_meaning import bulk_insert, insert_many, load_meaning
from .models import Document as DocumentRow
from .models import ExtractionEvent, Figure as FigureRow
from .read import Document
from .records import Extraction

FIGURE_COLUMNS = (
    "start", "end", "text", "number_text", "value", "value_high", "unit", "canonical_value",
    "canonical_unit", "kind", "qualifier", "item", "indicator", "year", "cumulative",
    "base_year", "donor", "recipient", "section",
)


@dataclass(frozen=True, slots=True)
class LoadResult:
    document_id: int | None  # None when another run had already loaded the same content
    n_figures: int


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _insert_ignore(conn: Connection, table, values: dict):
    """INSERT ... ON CONFLICT DO NOTHING RETURNING id, for SQLite and PostgreSQL."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    stmt = dialect_insert(table).values(**values).on_conflict_do_nothing().returning(table.c.id)
    return conn.execute(stmt).scalar_one_or_none()


def known_hashes(conn: Connection, hashes: list[str]) -> set[str]:
    """Which of these content hashes are already loaded."""
    if not hashes:
        return set()
    rows = conn.execute(select(DocumentRow.sha256).where(DocumentRow.sha256.in_(hashes)))
    return {row[0] for row in rows}


def load_document(conn: Connection, run_id: int, doc: Document, extraction: Extraction,
                  corrections: list[Correction] | None = None) -> LoadResult:
    """Store a document version with its figures and log; call inside one transaction.

    ``corrections`` (reviews/corrections.yaml) are applied to the new figures in the same
    transaction; unmatched ones are logged as correction_unmatched.
    """
    now = utcnow()
    doc_id = _insert_ignore(conn, DocumentRow.__table__, dict(
        path=doc.path, sha256=doc.sha256, title=extraction.title or doc.title,
        bulletin_year=extraction.bulletin_year or doc.bulletin_year, language="en",
        encoding=doc.encoding, text=doc.text, n_chars=len(doc.text), status="loaded",
        is_current=True, error=None, loaded_at=now, run_id=run_id,
    ))
    if doc_id is None:
        return LoadResult(None, 0)
    superseded = conn.execute(
        update(DocumentRow)
        .where(DocumentRow.path == doc.path, DocumentRow.id != doc_id, DocumentRow.is_current.is_(True))
        .values(is_current=False, status="superseded")
        .returning(DocumentRow.id)
    ).scalars().all()
    rows = [
        {**{c: getattr(f, c) for c in FIGURE_COLUMNS}, "document_id": doc_id, "run_id": run_id, "rule_id": f.rule}
        for f in extraction.figures
    ]
    figure_ids = insert_many(conn, FigureRow.__table__, rows)
    load_meaning(conn, doc_id, run_id, extraction, figure_ids=figure_ids, text=doc.text, replace=False)
    log = document_events(run_id, doc_id, doc.path, extraction)
    if corrections:
        log += apply_to_document(conn, run_id, doc_id, doc.path, doc.sha256, doc.text, corrections)
    log += [_event(run_id, old, doc.path, "document_superseded", f"replaced by document {doc_id}") for old in superseded]
    bulk_insert(conn, ExtractionEvent.__table__, log)
    return LoadResult(doc_id, len(rows))


def _event(run_id, document_id, path, code, message, start=None, end=None, rule_id=None) -> dict:
    return dict(run_id=run_id, document_id=document_id, path=path, level=events.level_of(code),
                code=code, message=message, start=start, end=end, rule_id=rule_id)


def document_events(run_id: int, doc_id: int, path: str, extraction: Extraction) -> list[dict]:
    """The extraction log of one document: every figure, rejection and note."""
    out = [_event(run_id, doc_id, path, "document_loaded", f"{len(extraction.figures)} figures")]
    for f in extraction.figures:
        out.append(_event(run_id, doc_id, path, "figure_accepted",
                          f"{f.text!r}: {f.value:g} {f.unit} ({f.kind}, {f.qualifier})", f.start, f.end, f.rule))
    for r in extraction.rejections:
        out.append(_event(run_id, doc_id, path, events.rejection_code(r.code),
                          r.message or f"{r.text!r} rejected as {r.code}", r.start, r.end, r.rule))
    for n in extraction.notes:
        out.append(_event(run_id, doc_id, path, n.code, n.message, n.start, n.end, n.rule))
    if not extraction.figures:
        out.append(_event(run_id, doc_id, path, "no_figures", "no figures found in this document"))
    return out


def record_file_error(conn: Connection, run_id: int, path: str, code: str, message: str) -> None:
    conn.execute(insert(ExtractionEvent), [_event(run_id, None, path, code, message)])
