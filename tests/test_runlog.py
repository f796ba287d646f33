"""The run log: one JSON line per extraction event, and what the Prefect artifacts show."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pairaid_etl import events
from pairaid_etl.store import runlog
from pairaid_etl.store.corrections import record_correction, validate
from pairaid_etl.store.db import make_engine, upgrade
from pairaid_etl.store.models import ExtractionEvent, FigureRow

from review_support import HILLSIDE, document, hillside_extraction, ingest

FLOW = Path(__file__).resolve().parents[1] / "src" / "pairaid_etl" / "orchestrate" / "flow.py"


def write_log(engine, run_id: int, log_dir: Path) -> Path:
    with engine.connect() as conn:
        return runlog.write_run_log(conn, run_id, log_dir)


def test_the_log_has_one_json_event_a_line_in_recorded_order(engine, tmp_path):
    run_id = ingest(engine, [(document(), hillside_extraction())])
    path = write_log(engine, run_id, tmp_path / "logs")
    assert path == tmp_path / "logs" / f"run-{run_id}.jsonl"
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    with engine.connect() as conn:
        n_events = conn.execute(select(func.count()).select_from(ExtractionEvent)
                                .where(ExtractionEvent.run_id == run_id)).scalar_one()
    assert len(lines) == n_events
    assert [e["event_id"] for e in lines] == sorted(e["event_id"] for e in lines)
    assert all(set(e) == set(runlog.LOG_FIELDS) and e["code"] in events.EVENT_CODES for e in lines)
    assert all(e["level"] == events.level_of(e["code"]) for e in lines)
    for e in lines:
        if e["start"] is not None:
            assert e["text"] == HILLSIDE[e["start"]:e["end"]]
    name = next(e for e in lines if e["code"] == "rejected_name")
    assert (name["text"], name["rule_id"], name["sha256"]) == ("2+2", "test_reject_name", document().sha256)


def test_rewriting_the_log_leaves_one_copy(engine, tmp_path):
    run_id = ingest(engine, [(document(), hillside_extraction())])
    first = write_log(engine, run_id, tmp_path / "logs").read_text(encoding="utf-8")
    assert write_log(engine, run_id, tmp_path / "logs").read_text(encoding="utf-8") == first
    assert [p.name for p in (tmp_path / "logs").iterdir()] == [f"run-{run_id}.jsonl"]


def test_the_artifact_table_and_summary_count_figures_and_warnings(engine, tmp_path):
    run_id = ingest(engine, [(document(), hillside_extraction())])
    report = runlog.publish_run(engine, run_id, tmp_path / "logs", tmp_path / "review")
    assert report.documents == [{"document": 1, "path": document().path, "figures": 7, "rejected": 4,
                                 "warnings": 3, "errors": 0}]
    assert f"# Ingest run {run_id}" in report.markdown
    assert (tmp_path / "review" / "index.html").as_uri() in report.markdown
    assert f"pairaid review --run {run_id}" in report.markdown
    assert f"| {document().path} | 7 | 3 | 0 |" in report.markdown


def test_artifact_keys_are_lower_case_letters_digits_and_dashes():
    keys = re.findall(r'create_\w+_artifact\(key="([^"]+)"', FLOW.read_text(encoding="utf-8"))
    assert len(keys) == 2
    assert all(re.fullmatch(r"[a-z0-9-]+", key) for key in keys)


@pytest.mark.flow
def test_a_flow_run_writes_its_log_applies_corrections_and_publishes_artifacts(prefect_api, tmp_path, monkeypatch,
                                                                                run_flow):
    """One real flow run: logs/run-<id>.jsonl, a reviewer's correction applied, two artifacts."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    url = f"sqlite:///{tmp_path / 'flow.sqlite3'}"
    upgrade(make_engine(url))
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "hillside-riverland-2019.txt").write_text(HILLSIDE, encoding="utf-8")
    from pairaid_etl.extract import extract_figures

    target = extract_figures(HILLSIDE).figures[0]
    corrections = tmp_path / "corrections.yaml"
    record_correction(corrections, validate(dict(
        sha256=document().sha256, start=target.start, end=target.end, text=target.text, action="reject",
        reviewer="ana", note="test")))
    monkeypatch.setenv("PAIRAID_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setenv("PAIRAID_CORRECTIONS", str(corrections))

    _, summary = run_flow(url, paths=[str(raw)])

    log = tmp_path / "logs" / f"run-{summary['run_id']}.jsonl"
    codes = [json.loads(line)["code"] for line in log.read_text(encoding="utf-8").splitlines()]
    assert codes.count("figure_accepted") == summary["figures"] and "correction_applied" in codes
    with make_engine(url).connect() as conn:
        assert conn.execute(select(FigureRow.rejected_by_review).where(FigureRow.start == target.start)).scalar_one()
    with get_client(sync_client=True) as client:
        found = client.read_artifacts(artifact_filter=ArtifactFilter(
            key=ArtifactFilterKey(any_=["ingest-documents", "ingest-summary"])))
    assert {a.key for a in found} == {"ingest-documents", "ingest-summary"}
