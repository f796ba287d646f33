"""The knowledge of the extractor, loaded from ``pairaid_etl/data`` and validated on load.

One place reads the data files. Each loader rejects unknown keys with a message naming the
allowed ones (a typo fails loudly instead of silently matching nothing):

* ``patterns.jsonl``  Matcher patterns ``{label, pattern, id, example?, counter_example?}``;
* ``rules.toml``      rules decided in code, by id, with a message and examples;
* ``tokenizer.toml``  tokenizer prefixes, suffixes, infixes and special cases;
* ``units.toml``      unit codes (kind, pint name, canonical code); ``units.pint`` their
                      pint definitions (read by ``units.registry``);
* ``items.csv``       word forms of counted nouns;
* ``vocab.toml``      the extractor's word lists and settings (``VOCAB_KEYS``);
* ``meaning_cues.toml`` the meaning layer's phrases (``CUE_KEYS``);
* ``indicators.toml`` the controlled vocabulary of indicators (``Indicator`` records);
* ``regions.csv``     the gazetteer (``Region`` records, parents listed before children).

``meaning/lexicon.py`` bundles the last three into the meaning layer's ``Lexicon``.

Derived knowledge used by several rules is defined here once: what counts as a year
(``is_year``), the unit words a figure may end with (``unit_words``).

A year is a 4-digit integer from ``vocab.toml [dates] year_min`` to ``year_max`` (1900 to
2100), written without separators ("2010", not "2,010"). The same test decides everywhere:
a bare number that is a year is not a figure (exclusions), the year in a file name is the
bulletin's year (extract, read), and the meaning layer's periods and base years.
"""

from __future__ import annotations

import csv
import io
import json
import tomllib
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .errors import PairaidError

DATA_FILES = (
    "patterns.jsonl", "rules.toml", "tokenizer.toml", "units.toml", "units.pint", "vocab.toml",
    "items.csv", "meaning_cues.toml", "indicators.toml", "regions.csv",
)
PATTERN_KEYS = {"label", "pattern", "id", "example", "counter_example"}
PATTERN_REQUIRED = {"label", "pattern", "id"}
LABELS = {"NUMBER", "UNIT", "CURRENCY", "QUALIFIER", "MONTH"}
RULE_KEYS = {"message", "example", "counter_example"}
TOKENIZER_KEYS = {"prefix": {"id", "regex", "example", "tokens"},
                  "suffix": {"id", "regex", "example", "tokens"},
                  "infix": {"id", "regex", "example", "tokens"},
                  "special": {"id", "words", "example", "tokens"}}
UNIT_KEYS = {"kind", "pint", "canonical"}
ITEM_COLUMNS = ["form", "lemma", "number"]
ITEM_NUMBERS = {"singular", "plural", "mass"}
QUALIFIER_CODES = {"approx", "more_than", "at_least", "less_than", "up_to", "nearly"}
# table -> its keys (every key is required: each is read by a rule)
VOCAB_KEYS = {
    "numbers": {"ones", "teens", "tens", "scales", "dozen", "ordinals", "ordinal_suffixes"},
    "dates": {"year_min", "year_max"},
    "references": {"determiners"},
    "items": {"boundaries", "containers", "skip_phrases", "number_of", "population_words",
              "population_item", "not_plural", "nominal_people", "nominal_item", "near_window",
              "far_window", "change_of"},
    "qualifiers": {"referring"},
    "money": {"cues", "amount_cues", "amount_min_value", "implicit_unit", "min_value"},
    "footer": {"cjk_ranges"},
    "cutoff": {"chars"},
    "units": {"trailing_words"},
    "names": {"prefixes", "joiners"},
}
CUE_KEYS = {
    "period": {"last_year", "this_year", "cumulative", "as_of", "since", "range_mid",
               "local_range_mid", "span_lead", "span_unit", "comparison_lead", "ignored_lead",
               "continuation", "perfect_aux", "perfect_irregular"},
    "change": {"before", "after", "complement_growth", "relative_units", "weak_before", "previous_year", "non_temporal"},
    "relation": {"people_items", "part", "exhaustive_part", "share", "plan", "from_to", "to", "named_part_link",
                 "household_items", "same_group_links", "named_part_copula", "source_scope", "target"},
    "place": {"pairing_title", "pairing_source", "national_title", "country", "national_indicators",
              "national_words"},
    "structure": {"donor_money", "donor_money_from", "donation", "donation_cash", "government"},
}
INDICATOR_KEYS = {
    "code", "label", "kind", "unit", "measure", "single", "description", "items", "default_for",
    "phrases", "strong", "examples", "on_decrease", "on_share", "on_from_to", "on_threshold",
}
INDICATOR_REQUIRED = {"code", "label", "kind", "unit", "measure", "description"}
MEASURES = ("flow", "stock")
REGION_COLUMNS = ["name", "level", "parent", "type", "full_name", "aliases"]
REGION_LEVELS = ("country", "province", "prefecture", "county")


class RuleDataError(PairaidError):
    """A rule or vocabulary file in pairaid_etl/data is malformed."""


class LexiconError(RuleDataError):
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
class ItemForm:
    lemma: str
    number: str  # singular, plural or mass


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


# --- which keys the rules read (tests/test_knowledge.py) -----------------------------

_reads: set[tuple[str, str, str]] | None = None


class _Recorded(dict):
    """A table whose key look-ups are recorded as (file, table, key)."""

    def __init__(self, name: str, table: str, values: dict):
        super().__init__(values)
        self._where = (name, table)

    def __getitem__(self, key):
        if _reads is not None:
            _reads.add((*self._where, key))
        return super().__getitem__(key)

    def get(self, key, default=None):
        return self[key] if key in self else default


@contextmanager
def record_reads():
    """Record every key of vocab.toml and meaning_cues.toml a rule looks up. Only loads made
    inside the block are recorded: use it in a fresh process, before anything is extracted."""
    global _reads
    _reads = set()
    load_vocab.cache_clear()
    load_cues.cache_clear()
    try:
        yield _reads
    finally:
        _reads = None


def parse_tables(name: str, text: str, schema: dict[str, set[str]]) -> dict[str, dict]:
    """A TOML file of tables whose keys are all listed in ``schema``."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleDataError(f"{name}: not TOML ({exc})") from exc
    check_keys(f"{name}: tables", data, set(schema), set(schema))
    out = {}
    for table, keys in schema.items():
        check_keys(f"{name} [{table}]", data[table], keys, keys)
        out[table] = _Recorded(name, table, data[table]) if _reads is not None else data[table]
    return out


@lru_cache(maxsize=1)
def load_vocab() -> dict[str, dict]:
    """The extractor's word lists and settings (vocab.toml)."""
    return parse_tables("vocab.toml", read_data("vocab.toml"), VOCAB_KEYS)


@lru_cache(maxsize=1)
def load_cues() -> dict[str, dict[str, list[str]]]:
    """The meaning layer's phrase lists (meaning_cues.toml)."""
    return parse_tables("meaning_cues.toml", read_data("meaning_cues.toml"), CUE_KEYS)


@lru_cache(maxsize=1)
def year_bounds() -> tuple[int, int]:
    """(first, last) year, from vocab.toml [dates]."""
    dates = load_vocab()["dates"]
    return dates["year_min"], dates["year_max"]


def is_year(text: str) -> bool:
    """'2010' -> True; '2,010', '201', '20100', '1899' -> False (see the module docstring)."""
    if len(text) != 4 or not text.isdigit():
        return False
    first, last = year_bounds()
    return first <= int(text) <= last


@lru_cache(maxsize=1)
def unit_words() -> frozenset[str]:
    """The unit words a figure ends after (vocab.toml [units] trailing_words)."""
    return frozenset(load_vocab()["units"]["trailing_words"])


# --- the extractor's rule files --------------------------------------------------------

def _check_pattern_id(where: str, label: str, rule_id: str, units: dict) -> None:
    parts = rule_id.split(".")
    if label in ("UNIT", "CURRENCY") and (len(parts) != 3 or parts[1] not in units):
        raise RuleDataError(f"{where}: {label} id must be '<kind>.<unit code>.<name>' "
                            f"with a code from units.toml, got {rule_id!r}")
    if label == "QUALIFIER" and (len(parts) != 3 or parts[1] not in QUALIFIER_CODES):
        raise RuleDataError(f"{where}: QUALIFIER id must be 'qual.<code>.<name>' with code "
                            f"in {sorted(QUALIFIER_CODES)}, got {rule_id!r}")


def parse_patterns(text: str, units: dict) -> tuple[dict, ...]:
    """Matcher patterns from JSON lines; ``units``: the unit codes ids may name."""
    records, seen = [], set()
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"patterns.jsonl line {n}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RuleDataError(f"{where}: not JSON ({exc})") from exc
        check_keys(where, record, PATTERN_KEYS, PATTERN_REQUIRED)
        if record["label"] not in LABELS:
            raise RuleDataError(f"{where}: label {record['label']!r} not in {sorted(LABELS)}")
        _check_pattern_id(where, record["label"], record["id"], units)
        _check_pattern(where, record["pattern"])
        if "example" in record:
            if record["id"] in seen:
                raise RuleDataError(f"{where}: a second example for {record['id']!r}")
            seen.add(record["id"])
        records.append(record)
    missing = {r["id"] for r in records} - seen
    if missing:
        raise RuleDataError(f"patterns.jsonl: no example for {sorted(missing)}")
    return tuple(records)


@lru_cache(maxsize=1)
def load_patterns() -> tuple[dict, ...]:
    """Matcher patterns as ``{label, pattern, id, example?, counter_example?}`` records."""
    return parse_patterns(read_data("patterns.jsonl"), load_units())


def _check_pattern(where: str, pattern) -> None:
    """A phrase (str) or a token pattern whose first token is tested in C: a set test
    (IN, REGEX...) there would run Python code on every token of every document."""
    if isinstance(pattern, str):
        if not pattern.strip():
            raise RuleDataError(f"{where}: empty phrase pattern")
        return
    if not isinstance(pattern, list) or not pattern or not all(
            isinstance(t, dict) for t in pattern):
        raise RuleDataError(f"{where}: pattern must be a phrase or a list of token dicts")
    if any(isinstance(v, dict) for v in pattern[0].values()):
        raise RuleDataError(f"{where}: the first token of a token pattern must test plain "
                            f"values or flags (no IN/REGEX), got {pattern[0]}")


def parse_rules(text: str) -> dict[str, dict]:
    flat = {}
    for group, entries in tomllib.loads(text).items():
        for name, record in entries.items():
            rule_id = f"{group}.{name}"
            check_keys(f"rules.toml [{rule_id}]", record, RULE_KEYS, {"message"})
            flat[rule_id] = record
    return flat


@lru_cache(maxsize=1)
def load_rules() -> dict[str, dict]:
    """Rules decided in code, by id, each with a message and examples."""
    return parse_rules(read_data("rules.toml"))


def parse_tokenizer_rules(text: str) -> dict[str, list[dict]]:
    data = tomllib.loads(text)
    for kind, records in data.items():
        if kind not in TOKENIZER_KEYS:
            raise RuleDataError(f"tokenizer.toml: unknown table [[{kind}]]; "
                                f"allowed are {sorted(TOKENIZER_KEYS)}")
        for record in records:
            check_keys(f"tokenizer.toml [[{kind}]] {record.get('id')}", record,
                       TOKENIZER_KEYS[kind], TOKENIZER_KEYS[kind] - {"example", "tokens"})
    return data


@lru_cache(maxsize=1)
def load_tokenizer_rules() -> dict[str, list[dict]]:
    return parse_tokenizer_rules(read_data("tokenizer.toml"))


def parse_units(text: str) -> dict[str, dict]:
    units = tomllib.loads(text)
    for code, record in units.items():
        check_keys(f"units.toml [{code}]", record, UNIT_KEYS, {"kind", "canonical"})
    return units


@lru_cache(maxsize=1)
def load_units() -> dict[str, dict]:
    return parse_units(read_data("units.toml"))


def parse_items(text: str) -> dict[str, ItemForm]:
    rows = csv.DictReader(text.splitlines())
    if rows.fieldnames != ITEM_COLUMNS:
        raise RuleDataError(f"items.csv: header must be {','.join(ITEM_COLUMNS)}, "
                            f"got {rows.fieldnames}")
    table = {}
    for n, row in enumerate(rows, 2):
        if row["number"] not in ITEM_NUMBERS:
            raise RuleDataError(f"items.csv line {n}: number must be one of "
                                f"{sorted(ITEM_NUMBERS)}, got {row['number']!r}")
        table[row["form"]] = ItemForm(row["lemma"], row["number"])
    return table


@lru_cache(maxsize=1)
def load_items() -> dict[str, ItemForm]:
    """Word form -> (singular lemma, grammatical number) for counted nouns."""
    return parse_items(read_data("items.csv"))


# --- the meaning layer's record files ------------------------------------------------

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
def load_indicators() -> dict[str, Indicator]:
    """The controlled vocabulary of indicators (indicators.toml)."""
    return parse_indicators(read_data("indicators.toml"))


@lru_cache(maxsize=1)
def load_regions() -> tuple[Region, ...]:
    """The gazetteer (regions.csv)."""
    return parse_regions(read_data("regions.csv"))
