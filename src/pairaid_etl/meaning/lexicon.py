"""The meaning layer's knowledge as one object: the indicators (``indicators.toml``), the
gazetteer (``regions.csv``) and the period, change and relation phrases
(``meaning_cues.toml``), each loaded and validated by ``knowledge``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from ..knowledge import Indicator, Region, load_cues, load_indicators, load_regions


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything the meaning layer knows, as plain data."""

    indicators: dict[str, Indicator]
    regions: tuple[Region, ...]
    cues: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def cue(self, group: str, name: str) -> list[str]:
        return self.cues[group][name]


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The packaged lexicon (read once per process; the files are package data)."""
    return Lexicon(
        indicators=load_indicators(),
        regions=load_regions(),
        cues=load_cues(),
    )
