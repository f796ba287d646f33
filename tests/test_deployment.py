"""Scheduled runs for real: a Prefect server, `pairaid deploy` + a process worker, and `pairaid serve`.

Starts `prefect server start` on a free local port (about 30 s here) and always stops it.
Runs in CI (it is not skipped): a deployment that does not run is what this guards against.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pairaid_etl.store.db import make_engine, upgrade
from pairaid_etl.store.models import DocumentRow, FigureRow

BIN = Path(sys.executable).parent
SAMPLE = Path(__file__).resolve().parents[1] / "raw" / "zhejiang-sichuan-2010.txt"

pytestmark = pytest.mark.flow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(args: list, env: dict, log: Path) -> subprocess.Popen:
    """A child in its own process group (the server and worker start children of their own)."""
    return subprocess.Popen([str(a) for a in args], env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=20)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A real Prefect server; yields the environment a client, worker or `pairaid` needs to use it."""
    home = tmp_path_factory.mktemp("prefect-server")
    api = f"http://127.0.0.1:{_free_port()}/api"
    port = api.rsplit(":", 1)[1].split("/")[0]
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_API_URL": api, "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "PREFECT_LOGGING_LEVEL": "WARNING"}
    proc = _start([BIN / "prefect", "server", "start", "--host", "127.0.0.1", "--port", port], env, home / "server.log")
    try:
        deadline = time.monotonic() + 150
        while True:
            assert proc.poll() is None, (home / "server.log").read_text()
            try:
                with urllib.request.urlopen(f"{api}/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the Prefect server did not start in 150 s"
            time.sleep(1)
        yield env
    finally:
        _stop(proc)


@pytest.fixture
def target(tmp_path):
    """A migrated SQLite database and a folder with the sample bulletin."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLE, raw)
    url = f"sqlite:///{tmp_path / 'scheduled.sqlite3'}"
    upgrade(make_engine(url))
    return url, raw


def _client(env: dict):
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    settings = temporary_settings({PREFECT_API_URL: env["PREFECT_API_URL"]})
    settings.__enter__()
    return get_client(sync_client=True), settings


def _wait_for_run(env: dict, run_id, seconds: int = 240):
    client, settings = _client(env)
    try:
        with client:
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                run = client.read_flow_run(run_id)
                if run.state and run.state.is_final():
                    return run
                time.sleep(1)
            raise AssertionError(f"flow run {run_id} did not finish in {seconds} s: {run.state}")
    finally:
        settings.__exit__(None, None, None)


def _trigger(env: dict, name: str):
    client, settings = _client(env)
    try:
        with client:
            deployment = client.read_deployment_by_name(f"ingest-bulletins/{name}")
            return deployment, client.create_flow_run_from_deployment(deployment.id).id
    finally:
        settings.__exit__(None, None, None)


def _rows(url: str) -> tuple[int, int]:
    engine = make_engine(url)
    with engine.connect() as conn:
        counts = (conn.execute(select(func.count()).select_from(DocumentRow)).scalar_one(),
                  conn.execute(select(func.count()).select_from(FigureRow)).scalar_one())
    engine.dispose()
    return counts


def test_a_deployment_on_a_process_worker_runs_from_the_api_and_loads_rows(server, target, tmp_path):
    url, raw = target
    env = {**server, "PAIRAID_DATABASE_URL": url}
    elsewhere = tmp_path / "worker-folder"  # no checkout here: the flow comes from the installed package
    elsewhere.mkdir()
    deployed = subprocess.run([BIN / "pairaid", "deploy", "--name", "itest", "--pool", "itest-pool",
                               "--cron", "0 6 1 1 *", "--tag", "test", str(raw)],
                              env=env, cwd=elsewhere, capture_output=True, text=True, timeout=180)
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr

    deployment, run_id = _trigger(env, "itest")
    assert deployment.entrypoint == "pairaid_etl.orchestrate.flow.ingest_bulletins"
    assert not deployment.pull_steps  # nothing tied to the folder it was deployed from
    assert deployment.global_concurrency_limit.limit == 1
    assert {"pairaid", "ingest", "test", f"db:sqlite/{url.removeprefix('sqlite:///')}"} <= set(deployment.tags)
    assert "database_url" not in deployment.parameters and deployment.parameters["paths"] == [str(raw)]
    assert [s.schedule.cron for s in deployment.schedules] == ["0 6 1 1 *"]

    worker = _start([BIN / "prefect", "worker", "start", "--pool", "itest-pool", "--run-once"], env,
                    tmp_path / "worker.log")
    try:
        run = _wait_for_run(env, run_id)
    finally:
        _stop(worker)
    assert run.state.is_completed(), (tmp_path / "worker.log").read_text()
    documents, figures = _rows(url)
    assert documents == 1 and figures > 20


def test_runs_of_two_deployments_on_one_database_never_overlap(server, target, tmp_path):
    from pairaid_etl.store.models import ExtractionRun
    from pairaid_etl.orchestrate.secrets import database_limit_name

    url, raw = target
    env = {**server, "PAIRAID_DATABASE_URL": url}
    for name in ("first", "second"):
        deployed = subprocess.run([BIN / "pairaid", "deploy", "--name", name, "--pool", "overlap-pool", str(raw)],
                                  env=env, capture_output=True, text=True, timeout=180)
        assert deployed.returncode == 0, deployed.stdout + deployed.stderr
    client, settings = _client(env)
    try:
        with client:
            assert client.read_global_concurrency_limit_by_name(database_limit_name(url)).limit == 1
    finally:
        settings.__exit__(None, None, None)
    run_ids = [_trigger(env, name)[1] for name in ("first", "second")]

    worker = _start([BIN / "prefect", "worker", "start", "--pool", "overlap-pool", "--limit", "2", "--run-once"],
                    env, tmp_path / "worker.log")
    try:
        runs = [_wait_for_run(env, run_id) for run_id in run_ids]
    finally:
        _stop(worker)
    assert all(run.state.is_completed() for run in runs), (tmp_path / "worker.log").read_text()
    engine = make_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(select(ExtractionRun.started_at, ExtractionRun.finished_at)
                            .order_by(ExtractionRun.started_at)).all()
    engine.dispose()
    assert len(rows) == 2 and rows[0].finished_at <= rows[1].started_at  # one waited for the other


def test_pairaid_serve_registers_a_cron_schedule_and_runs_what_the_api_asks(server, target, tmp_path):
    url, raw = target
    env = {**server, "PAIRAID_DATABASE_URL": url}
    served = _start([BIN / "pairaid", "serve", "--name", "served", "--cron", "0 6 * * 1", str(raw)], env,
                    tmp_path / "serve.log")
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                deployment, run_id = _trigger(env, "served")
                break
            except Exception:  # noqa: BLE001 - not registered yet
                assert served.poll() is None, (tmp_path / "serve.log").read_text()
                assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
                time.sleep(1)
        assert [s.schedule.cron for s in deployment.schedules] == ["0 6 * * 1"]
        assert deployment.global_concurrency_limit.limit == 1
        run = _wait_for_run(env, run_id)
    finally:
        _stop(served)
    assert run.state.is_completed(), (tmp_path / "serve.log").read_text()
    assert _rows(url)[0] == 1


def test_serve_without_a_server_says_how_to_get_one(tmp_path):
    env = {**os.environ, "PREFECT_HOME": str(tmp_path), "PREFECT_API_URL": ""}
    done = subprocess.run([BIN / "pairaid", "serve"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "prefect server start" in done.stderr and "PREFECT_API_URL" in done.stderr


def test_the_prefect_yaml_deploys_from_a_folder_that_is_not_the_checkout(server, tmp_path):
    folder = tmp_path / "ops"
    folder.mkdir()
    shutil.copy(Path(__file__).resolve().parents[1] / "prefect.yaml", folder)
    subprocess.run([BIN / "prefect", "work-pool", "create", "pairaid-process", "--type", "process"],
                   env=server, capture_output=True, timeout=120)
    done = subprocess.run([BIN / "prefect", "--no-prompt", "deploy", "--all"], env=server, cwd=folder,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    client, settings = _client(server)
    try:
        with client:
            deployment = client.read_deployment_by_name("ingest-bulletins/daily")
    finally:
        settings.__exit__(None, None, None)
    assert deployment.entrypoint == "pairaid_etl.orchestrate.flow.ingest_bulletins"
    assert not deployment.pull_steps and deployment.parameters == {}
    assert deployment.global_concurrency_limit.limit == 1
    assert str(folder) not in repr(deployment)
