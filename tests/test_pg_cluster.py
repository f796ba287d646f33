"""`make test` on a fresh machine: PostgreSQL from the installed binaries when no server runs."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from pg_cluster import Unavailable, reachable, start_cluster


@pytest.mark.postgres
def test_a_throw_away_cluster_starts_from_the_installed_binaries_and_is_removed():
    try:
        cluster = start_cluster()
    except Unavailable as exc:
        from conftest import no_postgres

        no_postgres(str(exc))
    try:
        engine = create_engine(cluster.url)
        with engine.connect() as conn:
            assert conn.execute(text("show server_version")).scalar_one()
        engine.dispose()
    finally:
        cluster.stop()
    assert not reachable(cluster.url) and not cluster.folder.exists()
