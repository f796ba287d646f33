"""The real Prefect flow, on a temporary Prefect API: good files load, bad files are recorded."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pairaid_etl.cli import load_flow_module
from pairaid_etl.db import make_engine, upgrade
from pairaid_etl.models import Document, ExtractionEvent, ExtractionRun, Figure

FLOW_DATA = Path(__file__).parent / "data" / "flow"

pytestmark = pytest.mark.flow


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "raw"
    shutil.copytree(FLOW_DATA, target)
    (target / "empty.txt").write_bytes(b"")
    (target / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    return target


def table_counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {m.__tablename__: conn.execute(select(func.count()).select_from(m)).scalar_one()
                for m in (Document, Figure, ExtractionEvent)}


def test_the_flow_loads_good_files_records_bad_ones_and_is_idempotent(prefect_api, folder, database_url):
    engine = make_engine(database_url)
    upgrade(engine)
    flow = load_flow_module().ingest_bulletins
    state = flow(paths=[str(folder)], database_url=database_url, return_state=True)
    summary = state.result()
    assert state.is_completed()
    assert state.message == "completed with 2 errors"
    assert (summary["loaded"], summary["failed"], summary["skipped"]) == (2, 2, 0)
    assert sorted(code for _, code, _ in summary["errors"]) == ["doc_binary", "doc_empty"]
    first = table_counts(engine)
    assert first["document"] == 2 and first["figure"] >= 10
    with engine.connect() as conn:
        run = conn.execute(select(ExtractionRun.status, ExtractionRun.n_loaded, ExtractionRun.n_failed,
                                  ExtractionRun.flow_run_id)).one()
        assert tuple(run[:3]) == ("completed_with_errors", 2, 2)
        assert run.flow_run_id

    again = flow(paths=[str(folder)], database_url=database_url)
    assert (again["loaded"], again["skipped"]) == (0, 2)
    second = table_counts(engine)
    assert second["document"] == first["document"] and second["figure"] == first["figure"]
    engine.dispose()
