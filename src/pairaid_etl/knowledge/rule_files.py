"""The extractor's rule files: matcher patterns (``patterns.jsonl``), rules decided in code
(``rules.toml``), tokenizer rules (``tokenizer.toml``), unit codes (``units.toml``) and
counted items (``items.csv``)."""

from __future__ import annotations

import csv
import json
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from .files import RuleDataError, check_keys, read_data

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


@dataclass(frozen=True, slots=True)
class ItemForm:
    lemma: str
    number: str  # singular, plural or mass


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
