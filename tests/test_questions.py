"""pairaid eval --questions: analysts' questions answered from a loaded database."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pairaid_etl.cli import app
from pairaid_etl.store.db import make_engine, upgrade
from pairaid_etl.extract import extract_figures
from pairaid_etl.orchestrate.ingest import start_run
from pairaid_etl.store.load import load_document
from pairaid_etl.questions import answer_questions, classify, read_questions
from pairaid_etl.read import Document, decode

DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"
BULLETIN = Path(__file__).parent / "data" / "views" / "shandong-chongqing-2011.txt"


@pytest.mark.parametrize("rows, outcome", [
    ([], "missing"),
    ([(60.0, "ok", "60")], "correct"),
    ([(60.0, "ok", "60"), (60.0, "ok", "60")], "correct"),
    ([(75.0, "ok", "75")], "silent_wrong"),
    ([(60.0, "ok", "60"), (15.0, "ok", "15")], "ambiguous"),
    ([(60.0, "ok", "60"), (None, "multiple", "60 | 15")], "ambiguous"),
    ([(None, "multiple", "60 | 15")], "flagged"),
    ([(None, "conflict", "60 | 61")], "flagged"),
])
def test_an_answer_is_classified_by_what_the_analyst_reads(rows, outcome):
    assert classify(60.0, rows) == outcome


def test_values_equal_to_four_significant_digits_are_the_same_answer():
    assert classify(1866.667, [(1866.6666666, "ok", "")]) == "correct"
    assert classify(1866.667, [(1867.0, "ok", "")]) == "silent_wrong"


def _load(url: str, paths: list[Path]) -> None:
    engine = make_engine(url)
    upgrade(engine)
    run_id = start_run(engine)
    for path in paths:
        text, _ = decode(path.read_bytes(), str(path))
        year = next((int(p) for p in path.stem.split("-") if p.isdigit() and len(p) == 4), None)
        doc = Document(str(path), hashlib.sha256(text.encode()).hexdigest(), text, "utf-8", text.splitlines()[0], year)
        with engine.begin() as conn:
            load_document(conn, run_id, doc, extract_figures(doc.text, bulletin_year=year))
    engine.dispose()


def test_the_cli_answers_questions_from_the_database_and_reports_silent_wrong(tmp_path):
    url = f"sqlite:///{tmp_path / 'q.sqlite3'}"
    _load(url, [BULLETIN])
    base = {"doc": BULLETIN.stem, "region": "Chongqing", "year": 2011, "cumulative": False, "stated": "",
            "evidence": "", "difficulty": "direct", "note": ""}
    body = BULLETIN.read_text(encoding="utf-8")
    questions = [
        {**base, "id": "q1", "question": "Aid from Shandong?", "indicator": "aid_funds", "donor": "Shandong",
         "value": 60_000_000, "start": body.index("60 million"), "end": body.index("60 million") + 16},
        {**base, "id": "q2", "question": "People trained?", "indicator": "people_trained", "donor": "Shandong",
         "value": 900, "start": body.index("900"), "end": body.index("900") + 3},
        {**base, "id": "q3", "question": "A wrong expectation", "indicator": "schools", "donor": "Shandong",
         "value": 13, "start": body.index("12 schools"), "end": body.index("12 schools") + 10},
    ]
    qfile = tmp_path / "questions.jsonl"
    qfile.write_text("\n".join(json.dumps(q) for q in questions) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "--questions", str(qfile), "--database-url", url, "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["outcomes"] == {"correct": 1, "silent_wrong": 1, "ambiguous": 0, "flagged": 1, "missing": 0}
    assert report["answer_accuracy"] == pytest.approx(1 / 3)
    assert report["field_accuracy"]["indicator"] == 1.0 and report["field_accuracy"]["value"] == pytest.approx(2 / 3)


def test_eval_wants_a_gold_file_or_questions_not_both(tmp_path):
    qfile = tmp_path / "q.jsonl"
    qfile.write_text("", encoding="utf-8")
    assert CliRunner().invoke(app, ["eval"]).exit_code == 2
    assert CliRunner().invoke(app, ["eval", str(qfile), "--questions", str(qfile)]).exit_code == 2


@pytest.mark.skipif(not (DEV / "analyst_questions.jsonl").is_file(), reason="the shared dev corpus is absent")
def test_the_dev_bulletins_answer_most_questions_and_almost_never_wrongly(tmp_path):
    """The issue's target on the shared dev set (first 0.805 and 0.013; 0.955 and 0 now)."""
    url = f"sqlite:///{tmp_path / 'dev.sqlite3'}"
    _load(url, sorted((DEV / "docs").glob("*.txt")))
    report = answer_questions(make_engine(url), read_questions(DEV / "analyst_questions.jsonl"))
    assert report.share("correct") >= 0.95
    assert report.share("silent_wrong") == 0


DATA = Path(__file__).parent / "data"


# Blind sets: invented bulletins and questions written by someone who had not read the code
# (each folder's README.md). "first" is what the database answered when a set was written;
# the rules that fixed the misses are general (see the commit history), and this guards them.
@pytest.mark.parametrize("folder, least_correct, most_silent_wrong", [
    ("unseen", 0.91, 0.0),    # 79 questions: first 0.646 and 0.025; 0.924 and 0 now
    ("unseen2", 0.76, 0.05),  # 100: first 0.480 and 0.080; 0.780 and 0.050 now (all five ask for one
                              # part of a stated total, which the view gives as the total: see docs/schema.md)
    ("unseen3", 0.85, 0.0),   # 106: first 0.623 and 0.009; 0.877 and 0 now
    ("unseen4", 0.87, 0.0),   # 110: first 0.727 and 0; 0.891 and 0 now
    ("unseen5", 0.91, 0.01),  # 108: first 0.667 and 0.019; 0.935 and 0.009 now (v038 asks for one part
                              # of a stated total)
    ("unseen6", 0.72, 0.01),  # 106: first 0.594 and 0.038; 0.745 and 0.009 now (t030: a part of
                              # a stated total)
    ("unseen7", 0.74, 0.01),  # 107: first 0.598 and 0.019; 0.757 and 0.009 now
])
def test_blind_bulletins_answer_most_questions_and_almost_never_wrongly(tmp_path, folder, least_correct,
                                                                        most_silent_wrong):
    url = f"sqlite:///{tmp_path / 'blind.sqlite3'}"
    _load(url, sorted((DATA / folder).glob("*.txt")))
    report = answer_questions(make_engine(url), read_questions(DATA / folder / "questions.jsonl"))
    assert report.share("silent_wrong") <= most_silent_wrong
    assert report.share("correct") >= least_correct
