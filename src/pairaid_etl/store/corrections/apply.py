"""Applying the corrections to the loaded figures, and the events that report it."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Connection, Engine, insert, or_, select, update

from ... import events
from ..decimals import exact
from ..models import DocumentRow, ExtractionEvent, FigureRow
from .file import Correction

STATE_COLUMNS = ("corrected_value", "corrected_unit", "corrected_canonical_value",
                 "corrected_canonical_unit", "corrected_indicator", "rejected_by_review", "reviewed")
UNCORRECTED = dict.fromkeys(STATE_COLUMNS) | {"rejected_by_review": False, "reviewed": False}


def corrected_state(figure: dict, corrections: list[Correction]) -> dict:
    """The review columns of one figure once ``corrections`` (all for its span) are applied."""
    state = dict(UNCORRECTED)
    for c in corrections:
        state["reviewed"] = True
        if c.action == "reject":
            state["rejected_by_review"] = True
        elif c.action == "set_value":
            state["corrected_value"] = c.value
        elif c.action == "set_unit":
            state["corrected_unit"] = c.value
        elif c.action == "set_indicator":
            state["corrected_indicator"] = c.value
    if state["corrected_value"] is not None or state["corrected_unit"] is not None:
        state["corrected_canonical_value"], state["corrected_canonical_unit"] = _canonical(
            state["corrected_value"] if state["corrected_value"] is not None else figure["value"],
            state["corrected_unit"] or figure["unit"])
    for col in ("corrected_value", "corrected_canonical_value"):  # as the database returns them
        state[col] = exact(state[col])
    return state


def _canonical(value: float | Decimal, unit: str) -> tuple[float | None, str | None]:
    from ...extract.units import to_canonical

    try:
        return to_canonical(float(value), unit)
    except (KeyError, ValueError):
        return None, None


def _event(run_id, document_id, path, code, message, start=None, end=None, text=None) -> dict:
    """An event of a reviewer's correction: its rule is the review."""
    return events.event_row(run_id, document_id, path, code, message, start, end, "review", text)


def _describe(c: Correction) -> str:
    what = "reject" if c.action == "reject" else f"{c.action} {c.value!r}"
    note = f" ({c.note})" if c.note else ""
    return f"{c.text!r}: {what} by {c.reviewer}{note}"


def apply_to_document(conn: Connection, run_id: int, document_id: int, path: str, sha256: str,
                      text: str, corrections: list[Correction]) -> list[dict]:
    """Bring one document's figures in line with the corrections; the events to log.

    Idempotent: figures already in the corrected state are left alone and log nothing.
    """
    mine = [c for c in corrections if c.sha256 == sha256]
    figures = {(f["start"], f["end"]): f for f in conn.execute(
        select(FigureRow.id, FigureRow.start, FigureRow.end, FigureRow.text, FigureRow.value,
               FigureRow.unit, *[getattr(FigureRow, col) for col in STATE_COLUMNS])
        .where(FigureRow.document_id == document_id)).mappings()}
    by_span: dict[tuple[int, int], list[Correction]] = {}
    out = []
    for c in mine:
        reason = _unmatched_reason(c, text, figures.get((c.start, c.end)))
        if reason:
            out.append(_event(run_id, document_id, path, "correction_unmatched",
                              f"{c.key} {_describe(c)}: {reason}", c.start, c.end, text[c.start:c.end]))
        else:
            by_span.setdefault((c.start, c.end), []).append(c)
    for span, figure in figures.items():
        state = corrected_state(figure, by_span.get(span, []))
        if all(figure[col] == state[col] for col in STATE_COLUMNS):
            continue
        conn.execute(update(FigureRow).where(FigureRow.id == figure["id"]).values(**state))
        if state["reviewed"]:
            message = "; ".join(_describe(c) for c in by_span[span])
            out.append(_event(run_id, document_id, path, "correction_applied", message, *span, text[slice(*span)]))
        else:
            out.append(_event(run_id, document_id, path, "correction_withdrawn",
                              f"{figure['text']!r}: no correction any more; back to the extracted values", *span,
                              text[slice(*span)]))
    return out


def _unmatched_reason(c: Correction, text: str, figure) -> str | None:
    if text[c.start:c.end] != c.text:
        return f"the text at {c.start}-{c.end} reads {text[c.start:c.end]!r}, not {c.text!r}"
    if figure is None:
        return f"no figure is extracted at {c.start}-{c.end} any more (the rules changed)"
    return None


def apply_corrections(engine: Engine, run_id: int, corrections: list[Correction]) -> dict[str, int]:
    """Apply the corrections to every current document, one transaction per document.

    Also withdraws corrections removed from the file, and reports corrections whose
    document is not (or no longer) in the database. Returns counts of events by code.
    """
    shas = {c.sha256 for c in corrections}
    with engine.connect() as conn:
        reviewed = select(FigureRow.document_id).where(FigureRow.reviewed.is_(True))
        docs = conn.execute(
            select(DocumentRow.id, DocumentRow.path, DocumentRow.sha256, DocumentRow.is_current)
            .where(or_(DocumentRow.sha256.in_(shas), DocumentRow.id.in_(reviewed)))
            .order_by(DocumentRow.id)).all()
        current_by_path = dict(conn.execute(
            select(DocumentRow.path, DocumentRow.id).where(DocumentRow.is_current.is_(True))).all())
    counts: dict[str, int] = {}
    for doc_id, path, sha, _ in docs:
        with engine.begin() as conn:
            text = conn.execute(select(DocumentRow.text).where(DocumentRow.id == doc_id)).scalar_one()
            log = _not_logged_yet(conn, run_id, apply_to_document(conn, run_id, doc_id, path, sha, text, corrections))
            _insert(conn, log, counts)
    current = {d.sha256 for d in docs if d.is_current}
    path_of = {d.sha256: d.path for d in docs}
    stale = [_stale_event(run_id, c, path_of.get(c.sha256) or c.path, current_by_path)
             for c in corrections if c.sha256 not in current]
    with engine.begin() as conn:
        _insert(conn, _not_logged_yet(conn, run_id, stale), counts)
    return counts


def _stale_event(run_id: int, c: Correction, path: str | None, current_by_path: dict[str, int]) -> dict:
    """A correction for a document version that is not current: superseded, or never loaded."""
    doc_id = current_by_path.get(path) if path else None
    if doc_id is None:
        return _event(run_id, None, path, "correction_unmatched",
                      f"{c.key} {_describe(c)}: its document is not in the database", c.start, c.end)
    return _event(run_id, doc_id, path, "correction_unmatched",
                  f"{c.key} {_describe(c)}: recorded for another version of this file; "
                  "the file has changed since, so the correction is not applied to this version")


def _not_logged_yet(conn: Connection, run_id: int, log: list[dict]) -> list[dict]:
    """Drop correction_unmatched events this run already logged (e.g. by load_document)."""
    if not log:
        return log
    seen = {tuple(r) for r in conn.execute(
        select(ExtractionEvent.document_id, ExtractionEvent.message)
        .where(ExtractionEvent.run_id == run_id, ExtractionEvent.code == "correction_unmatched"))}
    return [e for e in log if e["code"] != "correction_unmatched" or (e["document_id"], e["message"]) not in seen]


def _insert(conn: Connection, log: list[dict], counts: dict[str, int]) -> None:
    if log:
        conn.execute(insert(ExtractionEvent), log)
    for e in log:
        counts[e["code"]] = counts.get(e["code"], 0) + 1
