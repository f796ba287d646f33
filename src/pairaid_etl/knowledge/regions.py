"""The gazetteer (``regions.csv``) as ``Region`` records, parents listed before children."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache

from .files import LexiconError, read_data

REGION_COLUMNS = ["name", "level", "parent", "type", "full_name", "aliases"]
REGION_LEVELS = ("country", "province", "prefecture", "county")


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
def load_regions() -> tuple[Region, ...]:
    """The gazetteer (regions.csv)."""
    return parse_regions(read_data("regions.csv"))
