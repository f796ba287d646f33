"""The scorer follows GOLD_FORMAT.md: overlap + equal value in the gold unit."""

import json
from pathlib import Path

import pytest

from pairaid_etl.evaluate import evaluate_gold, format_text

SHARED = Path(__file__).parents[2] / "shared"
DEV_GOLD = SHARED / "corpus" / "dev" / "gold.jsonl"


def gold_figure(text, number_text, value, unit, kind, *, item=None, qualifier="exact",
                core=True, year=2010):
    start = text.index(f" {number_text} ") + 1
    return {"number_text": number_text, "start": start, "end": start + len(number_text),
            "value": value, "value_high": None, "unit": unit, "kind": kind, "item": item,
            "qualifier": qualifier, "year": year, "cumulative": False, "base_year": None,
            "core": core}


def write_gold(tmp_path, text, figures):
    path = tmp_path / "gold.jsonl"
    doc = {"doc_id": "t-2010", "year": 2010, "text": text, "figures": figures}
    path.write_text(json.dumps(doc) + "\n", encoding="utf-8")
    return path


TEXT = ("In 2010 the city gave 32.33 million Yuan to 12 counties, built over 50,000 mu "
        "of farms and 3 schools, and paved 2 kilometers of road. The end is here now.")


def test_perfect_extraction_scores_one(tmp_path):
    figures = [
        gold_figure(TEXT, "32.33 million", 32330000, "CNY", "money"),
        gold_figure(TEXT, "12", 12, "count", "count", item="county"),
        gold_figure(TEXT, "50,000", 50000, "mu", "area", qualifier="more_than"),
        gold_figure(TEXT, "3", 3, "count", "count", item="school"),
        gold_figure(TEXT, "2", 2000, "m", "length"),  # scorer converts km -> m
    ]
    report = evaluate_gold(write_gold(tmp_path, TEXT, figures))
    assert (report.precision, report.recall, report.f1) == (1.0, 1.0, 1.0)
    d = report.to_dict()
    assert d["item_accuracy"] == 1.0 and d["qualifier_non_exact_accuracy"] == 1.0
    assert d["attribution"]["year"] == 1.0


def test_a_missing_gold_and_a_false_positive_are_listed(tmp_path):
    figures = [gold_figure(TEXT, "32.33 million", 32330000, "CNY", "money"),
               gold_figure(TEXT, "12", 13, "count", "count", item="county")]
    report = evaluate_gold(write_gold(tmp_path, TEXT, figures))
    assert report.recall == 0.5
    assert report.false_positives == 4  # 12 (wrong value), 50,000, 3, 2
    text = format_text(report, misses=True)
    assert "MISS t-2010: '12'" in text and "FP" in text
    assert "[[12]]" in text


def test_non_core_gold_counts_for_precision_only(tmp_path):
    figures = [gold_figure(TEXT, "3", 3, "count", "count", item="school", core=False)]
    report = evaluate_gold(write_gold(tmp_path, TEXT, figures))
    assert report.gold_core == 0 and report.true_positives == 1


def test_predictions_near_the_end_are_ignored(tmp_path):
    text = "Roads were paved. It gave 5 schools"
    report = evaluate_gold(write_gold(tmp_path, text, []))
    assert report.false_positives == 0 and report.ignored == 1


def test_json_report_has_the_headline_numbers(tmp_path):
    report = evaluate_gold(write_gold(tmp_path, TEXT, []))
    d = report.to_dict()
    assert {"precision", "recall", "f1", "item_accuracy", "qualifier_accuracy",
            "qualifier_non_exact_accuracy", "attribution", "kinds", "misses"} <= set(d)
    json.dumps(d)


@pytest.mark.skipif(not DEV_GOLD.exists(), reason="shared dev corpus not present")
def test_dev_corpus_meets_the_targets():
    d = evaluate_gold(DEV_GOLD).to_dict()
    assert d["f1"] >= 0.98
    assert d["item_accuracy"] >= 0.95
    assert d["qualifier_non_exact_accuracy"] >= 0.95
