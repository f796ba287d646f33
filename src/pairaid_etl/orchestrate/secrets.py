"""Where a flow run finds its database: the environment or a Prefect Secret block, never a parameter."""

from __future__ import annotations

from sqlalchemy import Engine

from ..config import load_settings
from ..resources import engine_for


def database_url() -> str:
    """``PAIRAID_DATABASE_URL``, or the value of the Secret block named by ``PAIRAID_DATABASE_SECRET``."""
    settings = load_settings()
    if settings.database_secret:
        from prefect.blocks.system import Secret

        return Secret.load(settings.database_secret).get()
    return settings.database_url


def database_engine() -> Engine:
    return engine_for(database_url())
