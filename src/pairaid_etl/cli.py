"""The `pairaid` command: a thin shell; each command makes one library call and prints."""

from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from . import __version__
from .config import load_settings
from .store.db import masked
from .errors import DocumentError, PairaidError

app = typer.Typer(help="pairaid_etl: figures from poverty-alleviation bulletins, into SQL.",
                  no_args_is_help=True, add_completion=False)
db_app = typer.Typer(help="Database schema commands.", no_args_is_help=True)
app.add_typer(db_app, name="db")
console = Console()
err = Console(stderr=True)

DatabaseOption = Annotated[str | None, typer.Option("--database-url", help="SQLAlchemy URL (default: $PAIRAID_DATABASE_URL or sqlite:///data/pairaid.sqlite3).")]


class ExtractFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"


class EvalFormat(str, Enum):
    text = "text"
    json = "json"


def _url(database_url: str | None) -> str:
    return database_url or load_settings().database_url


def _version(value: bool) -> None:
    if value:
        console.print(f"pairaid_etl {__version__}", markup=False, highlight=False)
        raise typer.Exit()


@app.callback()
def _root(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Print the version and exit.")] = False) -> None:
    """pairaid_etl: figures from poverty-alleviation bulletins, into SQL."""


@app.command()
def ingest(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders (default: $PAIRAID_RAW_DIR or raw/).")] = None,
    database_url: DatabaseOption = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Documents per Prefect task.")] = 100,
    dask_address: Annotated[str | None, typer.Option(help="Run tasks on this Dask scheduler (tcp://host:8786).")] = None,
    dask_workers: Annotated[int, typer.Option(min=0, help="Run tasks on a local Dask cluster with N worker processes.")] = 0,
    refresh_cache: Annotated[bool, typer.Option(help="Extract again even where Prefect has cached the extraction.")] = False,
    reextract: Annotated[bool, typer.Option(help="Replace the figures of documents an earlier pipeline version (code or rules) extracted.")] = False,
) -> None:
    """Run the ingest flow (on $PREFECT_API_URL's server if set).  Example: pairaid ingest raw/

    Exit status: 0 all loaded, 1 some files failed (listed), 2 configuration (e.g. the
    database needs `pairaid db upgrade`), 3 the run crashed.
    """
    from .orchestrate.run import run_ingest
    from .orchestrate.summary import print_summary

    if database_url:  # the flow reads the database from the environment, never from a parameter
        os.environ["PAIRAID_DATABASE_URL"] = database_url
    url = load_settings().database_url
    outcome = run_ingest([str(p) for p in paths] if paths else None, batch_size, refresh_cache,
                         dask_address, dask_workers, reextract)
    if outcome.summary is not None:
        print_summary(console, outcome.summary, masked(url))
    else:
        err.print(f"[red]error[/red] {escape(outcome.message)}")
    raise typer.Exit(outcome.exit_code)


@app.command()
def serve(
    cron: Annotated[str, typer.Option(help="When to run, as cron (minute hour day month weekday), UTC.")] = "0 6 * * *",
    name: Annotated[str, typer.Option(help="Deployment name.")] = "scheduled",
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders (default: the $PAIRAID_RAW_DIR of this process).")] = None,
    tag: Annotated[list[str] | None, typer.Option(help="Extra tag (repeatable).")] = None,
) -> None:
    """Run the ingest flow on a schedule from this process (needs PREFECT_API_URL).  Example: pairaid serve --cron "0 6 1 1 *" """
    from .orchestrate.deploy import serve as serve_flow

    serve_flow(name, cron, [str(p) for p in paths] if paths else None, tag)


@app.command()
def deploy(
    cron: Annotated[str, typer.Option(help="When to run, as cron (minute hour day month weekday), UTC.")] = "0 6 * * *",
    name: Annotated[str, typer.Option(help="Deployment name.")] = "scheduled",
    pool: Annotated[str, typer.Option(help="Process work pool (created when missing).")] = "pairaid-process",
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders (default: the worker's $PAIRAID_RAW_DIR).")] = None,
    tag: Annotated[list[str] | None, typer.Option(help="Extra tag (repeatable).")] = None,
) -> None:
    """Register a scheduled deployment on a process work pool (needs PREFECT_API_URL).  Example: pairaid deploy --cron "0 6 * * 1" """
    from .orchestrate.deploy import deploy as deploy_flow

    deployment_id = deploy_flow(name, pool, cron, [str(p) for p in paths] if paths else None, tag)
    console.print(f"deployment ingest-bulletins/{name} ({deployment_id}) on pool {pool}; start a worker with: "
                  f"prefect worker start --pool {pool}", markup=False, highlight=False)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Bulletin files.")],
    format: Annotated[ExtractFormat, typer.Option("--format", "-f", help="Output format.")] = ExtractFormat.table,
) -> None:
    """Extract figures without a database.  Example: pairaid extract raw/*.txt --format jsonl"""
    from .extract.figures import extract_figures
    from .read import decode

    failed = 0
    for path in paths:
        try:
            text, _ = decode(path.read_bytes(), str(path))
        except (OSError, DocumentError) as exc:
            err.print(f"[red]error[/red] {escape(str(path))}: {escape(str(getattr(exc, 'message', exc)))}")
            failed += 1
            continue
        figures = extract_figures(text, source_name=str(path)).figures
        if format is ExtractFormat.jsonl:
            for f in figures:
                sys.stdout.write(json.dumps({"doc": str(path), **f.to_dict()}, ensure_ascii=False) + "\n")
        else:
            table = Table(title=escape(str(path)))
            for col in ("span", "text", "value", "unit", "kind", "qualifier", "item", "indicator", "year"):
                table.add_column(col)
            for f in figures:
                table.add_row(*(escape(str(cell)) for cell in (
                    f"{f.start}-{f.end}", f.text, f"{f.value:,.12g}", f.unit, f.kind, f.qualifier,
                    f.item or "", f.indicator or "", f.year or "")))
            console.print(table)
    raise typer.Exit(1 if failed else 0)


@app.command("eval")
def eval_(
    gold: Annotated[Path | None, typer.Argument(help="Gold JSONL file (see eval/GOLD_FORMAT.md).")] = None,
    questions: Annotated[Path | None, typer.Option("--questions", help="Analyst questions (JSONL): answer each from the loaded database.")] = None,
    misses: Annotated[bool, typer.Option("--misses", help="List misses and false positives (wrong answers with --questions).")] = False,
    format: Annotated[EvalFormat, typer.Option("--format", "-f", help="Output format.")] = EvalFormat.text,
    database_url: DatabaseOption = None,
) -> None:
    """Score extraction against gold figures, or a loaded database against analysts' questions.

    Examples: pairaid eval gold.jsonl --misses;  pairaid eval --questions analyst_questions.jsonl
    """
    source = questions if questions is not None else gold
    if source is None or (gold is not None and questions is not None):
        err.print("[red]error[/red] give a gold file or --questions FILE (one of them)")
        raise typer.Exit(2)
    if not source.is_file():
        err.print(f"[red]error[/red] {escape(str(source))}: no such file")
        raise typer.Exit(2)
    if questions is not None:
        from .questions import answer_questions, format_questions, read_questions
        from .store.resources import engine_for

        report = answer_questions(engine_for(_url(database_url)), read_questions(questions))
        text = format_questions(report, misses=misses)
    else:
        from .evaluate import evaluate_gold, format_text

        report = evaluate_gold(gold)
        text = format_text(report, misses=misses)
    sys.stdout.write((json.dumps(report.to_dict(), indent=2) if format is EvalFormat.json else text) + "\n")


@db_app.command("upgrade")
def db_upgrade(revision: str = "head", database_url: DatabaseOption = None) -> None:
    """Migrate the database to a revision.  Example: pairaid db upgrade"""
    from .store.db import upgrade
    from .store.resources import engine_for

    url = _url(database_url)
    upgrade(engine_for(url), revision)
    console.print(f"database at {revision}: {masked(url)}", markup=False, highlight=False)


@db_app.command("downgrade")
def db_downgrade(revision: str, database_url: DatabaseOption = None) -> None:
    """Migrate the database down to a revision.  Example: pairaid db downgrade base"""
    from .store.db import downgrade
    from .store.resources import engine_for

    downgrade(engine_for(_url(database_url)), revision)
    console.print(f"database at {revision}")


@db_app.command("create-reader")
def db_create_reader(
    name: Annotated[str, typer.Argument(help="Role name (lower-case letters, digits, _).")],
    password: Annotated[str | None, typer.Option(help="Password for the role (trust auth needs none).")] = None,
    database_url: DatabaseOption = None,
) -> None:
    """Create a PostgreSQL role that can only SELECT.  Example: pairaid db create-reader analyst"""
    from .store.resources import engine_for
    from .store.roles import create_reader

    create_reader(engine_for(_url(database_url)), name, password)
    console.print(f"role {name} can now SELECT every table and view, and nothing else")


@app.command()
def review(
    run: Annotated[int | None, typer.Option("--run", help="Run id (default: every current document, latest run's file errors).")] = None,
    out: Annotated[Path, typer.Option("--out", help="Folder to write the report to.")] = Path("review"),
    database_url: DatabaseOption = None,
) -> None:
    """Write the static HTML review report.  Example: pairaid review --run 3 --out review/"""
    from .store.resources import engine_for
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
    from .store.corrections import (figure_key, make_correction, record_correction, resolve_key,
                                    withdraw_corrections)
    from .store.resources import engine_for

    path = file or load_settings().corrections_path
    with engine_for(_url(database_url)).connect() as conn:
        if action == "withdraw":
            figure = resolve_key(conn, key)
            withdraw_corrections(path, figure_key(figure["sha256"], figure["start"], figure["end"]))
            console.print(f"withdrew the corrections of {figure['text']!r} from {path}", markup=False)
            return
        correction = make_correction(conn, key, action, value, reviewer, note)
    record_correction(path, correction)
    console.print(f"{path}: {correction.action} {correction.text!r} ({correction.key}); applied on the next ingest",
                  markup=False)


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", "-f", help="csv, parquet or xlsx.")],
    out: Annotated[Path, typer.Option("--out", help="Folder to write the files and data_dictionary.csv to.")],
    view: Annotated[list[str] | None, typer.Option("--view", help="A view to export (repeatable; default: every v_* view).")] = None,
    database_url: DatabaseOption = None,
) -> None:
    """Write the analyst views as files with a data dictionary.  Example: pairaid export --format parquet --out export/"""
    from .export import export_views
    from .store.resources import engine_for

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
        err.print(f"[red]error[/red] {escape(str(exc))}")
        sys.exit(2)
