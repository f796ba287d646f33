"""What an operator relies on: no surprise migrations, honest failure states, no leaked passwords."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select
from typer.testing import CliRunner

from pairaid_etl.store.db import check_schema, make_engine, masked, upgrade
from pairaid_etl.errors import SchemaOutOfDate
from pairaid_etl.store.models import ExtractionEvent

FLOW_DATA = Path(__file__).parent / "data" / "flow"


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "raw"
    shutil.copytree(FLOW_DATA, target)
    (target / "empty.txt").write_bytes(b"")
    return target


def test_the_schema_check_names_the_revisions_and_the_command(sqlite_url):
    engine = make_engine(sqlite_url)
    with pytest.raises(SchemaOutOfDate, match=r"is at revision none \(empty\), this code needs \w+: run `pairaid db upgrade`"):
        check_schema(engine)
    upgrade(engine)
    check_schema(engine)  # at head: no complaint


def test_a_database_one_migration_behind_is_refused(sqlite_url):
    from alembic.script import ScriptDirectory

    from pairaid_etl.store.db import alembic_config

    script = ScriptDirectory.from_config(alembic_config())
    previous = script.get_revision(script.get_current_head()).down_revision
    engine = make_engine(sqlite_url)
    upgrade(engine, previous)
    with pytest.raises(SchemaOutOfDate, match=f"is at revision {previous}"):
        check_schema(engine)


def test_masked_urls_hide_the_password():
    assert masked("postgresql+psycopg://ana:s3cret@db:5432/aid") == "postgresql+psycopg://ana:***@db:5432/aid"
    assert "s3cret" not in masked("not a url s3cret")


@pytest.mark.flow
def test_a_run_on_a_database_behind_fails_clearly_and_migrates_nothing(prefect_api, folder, sqlite_url, run_flow):
    state, error = run_flow(sqlite_url, paths=[str(folder)])
    assert state.is_failed()
    assert isinstance(error, SchemaOutOfDate) and "run `pairaid db upgrade`" in str(error)
    assert inspect(make_engine(sqlite_url)).get_table_names() == []  # nothing migrated by surprise


@pytest.mark.flow
def test_a_retried_batch_writes_its_file_errors_once(prefect_api, folder, sqlite_url, run_flow, monkeypatch):
    from pairaid_etl.orchestrate import ingest

    upgrade(make_engine(sqlite_url))
    real, attempts = ingest.load_documents, []

    def flaky(*args, **kwargs):  # the first attempt dies after the file errors were recorded
        attempts.append(1)
        if len(attempts) == 1:
            raise ConnectionError("database went away")
        return real(*args, **kwargs)

    monkeypatch.setattr(ingest, "load_documents", flaky)
    state, summary = run_flow(sqlite_url, paths=[str(folder)])
    assert len(attempts) == 2  # retried by Prefect
    assert state.is_failed() and (summary["loaded"], summary["failed"]) == (2, 1)
    with make_engine(sqlite_url).connect() as conn:
        events = conn.execute(select(func.count()).select_from(ExtractionEvent)
                              .where(ExtractionEvent.code == "doc_empty")).scalar_one()
    assert events == 1


PASSWORD = "pw-Zx81-never-shown"


@pytest.mark.flow
@pytest.mark.postgres
def test_no_password_in_parameters_logs_artifacts_or_output(prefect_api, folder, postgres_url, monkeypatch):
    """PostgreSQL here trusts local connections, so any password connects; it must show nowhere."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId, LogFilter, LogFilterFlowRunId
    from prefect.client.schemas.sorting import FlowRunSort

    from pairaid_etl.cli import app
    from sqlalchemy.engine import make_url

    url = make_url(postgres_url).set(password=PASSWORD).render_as_string(hide_password=False)
    upgrade(make_engine(url))
    monkeypatch.setenv("PAIRAID_DATABASE_URL", url)
    result = CliRunner().invoke(app, ["ingest", str(folder)], env={"COLUMNS": "200"})

    assert result.exit_code == 1, result.output  # one file failed; the run itself did not crash
    assert "postgresql+psycopg://postgres:***@" in result.output
    with get_client(sync_client=True) as client:
        run = client.read_flow_runs(sort=FlowRunSort.START_TIME_DESC, limit=1)[0]
        assert run.state.is_failed() and "empty.txt (doc_empty)" in run.state.message
        logs = []
        for _ in range(40):  # logs reach the API in batches
            logs = client.read_logs(log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run.id])))
            if any("loaded" in log.message for log in logs):
                break
            time.sleep(0.25)
        artifacts = client.read_artifacts(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[run.id])))
    assert logs and len(artifacts) == 2
    assert "database_url" not in run.parameters
    shown = [result.output, repr(run.parameters), repr(run.state), *(log.message for log in logs),
             *(repr(a.data) + (a.description or "") for a in artifacts)]
    assert not [text for text in shown if PASSWORD in text]


@pytest.mark.flow
def test_an_on_failure_hook_fires_when_files_failed(prefect_api, folder, sqlite_url, run_flow):
    from pairaid_etl.orchestrate.flow import ingest_bulletins

    upgrade(make_engine(sqlite_url))
    alerts: list[str] = []
    alerting = ingest_bulletins.with_options(on_failure=[lambda flow, run, state: alerts.append(state.message)])
    state, summary = run_flow(sqlite_url, flow=alerting, paths=[str(folder)])
    assert summary["loaded"] == 2 and summary["failed"] == 1
    assert alerts == [f"1 file failed: {folder / 'empty.txt'} (doc_empty)"]


@pytest.mark.flow
def test_the_database_can_come_from_a_prefect_secret_block(prefect_api, folder, tmp_path, run_flow, monkeypatch):
    from prefect.blocks.system import Secret

    url = f"sqlite:///{tmp_path / 'from-secret.sqlite3'}"
    upgrade(make_engine(url))
    Secret(value=url).save("pairaid-test-db", overwrite=True)
    monkeypatch.setenv("PAIRAID_DATABASE_SECRET", "pairaid-test-db")
    state, summary = run_flow(f"sqlite:///{tmp_path / 'not-this-one.sqlite3'}", paths=[str(folder)])
    assert summary["loaded"] == 2
    assert inspect(make_engine(f"sqlite:///{tmp_path / 'not-this-one.sqlite3'}")).get_table_names() == []
    with make_engine(url).connect() as conn:
        assert conn.execute(select(func.count()).select_from(ExtractionEvent)).scalar_one() > 0
