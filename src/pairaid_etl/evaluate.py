"""Score the extractor against gold figures, exactly as shared/eval/GOLD_FORMAT.md says.

A prediction matches a gold figure when the spans overlap and the value, brought to the
gold unit (mu/ha/m2/km2, km/m, t/kg/jin), equals the gold value within 1e-6 relative.
Precision is over all predictions (matching any gold figure, core or not, is correct;
an unmatched prediction ending within 15 characters of the text end is ignored);
recall is over core gold figures.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .extract.figures import extract_figures
from .records import Figure
from .extract.units import convert

REL_TOL = 1e-6
END_SLACK = 15
CONTEXT = 40
ATTRIBUTES = ("year", "cumulative", "base_year")


@dataclass(slots=True)
class Miss:
    doc_id: str
    kind: str  # "miss" (core gold not found) or "false_positive"
    text: str
    value: float
    unit: str
    context: str


@dataclass(slots=True)
class EvalReport:
    documents: int = 0
    predicted: int = 0
    ignored: int = 0
    true_positives: int = 0
    false_positives: int = 0
    gold_core: int = 0
    recalled: int = 0
    qualifier: Counter = field(default_factory=Counter)  # right/total, all matched
    qualifier_non_exact: Counter = field(default_factory=Counter)
    item: Counter = field(default_factory=Counter)
    attribution: dict = field(default_factory=lambda: {a: Counter() for a in ATTRIBUTES})
    kinds: dict = field(default_factory=dict)  # kind -> Counter(tp, fp, fn)
    misses: list[Miss] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return _ratio(self.true_positives, self.true_positives + self.false_positives)

    @property
    def recall(self) -> float:
        return _ratio(self.recalled, self.gold_core)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict:
        return {
            "documents": self.documents, "predicted": self.predicted, "ignored": self.ignored,
            "true_positives": self.true_positives, "false_positives": self.false_positives,
            "gold_core": self.gold_core, "recalled": self.recalled,
            "precision": self.precision, "recall": self.recall, "f1": self.f1,
            "qualifier_accuracy": _share(self.qualifier),
            "qualifier_non_exact_accuracy": _share(self.qualifier_non_exact),
            "item_accuracy": _share(self.item),
            "attribution": {a: _share(c) for a, c in self.attribution.items()},
            "kinds": {k: dict(c) for k, c in sorted(self.kinds.items())},
            "misses": [asdict(m) for m in self.misses],
        }


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _share(c: Counter) -> float | None:
    return c["right"] / c["total"] if c["total"] else None


def same_value(figure: Figure, gold: dict) -> bool:
    value = figure.value if figure.unit == gold["unit"] else convert(
        figure.value, figure.unit, gold["unit"])
    if value is None:
        return False
    target = float(gold["value"])
    return abs(value - target) <= REL_TOL * max(abs(target), 1e-12)


def matches(figure: Figure, gold: dict) -> bool:
    return figure.start < gold["end"] and gold["start"] < figure.end and same_value(figure, gold)


def _context(text: str, start: int, end: int) -> str:
    snippet = text[max(0, start - CONTEXT):start] + "[[" + text[start:end] + "]]" \
        + text[end:end + CONTEXT]
    return " ".join(snippet.split())


def _count(report: EvalReport, kind: str, what: str) -> None:
    report.kinds.setdefault(kind, Counter())[what] += 1


def _tally(counter: Counter, right: bool) -> None:
    counter["total"] += 1
    counter["right"] += bool(right)


def score_document(report: EvalReport, gold_doc: dict) -> None:
    text = gold_doc["text"]
    extraction = extract_figures(text, bulletin_year=gold_doc.get("year"),
                                 source_name=gold_doc.get("doc_id"))
    golds = gold_doc["figures"]
    report.documents += 1
    best: dict[int, Figure] = {}
    for figure in extraction.figures:
        report.predicted += 1
        hits = [i for i, gold in enumerate(golds) if matches(figure, gold)]
        if hits:
            report.true_positives += 1
            _count(report, golds[hits[0]]["kind"], "tp")
            for i in hits:
                best.setdefault(i, figure)
        elif len(text) - figure.end <= END_SLACK:
            report.ignored += 1
        else:
            report.false_positives += 1
            _count(report, figure.kind, "fp")
            report.misses.append(Miss(gold_doc["doc_id"], "false_positive", figure.text,
                                      figure.value, figure.unit,
                                      _context(text, figure.start, figure.end)))
    for i, gold in enumerate(golds):
        figure = best.get(i)
        if gold.get("core", True):
            report.gold_core += 1
            if figure is None:
                _count(report, gold["kind"], "fn")
                report.misses.append(Miss(gold_doc["doc_id"], "miss", gold["number_text"],
                                          gold["value"], gold["unit"],
                                          _context(text, gold["start"], gold["end"])))
                continue
            report.recalled += 1
            for name in ATTRIBUTES:
                predicted = getattr(figure, name)
                right = predicted == gold.get(name) and not (
                    predicted is None and name != "base_year")
                _tally(report.attribution[name], right)
        if figure is None:
            continue
        _tally(report.qualifier, figure.qualifier == gold["qualifier"])
        if gold["qualifier"] != "exact":
            _tally(report.qualifier_non_exact, figure.qualifier == gold["qualifier"])
        if gold["kind"] == "count":
            _tally(report.item, figure.item == gold.get("item"))


def evaluate_gold(path: str | Path) -> EvalReport:
    """Score ``extract_figures`` on every document of a gold.jsonl file."""
    report = EvalReport()
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                score_document(report, json.loads(line))
    return report


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def format_text(report: EvalReport, misses: bool = False) -> str:
    d = report.to_dict()
    lines = [
        f"documents {d['documents']}  predicted {d['predicted']}  "
        f"gold core {d['gold_core']}  ignored near end {d['ignored']}",
        f"precision {_pct(d['precision'])}  recall {_pct(d['recall'])}  F1 {_pct(d['f1'])}",
        f"qualifier {_pct(d['qualifier_accuracy'])}  "
        f"non-exact qualifier {_pct(d['qualifier_non_exact_accuracy'])}  "
        f"item {_pct(d['item_accuracy'])}",
        "attribution " + "  ".join(f"{a} {_pct(v)}" for a, v in d["attribution"].items()),
        "per kind (tp/fp/fn): " + "  ".join(
            f"{k} {c.get('tp', 0)}/{c.get('fp', 0)}/{c.get('fn', 0)}"
            for k, c in d["kinds"].items()),
    ]
    if misses:
        for m in report.misses:
            label = "MISS" if m.kind == "miss" else "FP  "
            lines.append(f"{label} {m.doc_id}: {m.text!r} = {m.value:g} {m.unit} | {m.context}")
    return "\n".join(lines)
