"""The real Prefect flow, on a temporary Prefect API: good files load, bad files are recorded."""

from __future__ import annotations

import base64
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pairaid_etl.store.db import make_engine, upgrade
from pairaid_etl.store.models import DocumentRow, ExtractionEvent, ExtractionRun, FigureRow

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
                for m in (DocumentRow, FigureRow, ExtractionEvent)}


def test_the_flow_loads_good_files_records_bad_ones_and_is_idempotent(prefect_api, folder, database_url, run_flow):
    engine = make_engine(database_url)
    upgrade(engine)
    state, summary = run_flow(database_url, paths=[str(folder)])
    assert state.is_failed()  # not OK in Prefect's eyes: on_failure hooks and automations fire
    assert state.message == f"2 files failed: {folder / 'empty.txt'} (doc_empty), {folder / 'image.txt'} (doc_binary)"
    assert (summary["loaded"], summary["failed"], summary["skipped"]) == (2, 2, 0)
    assert sorted(code for _, code, _ in summary["errors"]) == ["doc_binary", "doc_empty"]
    first = table_counts(engine)
    assert first["document"] == 2 and first["figure"] >= 10
    with engine.connect() as conn:
        run = conn.execute(select(ExtractionRun.status, ExtractionRun.n_loaded, ExtractionRun.n_failed,
                                  ExtractionRun.flow_run_id)).one()
        assert tuple(run[:3]) == ("completed_with_errors", 2, 2)
        assert run.flow_run_id

    _, again = run_flow(database_url, paths=[str(folder)])
    assert (again["loaded"], again["skipped"]) == (0, 2)
    second = table_counts(engine)
    assert second["document"] == first["document"] and second["figure"] == first["figure"]
    engine.dispose()


def figure_rows(engine) -> list[tuple]:
    with engine.connect() as conn:
        return sorted(conn.execute(select(DocumentRow.path, FigureRow.start, FigureRow.end, FigureRow.value, FigureRow.unit,
                                          FigureRow.indicator, FigureRow.rule_id)
                                   .join(DocumentRow, DocumentRow.id == FigureRow.document_id)).all())


def test_prefect_caches_extraction_across_databases_until_code_or_content_changes(
        prefect_api, folder, tmp_path, database_url, monkeypatch, run_flow):
    from pairaid_etl.orchestrate import caching, ingest

    calls: list[int] = []
    real = ingest.extract_documents
    monkeypatch.setattr(ingest, "extract_documents", lambda docs: calls.append(len(docs)) or real(docs))
    first, second, third, fourth, fifth = database_url, *(f"sqlite:///{tmp_path / n}.sqlite3" for n in "bcde")
    for url in (first, second, third, fourth, fifth):
        upgrade(make_engine(url))

    run_flow(first, paths=[str(folder)])
    assert calls == [2]  # the two good files, extracted once
    run_flow(second, paths=[str(folder)])  # a fresh database: loaded from the cache
    assert calls == [2]
    assert figure_rows(make_engine(second)) == figure_rows(make_engine(first)) != []

    run_flow(third, paths=[str(folder)], refresh_cache=True)  # forced
    assert calls == [2, 2]
    monkeypatch.setattr(caching, "code_fingerprint", lambda: "rules-changed")
    run_flow(fourth, paths=[str(folder)])  # new code or rules: a new cache key
    assert calls == [2, 2, 2]
    assert figure_rows(make_engine(fourth)) == figure_rows(make_engine(first))

    from prefect.settings import get_current_settings

    storage = Path(get_current_settings().results.local_storage_path)
    for entry in filter(Path.is_file, storage.iterdir()):
        entry.write_bytes(b"not a pickle")  # a damaged cache is a miss, never a failed run
    assert run_flow(fifth, paths=[str(folder)])[1]["loaded"] == 2
    assert calls == [2, 2, 2, 2]
    assert figure_rows(make_engine(fifth)) == figure_rows(make_engine(first))


def test_the_extraction_cache_key_follows_content_path_and_year():
    from pairaid_etl.orchestrate.caching import extraction_key
    from pairaid_etl.read import Document as Doc

    doc = Doc(path="raw/a.txt", sha256="0" * 64, text="x", encoding="utf-8", title=None, bulletin_year=2011)
    key = extraction_key([doc])
    assert key == extraction_key([Doc(**{**_fields(doc), "text": "ignored: the hash stands for it"})])
    for change in ({"sha256": "1" * 64}, {"path": "raw/b.txt"}, {"bulletin_year": 2012}):
        assert extraction_key([Doc(**{**_fields(doc), **change})]) != key
    assert extraction_key([doc, doc]) != key


def _fields(doc) -> dict:
    return {name: getattr(doc, name) for name in doc.__slots__}


def test_the_cache_stores_a_batch_as_tuples_and_gives_back_equal_records():
    from pairaid_etl.orchestrate.caching import ExtractionBatchSerializer
    from pairaid_etl.extract import extract_figures
    from pairaid_etl.orchestrate.ingest import ExtractionFailure

    text = (FLOW_DATA / "fujian-ningxia-2011.txt").read_text(encoding="utf-8")
    batch = [extract_figures(text, bulletin_year=2011), ExtractionFailure("internal_error", "boom")]
    assert batch[0].figures and batch[0].rejections
    serializer = ExtractionBatchSerializer()
    blob = serializer.dumps(batch)
    assert b"pairaid_etl" not in base64.b64decode(blob)  # no classes stored: plain tuples
    assert serializer.loads(blob) == batch


def test_reextract_replaces_what_an_earlier_pipeline_version_extracted(prefect_api, tmp_path, database_url, run_flow):
    """After the rules change, `pairaid ingest --reextract` brings loaded documents up to them:
    same document ids, the figures of the new extraction, one event saying so; a plain run and
    a second --reextract leave them alone."""
    engine = make_engine(database_url)
    upgrade(engine)
    folder = tmp_path / "raw"
    shutil.copytree(FLOW_DATA, folder)
    _, first = run_flow(database_url, paths=[str(folder)])
    before = figure_rows(engine)
    with engine.begin() as conn:  # as if an older version had loaded them, with other meanings
        ids = sorted(conn.execute(select(DocumentRow.id)).scalars())
        conn.execute(ExtractionRun.__table__.update().values(pipeline_version="0.0.0+oldrules"))
        conn.execute(FigureRow.__table__.update().values(indicator=None))

    _, plain = run_flow(database_url, paths=[str(folder)])
    assert (plain["loaded"], plain["skipped"]) == (0, first["loaded"])
    assert {row.indicator for row in figure_rows(engine)} == {None}

    _, again = run_flow(database_url, paths=[str(folder)], reextract=True)
    assert (again["loaded"], again["skipped"], again["failed"]) == (first["loaded"], 0, 0)
    assert figure_rows(engine) == before
    with engine.connect() as conn:
        assert sorted(conn.execute(select(DocumentRow.id)).scalars()) == ids
        assert conn.execute(select(func.count()).where(ExtractionEvent.code == "document_reextracted")).scalar_one() \
            == first["loaded"]

    _, settled = run_flow(database_url, paths=[str(folder)], reextract=True)
    assert (settled["loaded"], settled["skipped"]) == (0, first["loaded"])
    engine.dispose()
