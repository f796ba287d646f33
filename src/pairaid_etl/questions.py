"""Score analysts' answers: ask a loaded database each question as an analyst would.

A question (``analyst_questions.jsonl``) names an indicator, a year, whether the answer is
cumulative, the province-level region, and sometimes a donor. The analyst reads
``v_indicator_by_year`` filtered on exactly those columns and takes what it says:

- ``correct``: every row returned has status ``ok`` and states the answer;
- ``silent_wrong``: some row says ``ok`` and none of the ``ok`` rows states the answer —
  a confident wrong number, the worst outcome;
- ``ambiguous``: ``ok`` rows state the answer and something else (the analyst cannot tell);
- ``flagged``: no row says ``ok``; the view says ``multiple`` or ``conflict`` instead;
- ``missing``: no row at all.

Besides the answer, the figure at the question's span (``start``/``end`` in its document)
is compared field by field with the question (indicator, donor, region, year, cumulative,
value): the attribution the answer depends on.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy import Engine, text

OUTCOMES = ("correct", "silent_wrong", "ambiguous", "flagged", "missing")
FIELDS = ("indicator", "donor", "region", "year", "cumulative", "value")

_ANSWER = """
SELECT value, status, values_text FROM v_indicator_by_year
WHERE indicator = :indicator AND year = :year AND cumulative = :cumulative AND recipient = :region
"""
ANSWER_SQL = text(_ANSWER)
ANSWER_WITH_DONOR_SQL = text(_ANSWER + "  AND donor = :donor\n")
FIGURE_SQL = text("""
SELECT indicator, donor, province AS region, year, cumulative, canonical_value, path FROM v_figures
WHERE start < :end AND "end" > :start
ORDER BY start
""")


@dataclass(slots=True)
class Answer:
    id: str
    doc: str
    question: str
    expected: float
    outcome: str
    rows: list[tuple]  # (value, status, values_text) as the view returned them
    fields: dict[str, bool]  # attribution of the figure at the span: field -> right
    figure: dict | None


@dataclass(slots=True)
class QuestionReport:
    answers: list[Answer] = field(default_factory=list)

    @property
    def outcomes(self) -> Counter:
        return Counter(a.outcome for a in self.answers)

    def share(self, outcome: str) -> float:
        return self.outcomes[outcome] / len(self.answers) if self.answers else 0.0

    def field_accuracy(self) -> dict[str, float]:
        n = len(self.answers)
        return {f: (sum(a.fields.get(f, False) for a in self.answers) / n if n else 0.0) for f in FIELDS}

    def to_dict(self) -> dict:
        return {
            "questions": len(self.answers),
            "answer_accuracy": self.share("correct"),
            "silent_wrong_rate": self.share("silent_wrong"),
            "outcomes": {o: self.outcomes[o] for o in OUTCOMES},
            "field_accuracy": self.field_accuracy(),
            "answers": [asdict(a) for a in self.answers],
        }


def same_value(a: float | None, b: float | None) -> bool:
    """Equal as an analyst would read them: answers are given to about four significant digits."""
    return a is not None and b is not None and math.isclose(float(a), float(b), rel_tol=1e-5, abs_tol=1e-3)


def classify(expected: float, rows: list[tuple]) -> str:
    """The outcome of one question from the rows the view returned (see the module docstring)."""
    if not rows:
        return "missing"
    ok = [r[0] for r in rows if r[1] == "ok"]
    if not ok:
        return "flagged"
    hits = [v for v in ok if same_value(v, expected)]
    if not hits:
        return "silent_wrong"
    return "correct" if len(hits) == len(rows) else "ambiguous"


def read_questions(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _figure_fields(conn, q: dict) -> tuple[dict[str, bool], dict | None]:
    rows = conn.execute(FIGURE_SQL, {"start": q["start"], "end": q["end"]}).mappings().all()
    rows = [r for r in rows if Path(r["path"]).stem == q["doc"]]
    if not rows:
        return {f: False for f in FIELDS}, None
    fig = dict(rows[0])
    got = {
        "indicator": fig["indicator"] == q["indicator"],
        "donor": fig["donor"] == q["donor"],
        "region": fig["region"] == q["region"],
        "year": fig["year"] == q["year"],
        "cumulative": bool(fig["cumulative"]) == bool(q["cumulative"]),
        "value": same_value(fig["canonical_value"], q["value"]),
    }
    return got, fig


def answer_questions(engine: Engine, questions: list[dict]) -> QuestionReport:
    """Ask ``engine``'s views every question; nothing is loaded or changed."""
    report = QuestionReport()
    with engine.connect() as conn:
        for q in questions:
            params = {"indicator": q["indicator"], "year": q["year"], "cumulative": bool(q["cumulative"]),
                      "region": q["region"], "donor": q["donor"]}
            sql = ANSWER_WITH_DONOR_SQL if q.get("donor") else ANSWER_SQL
            rows = [tuple(r) for r in conn.execute(sql, params).all()]
            fields, fig = _figure_fields(conn, q)
            report.answers.append(Answer(q["id"], q["doc"], q["question"], q["value"],
                                         classify(q["value"], rows), rows, fields, fig))
    return report


def format_questions(report: QuestionReport, misses: bool = False) -> str:
    d = report.to_dict()
    lines = [f"questions: {d['questions']}",
             f"answer accuracy: {d['answer_accuracy']:.3f}   silent-wrong: {d['silent_wrong_rate']:.3f}",
             "outcomes: " + ", ".join(f"{o} {n}" for o, n in d["outcomes"].items()),
             "figure at the question's span: " + ", ".join(f"{f} {v:.3f}" for f, v in d["field_accuracy"].items())]
    if misses:
        for a in report.answers:
            if a.outcome == "correct":
                continue
            wrong = ",".join(f for f, ok in a.fields.items() if not ok)
            got = "; ".join(f"{r[0]} {r[1]}" + (f" [{r[2]}]" if r[1] != "ok" else "") for r in a.rows) or "-"
            lines.append(f"  {a.outcome:12} {a.id} {a.doc}: expected {a.expected:g}, view: {got}; "
                         f"figure wrong on: {wrong or '-'}  {a.figure or ''}")
    return "\n".join(lines)
