"""The benchmark's measurements: throughput over a corpus, flow runs, a child's peak RSS.

Each function measures one thing once and returns plain numbers; run.py repeats,
interleaves and summarises them.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable


def summary(values: list[float], digits: int = 4) -> dict:
    """min / median / max of repeated measurements, with the runs themselves."""
    return {"min": round(min(values), digits), "median": round(statistics.median(values), digits),
            "max": round(max(values), digits), "runs": [round(v, digits) for v in values]}


# --- throughput over a corpus -------------------------------------------------------

@dataclass(frozen=True)
class Throughput:
    seconds: float  # wall time inside the measured call only (file reading is not counted)
    cpu_seconds: float  # this process's CPU time over the same calls (steadier on a busy machine)
    docs: int
    words: int

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.seconds

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds

    @property
    def ms_per_doc(self) -> float:
        return 1000 * self.seconds / self.docs


def throughput(fn: Callable[[str, str], object], paths: Iterable[Path],
               on_result: Callable[[Path, str, object], None] | None = None) -> Throughput:
    """Call ``fn(text, path)`` on each file, one file in memory at a time; ``on_result``
    sees each result outside the timed region."""
    seconds, cpu, docs, words = 0.0, 0.0, 0, 0
    clock, cpu_clock = time.perf_counter, time.process_time
    for path in paths:
        text = path.read_text(encoding="utf-8")
        c0, t0 = cpu_clock(), clock()
        result = fn(text, str(path))
        seconds += clock() - t0
        cpu += cpu_clock() - c0
        if on_result is not None:
            on_result(path, text, result)
        docs += 1
        words += len(text.split())
    return Throughput(seconds, cpu, docs, words)


def floor_fn() -> Callable[[str, str], object]:
    """The physical limit of a spaCy rule pipeline: blank English tokenizer + one Matcher pattern."""
    import spacy
    from spacy.matcher import Matcher

    nlp = spacy.blank("en")
    matcher = Matcher(nlp.vocab)
    matcher.add("NUMBER", [[{"LIKE_NUM": True}]])
    return lambda text, path: matcher(nlp(text))


def extract_fn() -> Callable[[str, str], object]:
    """extract_figures called the way the ingest flow calls it."""
    from pairaid_etl.extract import extract_figures
    from pairaid_etl.read import year_from_name

    return lambda text, path: extract_figures(text, bulletin_year=year_from_name(path), source_name=path)


def quantulum_fn() -> Callable[[str, str], object] | None:
    """quantulum3's parser, when installed (without its optional classifier extra it warns
    once that units are not disambiguated; that is how it is installed here)."""
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from quantulum3 import parser
    except Exception:  # noqa: BLE001 - optional peer; any import failure means "not installed"
        return None
    return lambda text, path: parser.parse(text)


# --- the ingest flow ------------------------------------------------------------------

@dataclass(frozen=True)
class FlowRun:
    seconds: float  # the flow call alone
    migrate_seconds: float  # Alembic upgrade of the fresh database, before the flow
    summary: dict


def run_flow(flow, folder: Path, url: str, batch_size: int, migrate: bool = True) -> FlowRun:
    """One real ingest flow run over ``folder`` into ``url`` (as `pairaid ingest` does it).

    ``refresh_cache``: every run extracts (and stores its cache entries) as a first ingest
    would, rather than reusing what an earlier repetition left in Prefect's cache.
    """
    import os

    from pairaid_etl.store.db import upgrade
    from pairaid_etl.orchestrate.run import ad_hoc_settings
    from pairaid_etl.store.resources import engine_for

    t0 = time.perf_counter()
    if migrate:
        upgrade(engine_for(url))
    t1 = time.perf_counter()
    os.environ["PAIRAID_DATABASE_URL"] = url  # the flow reads its database from the environment
    with ad_hoc_settings():  # as `pairaid ingest` runs it
        result = flow(paths=[str(folder)], batch_size=batch_size, refresh_cache=True)
    t2 = time.perf_counter()
    if not isinstance(result, dict):  # a State when the flow failed
        raise RuntimeError(f"ingest flow did not complete: {result!r}")
    return FlowRun(t2 - t1, t1 - t0, result)


class Databases:
    """Fresh databases per measurement: SQLite files in a folder, PostgreSQL databases on a server."""

    def __init__(self, folder: Path, postgres_url: str | None) -> None:
        self.folder = folder
        self.postgres_url = postgres_url
        self._admin = None

    def fresh(self, backend: str) -> str:
        name = f"pairaid_bench_{uuid.uuid4().hex[:10]}"
        if backend == "sqlite":
            return f"sqlite:///{self.folder / (name + '.sqlite3')}"
        from sqlalchemy import text

        with self.admin().connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        return self.admin().url.set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        from sqlalchemy import text
        from sqlalchemy.engine import make_url

        from pairaid_etl.store.resources import engine_for

        engine_for(url).dispose()
        parsed = make_url(url)
        if parsed.drivername.startswith("sqlite"):
            for suffix in ("", "-wal", "-shm"):
                Path(parsed.database + suffix).unlink(missing_ok=True)
            return
        with self.admin().connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))

    def admin(self):
        if self._admin is None:
            from sqlalchemy import create_engine

            url = self.postgres_url.replace("postgresql://", "postgresql+psycopg://", 1)
            self._admin = create_engine(url, isolation_level="AUTOCOMMIT")
        return self._admin

    def close(self) -> None:
        if self._admin is not None:
            self._admin.dispose()


# --- peak RSS of a child process --------------------------------------------------------

@dataclass(frozen=True)
class ChildRun:
    seconds: float
    exit_code: int
    peak_rss_mb: float  # the child process itself: its VmHWM (kernel high-water mark)
    ru_maxrss_mb: float  # getrusage of the reaped child: max over it and its reaped descendants
    peak_tree_mb: float  # sampled sum over the child and all its descendants (Prefect server too)
    output_tail: str


def _vm_hwm_kb(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def run_child_peak_rss(argv: list[str], env: dict, log: Path, interval: float = 0.2) -> ChildRun:
    """Run ``argv`` to completion and measure its peak memory three ways (the tree needs psutil)."""
    try:
        import psutil
    except ImportError:
        psutil = None

    with log.open("wb") as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT)
        peaks = {"hwm": 0, "tree": 0}
        done = threading.Event()

        def poll() -> None:
            try:
                parent = psutil.Process(proc.pid) if psutil else None
            except psutil.NoSuchProcess:
                return
            while not done.is_set():
                hwm = _vm_hwm_kb(proc.pid)
                if hwm:
                    peaks["hwm"] = max(peaks["hwm"], hwm * 1024)
                if parent is None:
                    done.wait(interval)
                    continue
                try:
                    procs = [parent] + parent.children(recursive=True)
                    total = 0
                    for p in procs:
                        try:
                            total += p.memory_info().rss
                        except psutil.Error:
                            pass
                    peaks["tree"] = max(peaks["tree"], total)
                except psutil.Error:
                    pass
                done.wait(interval)

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        _, status, rusage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        done.set()
        poller.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
    tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
    ru_mb = rusage.ru_maxrss / 1024  # kilobytes on Linux
    return ChildRun(seconds, proc.returncode, peaks["hwm"] / 2**20, ru_mb, peaks["tree"] / 2**20, tail)


def pairaid_command() -> list[str]:
    """The installed `pairaid` console script beside this interpreter, else the module."""
    script = Path(sys.executable).with_name("pairaid")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from pairaid_etl.cli import main; main()"]
