"""The `pairaid` command: a thin shell; each command makes one library call and prints."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from .config import load_settings
from .db import PROJECT_ROOT
from .errors import DocumentError, PairaidError

app = typer.Typer(help="pairaid_etl: figures from poverty-alleviation bulletins, into SQL.",
                  no_args_is_help=True, add_completion=False)
db_app = typer.Typer(help="Database schema commands.", no_args_is_help=True)
app.add_typer(db_app, name="db")
console = Console()
err = Console(stderr=True)

DatabaseOption = Annotated[str | None, typer.Option("--database-url", help="SQLAlchemy URL (default: $PAIRAID_DATABASE_URL or sqlite:///data/pairaid.sqlite3).")]


def _url(database_url: str | None) -> str:
    return database_url or load_settings().database_url


def load_flow_module():
    """flows/ingest_bulletins.py, imported by path (flows/ is not a package)."""
    if "ingest_bulletins" in sys.modules:
        return sys.modules["ingest_bulletins"]
    path = PROJECT_ROOT / "flows" / "ingest_bulletins.py"
    spec = importlib.util.spec_from_file_location("ingest_bulletins", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["ingest_bulletins"] = module
    spec.loader.exec_module(module)
    return module


@app.command()
def ingest(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders (default: raw/).")] = None,
    database_url: DatabaseOption = None,
    batch_size: Annotated[int, typer.Option(help="Documents per Prefect task.")] = 100,
    dask_address: Annotated[str | None, typer.Option(help="Run tasks on this Dask scheduler (tcp://host:8786).")] = None,
    dask_workers: Annotated[int, typer.Option(help="Run tasks on a local Dask cluster with N worker processes.")] = 0,
    refresh_cache: Annotated[bool, typer.Option(help="Extract again even where Prefect has cached the extraction.")] = False,
) -> None:
    """Run the ingest flow.  Example: pairaid ingest raw/"""
    from .summary import print_summary

    url = _url(database_url)
    module = load_flow_module()
    flow = module.with_task_runner(dask_address, dask_workers)
    with module.ad_hoc_settings():
        summary = flow(paths=[str(p) for p in paths] if paths else None, database_url=url, batch_size=batch_size,
                       refresh_cache=refresh_cache)
    print_summary(console, summary, url)
    raise typer.Exit(0 if summary["failed"] == 0 else 1)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Bulletin files.")],
    format: Annotated[str, typer.Option("--format", "-f", help="jsonl or table.")] = "table",
) -> None:
    """Extract figures without a database.  Example: pairaid extract raw/*.txt --format jsonl"""
    from .extract import extract_figures
    from .read import decode

    failed = 0
    for path in paths:
        try:
            text, _ = decode(path.read_bytes(), str(path))
        except (OSError, DocumentError) as exc:
            err.print(f"[red]error[/red] {path}: {getattr(exc, 'message', exc)}")
            failed += 1
            continue
        figures = extract_figures(text, source_name=str(path)).figures
        if format == "jsonl":
            for f in figures:
                sys.stdout.write(json.dumps({"doc": str(path), **f.to_dict()}, ensure_ascii=False) + "\n")
        else:
            table = Table(title=str(path))
            for col in ("span", "text", "value", "unit", "kind", "qualifier", "item", "indicator", "year"):
                table.add_column(col)
            for f in figures:
                table.add_row(f"{f.start}-{f.end}", f.text, f"{f.value:,.12g}", f.unit, f.kind, f.qualifier,
                              f.item or "", f.indicator or "", str(f.year or ""))
            console.print(table)
    raise typer.Exit(1 if failed else 0)


@app.command("eval")
def eval_(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL file (see eval/GOLD_FORMAT.md).")],
    misses: Annotated[bool, typer.Option("--misses", help="List misses and false positives.")] = False,
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Score extraction against gold figures.  Example: pairaid eval gold.jsonl --misses"""
    from .evaluate import evaluate_gold, format_text

    if not gold.is_file():
        err.print(f"[red]error[/red] {gold}: no such gold file")
        raise typer.Exit(2)
    report = evaluate_gold(gold)
    if format == "json":
        sys.stdout.write(json.dumps(report.to_dict(), indent=2) + "\n")
    else:
        sys.stdout.write(format_text(report, misses=misses) + "\n")


@db_app.command("upgrade")
def db_upgrade(revision: str = "head", database_url: DatabaseOption = None) -> None:
    """Migrate the database to a revision.  Example: pairaid db upgrade"""
    from .db import upgrade
    from .resources import engine_for

    url = _url(database_url)
    upgrade(engine_for(url), revision)
    console.print(f"database at {revision}: {url}")


@db_app.command("downgrade")
def db_downgrade(revision: str, database_url: DatabaseOption = None) -> None:
    """Migrate the database down to a revision.  Example: pairaid db downgrade base"""
    from .db import downgrade
    from .resources import engine_for

    downgrade(engine_for(_url(database_url)), revision)
    console.print(f"database at {revision}")


@db_app.command("create-reader")
def db_create_reader(
    name: Annotated[str, typer.Argument(help="Role name (lower-case letters, digits, _).")],
    password: Annotated[str | None, typer.Option(help="Password for the role (trust auth needs none).")] = None,
    database_url: DatabaseOption = None,
) -> None:
    """Create a PostgreSQL role that can only SELECT.  Example: pairaid db create-reader analyst"""
    from .resources import engine_for
    from .roles import create_reader

    create_reader(engine_for(_url(database_url)), name, password)
    console.print(f"role {name} can now SELECT every table and view, and nothing else")


@app.command()
def review(
    run: Annotated[int | None, typer.Option("--run", help="Run id (default: every current document, latest run's file errors).")] = None,
    out: Annotated[Path, typer.Option("--out", help="Folder to write the report to.")] = Path("review"),
    database_url: DatabaseOption = None,
) -> None:
    """Write the static HTML review report.  Example: pairaid review --run 3 --out review/"""
    from .resources import engine_for
    from .review import write_report

    index = write_report(engine_for(_url(database_url)), out, run_id=run)
    console.print(f"review report: {index.resolve().as_uri()}")


@app.command()
def correct(
    key: Annotated[str, typer.Argument(help="Figure id, or <sha256 (8+ hex)>:<start>-<end> as shown in the review report.")],
    action: Annotated[str, typer.Argument(help="reject, set_value, set_unit, set_indicator, or withdraw (remove its corrections).")],
    value: Annotated[str | None, typer.Argument(help="The new value, unit code or indicator code.")] = None,
    reviewer: Annotated[str | None, typer.Option(help="Who decided (required except for withdraw).")] = None,
    note: Annotated[str, typer.Option(help="Why.")] = "",
    file: Annotated[Path | None, typer.Option("--file", help="Corrections file (default: $PAIRAID_CORRECTIONS or reviews/corrections.yaml).")] = None,
    database_url: DatabaseOption = None,
) -> None:
    """Record a reviewer's correction; the next ingest applies it.  Example: pairaid correct 8ccd07192ca2:120-129 set_value 6 --reviewer ana --note "see Health" """
    from .corrections import make_correction, record_correction, resolve_key, withdraw_corrections
    from .resources import engine_for

    path = file or load_settings().corrections_path
    with engine_for(_url(database_url)).connect() as conn:
        if action == "withdraw":
            figure = resolve_key(conn, key)
            withdraw_corrections(path, f"{figure['sha256']}:{figure['start']}-{figure['end']}")
            console.print(f"withdrew the corrections of {figure['text']!r} from {path}")
            return
        correction = make_correction(conn, key, action, value, reviewer, note)
    record_correction(path, correction)
    console.print(f"{path}: {correction.action} {correction.text!r} ({correction.key}); applied on the next ingest")


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", "-f", help="csv, parquet or xlsx.")],
    out: Annotated[Path, typer.Option("--out", help="Folder to write the files and data_dictionary.csv to.")],
    view: Annotated[list[str] | None, typer.Option("--view", help="A view to export (repeatable; default: every v_* view).")] = None,
    database_url: DatabaseOption = None,
) -> None:
    """Write the analyst views as files with a data dictionary.  Example: pairaid export --format parquet --out export/"""
    from .export import export_views
    from .resources import engine_for

    for path in export_views(engine_for(_url(database_url)), out, format, view):
        typer.echo(path)


@app.command()
def browse(
    database_url: DatabaseOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8001,
    open_browser: Annotated[bool, typer.Option("--open", help="Open a web browser on the start page.")] = False,
) -> None:
    """Browse the database read-only in Datasette, with descriptions and the analyst questions.  Example: pairaid browse --port 8001"""
    from .browse import serve

    console.print(f"Datasette on http://{host}:{port}/ (read-only; Ctrl-C stops it)")
    serve(_url(database_url), host=host, port=port, open_browser=open_browser)


def main() -> None:
    # Prefect's temporary API takes 20-30 s to start on a busy 2-core machine; its default wait is shorter.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")  # no network here; no telemetry
    try:
        app()
    except PairaidError as exc:
        err.print(f"[red]error[/red] {exc}")
        sys.exit(2)
