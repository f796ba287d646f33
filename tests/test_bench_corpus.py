"""The benchmark's corpus generator (benchmarks/corpus.py): its documents look like
bulletins and its known figures are the figures extract_figures finds.  No timing here."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import Generator, load_templates, write_corpus  # noqa: E402

SEEDS_AND_DOCS = [(7, 0), (7, 1), (7, 2), (11, 5), (23, 9)]


@pytest.fixture(scope="module")
def generator():
    return Generator(7)


def test_it_is_deterministic(generator):
    """It renders the same document for the same seed and index, and another one otherwise."""
    assert generator.bulletin(3).text == Generator(7).bulletin(3).text
    assert generator.bulletin(3).text != generator.bulletin(4).text


def test_documents_look_like_bulletins(generator):
    """It writes a title line, 【Section】 headings and about 1,050 words."""
    docs = [generator.bulletin(i) for i in range(20)]
    for doc in docs:
        assert doc.text.splitlines()[0].strip()
        assert doc.text.count("【") >= 3
        assert 900 <= doc.words <= 1200
        assert len(doc.figures) >= 25
    mean = sum(d.words for d in docs) / len(docs)
    assert 1000 <= mean <= 1100


def test_recorded_spans_hold_their_text(generator):
    """Every known figure and non-figure span slices back to its text."""
    for i in range(30):
        doc = generator.bulletin(i)
        for f in doc.figures:
            assert doc.text[f.start:f.end] == f.number_text
        for n in doc.non_figures:
            assert doc.text[n.start:n.end] == n.text


def test_corpus_covers_every_kind_and_qualifier(generator):
    docs = [generator.bulletin(i) for i in range(30)]
    kinds = {f.kind for d in docs for f in d.figures}
    qualifiers = {f.qualifier for d in docs for f in d.figures}
    codes = {n.code for d in docs for n in d.non_figures}
    assert kinds == {"money", "area", "length", "weight", "percent", "ratio", "count"}
    assert {"exact", "approx", "more_than", "nearly", "at_least"} <= qualifiers
    assert {"year", "date", "ordinal", "name", "footer"} <= codes


def test_templates_reject_stray_digits(tmp_path):
    """It refuses a template sentence with a number outside a placeholder (it would be unrecorded)."""
    text = (ROOT / "benchmarks" / "templates.toml").read_text(encoding="utf-8")
    bad = tmp_path / "templates.toml"
    bad.write_text(text.replace("The masses in the impoverished areas", "The 3 masses"), encoding="utf-8")
    with pytest.raises(ValueError, match="digit"):
        load_templates(bad)


def test_write_corpus_streams_files_and_manifest(tmp_path):
    totals = write_corpus(tmp_path / "c", 4, seed=5)
    files = sorted((tmp_path / "c").iterdir())
    lines = (tmp_path / "c.figures.jsonl").read_text(encoding="utf-8").splitlines()
    assert totals["docs"] == len(files) == len(lines) == 4
    assert {json.loads(line)["name"] for line in lines} == {f.name for f in files}


@pytest.mark.parametrize("seed,index", SEEDS_AND_DOCS)
def test_extract_figures_finds_the_known_figures(seed, index):
    """extract_figures finds each known figure (overlapping span, same value and unit,
    qualifier and counted item) and reports nothing on the years, dates, names and footer."""
    extract = pytest.importorskip("pairaid_etl.extract.figures")
    doc = Generator(seed).bulletin(index)
    found = extract.extract_figures(doc.text, bulletin_year=doc.year, source_name=doc.name).figures
    for known in doc.figures:
        hits = [f for f in found if f.start < known.end and known.start < f.end]
        where = f"{known.number_text!r} in …{doc.text[max(0, known.start - 60):known.end + 30]!r}"
        assert hits, f"missed {where}"
        f = hits[0]
        assert f.value == pytest.approx(known.value, rel=1e-6), where
        assert f.unit == known.unit, where
        assert f.qualifier == known.qualifier, where
        if known.item:
            assert f.item == known.item, where
    for n in doc.non_figures:
        wrong = [f.text for f in found if f.start < n.end and n.start < f.end]
        assert not wrong, f"{n.code} {n.text!r} reported as figure(s) {wrong}"
