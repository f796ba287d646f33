"""What the review report shows, read from the database: runs, documents, figures, events."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection, or_, select

from .. import events
from ..errors import PairaidError
from ..store.models import DocumentRow, ExtractionEvent, ExtractionRun, FigureRow

CONFLICT_CODES = ("conflict", "part_whole_mismatch")


class ReviewError(PairaidError):
    """The report cannot be built: no run, an unknown run id, an unmigrated database."""


@dataclass
class DocumentReview:
    """One document version with everything a reviewer needs to judge it."""

    document: dict
    figures: list[dict]
    events: list[dict]

    @property
    def id(self) -> int:
        return self.document["id"]

    @property
    def rejections(self) -> list[dict]:
        return [e for e in self.events if e["code"].startswith("rejected_")]

    @property
    def conflicts(self) -> list[dict]:
        return [e for e in self.events if e["code"] in CONFLICT_CODES]

    @property
    def warnings(self) -> list[dict]:
        """Warnings other than conflicts, and errors."""
        return [e for e in self.events if e["level"] != "info" and e["code"] not in CONFLICT_CODES]

    @property
    def corrections(self) -> list[dict]:
        return [e for e in self.events if e["code"].startswith("correction_")]

    def count(self, level: str) -> int:
        return sum(1 for e in self.events if e["level"] == level)


@dataclass
class Review:
    """The whole report: the run it is about, its documents, files that never became documents."""

    run: dict
    documents: list[DocumentReview]
    file_errors: list[dict] = field(default_factory=list)
    scope: str = "current documents"
    aid_charts: list = field(default_factory=list)  # chart.PairingChart, one per donor–recipient pairing


def read_review(conn: Connection, run_id: int | None = None) -> Review:
    """The documents a run touched (``run_id``), or every current document and the latest run."""
    run = _run(conn, run_id)
    if run_id is None:
        where, scope = DocumentRow.is_current.is_(True), "every current document"
    else:
        touched = select(ExtractionEvent.document_id).where(ExtractionEvent.run_id == run_id)
        where, scope = or_(DocumentRow.run_id == run_id, DocumentRow.id.in_(touched)), f"documents run {run_id} touched"
    docs = conn.execute(select(DocumentRow).where(where).order_by(DocumentRow.path, DocumentRow.id)).mappings().all()
    reviews = [_document_review(conn, dict(d)) for d in docs]
    file_errors = conn.execute(select(ExtractionEvent).where(
        ExtractionEvent.run_id == run["id"], ExtractionEvent.document_id.is_(None)
    ).order_by(ExtractionEvent.id)).mappings().all()
    return Review(run, reviews, [dict(e) for e in file_errors], scope)


def _run(conn: Connection, run_id: int | None) -> dict:
    query = select(ExtractionRun)
    query = query.where(ExtractionRun.id == run_id) if run_id is not None else query.order_by(ExtractionRun.id.desc()).limit(1)
    row = conn.execute(query).mappings().first()
    if row is None:
        raise ReviewError(f"no run {run_id} in the database" if run_id is not None
                          else "no runs in the database yet: run `pairaid ingest` (or `make run`) first")
    return dict(row)


def _document_review(conn: Connection, document: dict) -> DocumentReview:
    figures = conn.execute(select(FigureRow).where(FigureRow.document_id == document["id"])
                           .order_by(FigureRow.start)).mappings().all()
    rows = conn.execute(select(ExtractionEvent).where(ExtractionEvent.document_id == document["id"])
                        .order_by(ExtractionEvent.id)).mappings().all()
    seen, unique = set(), []
    for e in rows:  # later runs may repeat a correction report: show it once
        key = (e["code"], e["start"], e["end"], e["message"])
        if key not in seen:
            seen.add(key)
            unique.append({**e, "level": e["level"] or events.level_of(e["code"])})
    return DocumentReview(document, [dict(f) for f in figures], unique)
