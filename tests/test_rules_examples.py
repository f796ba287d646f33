"""Every rule carries an example (it must fire) and maybe a counter-example (it must not).

Matcher patterns are checked on the pipeline's spans; rules decided in code are checked
on the rule id stored on each Figure or Rejection.
"""

import pytest

from pairaid_etl.extract import extract_figures
from pairaid_etl.extract.pipeline import SPANS_KEY, build_nlp
from pairaid_etl.knowledge import load_patterns, load_rules

NLP = build_nlp()
PATTERNS = [p for p in load_patterns() if "example" in p]  # one per rule id
RULES = sorted(load_rules().items())


def pattern_ids(text):
    doc = NLP(text)
    return {span.id_ for span in doc.spans[SPANS_KEY]}


def rule_ids(text):
    extraction = extract_figures(text, bulletin_year=2010)
    return {x.rule for x in extraction.figures + extraction.rejections}


@pytest.mark.parametrize("record", PATTERNS, ids=[p["id"] for p in PATTERNS])
def test_pattern_example_matches(record):
    assert record["id"] in pattern_ids(record["example"])


def attributed(record, text):
    """Does the pattern decide anything in the extraction of ``text``?"""
    extraction = extract_figures(text, bulletin_year=2010)
    label, code = record["label"], record["id"].split(".")[1]
    if label == "NUMBER":
        return bool(extraction.figures)
    if label == "QUALIFIER":
        return any(f.qualifier == code for f in extraction.figures)
    if label == "MONTH":
        return any(r.rule == "reject.date" for r in extraction.rejections)
    return any(f.rule == record["id"] for f in extraction.figures)


@pytest.mark.parametrize("record", [p for p in PATTERNS if "counter_example" in p],
                         ids=[p["id"] for p in PATTERNS if "counter_example" in p])
def test_pattern_counter_example_yields_nothing_from_it(record):
    assert not attributed(record, record["counter_example"])


@pytest.mark.parametrize("record", [p for p in PATTERNS if p["label"] != "NUMBER"],
                         ids=[p["id"] for p in PATTERNS if p["label"] != "NUMBER"])
def test_pattern_example_decides_a_figure_or_rejection(record):
    assert attributed(record, record["example"])


@pytest.mark.parametrize("rule_id, record", RULES, ids=[r[0] for r in RULES])
def test_code_rule_example_fires(rule_id, record):
    assert rule_id in rule_ids(record["example"])


@pytest.mark.parametrize("rule_id, record", [r for r in RULES if "counter_example" in r[1]],
                         ids=[r[0] for r in RULES if "counter_example" in r[1]])
def test_code_rule_counter_example_does_not_fire(rule_id, record):
    assert rule_id not in rule_ids(record["counter_example"])


def test_every_rule_on_a_figure_is_documented():
    known = {p["id"] for p in PATTERNS} | {r[0] for r in RULES}
    text = ("In 2010 it gave 3 million yuan, 12% more, to 24 villages on May 14 "
            "(of which 1.5 million was allocated by the fund) and the 12th plan.")
    assert rule_ids(text) <= known
