"""Ingest steps the Prefect flow orchestrates: runs, batches of files, the summary."""

from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, func, insert, select, update

from . import __version__, events
from .errors import DocumentError
from .load import known_hashes, load_document, record_file_error, utcnow
from .models import Document as DocumentRow
from .models import ExtractionRun, Figure as FigureRow
from .read import read_bytes, to_document

log = logging.getLogger(__name__)

# Batches run at once on the default thread pool: extraction holds the GIL, so more threads
# only add memory and database contention (SQLite has one writer); two overlap I/O with work.
DEFAULT_WORKERS = 2
# Documents per Prefect task: large enough that task bookkeeping is a small share of the
# cost (500 documents: 56 ms/doc at 25 a batch, 48 at 100), small enough to spread work.
DEFAULT_BATCH_SIZE = 100


@dataclass
class BatchResult:
    loaded: int = 0
    skipped: int = 0
    failed: int = 0
    figures: int = 0
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (path, code, message)

    def merge(self, other: "BatchResult") -> "BatchResult":
        return BatchResult(self.loaded + other.loaded, self.skipped + other.skipped,
                           self.failed + other.failed, self.figures + other.figures,
                           self.errors + other.errors)


@dataclass
class RunSummary:
    run_id: int
    status: str
    documents: int
    loaded: int
    skipped: int
    failed: int
    figures: int
    figures_by_kind: dict[str, int]
    errors: list[tuple[str, str, str]]

    @property
    def exit_code(self) -> int:
        return 0 if self.failed == 0 else 1


def pipeline_version() -> str:
    from .extract import rules_fingerprint

    return f"{__version__}+{rules_fingerprint()}"


def start_run(engine: Engine, flow_run_id: str | None = None) -> int:
    """Open a run row. A run killed midway stays 'running' with no finished_at."""
    _sync_reference(engine)
    with engine.begin() as conn:
        return conn.execute(insert(ExtractionRun).values(
            started_at=utcnow(), status="running", flow_run_id=flow_run_id,
            pipeline_version=pipeline_version(), n_documents=0, n_loaded=0, n_skipped=0,
            n_failed=0, n_figures=0,
        ).returning(ExtractionRun.id)).scalar_one()


def _sync_reference(engine: Engine, attempts: int = 3) -> None:
    """Indicator and region tables from the data files; a concurrent run may be doing the same."""
    from sqlalchemy.exc import IntegrityError, OperationalError

    from .load_meaning import sync_reference

    for attempt in range(attempts):
        try:
            with engine.begin() as conn:
                sync_reference(conn)
            return
        except (IntegrityError, OperationalError):
            if attempt == attempts - 1:
                raise


def process_files(engine: Engine, run_id: int, paths: list[str], max_bytes: int) -> BatchResult:
    """Read, extract and load each file; a failing file is recorded and the rest go on."""
    from .extract import extract_figures

    result = BatchResult()
    raws = []
    for path in paths:
        try:
            raws.append(read_bytes(path, max_bytes))
        except DocumentError as exc:
            result = result.merge(_fail(engine, run_id, path, exc.code, exc.message))
    with engine.connect() as conn:
        seen = known_hashes(conn, [r.sha256 for r in raws])
    for raw in raws:
        if raw.sha256 in seen:
            result.skipped += 1
            continue
        try:
            doc = to_document(raw)
            extraction = extract_figures(doc.text, bulletin_year=doc.bulletin_year, source_name=doc.path)
            with engine.begin() as conn:
                loaded = load_document(conn, run_id, doc, extraction)
        except DocumentError as exc:
            result = result.merge(_fail(engine, run_id, raw.path, exc.code, exc.message))
            continue
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop the run
            log.exception("internal error on %s", raw.path)
            detail = "".join(traceback.format_exception_only(exc)).strip()
            result = result.merge(_fail(engine, run_id, raw.path, "internal_error", f"{raw.path}: {detail}"))
            continue
        if loaded.document_id is None:
            result.skipped += 1
        else:
            result.loaded += 1
            result.figures += loaded.n_figures
    return result


def _fail(engine: Engine, run_id: int, path: str, reason: str, message: str) -> BatchResult:
    code = events.document_error_code(reason)
    with engine.begin() as conn:
        record_file_error(conn, run_id, path, code, message)
    return BatchResult(failed=1, errors=[(path, code, message)])


def finish_run(engine: Engine, run_id: int, n_files: int, result: BatchResult) -> RunSummary:
    status = "completed" if result.failed == 0 else "completed_with_errors"
    with engine.begin() as conn:
        conn.execute(update(ExtractionRun).where(ExtractionRun.id == run_id).values(
            finished_at=utcnow(), status=status, n_documents=n_files, n_loaded=result.loaded,
            n_skipped=result.skipped, n_failed=result.failed, n_figures=result.figures,
        ))
        by_kind = dict(conn.execute(
            select(FigureRow.kind, func.count()).join(DocumentRow, DocumentRow.id == FigureRow.document_id)
            .where(DocumentRow.is_current.is_(True)).group_by(FigureRow.kind).order_by(FigureRow.kind)
        ).all())
    return RunSummary(run_id, status, n_files, result.loaded, result.skipped, result.failed,
                      result.figures, by_kind, result.errors)


def batches(items: list[str], size: int) -> list[list[str]]:
    return [items[i:i + size] for i in range(0, len(items), size)] or []


def discover_files(paths: list[str]) -> list[str]:
    from .read import discover

    return [str(p) for p in discover([Path(p) for p in paths])]
