"""A reviewer's figure key to the figure it names, and the correction ``pairaid correct``
records for it."""

from __future__ import annotations

import re
from datetime import date as Date

from sqlalchemy import Connection, select

from ..models import DocumentRow, FigureRow
from .file import Correction, CorrectionsError, validate


_KEY = re.compile(r"(?P<sha>[0-9a-f]{8,64}):(?P<start>\d+)-(?P<end>\d+)")


def resolve_key(conn: Connection, key: str) -> dict:
    """The figure a reviewer names: a figure id, or ``<sha256 or a prefix of 8+>:<start>-<end>``."""
    query = (select(DocumentRow.sha256, DocumentRow.path, FigureRow.start, FigureRow.end, FigureRow.text)
             .join(DocumentRow, DocumentRow.id == FigureRow.document_id))
    if key.isdigit():
        rows = conn.execute(query.where(FigureRow.id == int(key))).mappings().all()
    elif match := _KEY.fullmatch(key.strip().lower()):
        rows = conn.execute(query.where(
            DocumentRow.sha256.startswith(match["sha"]), FigureRow.start == int(match["start"]),
            FigureRow.end == int(match["end"]))).mappings().all()
    else:
        raise CorrectionsError(f"figure key {key!r}: expected a figure id or <sha256>:<start>-<end> "
                               "as shown in the review report")
    if len(rows) != 1:
        raise CorrectionsError(f"figure key {key!r}: {'no figure' if not rows else 'several figures'} "
                               "in the database match; give the full sha256")
    return dict(rows[0])


def make_correction(conn: Connection, key: str, action: str, value: str | None, reviewer: str | None,
                    note: str = "", when: Date | None = None) -> Correction:
    """A validated Correction for the figure ``key`` names, as ``pairaid correct`` records it."""
    figure = resolve_key(conn, key)
    record = dict(figure, action=action, reviewer=reviewer or "", note=note,
                  date=(when or Date.today()).isoformat())
    if value is not None:
        record["value"] = value
    return validate(record, f"correction of {key}")
