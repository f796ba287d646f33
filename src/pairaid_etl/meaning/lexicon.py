"""The meaning layer's knowledge, loaded from package data and validated on load.

``indicators.toml`` (what a figure measures) and ``regions.csv`` (the gazetteer) parsed into
typed records, and ``meaning_cues.toml`` (period, change and relation phrases) as loaded by
``knowledge.load_cues``. Loading rejects unknown keys and says which keys are allowed.
"""

from __future__ import annotations

import csv
import io
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache

from ..errors import PairaidError
from ..knowledge import load_cues, read_data

INDICATOR_KEYS = {
    "code", "label", "kind", "unit", "measure", "single", "description", "items", "default_for",
    "phrases", "strong", "examples", "on_decrease", "on_share", "on_from_to", "on_threshold",
}
INDICATOR_REQUIRED = {"code", "label", "kind", "unit", "measure", "description"}
MEASURES = ("flow", "stock")
REGION_COLUMNS = ["name", "level", "parent", "type", "full_name", "aliases"]
REGION_LEVELS = ("country", "province", "prefecture", "county")


class LexiconError(PairaidError):
    """A meaning data file does not have the expected shape."""


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


@dataclass(frozen=True, slots=True)
class Region:
    """One gazetteer row: a division of China with its level and parent."""

    name: str
    level: str
    parent: str | None
    type: str
    full_name: str
    aliases: tuple[str, ...] = ()

    def surface_forms(self) -> set[str]:
        """Every spelling that names this region in running text."""
        forms = {self.name, self.full_name, *self.aliases}
        suffixes = {
            "province": ("Province",), "prefecture": ("City", "Prefecture", "Autonomous Prefecture", "League"),
            "county": ("County", "District", "City"), "country": (),
        }[self.level]
        if self.type == "municipality":
            suffixes = ("City", "Municipality")
        if self.type == "autonomous region":
            suffixes = ("Autonomous Region", "Region")
        forms |= {f"{self.name} {s}" for s in suffixes if not self.name.endswith(s)}
        forms |= {f.replace("'", "’") for f in forms} | {f.replace("'", "") for f in forms}
        return {f for f in forms if f}


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything the meaning layer knows, as plain data."""

    indicators: dict[str, Indicator]
    regions: tuple[Region, ...]
    cues: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def cue(self, group: str, name: str) -> list[str]:
        return self.cues[group][name]


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


def parse_regions(text: str) -> tuple[Region, ...]:
    """Regions from CSV text; every parent must be listed before its children."""
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames != REGION_COLUMNS:
        raise LexiconError(f"regions.csv columns must be {REGION_COLUMNS}, got {reader.fieldnames}")
    seen: set[str] = set()
    regions = []
    for row in reader:
        if row["level"] not in REGION_LEVELS:
            raise LexiconError(f"region {row['name']}: level must be one of {REGION_LEVELS}")
        if row["parent"] and row["parent"] not in seen:
            raise LexiconError(f"region {row['name']}: parent {row['parent']!r} is not listed before it")
        seen.add(row["name"])
        aliases = tuple(a for a in row["aliases"].split("|") if a)
        regions.append(Region(row["name"], row["level"], row["parent"] or None, row["type"],
                              row["full_name"], aliases))
    return tuple(regions)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The packaged lexicon (read once per process; the files are package data)."""
    return Lexicon(
        indicators=parse_indicators(read_data("indicators.toml")),
        regions=parse_regions(read_data("regions.csv")),
        cues=load_cues(),
    )
