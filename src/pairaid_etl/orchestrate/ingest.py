"""Ingest steps the Prefect flow orchestrates: runs, batches of files, the summary."""

from __future__ import annotations

import gc
import logging
import os
import socket
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, func, insert, select, update

from .. import __version__, events
from ..errors import DocumentError
from ..store.load import (known_hashes, load_document, record_file_error, record_run_event, reload_document,
                          stale_hashes, utcnow)
from ..store.models import DocumentRow, ExtractionRun, FigureRow
from ..read import Document, read_bytes, to_document
from ..records import Extraction

log = logging.getLogger(__name__)

# Batches run at once on the default thread pool. Extraction holds the GIL, so a second
# thread cannot extract at the same time; it only adds GIL hand-offs and SQLite writers
# waiting on each other's lock, which makes a run slower. Scale out with worker processes
# instead (Dask, see pairaid_etl.orchestrate.run).
DEFAULT_WORKERS = 1
# Documents per Prefect task: enough that Prefect's per-task bookkeeping is a small share
# of a batch's cost, few enough that a run still spreads over several tasks.
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
    from ..extract.figures import rules_fingerprint

    return f"{__version__}+{rules_fingerprint()}"


def start_run(engine: Engine, flow_run_id: str | None = None, host: str | None = None,
              pid: int | None = None) -> int:
    """Open a run row for the flow process ``pid`` on ``host`` (default: this process).

    A run killed midway cannot close its own row; rows of earlier runs on this host whose
    process is gone are closed here as 'interrupted', with a run_interrupted event.
    """
    _sync_reference(engine)
    host, pid = host or socket.gethostname(), pid or os.getpid()
    with engine.begin() as conn:
        run_id = conn.execute(insert(ExtractionRun).values(
            started_at=utcnow(), status="running", flow_run_id=flow_run_id,
            pipeline_version=pipeline_version(), n_documents=0, n_loaded=0, n_skipped=0,
            n_failed=0, n_figures=0, host=host, pid=pid,
        ).returning(ExtractionRun.id)).scalar_one()
        close_interrupted_runs(conn, run_id, host)
    return run_id


def close_interrupted_runs(conn, run_id: int, host: str) -> None:
    """Mark 'running' rows of this host whose process no longer exists."""
    rows = conn.execute(select(ExtractionRun.id, ExtractionRun.pid).where(
        ExtractionRun.status == "running", ExtractionRun.host == host, ExtractionRun.id != run_id)).all()
    gone = [(old, pid) for old, pid in rows if pid and not _process_exists(pid)]
    for old, pid in gone:
        conn.execute(update(ExtractionRun).where(ExtractionRun.id == old, ExtractionRun.status == "running")
                     .values(status="interrupted", finished_at=utcnow()))
        record_run_event(conn, run_id, "run_interrupted",
                         f"run {old} was interrupted: its process {pid} on {host} is gone; the documents "
                         f"it loaded are whole, and this run loads the rest")


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def _sync_reference(engine: Engine, attempts: int = 3) -> None:
    """Indicator and region tables from the data files; a concurrent run may be doing the same."""
    from sqlalchemy.exc import IntegrityError, OperationalError

    from ..store.load_meaning import sync_reference

    for attempt in range(attempts):
        try:
            with engine.begin() as conn:
                sync_reference(conn)
            return
        except (IntegrityError, OperationalError):
            if attempt == attempts - 1:
                raise


@dataclass
class Prepared:
    """One batch after reading: the documents still to extract, and what was settled already."""

    documents: list[Document]
    result: BatchResult
    reextract: frozenset[str] = frozenset()  # content hashes loaded before, extracted again


@dataclass(frozen=True, slots=True)
class ExtractionFailure:
    """Extraction raised on one document; the batch goes on and the loader records it."""

    code: str
    message: str


_heap_settled = False


def settle_heap() -> None:
    """Take the objects alive now out of the cyclic collector's way, until ``release_heap``.

    A flow process holds Prefect, SQLAlchemy and the spaCy pipeline: long-lived objects that
    every full collection would walk again, for nothing, while documents are extracted.
    ``gc.freeze`` moves them to a permanent generation; the extraction pipeline is built
    first so that it is frozen too. Reference counting still frees everything as before.
    """
    global _heap_settled
    if _heap_settled:
        return
    from ..extract.figures import extract_figures

    extract_figures("In 2010 the province donated 1.5 million yuan to 12 counties.")
    gc.collect()
    gc.freeze()
    _heap_settled = True


def release_heap() -> None:
    """Give the frozen objects back to the collector (at the end of a run: a long-lived
    process, such as a served deployment, must not keep one run's garbage for good)."""
    global _heap_settled
    gc.unfreeze()
    _heap_settled = False


def prepare_files(engine: Engine, run_id: int, paths: list[str], max_bytes: int,
                  reextract: bool = False) -> Prepared:
    """Read and decode each file; unreadable files are recorded, unchanged ones skipped.
    With ``reextract``, a file loaded before by another pipeline version (code or rule files)
    is extracted again and its figures replaced; one the current version loaded is still skipped."""
    result = BatchResult()
    raws = []
    for path in paths:
        try:
            raws.append(read_bytes(path, max_bytes))
        except DocumentError as exc:
            result = result.merge(_fail(engine, run_id, path, exc.code, exc.message))
    with engine.connect() as conn:
        seen = known_hashes(conn, [r.sha256 for r in raws])
        stale = stale_hashes(conn, sorted(seen), pipeline_version()) if reextract and seen else set()
    documents = []
    for raw in raws:
        if raw.sha256 in seen and raw.sha256 not in stale:
            result.skipped += 1
            continue
        try:
            documents.append(to_document(raw))
        except DocumentError as exc:
            result = result.merge(_fail(engine, run_id, raw.path, exc.code, exc.message))
    return Prepared(documents, result, frozenset(stale))


def extract_documents(documents: list[Document]) -> list[Extraction | ExtractionFailure]:
    """Extraction of each document (pure: text in, figures out), a failure in its place."""
    from ..extract.figures import extract_figures

    out: list[Extraction | ExtractionFailure] = []
    for doc in documents:
        try:
            out.append(extract_figures(doc.text, bulletin_year=doc.bulletin_year, source_name=doc.path))
        except DocumentError as exc:
            out.append(ExtractionFailure(exc.code, exc.message))
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop the run
            log.exception("internal error on %s", doc.path)
            out.append(ExtractionFailure("internal_error", _internal_error(doc.path, exc)))
    return out


def load_documents(engine: Engine, run_id: int, prepared: Prepared,
                   extractions: list[Extraction | ExtractionFailure]) -> BatchResult:
    """Load each extracted document in its own transaction; failures are recorded."""
    result = BatchResult().merge(prepared.result)
    for doc, extraction in zip(prepared.documents, extractions, strict=True):
        if isinstance(extraction, ExtractionFailure):
            result = result.merge(_fail(engine, run_id, doc.path, extraction.code, extraction.message))
            continue
        try:
            with engine.begin() as conn:
                if doc.sha256 in prepared.reextract:
                    loaded = reload_document(conn, run_id, doc, extraction)
                else:
                    loaded = load_document(conn, run_id, doc, extraction)
        except DocumentError as exc:
            result = result.merge(_fail(engine, run_id, doc.path, exc.code, exc.message))
            continue
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop the run
            log.exception("internal error loading %s", doc.path)
            result = result.merge(_fail(engine, run_id, doc.path, "internal_error", _internal_error(doc.path, exc)))
            continue
        if loaded.document_id is None:
            result.skipped += 1
        else:
            result.loaded += 1
            result.figures += loaded.n_figures
    return result


def process_files(engine: Engine, run_id: int, paths: list[str], max_bytes: int, reextract: bool = False) -> BatchResult:
    """Read, extract and load each file; a failing file is recorded and the rest go on."""
    prepared = prepare_files(engine, run_id, paths, max_bytes, reextract)
    return load_documents(engine, run_id, prepared, extract_documents(prepared.documents))


def _internal_error(path: str, exc: BaseException) -> str:
    return f"{path}: " + "".join(traceback.format_exception_only(exc)).strip()


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
    from ..read import discover

    return [str(p) for p in discover([Path(p) for p in paths])]
