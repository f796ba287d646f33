"""Load and validate the extraction knowledge shipped in ``pairaid_etl/data``.

Every file is checked on load: unknown keys are rejected with a message naming the
allowed ones, so a typo in a rule file fails loudly instead of silently matching nothing.
"""

from __future__ import annotations

import csv
import hashlib
import json
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .errors import PairaidError

DATA_FILES = (
    "patterns.jsonl", "rules.toml", "tokenizer.toml", "units.toml", "units.pint",
    "vocab.toml", "items.csv",
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
ITEM_NUMBERS = {"singular", "plural", "mass"}
QUALIFIER_CODES = {"approx", "more_than", "at_least", "less_than", "up_to", "nearly"}


class RuleDataError(PairaidError):
    """A rule or vocabulary file in pairaid_etl/data is malformed."""


@dataclass(frozen=True, slots=True)
class ItemForm:
    lemma: str
    number: str  # singular, plural or mass


def read_data(name: str) -> str:
    return resources.files("pairaid_etl").joinpath("data", name).read_text(encoding="utf-8")


def _check_keys(where: str, record: dict, allowed: set, required: set = frozenset()) -> None:
    unknown = set(record) - allowed
    if unknown:
        raise RuleDataError(
            f"{where}: unknown key(s) {sorted(unknown)}; allowed keys are {sorted(allowed)}")
    missing = set(required) - set(record)
    if missing:
        raise RuleDataError(f"{where}: missing key(s) {sorted(missing)}")


def _check_pattern_id(where: str, label: str, rule_id: str, units: dict) -> None:
    parts = rule_id.split(".")
    if label in ("UNIT", "CURRENCY") and (len(parts) != 3 or parts[1] not in units):
        raise RuleDataError(f"{where}: {label} id must be '<kind>.<unit code>.<name>' "
                            f"with a code from units.toml, got {rule_id!r}")
    if label == "QUALIFIER" and (len(parts) != 3 or parts[1] not in QUALIFIER_CODES):
        raise RuleDataError(f"{where}: QUALIFIER id must be 'qual.<code>.<name>' with code "
                            f"in {sorted(QUALIFIER_CODES)}, got {rule_id!r}")


@lru_cache(maxsize=1)
def load_patterns() -> tuple[dict, ...]:
    """Matcher patterns as ``{label, pattern, id, example?, counter_example?}`` records."""
    units = load_units()
    records, seen = [], set()
    for n, line in enumerate(read_data("patterns.jsonl").splitlines(), 1):
        if not line.strip():
            continue
        where = f"patterns.jsonl line {n}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RuleDataError(f"{where}: not JSON ({exc})") from exc
        _check_keys(where, record, PATTERN_KEYS, PATTERN_REQUIRED)
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


@lru_cache(maxsize=1)
def load_rules() -> dict[str, dict]:
    """Rules decided in code, by id, each with a message and examples."""
    rules = tomllib.loads(read_data("rules.toml"))
    flat = {}
    for group, entries in rules.items():
        for name, record in entries.items():
            rule_id = f"{group}.{name}"
            _check_keys(f"rules.toml [{rule_id}]", record, RULE_KEYS, {"message"})
            flat[rule_id] = record
    return flat


@lru_cache(maxsize=1)
def load_tokenizer_rules() -> dict[str, list[dict]]:
    data = tomllib.loads(read_data("tokenizer.toml"))
    for kind, records in data.items():
        if kind not in TOKENIZER_KEYS:
            raise RuleDataError(f"tokenizer.toml: unknown table [[{kind}]]; "
                                f"allowed are {sorted(TOKENIZER_KEYS)}")
        for record in records:
            _check_keys(f"tokenizer.toml [[{kind}]] {record.get('id')}", record,
                        TOKENIZER_KEYS[kind], TOKENIZER_KEYS[kind] - {"example", "tokens"})
    return data


@lru_cache(maxsize=1)
def load_units() -> dict[str, dict]:
    units = tomllib.loads(read_data("units.toml"))
    for code, record in units.items():
        _check_keys(f"units.toml [{code}]", record, UNIT_KEYS, {"kind", "canonical"})
    return units


@lru_cache(maxsize=1)
def load_vocab() -> dict:
    return tomllib.loads(read_data("vocab.toml"))


@lru_cache(maxsize=1)
def load_items() -> dict[str, ItemForm]:
    """Word form -> (singular lemma, grammatical number) for counted nouns."""
    rows = csv.DictReader(read_data("items.csv").splitlines())
    if rows.fieldnames != ["form", "lemma", "number"]:
        raise RuleDataError(f"items.csv: header must be form,lemma,number, got {rows.fieldnames}")
    table = {}
    for n, row in enumerate(rows, 2):
        if row["number"] not in ITEM_NUMBERS:
            raise RuleDataError(f"items.csv line {n}: number must be one of "
                                f"{sorted(ITEM_NUMBERS)}, got {row['number']!r}")
        table[row["form"]] = ItemForm(row["lemma"], row["number"])
    return table


@lru_cache(maxsize=1)
def rules_fingerprint() -> str:
    """First 12 hex digits of the sha256 over every data file the extractor reads."""
    digest = hashlib.sha256()
    for name in DATA_FILES:
        digest.update(name.encode())
        digest.update(read_data(name).encode("utf-8"))
    return digest.hexdigest()[:12]
