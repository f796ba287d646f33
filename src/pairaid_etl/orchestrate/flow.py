"""Prefect flow: discover -> read/extract/load in batches -> summary. Logic lives in pairaid_etl.

Run once:          python flows/ingest_bulletins.py run raw/
On Dask workers:   python flows/ingest_bulletins.py run raw/ --dask-workers 2   (or --dask-address tcp://...)
Serve on a cron:   python flows/ingest_bulletins.py serve --cron "0 6 * * *"
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
from dataclasses import asdict
from datetime import timedelta

from prefect import flow, get_run_logger, task, unmapped
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.runtime import flow_run
from prefect.states import Completed
from prefect.task_runners import ThreadPoolTaskRunner

from pairaid_etl import corrections, ingest, runlog
from pairaid_etl.caching import ExtractionBatchSerializer, extraction_cache_key
from pairaid_etl.config import load_settings
from pairaid_etl.read import Document
from pairaid_etl.db import upgrade
from pairaid_etl.resources import engine_for


@task(retries=2, retry_delay_seconds=2)
def discover(paths: list[str]) -> list[str]:
    return ingest.discover_files(paths)


@task(retries=2, retry_delay_seconds=2)
def open_run(database_url: str, host: str, pid: int) -> int:
    """Migrate to head (a no-op when current), then open the run row of flow process ``pid``."""
    engine = engine_for(database_url)
    upgrade(engine)
    return ingest.start_run(engine, flow_run.get_id(), host, pid)


@task(cache_key_fn=extraction_cache_key, cache_expiration=timedelta(days=30), persist_result=True,
      cache_result_in_memory=False,  # else every batch's results stay in memory until the run ends
      result_serializer=ExtractionBatchSerializer())
def extract_batch(documents: list[Document]) -> list:
    """Pure extraction of a batch, cached by Prefect on code, rules and document contents.

    A database rebuilt from scratch, or a second database fed the same files, reuses the
    stored results instead of extracting again (the flow's ``refresh_cache`` forces a fresh
    extraction). Stored as plain tuples: see pairaid_etl.caching.
    """
    return ingest.extract_documents(documents)


@task(retries=2, retry_delay_seconds=[2, 10])
def ingest_batch(paths: list[str], database_url: str, run_id: int, max_bytes: int,
                 refresh_cache: bool = False) -> ingest.BatchResult:
    """One batch of files; loads are idempotent, so a retry after a fault is safe."""
    ingest.settle_heap()
    engine = engine_for(database_url)
    prepared = ingest.prepare_files(engine, run_id, paths, max_bytes)
    extract = extract_batch.with_options(refresh_cache=True) if refresh_cache else extract_batch
    extractions = extract(prepared.documents) if prepared.documents else []
    result = ingest.load_documents(engine, run_id, prepared, extractions)
    logger = get_run_logger()
    for path, code, message in result.errors:
        logger.error("%s: %s", code, message)
    logger.info("batch: %d loaded, %d unchanged, %d failed", result.loaded, result.skipped, result.failed)
    return result


@task(retries=2, retry_delay_seconds=2)
def close_run(database_url: str, run_id: int, n_files: int, result: ingest.BatchResult) -> ingest.RunSummary:
    return ingest.finish_run(engine_for(database_url), run_id, n_files, result)


@task
def apply_reviews(database_url: str, run_id: int) -> dict[str, int]:
    """Reviewer corrections (reviews/corrections.yaml) on every current document, logged as events."""
    fixes = corrections.load_corrections(load_settings().corrections_path)
    counts = corrections.apply_corrections(engine_for(database_url), run_id, fixes)
    logger = get_run_logger()
    (logger.warning if counts.get("correction_unmatched") else logger.info)("corrections: %s", counts or "none")
    return counts


@task(retries=2, retry_delay_seconds=2)
def publish_run_log(database_url: str, run_id: int) -> str:
    """The run's JSON-lines log, and artifacts: documents with counts, a summary linking the review."""
    report = runlog.publish_run(engine_for(database_url), run_id, load_settings().log_dir)
    create_table_artifact(key="ingest-documents", table=report.documents,
                          description=f"Run {run_id}: figures, rejected candidates, warnings and errors per document")
    create_markdown_artifact(key="ingest-summary", markdown=report.markdown, description=f"Run {run_id} summary")
    return str(report.log_path)


@flow(name="ingest-bulletins", task_runner=ThreadPoolTaskRunner(max_workers=ingest.DEFAULT_WORKERS))
def ingest_bulletins(paths: list[str] | None = None, database_url: str | None = None,
                     batch_size: int = ingest.DEFAULT_BATCH_SIZE, refresh_cache: bool = False):
    """Ingest bulletin files into the database; per-file failures are recorded, never fatal.

    ``refresh_cache`` extracts again even where Prefect holds a cached extraction.
    """
    settings = load_settings()
    url = database_url or settings.database_url
    files = discover(paths or [str(settings.raw_dir)])
    run_id = open_run(url, socket.gethostname(), os.getpid())  # the flow's process, not a worker's
    futures = ingest_batch.map(ingest.batches(files, batch_size), unmapped(url), unmapped(run_id),
                               unmapped(settings.max_bytes), unmapped(refresh_cache))
    total = ingest.BatchResult()
    try:
        for future in futures:
            total = total.merge(future.result())
    finally:
        ingest.release_heap()
    summary = close_run(url, run_id, len(files), total)
    apply_reviews(url, run_id)
    publish_run_log(url, run_id)
    message = "completed" if summary.failed == 0 else f"completed with {summary.failed} errors"
    get_run_logger().info("run %d %s: %d loaded, %d unchanged, %d figures", run_id, message,
                          summary.loaded, summary.skipped, summary.figures)
    return Completed(message=message, data=asdict(summary))


def ad_hoc_settings():
    """Settings for a run started by hand on the temporary API (no PREFECT_API_URL).

    Flow-run heartbeats tell a long-lived server that a run is alive; a temporary API dies
    with the run, so nobody reads them, and the heartbeat thread, which sleeps in whole
    seconds, held every run's end for up to a second.
    """
    from contextlib import nullcontext

    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    if PREFECT_API_URL.value():
        return nullcontext()
    return temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None})


def with_task_runner(dask_address: str | None = None, dask_workers: int = 0):
    """The flow on a Dask cluster (an existing one, or a local one with worker processes)."""
    if not dask_address and not dask_workers:
        return ingest_bulletins
    import cloudpickle
    from prefect_dask import DaskTaskRunner

    if __name__ != "__main__":  # flows/ is not importable on the workers: ship this module by value
        cloudpickle.register_pickle_by_value(sys.modules[__name__])
    if dask_address:
        runner = DaskTaskRunner(address=dask_address)
    else:
        runner = DaskTaskRunner(cluster_kwargs={"n_workers": dask_workers, "threads_per_worker": 1,
                                                "processes": True, "dashboard_address": None})
    return ingest_bulletins.with_options(task_runner=runner)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="ingest now")
    run.add_argument("paths", nargs="*")
    run.add_argument("--dask-address", help="scheduler of an existing Dask cluster, tcp://host:8786")
    run.add_argument("--dask-workers", type=int, default=0, help="start a local Dask cluster with N worker processes")
    run.add_argument("--batch-size", type=int, default=ingest.DEFAULT_BATCH_SIZE)
    run.add_argument("--refresh-cache", action="store_true", help="extract again, ignoring cached extractions")
    serve = sub.add_parser("serve", help="serve a deployment on a cron schedule (needs a Prefect server)")
    serve.add_argument("--cron", default="0 6 * * *")
    serve.add_argument("--name", default="daily")
    serve.add_argument("paths", nargs="*")
    args = parser.parse_args(argv)
    if args.command == "serve":
        ingest_bulletins.serve(name=args.name, cron=args.cron, parameters={"paths": args.paths or None})
        return 0
    flow = with_task_runner(args.dask_address, args.dask_workers)
    with ad_hoc_settings():
        summary = flow(paths=args.paths or None, batch_size=args.batch_size, refresh_cache=args.refresh_cache)
    return 0 if summary["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
