"""Scheduled runs: serve the flow from this process, or deploy it to a process work pool.

Both need a long-running Prefect server (``PREFECT_API_URL``): the temporary one a plain run
starts cannot schedule. The deployment names the flow by its module path inside the
installed package, so a worker runs it from any folder, with no pull step; the worker's
environment gives the database (``PAIRAID_DATABASE_URL`` or ``PAIRAID_DATABASE_SECRET``).
One run at a time per deployment (concurrency limit 1; later runs wait) and per database:
runs hold the database's global concurrency limit (one slot, created here), so runs of two
deployments on the same database do not overlap either. The ``db:`` tag names the database
(never its user or password).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ConfigurationError
from .secrets import database_label, database_url, ensure_database_limit

TAGS = ["pairaid", "ingest"]
DEFAULT_CRON = "0 6 * * *"
DEFAULT_POOL = "pairaid-process"


def require_server() -> str:
    """PREFECT_API_URL, or ConfigurationError saying how to get one."""
    from prefect.settings import PREFECT_API_URL

    url = PREFECT_API_URL.value()
    if not url:
        raise ConfigurationError(
            "schedules need a running Prefect server: start `prefect server start --host 127.0.0.1` "
            "and `export PREFECT_API_URL=http://127.0.0.1:4200/api`, then try again")
    return url


def deployment_options(paths: list[str] | None, cron: str, tags: list[str] | None) -> dict:
    """What serve and deploy share: schedule, tags, parameters (absolute paths, or the worker's PAIRAID_RAW_DIR)."""
    from prefect.types.entrypoint import EntrypointType

    parameters = {"paths": [str(Path(p).resolve()) for p in paths]} if paths else {}
    return dict(cron=cron, parameters=parameters, tags=[*TAGS, f"db:{database_label(database_url())}", *(tags or [])],
                entrypoint_type=EntrypointType.MODULE_PATH,
                description="Ingest new and changed bulletins into the database named by the worker's environment.")


def serve(name: str = "scheduled", cron: str = DEFAULT_CRON, paths: list[str] | None = None,
          tags: list[str] | None = None) -> None:
    """Serve the flow on ``cron`` from this process until it is stopped (Ctrl-C)."""
    from .flow import ingest_bulletins

    require_server()
    ensure_database_limit(database_url())
    ingest_bulletins.serve(name=name, global_limit=1, **deployment_options(paths, cron, tags))


def deploy(name: str = "scheduled", pool: str = DEFAULT_POOL, cron: str = DEFAULT_CRON,
           paths: list[str] | None = None, tags: list[str] | None = None):
    """Register the deployment on process work pool ``pool`` (created when missing); its id."""
    from .flow import ingest_bulletins

    require_server()
    ensure_process_pool(pool)
    ensure_database_limit(database_url())
    return ingest_bulletins.deploy(name=name, work_pool_name=pool, build=False, push=False, concurrency_limit=1,
                                   print_next_steps=False, **deployment_options(paths, cron, tags))


def ensure_process_pool(pool: str) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectAlreadyExists

    with get_client(sync_client=True) as client:
        try:
            client.create_work_pool(WorkPoolCreate(name=pool, type="process"))
        except ObjectAlreadyExists:
            pass
