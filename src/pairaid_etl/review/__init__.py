"""The review report: static, offline HTML showing what was extracted, rejected and flagged.

    from pairaid_etl.review import write_report
    write_report(engine, Path("review"), run_id=None)   # -> review/index.html
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError, ProgrammingError

from . import render
from .chart import read_aid_by_year
from .report import DocumentReview, Review, ReviewError, read_review

__all__ = ["DocumentReview", "Review", "ReviewError", "read_review", "write_report"]


def write_report(engine: Engine, out: Path, run_id: int | None = None) -> Path:
    """Write ``out/index.html`` and one page per document; returns the index path."""
    try:
        with engine.connect() as conn:
            review = read_review(conn, run_id)
            review.aid_charts = read_aid_by_year(conn)
    except (OperationalError, ProgrammingError) as exc:
        raise ReviewError(f"cannot read the database at {engine.url!r} ({exc.orig}); "
                          "run `pairaid db upgrade` or `pairaid ingest` first") from exc
    return render.write_report(review, Path(out))
