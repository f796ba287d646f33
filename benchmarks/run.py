"""`make bench`: speed and memory of the pipeline, against the spaCy floor, in one run.

Generates a synthetic corpus (benchmarks/corpus.py) in a temporary folder, then measures,
interleaved, with min/median/max over repetitions:

  1. the floor: spacy.blank("en") tokenizer + one Matcher pattern [{"LIKE_NUM": True}];
  2. extract_figures over the same documents (and quantulum3 on a few, when installed);
  3. the real Prefect ingest flow into fresh SQLite (and PostgreSQL) databases: a 1-document
     run and an N-document run give the fixed start-up and the per-document cost;
  4. a second run over the same unchanged files (nothing re-extracted);
  5. the peak RSS of `pairaid ingest` over 10,000 documents, in a child process.

Writes benchmarks/results.json and prints a table.  PostgreSQL is measured when
PAIRAID_BENCH_POSTGRES_URL (or PAIRAID_TEST_POSTGRES_URL) names a server.

    .venv/bin/python benchmarks/run.py                       # what `make bench` runs
    .venv/bin/python benchmarks/run.py --flow-docs 100 --rss-docs 500 --out /tmp/r.json
"""

from __future__ import annotations

import argparse
import json
import math
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import measure, report  # noqa: E402
from benchmarks.corpus import write_corpus  # noqa: E402
from benchmarks.measure import summary  # noqa: E402

SEED = 7


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--docs", type=int, default=300, help="documents for the floor/extraction runs")
    p.add_argument("--reps", type=int, default=5, help="repetitions of the floor/extraction runs")
    p.add_argument("--quantulum-docs", type=int, default=10, help="documents per quantulum3 repetition")
    p.add_argument("--flow-docs", type=int, default=1000)
    p.add_argument("--flow-reps", type=int, default=3, help="at most; fewer (not under 2) if the budget is short")
    p.add_argument("--batch-size", type=int, default=25, help="documents per Prefect task, as `pairaid ingest`")
    p.add_argument("--rss-docs", type=int, default=10000, help="0 skips the peak-RSS run")
    p.add_argument("--budget-s", type=float, default=540, help="wall-time budget used to choose flow repetitions")
    p.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.json")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder")
    return p.parse_args(argv)


def postgres_url() -> str | None:
    return os.environ.get("PAIRAID_BENCH_POSTGRES_URL") or os.environ.get("PAIRAID_TEST_POSTGRES_URL")


def build_corpora(args, tmp: Path, say) -> dict:
    """The N-document corpus, a 1-document folder, and the 10k folder (hard links + the rest)."""
    t0 = time.perf_counter()
    flow_dir = tmp / "corpus"
    totals = write_corpus(flow_dir, args.flow_docs, SEED)
    one_dir = tmp / "one"
    one_dir.mkdir()
    first = min(flow_dir.iterdir())
    os.link(first, one_dir / first.name)
    rss_dir = None
    if args.rss_docs:
        rss_dir = tmp / "corpus-rss"
        rss_dir.mkdir()
        for path in flow_dir.iterdir():
            os.link(path, rss_dir / path.name)
        more = max(0, args.rss_docs - args.flow_docs)
        write_corpus(rss_dir, more, SEED, manifest=tmp / "rss-extra.figures.jsonl", first=args.flow_docs)
    seconds = time.perf_counter() - t0
    say(f"corpus: {totals['docs']} documents, {totals['words'] / totals['docs']:.0f} words and "
        f"{totals['figures'] / totals['docs']:.1f} known figures each; "
        f"{args.rss_docs or 0} for the RSS run ({seconds:.1f} s)")
    return {"flow_dir": flow_dir, "one_dir": one_dir, "rss_dir": rss_dir,
            "manifest": tmp / "corpus.figures.jsonl", "totals": totals, "seconds": seconds}


def sample(paths: list[Path], n: int) -> list[Path]:
    """``n`` files spread over the corpus (names sort by province pair)."""
    step = max(1, len(paths) // n)
    return paths[::step][:n]


def measure_extraction(args, corpora: dict, say) -> dict:
    """Floor, extraction and quantulum3, interleaved; the extraction's accuracy on the way."""
    paths = sample(sorted(corpora["flow_dir"].iterdir()), args.docs)
    floor = measure.floor_fn()
    floor(paths[0].read_text(encoding="utf-8"), str(paths[0]))
    t0 = time.perf_counter()
    extract = measure.extract_fn()
    extract(paths[0].read_text(encoding="utf-8"), str(paths[0]))
    cold = time.perf_counter() - t0
    quantulum = measure.quantulum_fn()
    q_paths = sample(paths, args.quantulum_docs)
    if quantulum:
        quantulum(q_paths[0].read_text(encoding="utf-8"), str(q_paths[0]))
    checker = report.AccuracyCheck(corpora["manifest"])
    runs: dict[str, list[measure.Throughput]] = {"floor": [], "extract": [], "quantulum3": []}
    for rep in range(args.reps):
        runs["floor"].append(measure.throughput(floor, paths))
        runs["extract"].append(measure.throughput(extract, paths, None if rep else checker.add))
        if quantulum:
            runs["quantulum3"].append(measure.throughput(quantulum, q_paths))
        say(f"  rep {rep + 1}/{args.reps}: floor {runs['floor'][-1].docs_per_s:.0f} docs/s, "
            f"extract {runs['extract'][-1].docs_per_s:.1f} docs/s"
            + (f", quantulum3 {runs['quantulum3'][-1].docs_per_s:.2f} docs/s" if quantulum else ""))
    out = {name: throughput_summary(r) for name, r in runs.items() if r}
    out["extract"]["cold_first_call_s"] = round(cold, 3)
    if not quantulum:
        out["quantulum3"] = {"skipped": "quantulum3 is not installed (pip install '.[bench]')"}
    out["extract_accuracy"] = checker.result()
    return out


def throughput_summary(runs: list[measure.Throughput]) -> dict:
    return {"docs": runs[0].docs, "words": runs[0].words,
            "docs_per_s": summary([r.docs_per_s for r in runs], 2),
            "words_per_s": summary([r.words_per_s for r in runs], 0),
            "ms_per_doc": summary([r.ms_per_doc for r in runs], 3)}


def plan_flow_reps(args, extract_ms: float, elapsed: float, backends: list[str], say) -> int:
    """As many flow repetitions (2..--flow-reps) as the budget allows after the RSS run."""
    per_doc = 1.5 * extract_ms / 1000 + 0.003
    one_backend = 3 * 4.0 + args.flow_docs * per_doc * 1.15
    rss = (30 + args.rss_docs * per_doc) if args.rss_docs else 0
    left = args.budget_s - elapsed - rss - 30  # 30 s: the flow's cold start
    reps = max(2, min(args.flow_reps, math.floor(left / (one_backend * len(backends)))))
    say(f"plan: {reps} flow repetition(s) on {', '.join(backends)} (estimated {one_backend:.0f} s "
        f"each per backend), RSS run about {rss:.0f} s")
    return reps


def measure_flows(args, corpora: dict, tmp: Path, reps: int, backends: list[str], say) -> dict:
    """The real ingest flow: cold start once, then per repetition and backend a 1-document
    run and an N-document run into fresh databases, and a re-run of each over the same
    unchanged files."""
    from pairaid_etl.cli import load_flow_module

    flow = load_flow_module().ingest_bulletins
    dbs = measure.Databases(tmp / "db", postgres_url())
    dbs.folder.mkdir()
    url = dbs.fresh("sqlite")
    cold = measure.run_flow(flow, corpora["one_dir"], url, args.batch_size)
    dbs.drop(url)
    say(f"  flow cold start (temporary Prefect server): {cold.seconds:.1f} s")
    n = args.flow_docs
    raw = {b: {"one": [], "full": [], "rerun_one": [], "rerun": [], "migrate": [], "figures": 0} for b in backends}
    try:
        for rep in range(reps):
            for backend in backends:
                r = raw[backend]
                url_one, url_full = dbs.fresh(backend), dbs.fresh(backend)
                try:
                    one = measure.run_flow(flow, corpora["one_dir"], url_one, args.batch_size)
                    full = measure.run_flow(flow, corpora["flow_dir"], url_full, args.batch_size)
                    again_one = measure.run_flow(flow, corpora["one_dir"], url_one, args.batch_size, migrate=False)
                    again = measure.run_flow(flow, corpora["flow_dir"], url_full, args.batch_size, migrate=False)
                finally:
                    dbs.drop(url_one)
                    dbs.drop(url_full)
                check_runs(one.summary, full.summary, again_one.summary, again.summary, n)
                r["one"].append(one.seconds)
                r["full"].append(full.seconds)
                r["rerun_one"].append(again_one.seconds)
                r["rerun"].append(again.seconds)
                r["migrate"].append(full.migrate_seconds)
                r["figures"] = full.summary["figures"]
                say(f"  rep {rep + 1}/{reps} {backend}: 1 doc {one.seconds:.2f} s, {n} docs {full.seconds:.2f} s; "
                    f"unchanged re-runs {again_one.seconds:.2f} s, {again.seconds:.2f} s")
    finally:
        dbs.close()
    out = {"cold_start_s": round(cold.seconds, 3), "docs": n, "batch_size": args.batch_size,
           "repetitions": reps}
    for backend, r in raw.items():
        out[backend] = split_costs(r, n)
    return out


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


def measure_rss(args, corpora: dict, tmp: Path, say) -> dict:
    """`pairaid ingest` over the RSS corpus in a child process with a fresh Prefect home."""
    env = dict(os.environ, PREFECT_HOME=str(tmp / "prefect-home-rss"))
    url = f"sqlite:///{tmp / 'rss.sqlite3'}"
    argv = measure.pairaid_command() + ["ingest", str(corpora["rss_dir"]), "--database-url", url,
                                         "--batch-size", str(args.batch_size)]
    child = measure.run_child_peak_rss(argv, env, tmp / "rss-child.log")
    say(f"  {args.rss_docs} documents: {child.seconds:.1f} s, peak RSS {child.peak_rss_mb:.0f} MB "
        f"(process tree {child.peak_tree_mb:.0f} MB), exit {child.exit_code}")
    out = {"docs": args.rss_docs, "wall_s": round(child.seconds, 2), "exit_code": child.exit_code,
           "peak_rss_mb": round(child.peak_rss_mb, 1), "ru_maxrss_mb": round(child.ru_maxrss_mb, 1),
           "peak_process_tree_mb": round(child.peak_tree_mb, 1),
           "measured": "VmHWM of the `pairaid ingest` process; the tree adds the temporary Prefect server"}
    if child.exit_code != 0:
        out["output_tail"] = child.output_tail
    return out


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    start = time.perf_counter()
    say = report.console_say
    results: dict = {"generated_at": report.now(), "machine": report.machine(), "versions": report.versions(),
                     "git": report.git_info(ROOT), "settings": {k: str(v) for k, v in vars(args).items()},
                    "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}
    try:
        corpora = build_corpora(args, _TMP, say)
        results["corpus"] = {**corpora["totals"], "seed": SEED, "generate_s": round(corpora["seconds"], 2),
                             "rss_docs": args.rss_docs}
        say("floor / extract_figures / quantulum3, interleaved:")
        results["extraction"] = measure_extraction(args, corpora, say)
        backends = ["sqlite"] + (["postgresql"] if postgres_url() else [])
        if not postgres_url():
            say("PostgreSQL: skipped (set PAIRAID_BENCH_POSTGRES_URL to measure it)")
        extract_ms = results["extraction"]["extract"]["ms_per_doc"]["median"]
        reps = plan_flow_reps(args, extract_ms, time.perf_counter() - start, backends, say)
        say("ingest flow (Prefect, thread-pool runner):")
        results["flow"] = measure_flows(args, corpora, _TMP, reps, backends, say)
        if args.rss_docs:
            say("peak RSS (child process):")
            results["rss"] = measure_rss(args, corpora, _TMP, say)
    finally:
        if not args.keep:
            shutil.rmtree(_TMP, ignore_errors=True)
        else:
            say(f"kept {_TMP}")
    results["elapsed_s"] = round(time.perf_counter() - start, 1)
    results["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    report.add_ratios(results)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    report.print_table(results)
    say(f"wrote {args.out} ({results['elapsed_s']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
