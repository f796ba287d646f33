"""The short run summary `make run` and `pairaid ingest` print."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table


def print_summary(console: Console, summary: dict, database: str) -> None:
    """``database`` is printed as given: pass it with its password masked (db.masked)."""
    status = "completed" if summary["failed"] == 0 else f"completed with {summary['failed']} errors"
    console.print(f"[bold]run {summary['run_id']}[/bold] {status} -> {escape(database)}")
    console.print(f"documents: {summary['documents']} seen, {summary['loaded']} loaded, "
                  f"{summary['skipped']} unchanged, {summary['failed']} failed; "
                  f"{summary['figures']} figures loaded by this run")
    table = Table(title="figures by kind")
    table.add_column("kind")
    table.add_column("figures", justify="right")
    for kind, n in summary["figures_by_kind"].items():
        table.add_row(kind, str(n))
    console.print(table)
    for path, code, message in summary["errors"]:
        console.print(f"[red]{escape(code)}[/red] {escape(message)}")
