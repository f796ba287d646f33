"""A read-only view of a spaCy Doc for the meaning rules: sentence units, paragraphs,
quotes, figure token spans and phrase matches.

A *unit* is a sentence cut at line breaks and at a 【heading】's closing bracket, so a
heading or a title never glues onto the sentence after it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans

from ..records import Extraction, Figure

# unit words the extractor may leave outside Figure.text: a figure "ends" after them
UNIT_WORDS = {"yuan", "rmb", "cny", "%", "percent", "percentage", "points", "point", "mu", "hectares", "hectare",
              "ha", "kilometers", "kilometres", "kilometer", "kilometre", "km", "square", "meters", "metres", "m",
              "cubic", "tons", "tonnes", "ton", "t", "kg", "kilograms", "kilogram", "jin", "times", "dollars", "usd",
              "km2", "m2", "m3"}
OPEN_QUOTES = {"“", "‘", "«", "《"}
CLOSE_QUOTES = {"”", "’", "»", "》"}
HEADING_OPEN = "【"
HEADING_CLOSE = "】"


@lru_cache(maxsize=1)
def pattern_tokenizer():
    return spacy.blank("en").tokenizer


class Phrases:
    """Lower-case phrase lists matched on a Doc; matches are looked up by token position."""

    def __init__(self, doc: Doc, groups: dict[str, list[str]], longest: bool = True):
        matcher = PhraseMatcher(doc.vocab, attr="LOWER")
        tokenizer = pattern_tokenizer()
        for key, phrases in groups.items():
            if phrases:
                matcher.add(key, [tokenizer(p.lower()) for p in phrases])
        spans = matcher(doc, as_spans=True)
        self.spans = filter_spans(spans) if longest else sorted(spans, key=lambda s: (s.start, s.end))
        self.by_end: dict[int, list] = {}
        self.by_start: dict[int, list] = {}
        for span in self.spans:
            self.by_end.setdefault(span.end, []).append(span)
            self.by_start.setdefault(span.start, []).append(span)

    def ending_at(self, token_end: int, key: str | None = None) -> list:
        return [s for s in self.by_end.get(token_end, []) if key is None or s.label_ == key]

    def starting_at(self, token_start: int, key: str | None = None) -> list:
        return [s for s in self.by_start.get(token_start, []) if key is None or s.label_ == key]

    def within(self, start: int, end: int, key: str | None = None) -> list:
        return [s for s in self.spans if start <= s.start and s.end <= end and (key is None or s.label_ == key)]


@dataclass(slots=True)
class FigureView:
    """A figure with its token positions: number tokens [num_start, num_end), figure end token."""

    index: int
    figure: Figure
    num_start: int
    num_end: int
    end: int
    unit: int
    relation: str | None = None          # part_of, share, plan_completion, from, increase, decrease, comparison
    target: "FigureView | None" = None   # the figure this one qualifies or belongs to
    cue: str | None = None               # change cue direction: increase, decrease
    cue_strength: str | None = None      # strong (up/down, more/less) or weak (an increase of ...)
    compare: tuple | None = None         # ("year", 2010), ("previous",), ("other",)
    period: object = None                # periods.Context once resolved


@dataclass(slots=True)
class DocView:
    doc: Doc
    units: list[tuple[int, int]]
    unit_of: list[int]
    paragraph_of_unit: list[int]
    quoted: set[int]
    figures: list[FigureView] = field(default_factory=list)

    def unit_figures(self, unit: int) -> list[FigureView]:
        return [f for f in self.figures if f.unit == unit]

    def unit_text(self, unit: int) -> str:
        start, end = self.units[unit]
        return self.doc[start:end].text

    def unit_start_char(self, unit: int) -> int:
        return self.doc[self.units[unit][0]].idx


def _units(doc: Doc) -> list[tuple[int, int]]:
    units = []
    for sent in doc.sents:
        start = sent.start
        for tok in sent:
            if tok.text == HEADING_CLOSE or (tok.is_space and "\n" in tok.text):
                if tok.i + 1 > start:
                    units.append((start, tok.i + 1))
                start = tok.i + 1
        if start < sent.end:
            units.append((start, sent.end))
    return [(s, e) for s, e in units if any(not doc[i].is_space for i in range(s, e))]


def _paragraphs(doc: Doc, units: list[tuple[int, int]]) -> list[int]:
    """Paragraph number of each unit: a new paragraph starts after a line break."""
    para, out, last_end = 0, [], 0
    for start, end in units:
        first = next(t for t in doc[start:end] if not t.is_space)
        if "\n" in doc.text[last_end:first.idx]:
            para += 1
        out.append(para)
        last = [t for t in doc[start:end] if not t.is_space][-1]
        last_end = last.idx + len(last.text)
    return out


def _quoted(doc: Doc) -> set[int]:
    """Tokens inside curly or straight double quotes (names of documents, slogans)."""
    inside, out, straight = False, set(), False
    for tok in doc:
        if "\n" in tok.text:
            inside = straight = False
        if tok.text in OPEN_QUOTES and tok.text != "’":
            inside = True
            continue
        if tok.text == '"':
            straight = not straight
            continue
        if tok.text in CLOSE_QUOTES and tok.text != "’":
            inside = False
            continue
        if inside or straight:
            out.add(tok.i)
    return out


def split_brackets(doc: Doc) -> Doc:
    """A copy of ``doc`` with 【 and 】 as tokens of their own ("Overview】Since" -> 3 tokens).

    Same text, so character offsets still hold; sentence starts are kept.
    """
    if not any(len(t.text) > 1 and (HEADING_OPEN in t.text or HEADING_CLOSE in t.text) for t in doc):
        return doc
    words, spaces, starts = [], [], []
    for tok in doc:
        pieces, buf = [], ""
        for ch in tok.text:
            if ch in (HEADING_OPEN, HEADING_CLOSE):
                pieces += [p for p in (buf, ch) if p]
                buf = ""
            else:
                buf += ch
        pieces += [buf] if buf else []
        for n, piece in enumerate(pieces):
            words.append(piece)
            spaces.append(bool(tok.whitespace_) if n == len(pieces) - 1 else False)
            starts.append(bool(tok.is_sent_start) if n == 0 else False)
    return Doc(doc.vocab, words=words, spaces=spaces, sent_starts=starts)


def build_view(doc: Doc, extraction: Extraction) -> DocView:
    doc = split_brackets(doc)
    units = _units(doc)
    unit_of = [-1] * len(doc)
    for n, (start, end) in enumerate(units):
        for i in range(start, end):
            unit_of[i] = n
    view = DocView(doc, units, unit_of, _paragraphs(doc, units), _quoted(doc))
    for index, fig in enumerate(extraction.figures):
        view.figures.append(_figure_view(view, index, fig))
    view.figures.sort(key=lambda f: f.figure.start)
    return view


def number_span(fig: Figure) -> tuple[int, int]:
    """Character span of the numeral inside the figure's text."""
    at = fig.text.find(fig.number_text) if fig.number_text else -1
    start = fig.start + max(at, 0)
    return start, (start + len(fig.number_text)) if at >= 0 else fig.end


def _figure_view(view: DocView, index: int, fig: Figure) -> FigureView:
    doc = view.doc
    n_start, n_end = number_span(fig)
    span = doc.char_span(n_start, n_end, alignment_mode="expand")
    whole = doc.char_span(fig.start, fig.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        tok = next((t for t in doc if t.idx + len(t.text) > n_start), doc[-1])
        num_start, num_end = tok.i, tok.i + 1
    else:
        num_start, num_end = span.start, span.end
    end = max(num_end, whole.end if whole is not None else num_end)
    if fig.kind != "count":
        while end < len(doc) and doc[end].lower_ in UNIT_WORDS:
            end += 1
    unit = view.unit_of[num_start] if view.unit_of[num_start] >= 0 else 0
    return FigureView(index, fig, num_start, num_end, end, unit)


def is_year_token(tok) -> bool:
    text = tok.text
    return len(text) == 4 and text.isdigit() and 1949 <= int(text) <= 2100


def set_field(fig: Figure, name: str, value) -> None:
    """Set a Figure field if this version of the record has it (older records lack some)."""
    if name in getattr(type(fig), "__slots__", ()) or hasattr(fig, name):
        setattr(fig, name, value)
