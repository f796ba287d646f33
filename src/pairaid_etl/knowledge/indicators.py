"""The controlled vocabulary of indicators (``indicators.toml``) as ``Indicator`` records."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache

from .files import LexiconError, read_data

INDICATOR_KEYS = {
    "code", "label", "kind", "unit", "measure", "single", "description", "items", "default_for",
    "phrases", "strong", "examples", "on_decrease", "on_share", "on_from_to", "on_threshold",
}
INDICATOR_REQUIRED = {"code", "label", "kind", "unit", "measure", "description"}
MEASURES = ("flow", "stock")


@dataclass(frozen=True, slots=True)
class Indicator:
    """One entry of the controlled vocabulary."""

    code: str
    label: str
    kind: str
    unit: str
    measure: str
    description: str
    single: bool = False
    items: tuple[str, ...] = ()
    default_for: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    strong: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    # What a figure of this indicator measures instead, when the sentence's structure says so
    # (meaning/structure.py): the amount of a decrease, a share of it, the two ends of a
    # "from X to Y", an upper bound ("income below 1196 Yuan").
    on_decrease: str | None = None
    on_share: str | None = None
    on_from_to: str | None = None
    on_threshold: str | None = None


def parse_indicators(text: str) -> dict[str, Indicator]:
    """Indicators from TOML text; rejects unknown or missing keys, bad kinds and duplicates."""
    out: dict[str, Indicator] = {}
    for record in tomllib.loads(text).get("indicator", []):
        unknown = set(record) - INDICATOR_KEYS
        missing = INDICATOR_REQUIRED - set(record)
        where = record.get("code", "?")
        if unknown:
            raise LexiconError(f"indicator {where}: unknown keys {sorted(unknown)}; allowed: {sorted(INDICATOR_KEYS)}")
        if missing:
            raise LexiconError(f"indicator {where}: missing keys {sorted(missing)}")
        if record["measure"] not in MEASURES:
            raise LexiconError(f"indicator {where}: measure must be one of {MEASURES}, not {record['measure']!r}")
        if where in out:
            raise LexiconError(f"indicator {where} defined twice")
        tuples = {k: tuple(v) for k, v in record.items() if isinstance(v, list)}
        out[where] = Indicator(**{**record, **tuples})
    return out


@lru_cache(maxsize=1)
def load_indicators() -> dict[str, Indicator]:
    """The controlled vocabulary of indicators (indicators.toml)."""
    return parse_indicators(read_data("indicators.toml"))
