"""Reviewer corrections: a version-controlled YAML file, applied to the figures on every ingest.

A correction names a figure by the sha256 of its document and its span, remembers the span's
text, and says what to do: ``reject``, ``set_value``, ``set_unit`` or ``set_indicator``.
The extracted columns are never overwritten; corrections fill ``figure.corrected_*``,
``rejected_by_review`` and ``reviewed``. A correction whose span no longer holds a figure
(or whose text differs) is reported as a ``correction_unmatched`` event, never dropped.

    reviews/corrections.yaml
    version: 1
    corrections:
    - sha256: 9f86d081...            # document content hash
      start: 1204                    # span of the figure, as in figure.start/end
      end: 1215
      text: 3 hospitals              # the figure as written, checked on apply
      action: set_value              # reject | set_value | set_unit | set_indicator
      value: 7
      reviewer: ana
      note: the infrastructure section says 7
      date: '2026-11-29'
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import asdict, dataclass, fields
from datetime import date as Date
from decimal import Decimal
from importlib import resources
from pathlib import Path

import yaml
from sqlalchemy import Connection, Engine, insert, or_, select, update

from .. import events
from .decimals import exact
from ..errors import PairaidError
from .models import Document as DocumentRow
from .models import ExtractionEvent, Figure as FigureRow

ACTIONS = ("reject", "set_value", "set_unit", "set_indicator")
STATE_COLUMNS = ("corrected_value", "corrected_unit", "corrected_canonical_value",
                 "corrected_canonical_unit", "corrected_indicator", "rejected_by_review", "reviewed")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_CODE = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
HEADER = ("# Reviewer corrections, applied on every ingest (see pairaid_etl/store/corrections.py).\n"
          "# Edit by hand or with `pairaid correct KEY ACTION [VALUE] --reviewer NAME --note TEXT`.\n")


class CorrectionsError(PairaidError):
    """The corrections file, or a correction given on the command line, is malformed."""


@dataclass(frozen=True, slots=True)
class Correction:
    """One reviewer decision about the figure at ``sha256``/``start``-``end``."""

    sha256: str
    start: int
    end: int
    text: str
    action: str
    reviewer: str
    value: float | str | None = None
    note: str = ""
    date: str = ""
    path: str | None = None

    @property
    def key(self) -> str:
        return figure_key(self.sha256, self.start, self.end)

    def to_dict(self) -> dict:
        out = asdict(self)
        return {k: v for k, v in out.items() if v is not None and not (k == "value" and self.action == "reject")}


ALLOWED_KEYS = frozenset(f.name for f in fields(Correction))
REQUIRED_KEYS = frozenset({"sha256", "start", "end", "text", "action", "reviewer"})


def figure_key(sha256: str, start: int, end: int) -> str:
    """The reviewer-facing key of a figure: ``<sha256>:<start>-<end>``."""
    return f"{sha256}:{start}-{end}"


def unit_codes() -> frozenset[str]:
    """Stated unit codes a reviewer may set (the sections of data/units.toml)."""
    data = resources.files("pairaid_etl").joinpath("data", "units.toml").read_text(encoding="utf-8")
    return frozenset(tomllib.loads(data))


def validate(record: dict, where: str = "correction") -> Correction:
    """A Correction from a mapping; CorrectionsError saying what was expected otherwise."""
    if not isinstance(record, dict):
        raise CorrectionsError(f"{where}: expected a mapping with keys {sorted(REQUIRED_KEYS)}, got {record!r}")
    unknown = set(record) - ALLOWED_KEYS
    if unknown:
        raise CorrectionsError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(ALLOWED_KEYS)}")
    missing = REQUIRED_KEYS - set(record)
    if missing:
        raise CorrectionsError(f"{where}: missing key(s) {sorted(missing)}")
    sha, start, end, action = str(record["sha256"]).lower(), record["start"], record["end"], record["action"]
    if not _SHA256.fullmatch(sha):
        raise CorrectionsError(f"{where}: sha256 must be 64 hex digits, got {record['sha256']!r}")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end):
        raise CorrectionsError(f"{where}: start and end must be integers with 0 <= start < end, got {start!r}, {end!r}")
    if action not in ACTIONS:
        raise CorrectionsError(f"{where}: action must be one of {', '.join(ACTIONS)}, got {action!r}")
    if not str(record["reviewer"] or "").strip():
        raise CorrectionsError(f"{where}: reviewer must name who decided")
    value = _check_value(action, record.get("value"), where)
    when = record.get("date") or ""
    return Correction(sha, start, end, str(record["text"]), action, str(record["reviewer"]).strip(), value,
                      str(record.get("note") or ""), when.isoformat() if isinstance(when, Date) else str(when),
                      record.get("path"))


def _check_value(action: str, value, where: str):
    if action == "reject":
        if value is not None:
            raise CorrectionsError(f"{where}: reject takes no value, got {value!r}")
        return None
    if action == "set_value":
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise CorrectionsError(f"{where}: set_value needs a number, got {value!r}")
        try:
            return float(str(value).replace(",", ""))
        except ValueError:
            raise CorrectionsError(f"{where}: set_value needs a number, got {value!r}") from None
    if not isinstance(value, str) or not _CODE.fullmatch(value):
        raise CorrectionsError(f"{where}: {action} needs a code such as 'ha' or 'poor_students_supported', got {value!r}")
    if action == "set_unit" and value not in unit_codes():
        raise CorrectionsError(f"{where}: unknown unit {value!r}; expected one of {', '.join(sorted(unit_codes()))}")
    return value


def load_corrections(path: str | Path) -> list[Correction]:
    """The corrections in ``path``; an absent file means no corrections."""
    p = Path(path)
    if not p.exists():
        return []
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise CorrectionsError(f"{p}: not valid YAML ({exc})") from exc
    if not isinstance(data, dict) or set(data) - {"version", "corrections"}:
        raise CorrectionsError(f"{p}: expected a mapping with keys 'version' and 'corrections'")
    if data.get("version", 1) != 1:
        raise CorrectionsError(f"{p}: version {data['version']!r} is not supported; expected 1")
    items = data.get("corrections") or []
    if not isinstance(items, list):
        raise CorrectionsError(f"{p}: 'corrections' must be a list")
    return [validate(item, f"{p}: correction {i + 1}") for i, item in enumerate(items)]


def record_correction(path: str | Path, correction: Correction) -> list[Correction]:
    """Add a correction to the file, replacing an earlier one with the same key and action.

    The file is edited in place (ruamel.yaml round trip): reviewers' comments, the order of
    entries and keys, and quoting survive.
    """
    load_corrections(path)  # a malformed file is reported, never overwritten
    doc = _read_document(Path(path))
    items = doc["corrections"]
    for i in reversed(range(len(items))):
        old = validate(dict(items[i]))
        if (old.key, old.action) == (correction.key, correction.action):
            del items[i]
    items.append(correction.to_dict())
    _write_document(Path(path), doc)
    return load_corrections(path)


def withdraw_corrections(path: str | Path, key: str) -> list[Correction]:
    """Remove every correction of one figure key; the next ingest reports the withdrawal."""
    load_corrections(path)
    doc = _read_document(Path(path))
    items = doc["corrections"]
    matching = [i for i, item in enumerate(items) if validate(dict(item)).key == key]
    if not matching:
        raise CorrectionsError(f"{path}: no correction for figure {key}")
    for i in reversed(matching):
        del items[i]
    _write_document(Path(path), doc)
    return load_corrections(path)


def _round_trip():
    from ruamel.yaml import YAML

    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = 100
    return rt


def _read_document(p: Path):
    """The file as a round-trip document (comments kept), or a new one with the header comment."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    doc = _round_trip().load(p.read_text(encoding="utf-8")) if p.exists() else None
    if doc is None:
        doc = CommentedMap(version=1)
        doc.yaml_set_start_comment(HEADER.replace("# ", "", 2).rstrip("\n").replace("\n# ", "\n"))
    if doc.get("corrections") is None or not doc["corrections"]:
        doc["corrections"] = CommentedSeq()  # block style, even where the file said []
    return doc


def _write_document(p: Path, doc) -> None:
    import io

    p.parent.mkdir(parents=True, exist_ok=True)
    out = io.StringIO()
    _round_trip().dump(doc, out)
    p.write_text(out.getvalue(), encoding="utf-8")


# --- applying ------------------------------------------------------------------------------

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
    from ..extract.units import to_canonical

    try:
        return to_canonical(float(value), unit)
    except (KeyError, ValueError):
        return None, None


def _event(run_id, document_id, path, code, message, start=None, end=None, text=None) -> dict:
    return dict(run_id=run_id, document_id=document_id, path=path, level=events.level_of(code),
                code=code, message=message, start=start, end=end, rule_id="review", text=text)


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


# --- recording (pairaid correct) -----------------------------------------------------------

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
