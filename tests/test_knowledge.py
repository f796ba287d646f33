"""Every data file is loaded and validated by pairaid_etl.knowledge: a copy with an unknown key is
rejected with a message naming it; every key of vocab.toml and meaning_cues.toml is read."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from pairaid_etl import knowledge
from pairaid_etl.errors import PairaidError

PARSERS = {
    "vocab.toml": lambda text: knowledge.parse_tables("vocab.toml", text, knowledge.VOCAB_KEYS),
    "meaning_cues.toml": lambda text: knowledge.parse_tables("meaning_cues.toml", text, knowledge.CUE_KEYS),
    "rules.toml": knowledge.parse_rules,
    "tokenizer.toml": knowledge.parse_tokenizer_rules,
    "units.toml": knowledge.parse_units,
    "patterns.jsonl": lambda text: knowledge.parse_patterns(text, knowledge.load_units()),
    "items.csv": knowledge.parse_items,
    "indicators.toml": knowledge.parse_indicators,
    "regions.csv": knowledge.parse_regions,
}
# units.pint holds pint definitions, not keyed records: units.registry checks that every
# pint name units.toml uses is defined there.
NOT_KEYED = {"units.pint"}


def with_unknown_key(name: str, text: str) -> str:
    """The file's text with a key 'colour' added to its first record (or header)."""
    lines = text.splitlines()
    if name.endswith(".csv"):
        return "\n".join([lines[0] + ",colour"] + [line + "," for line in lines[1:]])
    if name.endswith(".jsonl"):
        first = next(n for n, line in enumerate(lines) if line.strip())
        lines[first] = json.dumps({**json.loads(lines[first]), "colour": "red"})
        return "\n".join(lines)
    first = next(n for n, line in enumerate(lines) if line.startswith("["))
    return "\n".join(lines[:first + 1] + ['colour = "red"'] + lines[first + 1:])


def test_every_data_file_has_a_validating_loader():
    shipped = {p.name for p in resources.files("pairaid_etl").joinpath("data").iterdir()
               if p.is_file()}
    assert shipped == set(knowledge.DATA_FILES) == set(PARSERS) | NOT_KEYED


@pytest.mark.parametrize("name", sorted(PARSERS))
def test_it_loads_the_shipped_file(name):
    assert PARSERS[name](knowledge.read_data(name))


@pytest.mark.parametrize("name", sorted(PARSERS))
def test_it_rejects_an_unknown_key(name):
    text = with_unknown_key(name, knowledge.read_data(name))
    with pytest.raises(PairaidError, match="colour"):
        PARSERS[name](text)


@pytest.mark.parametrize("name, schema", [("vocab.toml", knowledge.VOCAB_KEYS),
                                          ("meaning_cues.toml", knowledge.CUE_KEYS)])
def test_it_names_the_allowed_keys_and_rejects_unknown_tables(name, schema):
    text = knowledge.read_data(name)
    with pytest.raises(knowledge.RuleDataError, match="allowed keys are .*'"):
        knowledge.parse_tables(name, with_unknown_key(name, text), schema)
    with pytest.raises(knowledge.RuleDataError, match=r"unknown key\(s\) \['colour'\]"):
        knowledge.parse_tables(name, text + '\n[colour]\nred = 1\n', schema)


@pytest.mark.parametrize("text, expected", [
    ("2010", True), ("1900", True), ("2100", True), ("1899", False), ("2101", False),
    ("2,010", False), ("201", False), ("20100", False), ("two", False),
])
def test_a_year_is_four_digits_within_the_vocab_bounds(text, expected):
    assert knowledge.year_bounds() == (1900, 2100)
    assert knowledge.is_year(text) is expected


@pytest.mark.parametrize("name, year", [("bulletin-1920.txt", 1920), ("plan-2100.txt", 2100),
                                        ("x-1899-2012.txt", 2012), ("x-2101.txt", None)])
def test_file_names_use_the_same_years(name, year):
    from pairaid_etl.extract.figures import year_from_name as from_extract
    from pairaid_etl.read import year_from_name as from_read
    assert from_extract(name) == from_read(name) == year


def test_unit_words_are_words_of_unit_spellings():
    spelled = {w.lower() for p in knowledge.load_patterns() if p["label"] in ("UNIT", "CURRENCY")
               and isinstance(p["pattern"], str) for w in p["pattern"].split()}
    assert knowledge.unit_words() <= spelled


READ_SCRIPT = """
import json, sys
from pairaid_etl import knowledge
with knowledge.record_reads() as reads:
    from pairaid_etl.extract import extract_figures
    for path in sys.argv[1:]:
        extract_figures(open(path, encoding="utf-8").read(), source_name=path)
    for rule in knowledge.load_rules().values():
        for text in (rule.get("example"), rule.get("counter_example")):
            if text:
                extract_figures(text)
    print(json.dumps(sorted(reads)))
"""


def test_every_key_of_vocab_and_cues_is_read_by_a_rule():
    """Extracting the bulletins (raw/, tests/bulletins/, tests/data/views/, the dev corpus when
    present) and the examples of rules.toml in a fresh process looks up every key of
    vocab.toml and meaning_cues.toml: none is dead data. (The record files name their
    allowed fields in pairaid_etl.knowledge.)"""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    paths = sorted(root.glob("raw/*.txt")) + sorted(root.glob("tests/bulletins/*.txt")) \
        + sorted(root.glob("tests/data/views/*.txt")) + sorted((root.parent / "shared" / "corpus" / "dev" / "docs").glob("*.txt"))  # ../shared, as in the README
    out = subprocess.run([sys.executable, "-c", READ_SCRIPT, *map(str, paths)], check=True,
                         capture_output=True, text=True).stdout
    reads = {tuple(r) for r in json.loads(out)}
    expected = {("vocab.toml", t, k) for t, keys in knowledge.VOCAB_KEYS.items() for k in keys} \
        | {("meaning_cues.toml", t, k) for t, keys in knowledge.CUE_KEYS.items() for k in keys}
    assert sorted(expected - reads) == []


def test_it_records_the_keys_a_rule_looks_up():
    with knowledge.record_reads() as reads:
        knowledge.load_vocab()["dates"]["year_min"]
        knowledge.load_cues()["relation"].get("to")
    assert reads == {("vocab.toml", "dates", "year_min"), ("meaning_cues.toml", "relation", "to")}
    knowledge.load_vocab.cache_clear()
    knowledge.load_cues.cache_clear()


# Module-level string collections in the core that hold codes (relation, kind, level and
# rule-key names), not words of the text: they stay in Python.
CODE_LISTS = {
    "__all__", "NEVER_CUMULATIVE", "TOP_LEVELS", "_LEVELS", "INHERITED", "CHANGES", "PARTS",
    "PERIOD_KEYS", "CUE_KEYS", "CONFLICT_RELATIONS", "MAIN_KINDS", "UPPER_BOUNDS",
    "LEXICAL_ATTRIBUTES", "QUALIFIERS", "SINGLE_KINDS",
}


def _word_lists(path):
    """(name, words) of module-level collections of lower-case English words in ``path``."""
    import ast

    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if not isinstance(node, ast.Assign) or not isinstance(node.targets[0], ast.Name):
            continue
        value = node.value
        if isinstance(value, ast.Call) and value.args:  # frozenset({...})
            value = value.args[0]
        if not isinstance(value, (ast.Set, ast.List, ast.Tuple)) or not value.elts:
            continue
        if all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in value.elts):
            words = [e.value for e in value.elts]
            if any(w.replace(" ", "").isalpha() and w.islower() for w in words):
                yield node.targets[0].id, words


def test_word_lists_live_in_the_data_files():
    """It finds no list of English words in extract/ or meaning/: they are data
    (vocab.toml, meaning_cues.toml), loaded and validated here."""
    from pathlib import Path

    package = Path(knowledge.__file__).resolve().parents[1]
    found = {f"{path.relative_to(package)}:{name}": words
             for part in ("extract", "meaning") for path in sorted((package / part).glob("*.py"))
             for name, words in _word_lists(path) if name not in CODE_LISTS}
    assert found == {}
