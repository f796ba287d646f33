"""Prefect flow: discover -> check schema -> read/extract/load in batches -> summary.

Thin: each task calls one library function. The database URL is never a parameter (Prefect
stores parameters and shows them in its UI): every task reads it from the settings
(``PAIRAID_DATABASE_URL``, or the Prefect Secret block named by ``PAIRAID_DATABASE_SECRET``).
A run in which files failed ends Failed, listing them, so ``on_failure`` hooks and
automations fire. Run it with ``pairaid ingest``; schedule it with ``pairaid serve`` or
``pairaid deploy``.
"""

from __future__ import annotations

import os
import socket
from dataclasses import asdict
from datetime import timedelta

from prefect import flow, get_run_logger, task, unmapped
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.runtime import flow_run
from prefect.states import Completed, Failed
from prefect.task_runners import ThreadPoolTaskRunner

from ..store import corrections, runlog
from . import ingest
from .caching import ExtractionBatchSerializer, extraction_cache_key
from ..config import load_settings
from ..store.db import check_schema
from .progress import batch_progress
from ..read import Document
from .secrets import database_engine, database_slot


@task(retries=2, retry_delay_seconds=2)
def discover(paths: list[str]) -> list[str]:
    return ingest.discover_files(paths)


@task
def check_database() -> None:
    """Fail the run, before any work, when the schema is not at this code's revision."""
    check_schema(database_engine())


@task(retries=2, retry_delay_seconds=2)
def open_run(host: str, pid: int) -> int:
    """Open the run row of flow process ``pid`` (the flow's process, not a worker's)."""
    return ingest.start_run(database_engine(), flow_run.get_id(), host, pid)


@task(cache_key_fn=extraction_cache_key, cache_expiration=timedelta(days=30), persist_result=True,
      cache_result_in_memory=False,  # else every batch's results stay in memory until the run ends
      result_serializer=ExtractionBatchSerializer())
def extract_batch(documents: list[Document]) -> list:
    """Pure extraction of a batch, cached by Prefect on code, data files and document contents.

    A database rebuilt from scratch, or a second database fed the same files, reuses the
    stored results instead of extracting again (the flow's ``refresh_cache`` forces a fresh
    extraction). Stored as plain tuples: see pairaid_etl.orchestrate.caching.
    """
    return ingest.extract_documents(documents)


@task(retries=2, retry_delay_seconds=[2, 10])
def ingest_batch(paths: list[str], run_id: int, max_bytes: int, refresh_cache: bool = False,
                 reextract: bool = False) -> ingest.BatchResult:
    """One batch of files; loads and file-error events are idempotent, so a retry is safe."""
    ingest.settle_heap()
    engine = database_engine()
    prepared = ingest.prepare_files(engine, run_id, paths, max_bytes, reextract)
    extract = extract_batch.with_options(refresh_cache=True) if refresh_cache else extract_batch
    extractions = extract(prepared.documents) if prepared.documents else []
    result = ingest.load_documents(engine, run_id, prepared, extractions)
    logger = get_run_logger()
    for path, code, message in result.errors:
        logger.error("%s: %s", code, message)
    logger.info("batch: %d loaded, %d unchanged, %d failed", result.loaded, result.skipped, result.failed)
    return result


@task(retries=2, retry_delay_seconds=2)
def close_run(run_id: int, n_files: int, result: ingest.BatchResult) -> ingest.RunSummary:
    return ingest.finish_run(database_engine(), run_id, n_files, result)


@task
def apply_reviews(run_id: int) -> dict[str, int]:
    """Reviewer corrections (reviews/corrections.yaml) on every current document, logged as events."""
    fixes = corrections.load_corrections(load_settings().corrections_path)
    counts = corrections.apply_corrections(database_engine(), run_id, fixes)
    logger = get_run_logger()
    (logger.warning if counts.get("correction_unmatched") else logger.info)("corrections: %s", counts or "none")
    return counts


@task(retries=2, retry_delay_seconds=2)
def publish_run_log(run_id: int) -> str:
    """The run's JSON-lines log, and artifacts: documents with counts, a summary linking the review."""
    report = runlog.publish_run(database_engine(), run_id, load_settings().log_dir)
    create_table_artifact(key="ingest-documents", table=report.documents,
                          description=f"Run {run_id}: figures, rejected candidates, warnings and errors per document")
    create_markdown_artifact(key="ingest-summary", markdown=report.markdown, description=f"Run {run_id} summary")
    return str(report.log_path)


@flow(name="ingest-bulletins", task_runner=ThreadPoolTaskRunner(max_workers=ingest.DEFAULT_WORKERS))
def ingest_bulletins(paths: list[str] | None = None, batch_size: int = ingest.DEFAULT_BATCH_SIZE,
                     refresh_cache: bool = False, reextract: bool = False):
    """Ingest bulletin files into the database named by the environment (never a parameter).

    Per-file failures are recorded and the other files load; the run then ends Failed with
    the list of failed files. ``refresh_cache`` extracts again even where Prefect holds a
    cached extraction; ``reextract`` replaces the figures of documents an earlier pipeline
    version (code or rule files) extracted, so they take the current rules.
    """
    settings = load_settings()
    check_database()
    files = discover(paths or [str(settings.raw_dir)])
    with database_slot():  # one run at a time per database, on a server where its limit exists
        run_id = open_run(socket.gethostname(), os.getpid())
        total = run_batches(files, run_id, batch_size, settings.max_bytes, refresh_cache, reextract)
        summary = close_run(run_id, len(files), total)
        apply_reviews(run_id)
        publish_run_log(run_id)
    get_run_logger().info("run %d: %d loaded, %d unchanged, %d failed, %d figures", run_id,
                          summary.loaded, summary.skipped, summary.failed, summary.figures)
    if summary.failed:
        return Failed(message=failed_message(summary), data=asdict(summary))
    return Completed(message="completed", data=asdict(summary))


def run_batches(files: list[str], run_id: int, batch_size: int, max_bytes: int,
                refresh_cache: bool, reextract: bool = False) -> ingest.BatchResult:
    """The batches as mapped tasks, their results merged as they finish, with progress."""
    batches = ingest.batches(files, batch_size)
    futures = ingest_batch.map(batches, unmapped(run_id), unmapped(max_bytes), unmapped(refresh_cache),
                               unmapped(reextract))
    total = ingest.BatchResult()
    try:
        with batch_progress(len(batches), len(files)) as progress:
            for future in futures:
                result = future.result()
                progress.advance(result)
                total = total.merge(result)
    finally:
        ingest.release_heap()
    return total


def failed_message(summary: ingest.RunSummary, shown: int = 20) -> str:
    """``2 files failed: raw/a.txt (doc_empty), raw/b.txt (doc_binary)``, the first ``shown`` listed."""
    listed = ", ".join(f"{path} ({code})" for path, code, _ in summary.errors[:shown])
    more = f" and {len(summary.errors) - shown} more" if len(summary.errors) > shown else ""
    return f"{summary.failed} file{'s' if summary.failed != 1 else ''} failed: {listed}{more}"
