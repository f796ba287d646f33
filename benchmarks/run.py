"""`make bench`: speed and memory of the pipeline, against the spaCy floor, in one run.

Generates a synthetic corpus (benchmarks/corpus.py) in a temporary folder, then measures,
interleaved, with min/median/max over repetitions:

  1. the floor: spacy.blank("en") tokenizer + one Matcher pattern [{"LIKE_NUM": True}];
  2. extract_figures over the same documents (and quantulum3 on a few, when installed);
  3. the real Prefect ingest flow into fresh SQLite (and PostgreSQL) databases: a 1-document
     run and an N-document run give the fixed start-up and the per-document cost; each
     repetition is bracketed by extraction-only runs, the other side of its ratio;
  4. a re-run of both over the same unchanged files (nothing re-extracted);
  5. the peak RSS of `pairaid ingest` over 10,000 documents, in a child process.

The whole run keeps to a wall-time budget (--budget-s, 10 minutes by default): when the
pipeline is too slow for the full sizes, the flow and RSS runs are made smaller and
results.json says so (`plan.scaled_down`; a target measured at the wrong size is "not
measured").  --full always uses the full sizes.  PostgreSQL is measured when
PAIRAID_BENCH_POSTGRES_URL (or PAIRAID_TEST_POSTGRES_URL) names a server.

    .venv/bin/python benchmarks/run.py                 # what `make bench` runs
    .venv/bin/python benchmarks/run.py --full          # full sizes, however long it takes
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

# Prefect reads its settings at import: give it a private home before anything imports it.
_TMP = Path(tempfile.mkdtemp(prefix="pairaid-bench-"))
os.environ["PREFECT_HOME"] = str(_TMP / "prefect-home")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")  # as the Makefile: no telemetry

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import measure, report  # noqa: E402
from benchmarks.corpus import write_corpus  # noqa: E402
from benchmarks.measure import summary  # noqa: E402

SEED = 7
COLD_START_S = 45.0  # a temporary Prefect server's start, as seen on 2-core machines
EXTRACTION_SHARE = 0.2  # of the budget, for the floor/extraction/quantulum3 repetitions
PILOT_DOCS = 40  # a first flow run that measures the per-document cost the plan is made from
# First document numbers of the corpora that must not overlap the flow's (0 .. N-1)
WARM_UP_FIRST, PROBE_FIRST, EXTRACTION_FIRST, FLOW_REP_FIRST = 900_000, 910_000, 1_000_000, 2_000_000
ALONGSIDE_FIRST = 3_000_000
ALONGSIDE_DOCS = 150  # extraction-only documents just before and just after each flow repetition


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--docs", type=int, default=300, help="documents for the floor/extraction runs (at most)")
    p.add_argument("--reps", type=int, default=5, help="repetitions of the floor/extraction runs")
    p.add_argument("--quantulum-docs", type=int, default=5, help="documents per quantulum3 repetition")
    p.add_argument("--flow-docs", type=int, default=1000)
    p.add_argument("--flow-reps", type=int, default=3, help="at most; not under 2")
    p.add_argument("--batch-size", type=int, default=100, help="documents per Prefect task, as `pairaid ingest`")
    p.add_argument("--rss-docs", type=int, default=10000, help="0 skips the peak-RSS run")
    p.add_argument("--budget-s", type=float, default=570, help="wall-time budget for the whole run")
    p.add_argument("--full", action="store_true", help="never scale the runs down to fit the budget")
    p.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.json")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder")
    return p.parse_args(argv)


def postgres_url() -> str | None:
    return os.environ.get("PAIRAID_BENCH_POSTGRES_URL") or os.environ.get("PAIRAID_TEST_POSTGRES_URL")


def linked_folder(folder: Path, files: list[Path]) -> Path:
    """A folder of hard links to ``files`` (no copy, no second generation)."""
    folder.mkdir()
    for path in files:
        os.link(path, folder / path.name)
    return folder


def sample(paths: list[Path], n: int) -> list[Path]:
    """``n`` files spread over the corpus (names sort by province pair)."""
    step = max(1, len(paths) // n)
    return paths[::step][:n]


# --- 1, 2: floor, extraction, quantulum3 ---------------------------------------------------

def measure_extraction(args, corpus: Path, budget_s: float, say) -> dict:
    """Floor, extraction and quantulum3, interleaved; the extraction's accuracy on the way.

    Each repetition reads documents neither side has seen (a slice of its own): ingestion
    sees every bulletin once, and a second pass over the same texts measures the tokenizer's
    and the vocabulary's caches instead (spaCy's tokenizer caches every chunk it has split).
    A last pass over the first slice again is kept as ``*_seen`` for comparison.
    """
    every = sorted(corpus.iterdir())
    floor, quantulum = measure.floor_fn(), measure.quantulum_fn()
    warm_up = write_corpus(_TMP / "warm-up", 1, SEED, manifest=_TMP / "warm-up.figures.jsonl", first=WARM_UP_FIRST)
    warm_doc = next((_TMP / "warm-up").iterdir())
    floor(warm_doc.read_text(encoding="utf-8"), str(warm_doc))
    t0 = time.perf_counter()
    extract = measure.extract_fn()
    extract(warm_doc.read_text(encoding="utf-8"), str(warm_doc))
    cold = time.perf_counter() - t0
    del warm_up
    probe_dir = _TMP / "probe"
    write_corpus(probe_dir, 5, SEED, manifest=_TMP / "probe.figures.jsonl", first=PROBE_FIRST)
    probe = measure.throughput(extract, sorted(probe_dir.iterdir()))
    per_rep_doc = probe.seconds / probe.docs + 0.005
    q_paths = sample(every, args.quantulum_docs)
    q_cost = 0.0
    if quantulum:
        quantulum(q_paths[0].read_text(encoding="utf-8"), str(q_paths[0]))  # loads its unit data
        q_probe = measure.throughput(quantulum, q_paths[:1])
        q_cost = q_probe.seconds * len(q_paths)
    n_docs = max(30, min(args.docs, int((budget_s / (args.reps + 1) - q_cost) / per_rep_doc)))
    slices = []
    for rep in range(args.reps):  # fresh documents for every repetition, disjoint from the flow's
        folder = _TMP / f"extraction-{rep}"
        write_corpus(folder, n_docs, SEED, manifest=folder.with_suffix(".figures.jsonl"),
                     first=EXTRACTION_FIRST + rep * n_docs)
        slices.append(folder)
    say(f"  {args.reps} repetitions x {n_docs} unseen documents (extract_figures first call {cold:.1f} s, "
        f"then about {probe.ms_per_doc:.0f} ms/doc)")
    checker = report.AccuracyCheck(slices[0].with_suffix(".figures.jsonl"))
    runs: dict[str, list[measure.Throughput]] = {"floor": [], "extract": [], "quantulum3": []}
    for rep, folder in enumerate(slices):
        paths = sorted(folder.iterdir())
        runs["floor"].append(measure.throughput(floor, paths))
        runs["extract"].append(measure.throughput(extract, paths, None if rep else checker.add))
        if quantulum:
            runs["quantulum3"].append(measure.throughput(quantulum, q_paths))
        say(f"  rep {rep + 1}/{args.reps}: floor {runs['floor'][-1].docs_per_s:.0f} docs/s, "
            f"extract {runs['extract'][-1].docs_per_s:.1f} docs/s"
            + (f", quantulum3 {runs['quantulum3'][-1].docs_per_s:.2f} docs/s" if quantulum else ""))
    seen = sorted(slices[0].iterdir())
    runs["floor_seen"] = [measure.throughput(floor, seen)]
    runs["extract_seen"] = [measure.throughput(extract, seen)]
    say(f"  first slice again (seen before): floor {runs['floor_seen'][0].docs_per_s:.0f} docs/s, "
        f"extract {runs['extract_seen'][0].docs_per_s:.1f} docs/s")
    out = {name: throughput_summary(r) for name, r in runs.items() if r}
    out["extract"]["cold_first_call_s"] = round(cold, 3)
    out["documents"] = "a fresh slice of unseen documents per repetition; *_seen: the first slice again"
    if not quantulum:
        out["quantulum3"] = {"skipped": "quantulum3 is not installed (pip install '.[bench]')"}
    out["extract_accuracy"] = checker.result()
    return out


def throughput_summary(runs: list[measure.Throughput]) -> dict:
    return {"docs": runs[0].docs, "words": runs[0].words,
            "docs_per_s": summary([r.docs_per_s for r in runs], 2),
            "words_per_s": summary([r.words_per_s for r in runs], 0),
            "ms_per_doc": summary([r.ms_per_doc for r in runs], 3),
            "cpu_ms_per_doc": summary([1000 * r.cpu_seconds / r.docs for r in runs], 3)}


# --- the plan: what fits in the budget -------------------------------------------------------

def make_plan(args, pilot: dict[str, float], elapsed: float) -> dict:
    """Flow size and repetitions, RSS size, from the pilots' per-document cost (seconds, per
    backend): the full sizes when they fit the budget (or --full), else the RSS and flow runs
    scaled down, the flow kept at 2 repetitions."""
    fixed = 4 * 2.0  # four runs per repetition, each with a start-up of about 2 s
    per_doc = pilot["sqlite"]  # the RSS run is on SQLite
    weight = sum(pilot.values()) / per_doc  # a repetition runs every backend
    # .05: the re-run; the extraction-only runs beside each repetition cost about half a flow document each
    rep_cost = lambda n: weight * (fixed + n * per_doc * 1.05) + ALONGSIDE_DOCS * per_doc  # noqa: E731
    rss_cost = lambda n: (COLD_START_S + n * per_doc) if n else 0.0  # noqa: E731
    left = args.budget_s - elapsed
    plan = {"flow_docs": args.flow_docs, "flow_reps": args.flow_reps, "rss_docs": args.rss_docs,
            "pilot_flow_ms_per_doc": {b: round(1000 * v, 1) for b, v in pilot.items()}, "scaled_down": []}
    if args.full:
        return plan
    reps = args.flow_reps
    while reps > 2 and reps * rep_cost(args.flow_docs) + rss_cost(args.rss_docs) > left:
        reps -= 1
    plan["flow_reps"] = reps
    if reps * rep_cost(args.flow_docs) + rss_cost(args.rss_docs) <= left:
        return plan
    rss_left = left - reps * rep_cost(args.flow_docs)
    rss_docs = int((rss_left - COLD_START_S) / per_doc) if rss_left > COLD_START_S else 0
    if args.rss_docs and rss_docs < args.rss_docs:
        # keep at least a small RSS run, paid for by a smaller flow run
        rss_docs = min(args.rss_docs, max(rss_docs, 200))
        plan["scaled_down"].append(f"RSS run: {rss_docs} documents instead of {args.rss_docs}")
        plan["rss_docs"] = rss_docs
    flow_left = left - rss_cost(plan["rss_docs"])
    flow_docs = int((flow_left / reps / weight - fixed) / (per_doc * 1.05))
    if reps * rep_cost(args.flow_docs) > flow_left:
        flow_docs = max(100, flow_docs)
        plan["scaled_down"].append(f"flow runs: {flow_docs} documents instead of {args.flow_docs}")
        plan["flow_docs"] = flow_docs
    return plan


# --- 3, 4: the ingest flow, full and unchanged re-run --------------------------------------------

def start_flows(args, folders: dict, backends: list[str], say) -> dict:
    """Import the flow, start the temporary Prefect server with a first run (the cold start),
    and time a warm 1-document and a pilot run per backend to plan the rest."""
    from pairaid_etl.orchestrate.flow import ingest_bulletins

    flow = ingest_bulletins
    dbs = measure.Databases(_TMP / "db", postgres_url())
    dbs.folder.mkdir()
    url = dbs.fresh("sqlite")
    cold = measure.run_flow(flow, folders["one"], url, args.batch_size).seconds
    dbs.drop(url)
    say(f"  flow cold start (temporary Prefect server): {cold:.1f} s")
    pilot = {}
    for backend in backends:
        runs = {}
        for name in ("one", "pilot"):
            url = dbs.fresh(backend)
            try:
                runs[name] = measure.run_flow(flow, folders[name], url, args.batch_size)
            finally:
                dbs.drop(url)
        n = runs["pilot"].summary["loaded"]
        pilot[backend] = max(0.001, (runs["pilot"].seconds - runs["one"].seconds) / (n - 1))
        say(f"  pilot {backend}: {n} documents {runs['pilot'].seconds:.1f} s, "
            f"about {1000 * pilot[backend]:.0f} ms/doc")
    return {"flow": flow, "dbs": dbs, "cold_s": cold, "pilot": pilot}


def measure_flows(args, plan: dict, backends: list[str], started: dict, say) -> dict:
    """The real ingest flow: per repetition and backend a 1-document run and an N-document
    run into fresh databases, over documents this process has not seen (as in the
    extraction measurement), and a re-run of each over the same unchanged files.

    Each repetition is bracketed by extraction-only runs over unseen documents, just before
    and just after it: the flow's cost is compared with extraction measured alongside, as
    the speed of a shared machine's CPU drifts by a third over a benchmark run.
    """
    flow, dbs = started["flow"], started["dbs"]
    n = plan["flow_docs"]
    raw = {b: {"one": [], "full": [], "rerun_one": [], "rerun": [], "migrate": [], "figures": 0} for b in backends}
    alongside: list[tuple[float, float]] = []  # extraction ms/doc before and after each repetition
    extract = measure.extract_fn()
    try:
        for rep in range(plan["flow_reps"]):
            before = extraction_alongside(extract, rep, 0)
            for i, backend in enumerate(backends):
                r = raw[backend]
                first = FLOW_REP_FIRST + (rep * len(backends) + i) * (n + 1)
                folders = {name: _TMP / f"flow-{rep}-{backend}-{name}" for name in ("one", "full")}
                write_corpus(folders["one"], 1, SEED, manifest=_TMP / "flow-one.figures.jsonl", first=first)
                write_corpus(folders["full"], n, SEED, manifest=_TMP / "flow-full.figures.jsonl", first=first + 1)
                url_one, url_full = dbs.fresh(backend), dbs.fresh(backend)
                try:
                    one = measure.run_flow(flow, folders["one"], url_one, args.batch_size)
                    full = measure.run_flow(flow, folders["full"], url_full, args.batch_size)
                    again_one = measure.run_flow(flow, folders["one"], url_one, args.batch_size, migrate=False)
                    again = measure.run_flow(flow, folders["full"], url_full, args.batch_size, migrate=False)
                finally:
                    dbs.drop(url_one)
                    dbs.drop(url_full)
                    for folder in folders.values():
                        shutil.rmtree(folder, ignore_errors=True)
                check_runs(one.summary, full.summary, again_one.summary, again.summary, n)
                for key, run in (("one", one), ("full", full), ("rerun_one", again_one), ("rerun", again)):
                    r[key].append(run.seconds)
                r["migrate"].append(full.migrate_seconds)
                r["figures"] = full.summary["figures"]
                say(f"  rep {rep + 1}/{plan['flow_reps']} {backend}: 1 doc {one.seconds:.2f} s, {n} docs "
                    f"{full.seconds:.2f} s; unchanged re-runs {again_one.seconds:.2f} s, {again.seconds:.2f} s")
            alongside.append((before, extraction_alongside(extract, rep, 1)))
            say(f"  rep {rep + 1}/{plan['flow_reps']} extraction alone, just before and after: "
                f"{alongside[-1][0]:.2f} and {alongside[-1][1]:.2f} ms/doc")
    finally:
        dbs.close()
    out = {"cold_start_s": round(started["cold_s"], 3), "docs": n, "batch_size": args.batch_size,
           "documents": "unseen documents for every run (a new slice per repetition and backend)",
           "repetitions": plan["flow_reps"], "runner": f"ThreadPoolTaskRunner, {ingest_workers()} worker (the flow's default)",
           "extraction_cache": "refreshed on every run: each run extracts and stores its cache entries"}
    extract_ms = [(before + after) / 2 for before, after in alongside]
    out["extract_alongside"] = {
        "docs": ALONGSIDE_DOCS, "ms_per_doc": summary(extract_ms, 3),
        "before_after_ms_per_doc": [[round(before, 3), round(after, 3)] for before, after in alongside],
        "documents": "unseen documents, extraction only, just before and just after each repetition (their mean)"}
    for backend, r in raw.items():
        out[backend] = split_costs(r, n)
        per_doc = [(full - one) / (n - 1) * 1000 for one, full in zip(r["one"], r["full"])]
        out[backend]["vs_extract_alongside"] = summary([p / x for p, x in zip(per_doc, extract_ms)], 4)
    return out


def extraction_alongside(extract, rep: int, side: int) -> float:
    """Extraction-only ms/doc over a fresh slice of unseen documents (``side`` 0: before, 1: after)."""
    folder = _TMP / f"alongside-{rep}-{side}"
    write_corpus(folder, ALONGSIDE_DOCS, SEED, manifest=folder.with_suffix(".figures.jsonl"),
                 first=ALONGSIDE_FIRST + (2 * rep + side) * ALONGSIDE_DOCS)
    # Under the flow's conditions (ingest.settle_heap): the long-lived objects of this
    # process (Prefect, SQLAlchemy, spaCy) frozen out of the cyclic collector.
    gc.collect()
    gc.freeze()
    try:
        return measure.throughput(extract, sorted(folder.iterdir())).ms_per_doc
    finally:
        gc.unfreeze()
        shutil.rmtree(folder, ignore_errors=True)


def ingest_workers() -> int:
    from pairaid_etl.orchestrate.ingest import DEFAULT_WORKERS

    return DEFAULT_WORKERS


def check_runs(one: dict, full: dict, again_one: dict, again: dict, n: int) -> None:
    """The runs did what they claim: everything loaded once, nothing re-extracted."""
    if one["loaded"] != 1 or full["loaded"] != n or full["failed"] or one["failed"]:
        raise RuntimeError(f"ingest did not load every document: {one} / {full}")
    if again["loaded"] or again_one["loaded"] or again["skipped"] != n or again_one["skipped"] != 1:
        raise RuntimeError(f"the unchanged re-run re-extracted documents: {again_one} / {again}")


def split_costs(r: dict, n: int) -> dict:
    """Per repetition: per-document cost as the slope between the 1- and n-document runs,
    fixed start-up as what is left of the 1-document run; the same for the re-runs."""
    per_doc = [(full - one) / (n - 1) for one, full in zip(r["one"], r["full"])]
    fixed = [one - p for one, p in zip(r["one"], per_doc)]
    rerun = [(again - one) / (n - 1) for one, again in zip(r["rerun_one"], r["rerun"])]
    return {"per_doc_ms": summary([1000 * p for p in per_doc], 3),
            "fixed_startup_s": summary(fixed, 3),
            "one_doc_run_s": summary(r["one"], 3),
            "full_run_s": summary(r["full"], 3),
            "migrate_s": summary(r["migrate"], 3),
            "rerun_s": summary(r["rerun"], 3),
            "rerun_one_doc_s": summary(r["rerun_one"], 3),
            "rerun_per_doc_ms": summary([1000 * p for p in rerun], 3),
            "figures_loaded": r["figures"]}


# --- 5: peak RSS -----------------------------------------------------------------------------------

def measure_rss(args, folder: Path, n: int, say) -> dict:
    """`pairaid ingest` over ``folder`` in a child process with a fresh Prefect home."""
    env = dict(os.environ, PREFECT_HOME=str(_TMP / "prefect-home-rss"))
    url = f"sqlite:///{_TMP / 'rss.sqlite3'}"
    from pairaid_etl.store.db import upgrade
    from pairaid_etl.store.resources import engine_for

    upgrade(engine_for(url))  # the operator's step: runs no longer migrate by themselves
    argv = measure.pairaid_command() + ["ingest", str(folder), "--database-url", url,
                                         "--batch-size", str(args.batch_size)]
    child = measure.run_child_peak_rss(argv, env, _TMP / "rss-child.log")
    say(f"  {n} documents: {child.seconds:.1f} s, peak RSS {child.peak_rss_mb:.0f} MB "
        f"(process tree {child.peak_tree_mb:.0f} MB), exit {child.exit_code}")
    out = {"docs": n, "wall_s": round(child.seconds, 2), "exit_code": child.exit_code,
           "peak_rss_mb": round(child.peak_rss_mb, 1), "ru_maxrss_mb": round(child.ru_maxrss_mb, 1),
           "peak_process_tree_mb": round(child.peak_tree_mb, 1),
           "measured": "VmHWM of the `pairaid ingest` process; the tree adds the temporary Prefect server"}
    if child.exit_code != 0:
        out["output_tail"] = child.output_tail
    return out


def run(args, results: dict, say) -> None:
    start = time.perf_counter()
    t0 = time.perf_counter()
    corpus = _TMP / "corpus"
    totals = write_corpus(corpus, args.flow_docs, SEED)
    say(f"corpus: {totals['docs']} documents, {totals['words'] / totals['docs']:.0f} words and "
        f"{totals['figures'] / totals['docs']:.1f} known figures each ({time.perf_counter() - t0:.1f} s)")
    results["corpus"] = {**totals, "seed": SEED, "generate_s": round(time.perf_counter() - t0, 2)}

    say("floor / extract_figures / quantulum3, interleaved:")
    results["extraction"] = measure_extraction(args, corpus, EXTRACTION_SHARE * args.budget_s, say)
    backends = ["sqlite"] + (["postgresql"] if postgres_url() else [])
    if not postgres_url():
        say("PostgreSQL: skipped (set PAIRAID_BENCH_POSTGRES_URL to measure it)")
    every = sorted(corpus.iterdir())
    folders = {"one": linked_folder(_TMP / "one", every[:1]),
               "pilot": linked_folder(_TMP / "pilot", every[1:1 + min(PILOT_DOCS, len(every) - 1)])}
    say("ingest flow (Prefect, thread-pool runner):")
    started = start_flows(args, folders, backends, say)
    plan = make_plan(args, started["pilot"], time.perf_counter() - start)
    results["plan"] = plan
    for note in plan["scaled_down"]:
        say(f"[yellow]budget {args.budget_s:.0f} s: {note} (--full for the full sizes)[/yellow]")
    say(f"  {plan['flow_docs']} unseen documents x {plan['flow_reps']} repetitions on {', '.join(backends)}:")
    results["flow"] = measure_flows(args, plan, backends, started, say)

    if plan["rss_docs"]:
        n = plan["rss_docs"]
        rss_dir = linked_folder(_TMP / "rss", every[:n])
        if n > len(every):
            write_corpus(rss_dir, n - len(every), SEED, manifest=_TMP / "rss.figures.jsonl", first=len(every))
        say(f"peak RSS (child process), {n} documents:")
        results["rss"] = measure_rss(args, rss_dir, n, say)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    start = time.perf_counter()
    say = report.console_say
    results: dict = {"generated_at": report.now(), "machine": report.machine(), "versions": report.versions(),
                     "git": report.git_info(ROOT), "settings": {k: str(v) for k, v in vars(args).items()},
                     "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}
    try:
        run(args, results, say)
    finally:
        if args.keep:
            say(f"kept {_TMP}")
        else:
            shutil.rmtree(_TMP, ignore_errors=True)
    results["elapsed_s"] = round(time.perf_counter() - start, 1)
    results["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    report.add_ratios(results)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    report.print_table(results)
    say(f"wrote {args.out} ({results['elapsed_s']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
