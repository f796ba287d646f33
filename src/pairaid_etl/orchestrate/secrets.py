"""Where a flow run finds its database: the environment or a Prefect Secret block, never a
parameter; and the one-run-at-a-time slot each database has on a Prefect server."""

from __future__ import annotations

import hashlib
from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from ..config import load_settings
from ..store.resources import engine_for


def database_url() -> str:
    """``PAIRAID_DATABASE_URL``, or the value of the Secret block named by ``PAIRAID_DATABASE_SECRET``."""
    settings = load_settings()
    if settings.database_secret:
        from prefect.blocks.system import Secret

        return Secret.load(settings.database_secret).get()
    return settings.database_url


def database_engine() -> Engine:
    return engine_for(database_url())


def database_label(url: str) -> str:
    """``postgresql/host:5432/name`` or ``sqlite/data/pairaid.sqlite3``: no user, no password."""
    parsed = make_url(url)
    where = f"{parsed.host}:{parsed.port or ''}/{parsed.database}" if parsed.host else (parsed.database or "memory")
    return f"{parsed.get_backend_name()}/{where}"


def database_limit_name(url: str) -> str:
    """The Prefect global concurrency limit of one database (lower-case letters, digits, dashes)."""
    return "pairaid-db-" + hashlib.sha256(database_label(url).encode()).hexdigest()[:12]


def ensure_database_limit(url: str) -> str:
    """Create the database's limit (one slot) on the Prefect server, if missing; its name."""
    from prefect.client.orchestration import get_client

    name = database_limit_name(url)
    with get_client(sync_client=True) as client:
        client.upsert_global_concurrency_limit_by_name(name, 1)
    return name


@contextmanager
def database_slot() -> Iterator[None]:
    """Hold the database's slot for the run: two scheduled runs on one database, from any
    deployments, never overlap (the later one waits). Where no limit was created (a run by
    hand on a temporary server) this does nothing: loads are idempotent anyway."""
    from prefect.concurrency.sync import concurrency

    name = database_limit_name(database_url())
    if not _limit_exists(name):  # asked first: Prefect warns on every run otherwise
        yield
        return
    with concurrency(name, occupy=1, strict=False):
        yield


def _limit_exists(name: str) -> bool:
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            client.read_global_concurrency_limit_by_name(name)
        except ObjectNotFound:
            return False
    return True
