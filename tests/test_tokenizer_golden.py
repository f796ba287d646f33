"""Golden tokenisation: each tokenizer rule's example splits as its data file says,
plus a table of bulletin forms."""

import pytest

from pairaid_etl.extract.pipeline import build_nlp
from pairaid_etl.knowledge import load_tokenizer_rules

NLP = build_nlp()
RULES = [r for records in load_tokenizer_rules().values() for r in records if "example" in r]


@pytest.mark.parametrize("rule", RULES, ids=[r["id"] for r in RULES])
def test_each_tokenizer_rule_example(rule):
    assert [t.text for t in NLP.tokenizer(rule["example"])] == rule["tokens"]


@pytest.mark.parametrize("text, tokens", [
    ("up3.8% over", ["up", "3.8", "%", "over"]),
    ("RMB10,000", ["RMB", "10,000"]),
    ("US$1.25 million", ["US$", "1.25", "million"]),
    ("8.9km2", ["8.9", "km2"]),
    ("500-1,000 Yuan", ["500", "-", "1,000", "Yuan"]),
    ("36 person-times;", ["36", "person-times", ";"]),
    ("No.10 Document", ["No.", "10", "Document"]),
    ("[2014] No.1", ["[", "2014", "]", "No.", "1"]),
    ("“1+1”", ["“", "1", "+", "1", "”"]),
    ("2011-2020", ["2011", "-", "2020"]),
    ("10.50million", ["10.50", "million"]),
    ("9,767 people", ["9,767", "people"]),
    ("3%-5%", ["3", "%", "-", "5", "%"]),
    ("Rmb3.4 million", ["Rmb", "3.4", "million"]),
    ("€2 million", ["€", "2", "million"]),
    ("12tons", ["12", "tons"]),
    ("2,400sq.m", ["2,400", "sq.m"]),
    ("98.2％", ["98.2", "％"]),
    ("by12%", ["by", "12", "%"]),
    ("a 3,000-mu base", ["a", "3,000", "-", "mu", "base"]),
])
def test_bulletin_forms_tokenise(text, tokens):
    assert [t.text for t in NLP.tokenizer(text)] == tokens
