"""Reading a data file of ``pairaid_etl/data`` and checking a record's keys."""

from __future__ import annotations

from importlib import resources

from ..errors import PairaidError

DATA_FILES = (
    "patterns.jsonl", "rules.toml", "tokenizer.toml", "units.toml", "units.pint", "vocab.toml",
    "items.csv", "meaning_cues.toml", "indicators.toml", "regions.csv",
)


class RuleDataError(PairaidError):
    """A rule or vocabulary file in pairaid_etl/data is malformed."""


class LexiconError(RuleDataError):
    """A meaning data file does not have the expected shape."""


def read_data(name: str) -> str:
    return resources.files("pairaid_etl").joinpath("data", name).read_text(encoding="utf-8")


def check_keys(where: str, record: dict, allowed: set, required: set = frozenset()) -> None:
    unknown = set(record) - allowed
    if unknown:
        raise RuleDataError(
            f"{where}: unknown key(s) {sorted(unknown)}; allowed keys are {sorted(allowed)}")
    missing = set(required) - set(record)
    if missing:
        raise RuleDataError(f"{where}: missing key(s) {sorted(missing)}")
