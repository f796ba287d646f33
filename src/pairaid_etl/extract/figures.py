"""The pure extraction core: bulletin text in, figures out.  No file, database,
environment or network access.

>>> ex = extract_figures("In 2010 the province donated 32.33 million Yuan to 12 counties.")
>>> [(f.number_text, f.value, f.unit, f.item) for f in ex.figures]
[('32.33 million', 32330000.0, 'CNY', None), ('12', 12.0, 'count', 'county')]
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc

from ..knowledge import is_year
from ..meaning import annotate
from ..meaning.handoff import Handoff
from ..meaning.matching import phrase_pass
from ..records import Extraction
from .assemble import assemble
from .parts import index_parts
from .pipeline import SPANS_KEY, figure_parts, make_doc
from .rules import rules_fingerprint
from .tokens import _columns

__all__ = ["extract_figures", "rules_fingerprint", "year_from_name"]

DATELINE_CHARS = 400  # how far from the top a news dateline is looked for


def extract_figures(text: str, *, bulletin_year: int | None = None,
                    source_name: str | None = None) -> Extraction:
    """Figures, rejected numbers and notes for one bulletin text.  Never raises on a str."""
    doc = make_doc(text)
    extraction, handoff = _extract(doc, text)
    year = bulletin_year or year_from_name(source_name) or year_from_dateline(extraction) \
        or year_from_rejections(extraction)
    for figure in extraction.figures:
        figure.year = year
    annotate(doc, extraction, bulletin_year=year, handoff=handoff)
    return extraction


def extract_from_doc(doc: Doc, text: str) -> Extraction:
    """Figures and rejections from a doc made by ``get_nlp()`` (or ``make_doc``) from ``text``."""
    return _extract(doc, text)[0]


def _extract(doc: Doc, text: str) -> tuple[Extraction, Handoff]:
    """The extraction, and what the meaning layer is handed with the doc."""
    meaning_matches = None
    if SPANS_KEY in doc.spans:
        parts = index_parts(doc)
    else:  # a bare doc from make_doc: match here, without building spans
        matcher = figure_parts()
        columns = _columns(doc)
        phrases, meaning_matches = phrase_pass(doc, matcher, columns.text)
        parts = index_parts(doc, matcher.find(doc, columns.like_num, phrases), matcher.rule_of)
    figures, rejections, figure_tokens = assemble(doc, parts, text)
    handoff = Handoff(text, _columns(doc), figure_tokens, meaning_matches)
    return Extraction(figures=figures, rejections=rejections), handoff


def year_from_name(name: str | None) -> int | None:
    """The first stand-alone year (``knowledge.is_year``) in a file name or path."""
    if not name:
        return None
    tail = name.replace("\\", "/").rsplit("/", 1)[-1]
    digits = "".join(c if c.isdigit() else " " for c in tail).split()
    years = [int(d) for d in digits if is_year(d)]
    return years[0] if years else None


def year_from_dateline(extraction: Extraction) -> int | None:
    """The year of a full date near the top ("NANNING, March 12, 2019 -- ..."): a news
    article's own date, which "last year" and "this year" count from."""
    dates = [r for r in extraction.rejections if r.code == "date" and r.start < DATELINE_CHARS]
    for r in extraction.rejections:
        if r.code == "year" and r.start < DATELINE_CHARS and any(0 < r.start - d.end <= 3 for d in dates):
            return int(r.text)
    return None


def year_from_rejections(extraction: Extraction) -> int | None:
    """The year the text mentions most often (latest on a tie)."""
    counts = Counter(int(r.text) for r in extraction.rejections if r.code == "year")
    if not counts:
        return None
    return max(counts, key=lambda y: (counts[y], y))
