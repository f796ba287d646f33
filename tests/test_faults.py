"""Operating under faults: bad input, changed files, Dask workers, SIGKILL, concurrent runs."""

from __future__ import annotations

import codecs
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pairaid_etl.store.db import make_engine, upgrade
from pairaid_etl.store.models import DocumentRow, ExtractionEvent, ExtractionRun, FigureRow

FLOW_DATA = Path(__file__).parent / "data" / "flow"
PAIRAID = Path(sys.executable).with_name("pairaid")

pytestmark = pytest.mark.flow

GOOD = (FLOW_DATA / "fujian-ningxia-2011.txt").read_text(encoding="utf-8")


def contents(url: str) -> tuple[set, set]:
    """What an analyst sees, independent of ids and timestamps."""
    engine = make_engine(url)
    with engine.connect() as conn:
        docs = set(conn.execute(select(DocumentRow.sha256, DocumentRow.path, DocumentRow.is_current)).all())
        figures = set(conn.execute(
            select(DocumentRow.sha256, FigureRow.start, FigureRow.end, FigureRow.text, FigureRow.value, FigureRow.unit,
                   FigureRow.kind, FigureRow.qualifier, FigureRow.item).join(DocumentRow)).all())
    engine.dispose()
    return docs, figures


def row_counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    with engine.connect() as conn:
        out = {m.__tablename__: conn.execute(select(func.count()).select_from(m)).scalar_one()
               for m in (DocumentRow, FigureRow)}
    engine.dispose()
    return out


def many_bulletins(folder: Path, n: int) -> Path:
    """n distinct bulletins of our own text (numbers vary so every file hashes differently)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        text = GOOD.replace("18.6 million", f"{10 + i}.5 million").replace("2,350", f"{2000 + i:,}")
        (folder / f"bulletin-{i:04d}-2011.txt").write_text(text * 6, encoding="utf-8")
    return folder


def bad_input_folder(root: Path) -> tuple[Path, dict[str, str]]:
    folder = root / "raw"
    shutil.copytree(FLOW_DATA, folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 16)
    (folder / "gbk-2011.txt").write_bytes(GOOD.replace("Fujian", "Xiamen").encode("gb18030") + "（福建）".encode("gb18030"))
    (folder / "utf16-2011.txt").write_bytes(codecs.BOM_UTF16_LE + GOOD.replace("Fujian", "Fuzhou").encode("utf-16-le"))
    (folder / "page-2011.html").write_text(f"<html><body><h1>Aid</h1><p>{GOOD.replace('Fujian', 'Quanzhou')}</p></body></html>")
    with (folder / "huge.txt").open("wb") as fh:
        fh.write(GOOD.encode() * (20 * 1024 * 1024 // len(GOOD) + 1))
    (folder / "no-figures.txt").write_text("A Note\n\nThe province kept working with its partners on aid.\n")
    locked = folder / "locked.txt"
    locked.write_text(GOOD.replace("Fujian", "Putian"))
    locked.chmod(0)
    expected = {"empty.txt": "doc_empty", "binary.txt": "doc_binary", "huge.txt": "doc_too_large",
                "locked.txt": "doc_unreadable", "vanished.txt": "doc_missing"}
    return folder, expected


@pytest.fixture
def deny_locked(monkeypatch):
    """Root reads files whatever their mode; as root, make mode-000 files unreadable as they are for users."""
    if os.geteuid() != 0:
        return
    real = Path.read_bytes

    def read_bytes(self):
        if self.stat().st_mode & 0o777 == 0:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


def test_bad_input_is_recorded_per_file_and_everything_else_loads(prefect_api, tmp_path, database_url, deny_locked,
                                                                 run_flow):
    folder, expected = bad_input_folder(tmp_path)
    upgrade(make_engine(database_url))
    state, summary = run_flow(database_url, paths=[str(folder), str(folder / "vanished.txt")])
    errors = {Path(path).name: code for path, code, _ in summary["errors"]}
    assert errors == expected
    assert state.is_failed() and state.message.startswith(f"{len(expected)} files failed: ")
    assert all(f"{name} ({code})" in state.message for name, code in expected.items())
    assert summary["loaded"] == 6  # two bulletins, GB18030, UTF-16, HTML, and the one with no figures
    engine = make_engine(database_url)
    with engine.connect() as conn:
        per_doc = dict(conn.execute(select(DocumentRow.path, func.count(FigureRow.id)).outerjoin(FigureRow).group_by(DocumentRow.path)).all())
        encodings = dict(conn.execute(select(DocumentRow.path, DocumentRow.encoding)).all())
        logged = conn.execute(select(ExtractionEvent.path, ExtractionEvent.code).where(ExtractionEvent.level == "error")).all()
        no_figures = conn.execute(select(func.count()).select_from(ExtractionEvent).where(ExtractionEvent.code == "no_figures")).scalar_one()
    engine.dispose()
    by_name = {Path(p).name: n for p, n in per_doc.items()}
    good = by_name["fujian-ningxia-2011.txt"]
    assert good >= 8
    assert by_name["gbk-2011.txt"] == by_name["utf16-2011.txt"] == by_name["page-2011.html"] == good
    assert by_name["no-figures.txt"] == 0 and no_figures == 1
    assert {Path(p).name: e for p, e in encodings.items()}["gbk-2011.txt"] == "gb18030"
    assert sorted(Path(p).name for p, _ in logged) == sorted(expected)


def test_a_changed_file_is_the_only_one_re_extracted(prefect_api, tmp_path, database_url, run_flow):
    folder = many_bulletins(tmp_path / "raw", 4)
    upgrade(make_engine(database_url))
    run_flow(database_url, paths=[str(folder)])
    before = row_counts(database_url)
    _, again = run_flow(database_url, paths=[str(folder)])
    assert (again["loaded"], again["skipped"]) == (0, 4)
    assert row_counts(database_url) == before
    changed = folder / "bulletin-0002-2011.txt"
    changed.write_text(changed.read_text().replace("4 schools", "5 schools"))
    _, third = run_flow(database_url, paths=[str(folder)])
    assert (third["loaded"], third["skipped"]) == (1, 3)
    docs, _ = contents(database_url)
    assert len(docs) == 5 and sum(current for _, _, current in docs) == 4


def test_dask_workers_load_the_same_contents_as_a_sequential_run(prefect_api, tmp_path, monkeypatch, run_flow):
    from pairaid_etl.orchestrate.run import with_task_runner

    folder = many_bulletins(tmp_path / "raw", 12)
    urls = [f"sqlite:///{tmp_path / name}" for name in ("threads.sqlite3", "dask.sqlite3")]
    for url in urls:
        upgrade(make_engine(url))
    run_flow(urls[0], paths=[str(folder)], batch_size=3)
    monkeypatch.setenv("PREFECT_API_URL", prefect_api)  # the worker processes report to the same API
    on_dask = with_task_runner(dask_workers=2)
    assert type(on_dask.task_runner).__name__ == "DaskTaskRunner"
    # refresh_cache: extract on the workers rather than reuse the sequential run's cached batches
    _, summary = run_flow(urls[1], flow=on_dask, paths=[str(folder)], batch_size=3, refresh_cache=True)
    assert summary["loaded"] == 12
    assert contents(urls[0]) == contents(urls[1])


def _ingest(folder: Path, url: str, api: str) -> subprocess.Popen:
    """`pairaid ingest` in a child process; its output goes to a file (a full pipe would block it)."""
    env = {**os.environ, "PREFECT_API_URL": api, "PAIRAID_DATABASE_URL": url}
    log = (folder.parent / f"ingest-{time.monotonic_ns()}.log").open("w")
    return subprocess.Popen([str(PAIRAID), "ingest", str(folder), "--batch-size", "5"], env=env,
                            stdout=log, stderr=subprocess.STDOUT, text=True)


def _output(run: subprocess.Popen) -> str:
    return Path(run.stdout.name).read_text()


def test_a_killed_run_then_a_rerun_equals_a_clean_run(prefect_api, tmp_path, database_url):
    folder = many_bulletins(tmp_path / "raw", 60)
    clean = f"sqlite:///{tmp_path / 'clean.sqlite3'}"
    upgrade(make_engine(clean))
    baseline = _ingest(folder, clean, prefect_api)
    assert baseline.wait(timeout=600) == 0, _output(baseline)
    upgrade(make_engine(database_url))
    victim = _ingest(folder, database_url, prefect_api)
    deadline = time.monotonic() + 300
    while row_counts(database_url)["document"] < 5 and victim.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=60)
    partial = row_counts(database_url)["document"]
    assert 0 < partial < 60, "the run was not interrupted midway"
    rerun = _ingest(folder, database_url, prefect_api)
    assert rerun.wait(timeout=600) == 0, _output(rerun)
    assert contents(database_url) == contents(clean)
    with make_engine(database_url).connect() as conn:
        runs = conn.execute(select(ExtractionRun.id, ExtractionRun.status, ExtractionRun.finished_at,
                                   ExtractionRun.pid).order_by(ExtractionRun.id)).all()
        noticed = conn.execute(select(ExtractionEvent.run_id, ExtractionEvent.message)
                               .where(ExtractionEvent.code == "run_interrupted")).all()
    (killed, status, finished, pid), (last, *_) = runs
    assert (status, pid) == ("interrupted", victim.pid) and finished is not None
    assert [(run, f"run {killed} was interrupted" in message) for run, message in noticed] == [(last, True)]


def test_two_runs_at_once_make_no_duplicates(prefect_api, tmp_path, database_url):
    folder = many_bulletins(tmp_path / "raw", 30)
    upgrade(make_engine(database_url))
    runs = [_ingest(folder, database_url, prefect_api) for _ in range(2)]
    codes = [run.wait(timeout=600) for run in runs]
    assert codes == [0, 0], [_output(run) for run in runs]
    docs, figures = contents(database_url)
    assert len(docs) == 30 and row_counts(database_url)["document"] == 30
    assert row_counts(database_url)["figure"] == len(figures)
