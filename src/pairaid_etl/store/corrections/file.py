"""The corrections file: ``Correction`` records, validated on load, and edits that keep the
reviewers' comments (see the package docstring for the format)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import asdict, dataclass, fields
from datetime import date as Date
from importlib import resources
from pathlib import Path

import yaml

from ...errors import PairaidError

ACTIONS = ("reject", "set_value", "set_unit", "set_indicator")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_CODE = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
HEADER = ("# Reviewer corrections, applied on every ingest (see pairaid_etl/store/corrections/).\n"
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
    """The reviewer-facing key of a figure: ``<sha256>:<start>-<end>``. The one format: the
    review report shows it with a sha256 prefix (``review.render``), ``resolve_key`` reads
    it, and ``v_figures.figure_key`` spells the same in SQL (migration 0005)."""
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
