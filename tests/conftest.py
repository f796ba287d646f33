"""Shared fixtures: databases (SQLite always, PostgreSQL wherever one can be had) and paths."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from pairaid_etl.store.db import make_engine, masked, upgrade

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLE = ROOT / "raw" / "zhejiang-sichuan-2010.txt"
BULLETINS = Path(__file__).resolve().parent / "bulletins"
POSTGRES_URL = os.environ.get("PAIRAID_TEST_POSTGRES_URL")


def pytest_configure(config):
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    # Prefect reads its settings once, when first imported (test modules import it at
    # collection): give the session a fresh home, with its own result storage, before that.
    config._pairaid_prefect_home = tempfile.mkdtemp(prefix="pairaid-test-prefect-")
    os.environ["PREFECT_HOME"] = config._pairaid_prefect_home


def pytest_unconfigure(config):
    shutil.rmtree(getattr(config, "_pairaid_prefect_home", ""), ignore_errors=True)


@pytest.fixture(autouse=True)
def _private_outputs(tmp_path, monkeypatch):
    """Run logs and reviewer corrections of a test stay in its own folder, never the project's."""
    monkeypatch.setenv("PAIRAID_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setenv("PAIRAID_CORRECTIONS", str(tmp_path / "reviews" / "corrections.yaml"))


def no_postgres(reason: str):
    """Skip a PostgreSQL test saying why; under CI=true that is a failure, never a silent skip."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"PostgreSQL tests cannot run: {reason}")
    pytest.skip(f"PostgreSQL unavailable: {reason}")


@pytest.fixture(scope="session")
def postgres_server_url():
    """The PostgreSQL server to test against, wherever one can be had.

    1. PAIRAID_TEST_POSTGRES_URL (a failure when set but unreachable);
    2. else the local server on 127.0.0.1:5432, if it accepts postgres@.../test;
    3. else a throw-away cluster from the installed binaries (tests/pg_cluster.py);
    4. else skipped, with the reason (a failure under CI=true).
    """
    from pg_cluster import LOCAL_URL, Unavailable, port_open, reachable, start_cluster

    if POSTGRES_URL:
        if not reachable(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1)):
            pytest.fail(f"PAIRAID_TEST_POSTGRES_URL is set but unreachable: {masked(POSTGRES_URL)}")
        yield POSTGRES_URL
        return
    if port_open() and reachable(LOCAL_URL):
        yield LOCAL_URL
        return
    try:
        cluster = start_cluster()
    except Unavailable as exc:
        no_postgres(str(exc))
    try:
        yield cluster.url
    finally:
        cluster.stop()


@pytest.fixture
def postgres_url(postgres_server_url):
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    admin = create_engine(postgres_server_url, isolation_level="AUTOCOMMIT")
    name = f"pairaid_t_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'pairaid.sqlite3'}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    """Each database test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'pairaid.sqlite3'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def engine(database_url):
    """A migrated engine on each backend."""
    eng = make_engine(database_url)
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def prefect_api():
    """One temporary Prefect API for the whole session (it takes ~30 s to start here); yields its URL."""
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield PREFECT_API_URL.value()


@pytest.fixture
def run_flow(monkeypatch):
    """Run the ingest flow on ``database_url`` (given, as in production, by the environment).

    Returns the final state and the run summary (also when files failed and the run is Failed).
    """
    from pairaid_etl.orchestrate.flow import ingest_bulletins

    def run(database_url: str, flow=None, **parameters):
        monkeypatch.setenv("PAIRAID_DATABASE_URL", database_url)
        state = (flow or ingest_bulletins)(return_state=True, **parameters)
        return state, state.result(raise_on_failure=False)

    return run
