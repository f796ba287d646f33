"""Starting the ingest flow by hand (``pairaid ingest``) and reading how it ended.

Exit codes: 0 every file loaded; 1 the run finished but some files failed (listed);
2 a configuration problem (a bad setting, a database behind the code's schema);
3 the run crashed (anything else).
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass

from ..errors import PairaidError

EXIT_OK, EXIT_FILES_FAILED, EXIT_CONFIGURATION, EXIT_CRASH = 0, 1, 2, 3


@dataclass
class Outcome:
    exit_code: int
    summary: dict | None  # the run summary, when the run got as far as closing its run row
    message: str


def run_ingest(paths: list[str] | None = None, batch_size: int | None = None, refresh_cache: bool = False,
               dask_address: str | None = None, dask_workers: int = 0, reextract: bool = False) -> Outcome:
    """One flow run in this process, on PREFECT_API_URL's server when set, else a temporary one."""
    from . import ingest

    flow = with_task_runner(dask_address, dask_workers)
    with ad_hoc_settings():
        state = flow(paths=paths, batch_size=batch_size or ingest.DEFAULT_BATCH_SIZE, refresh_cache=refresh_cache,
                     reextract=reextract, return_state=True)
    return outcome_of(state)


def outcome_of(state) -> Outcome:
    """What a final flow-run state means for the operator, as an exit code."""
    result = state.result(raise_on_failure=False)
    if state.is_completed():
        return Outcome(EXIT_OK, result, state.message or "completed")
    if state.is_failed() and isinstance(result, dict) and result.get("failed"):
        return Outcome(EXIT_FILES_FAILED, result, state.message)
    if isinstance(result, PairaidError):
        return Outcome(EXIT_CONFIGURATION, None, str(result))
    return Outcome(EXIT_CRASH, None, f"the run {state.type.value.lower()}: {state.message}")


def ad_hoc_settings():
    """Settings for a run started by hand on the temporary API (no PREFECT_API_URL).

    Flow-run heartbeats tell a long-lived server that a run is alive; a temporary API dies
    with the run, so nobody reads them, and the heartbeat thread, which sleeps in whole
    seconds, held every run's end for up to a second.
    """
    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    if PREFECT_API_URL.value():
        return nullcontext()
    return temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None})


def with_task_runner(dask_address: str | None = None, dask_workers: int = 0):
    """The flow, on a Dask cluster when asked (an existing one, or a local one with worker processes)."""
    from .flow import ingest_bulletins

    if not dask_address and not dask_workers:
        return ingest_bulletins
    from prefect_dask import DaskTaskRunner

    if dask_address:
        runner = DaskTaskRunner(address=dask_address)
    else:
        runner = DaskTaskRunner(cluster_kwargs={"n_workers": dask_workers, "threads_per_worker": 1,
                                                "processes": True, "dashboard_address": None})
    return ingest_bulletins.with_options(task_runner=runner)
