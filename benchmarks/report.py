"""What the benchmark reports: machine and versions, the extraction's accuracy on the
synthetic corpus, the target ratios, and the printed table."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

from rich.console import Console
from rich.table import Table

console = Console()

PACKAGES = ("pairaid-etl", "spacy", "prefect", "sqlalchemy", "pint", "alembic", "psycopg", "quantulum3")

# key: (comparison, bound, what it means)
TARGETS = {
    "extract_vs_floor": (">=", 0.25, "extraction docs/s / floor docs/s"),
    "flow_vs_extract": ("<=", 2.0, "flow per-doc cost / extraction per-doc cost measured alongside (SQLite, median of repetitions)"),
    "rerun_vs_full": ("<=", 0.10, "unchanged re-run per-doc cost / full run per-doc cost (SQLite)"),
    "peak_rss_mb_10k": ("<=", 500.0, "peak RSS (MB) of `pairaid ingest` over 10,000 documents"),
    "elapsed_s": ("<=", 600.0, "the whole benchmark, seconds"),
}


def console_say(message: str) -> None:
    console.print(message, highlight=False)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def machine() -> dict:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import psutil

        memory_gb = round(psutil.virtual_memory().total / 2**30, 1)
    except ImportError:
        memory_gb = None
    return {"cpu": model, "cores": os.cpu_count(), "memory_gb": memory_gb,
            "python": platform.python_version(), "platform": platform.platform()}


def versions() -> dict:
    out = {}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def git_info(root: Path) -> dict:
    def git(*args: str) -> str | None:
        try:
            return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                                  check=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return None

    return {"head": git("rev-parse", "--short", "HEAD"),
            "package_last_commit": git("log", "-1", "--format=%h %s", "--", "src/pairaid_etl"),
            "package_dirty": bool(git("status", "--porcelain", "--", "src/pairaid_etl", "flows"))}


class AccuracyCheck:
    """Scores extract_figures against the generator's known figures (GOLD_FORMAT matching:
    span overlap and equal value in the same unit), so speed is never bought with misses."""

    def __init__(self, manifest: Path) -> None:
        self.manifest = manifest
        self.known = self.found = self.qualifier_ok = self.item_ok = self.items = 0
        self.predicted = self.false_positives = self.on_non_figures = 0
        self._wanted: dict[str, dict] | None = None

    def add(self, path: Path, text: str, extraction) -> None:
        truth = self._truth(path.name)
        preds = list(extraction.figures)
        matched: set[int] = set()
        for k in truth["figures"]:
            self.known += 1
            hit = next((i for i, p in enumerate(preds) if i not in matched and p.start < k["end"]
                        and k["start"] < p.end and p.unit == k["unit"]
                        and abs(p.value - k["value"]) <= 1e-6 * max(1.0, abs(k["value"]))), None)
            if hit is None:
                continue
            matched.add(hit)
            self.found += 1
            self.qualifier_ok += preds[hit].qualifier == k["qualifier"]
            if k["item"]:
                self.items += 1
                self.item_ok += preds[hit].item == k["item"]
        self.predicted += len(preds)
        for i, p in enumerate(preds):
            if i in matched:
                continue
            self.false_positives += 1
            self.on_non_figures += any(p.start < n["end"] and n["start"] < p.end for n in truth["non_figures"])

    def _truth(self, name: str) -> dict:
        if self._wanted is None:
            self._wanted = {}
            with self.manifest.open(encoding="utf-8") as fh:
                for line in fh:
                    record = json.loads(line)
                    self._wanted[record["name"]] = {"figures": record["figures"],
                                                    "non_figures": record["non_figures"]}
        return self._wanted[name]

    def result(self) -> dict:
        ratio = lambda a, b: round(a / b, 4) if b else None  # noqa: E731
        return {"known_figures": self.known, "recall": ratio(self.found, self.known),
                "precision": ratio(self.predicted - self.false_positives, self.predicted),
                "qualifier_accuracy": ratio(self.qualifier_ok, self.found),
                "item_accuracy": ratio(self.item_ok, self.items),
                "false_positives": self.false_positives, "false_positives_on_years_dates_names": self.on_non_figures}


def add_ratios(results: dict) -> None:
    """The four target ratios at the top level, and a `targets` block saying met / not met."""
    ex = results.get("extraction", {})
    flow = results.get("flow", {}).get("sqlite")
    values = {
        "extract_vs_floor": _div(_median(ex, "extract", "docs_per_s"), _median(ex, "floor", "docs_per_s")),
        "flow_vs_extract": flow and flow.get("vs_extract_alongside", {}).get("median"),
        "rerun_vs_full": _div(flow and flow["rerun_per_doc_ms"]["median"], flow and flow["per_doc_ms"]["median"]),
        # a run that failed measured nothing: only a completed 10,000-document ingest counts
        "peak_rss_mb_10k": results.get("rss", {}).get("peak_rss_mb")
        if results.get("rss", {}).get("docs") == 10000 and results.get("rss", {}).get("exit_code") == 0 else None,
    }
    cpu = _div(_median(ex, "floor", "cpu_ms_per_doc"), _median(ex, "extract", "cpu_ms_per_doc"))
    results["extract_vs_floor_cpu"] = cpu  # the same ratio from CPU time: steadier when the machine is busy
    # the same documents a second time: the tokenizer's caches make the floor about twice as fast
    results["extract_vs_floor_seen"] = _div(_median(ex, "extract_seen", "docs_per_s"), _median(ex, "floor_seen", "docs_per_s"))
    # flow against the extraction phase's median, measured minutes earlier (not a target)
    results["flow_vs_extract_phases"] = _div(flow and flow["per_doc_ms"]["median"], _median(ex, "extract", "ms_per_doc"))
    pg = results.get("flow", {}).get("postgresql")
    if pg:
        results["flow_vs_extract_postgresql"] = pg.get("vs_extract_alongside", {}).get("median")
        results["rerun_vs_full_postgresql"] = _div(pg["rerun_per_doc_ms"]["median"], pg["per_doc_ms"]["median"])
    results.update(values)
    values["elapsed_s"] = results.get("elapsed_s")
    targets = {}
    for key, (op, bound, meaning) in TARGETS.items():
        value = values[key]
        met = None if value is None else (value >= bound if op == ">=" else value <= bound)
        targets[key] = {"value": value, "target": f"{op} {bound:g}", "met": met, "meaning": meaning}
    results["targets"] = targets


def _median(ex: dict, name: str, field: str) -> float | None:
    try:
        return ex[name][field]["median"]
    except (KeyError, TypeError):
        return None


def _div(a, b) -> float | None:
    return round(a / b, 4) if a is not None and b else None


def print_table(results: dict) -> None:
    table = Table(title="pairaid_etl benchmark (min / median / max over repetitions)")
    for col, justify in (("measurement", "left"), ("min", "right"), ("median", "right"), ("max", "right"), ("unit", "left")):
        table.add_column(col, justify=justify)
    ex = results.get("extraction", {})
    for name in ("floor", "extract", "quantulum3", "floor_seen", "extract_seen"):
        if "docs_per_s" in ex.get(name, {}):
            _row(table, f"{name} ({ex[name]['docs']} docs)", ex[name]["docs_per_s"], "docs/s")
            _row(table, f"{name}", ex[name]["words_per_s"], "words/s", digits=0)
            _row(table, f"{name}", ex[name]["ms_per_doc"], "ms/doc")
            _row(table, f"{name}", ex[name]["cpu_ms_per_doc"], "CPU ms/doc")
    flow = results.get("flow", {})
    for backend in ("sqlite", "postgresql"):
        if backend in flow:
            f = flow[backend]
            _row(table, f"flow {backend}: per document", f["per_doc_ms"], "ms/doc")
            if "extract_alongside" in flow:
                _row(table, "  extraction alone, alongside", flow["extract_alongside"]["ms_per_doc"], "ms/doc")
            _row(table, f"flow {backend}: fixed start-up", f["fixed_startup_s"], "s")
            _row(table, f"flow {backend}: {flow['docs']} documents", f["full_run_s"], "s")
            _row(table, f"flow {backend}: unchanged re-run", f["rerun_s"], "s")
            _row(table, f"flow {backend}: re-run per document", f["rerun_per_doc_ms"], "ms/doc")
    if "cold_start_s" in flow:
        table.add_row("flow cold start (temporary Prefect server)", "", f"{flow['cold_start_s']:.1f}", "", "s")
    rss = results.get("rss")
    if rss:
        table.add_row(f"peak RSS, ingest of {rss['docs']} docs", "", f"{rss['peak_rss_mb']:.0f}", "", "MB")
        table.add_row("  with the Prefect server (tree)", "", f"{rss['peak_process_tree_mb']:.0f}", "", "MB")
    console.print(table)
    acc = ex.get("extract_accuracy")
    if acc:
        console.print(f"extraction on the synthetic corpus: recall {acc['recall']}, precision {acc['precision']}, "
                      f"qualifier {acc['qualifier_accuracy']}, item {acc['item_accuracy']} "
                      f"({acc['known_figures']} known figures)", highlight=False)
    targets = Table(title="targets")
    for col in ("key", "value", "target", "met"):
        targets.add_column(col)
    for key, t in results.get("targets", {}).items():
        met = "[green]met[/green]" if t["met"] else "[red]NOT met[/red]" if t["met"] is False else "not measured"
        targets.add_row(key, "" if t["value"] is None else f"{t['value']:g}", t["target"], met)
    console.print(targets)
    if results.get("extract_vs_floor_seen") is not None:
        console.print(f"extract_vs_floor on documents seen before (not a target): {results['extract_vs_floor_seen']:g}")
    for note in results.get("plan", {}).get("scaled_down", []):
        console.print(f"[yellow]scaled down to fit the budget: {note}[/yellow]")


def _row(table: Table, name: str, s: dict, unit: str, digits: int = 2) -> None:
    fmt = f"{{:,.{digits}f}}"
    table.add_row(name, fmt.format(s["min"]), fmt.format(s["median"]), fmt.format(s["max"]), unit)
