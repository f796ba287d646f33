"""The end of a run: its JSON-lines extraction log, and what the Prefect artifacts show.

The log is read back from ``extraction_event`` (the database keeps the log; this file is a
copy for tools): one JSON object a line, in the order the events were recorded.

    logs/run-7.jsonl
    {"run_id": 7, "event_id": 1, "level": "info", "code": "document_loaded", "path": "raw/a.txt", ...}
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, Text, case, cast, func, literal_column, select

from .models import DocumentRow, ExtractionEvent, ExtractionRun, FigureRow

LOG_FIELDS = ("run_id", "event_id", "level", "code", "path", "document_id", "sha256", "start", "end",
              "text", "rule_id", "message")


@dataclass(frozen=True, slots=True)
class RunReport:
    """What a finished run publishes: the log file, a table of documents, a markdown summary."""

    run_id: int
    log_path: Path
    documents: list[dict]
    markdown: str


def run_log_lines(conn: Connection, run_id: int) -> Iterator[str]:
    """The run's events as JSON lines, with the document's sha256 and the text of the span
    they concern, in the order they were recorded.

    The database builds each JSON object (SQLite ``json_object``, PostgreSQL
    ``json_build_object``): half the cost of decoding rows and encoding them in Python.
    Streamed: a run over thousands of documents logs hundreds of thousands of events,
    which must never sit in memory at once.
    """
    e = ExtractionEvent
    columns = {"run_id": e.run_id, "event_id": e.id, "level": e.level, "code": e.code, "path": e.path,
               "document_id": e.document_id, "sha256": DocumentRow.sha256, "start": e.start, "end": e.end,
               "text": e.text, "rule_id": e.rule_id, "message": e.message}
    build = func.json_build_object if conn.dialect.name == "postgresql" else func.json_object
    pairs = [part for key in LOG_FIELDS for part in (literal_column(f"'{key}'"), columns[key])]  # fixed names
    rows = conn.execution_options(stream_results=True, yield_per=2000).execute(
        select(cast(build(*pairs), Text))
        .outerjoin(DocumentRow, DocumentRow.id == e.document_id)
        .where(e.run_id == run_id).order_by(e.id))
    for (line,) in rows:
        yield line


def write_run_log(conn: Connection, run_id: int, log_dir: Path) -> Path:
    """``<log_dir>/run-<id>.jsonl``, rewritten whole (so a retried task leaves one copy)."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / f"run-{run_id}.jsonl"
    tmp = path.with_suffix(".jsonl.tmp")
    with tmp.open("w", encoding="utf-8") as out:
        out.writelines(line + "\n" for line in run_log_lines(conn, run_id))
    tmp.replace(path)
    return path


def document_table(conn: Connection, run_id: int) -> list[dict]:
    """One row per document the run touched: figures, rejected candidates, warnings, errors."""
    def n(condition):
        return func.sum(case((condition, 1), else_=0))

    per_doc = (select(ExtractionEvent.document_id.label("id"), ExtractionEvent.path.label("path"),
                      n(ExtractionEvent.code.like("rejected\\_%", escape="\\")).label("rejected"),
                      n(ExtractionEvent.level == "warning").label("warnings"),
                      n(ExtractionEvent.level == "error").label("errors"))
               .where(ExtractionEvent.run_id == run_id)
               .group_by(ExtractionEvent.document_id, ExtractionEvent.path).subquery())
    figures = (select(func.count()).where(FigureRow.document_id == per_doc.c.id).scalar_subquery())
    rows = conn.execute(select(per_doc.c.id, per_doc.c.path, figures.label("figures"), per_doc.c.rejected,
                               per_doc.c.warnings, per_doc.c.errors)
                        .order_by(per_doc.c.path, per_doc.c.id)).mappings()
    return [{"document": r["id"] if r["id"] is not None else "", "path": r["path"] or "",
             "figures": int(r["figures"] or 0), "rejected": int(r["rejected"] or 0),
             "warnings": int(r["warnings"] or 0), "errors": int(r["errors"] or 0)} for r in rows]


def summary_markdown(run: dict, documents: list[dict], log_path: Path, review_index: Path) -> str:
    warnings = sum(d["warnings"] for d in documents)
    errors = sum(d["errors"] for d in documents)
    lines = [
        f"# Ingest run {run['id']}: {run['status']}",
        "",
        f"- files: {run['n_documents']} seen, {run['n_loaded']} loaded, {run['n_skipped']} unchanged, {run['n_failed']} failed",
        f"- figures loaded: {run['n_figures']}; warnings: {warnings}; errors: {errors}",
        f"- extraction log (JSON lines): `{log_path.resolve()}`",
        f"- review report: [{review_index.resolve()}]({review_index.resolve().as_uri()}) "
        f"— written by `pairaid review --run {run['id']}`",
    ]
    flagged = [d for d in documents if d["warnings"] or d["errors"]]
    if flagged:
        lines += ["", "| path | figures | warnings | errors |", "|---|---:|---:|---:|"]
        lines += [f"| {d['path']} | {d['figures']} | {d['warnings']} | {d['errors']} |" for d in flagged]
    return "\n".join(lines) + "\n"


def publish_run(engine: Engine, run_id: int, log_dir: Path, review_dir: Path = Path("review")) -> RunReport:
    """Write the run's JSON-lines log; return it with the artifact table and summary."""
    with engine.connect() as conn:
        run = conn.execute(select(ExtractionRun).where(ExtractionRun.id == run_id)).mappings().one()
        log_path = write_run_log(conn, run_id, Path(log_dir))
        documents = document_table(conn, run_id)
    markdown = summary_markdown(dict(run), documents, log_path, Path(review_dir) / "index.html")
    return RunReport(run_id, log_path, documents, markdown)
