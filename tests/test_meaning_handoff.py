"""The extract -> meaning hand-off is one typed record (meaning/handoff.py), not doc.user_data keys."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pytest

from pairaid_etl.extract import extract_figures
from pairaid_etl.extract.figures import extract_from_doc
from pairaid_etl.extract.pipeline import get_nlp, make_doc
from pairaid_etl.meaning import annotate

BULLETINS = sorted((Path(__file__).parent / "bulletins").glob("*.txt"))


def test_extraction_leaves_nothing_else_in_user_data(monkeypatch):
    """It hands the meaning layer a record: the Doc keeps only the extractor's own column cache."""
    import pairaid_etl.extract.figures as figures

    docs = []
    monkeypatch.setattr(figures, "make_doc", lambda text: docs.append(make_doc(text)) or docs[-1])
    extract_figures("In 2010 the province donated 1.5 million yuan to 12 counties.")
    assert set(docs[0].user_data) == {"pairaid_etl.columns"}


@pytest.mark.parametrize("path", BULLETINS, ids=lambda p: p.name)
def test_a_doc_with_sentences_needs_no_handoff(path):
    """Without a hand-off the meaning layer reads the Doc (from get_nlp, with its
    sentencizer) and gives every figure the same meaning."""
    text = path.read_text(encoding="utf-8")
    expected = extract_figures(text, bulletin_year=2011)
    doc = get_nlp()(text)
    extraction = extract_from_doc(doc, text)
    for figure in extraction.figures:
        figure.year = 2011
    annotate(doc, extraction, bulletin_year=2011)
    assert [asdict(f) for f in extraction.figures] == [asdict(f) for f in expected.figures]
