"""A read-only view of the extractor's spaCy Doc for the meaning rules: sentence units,
paragraphs, quotes, figure token spans and phrase matches.

Nothing here builds a new Doc or walks Token objects: the view reads the token columns the
extractor already computed (``tokens.py``: text, lower-case text, character offsets,
sentence starts), and the layout of the text (``text_units.py``: units, paragraphs, quotes,
breaks). Phrase lists and their matches are ``phrases.py``; their names are imported here
too, as the meaning rules import them from this module.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc

from ..knowledge import load_cues, unit_words
from ..records import Extraction, Figure
from .handoff import Handoff
from .phrases import CompiledPhrases, Match, Phrases, PhraseSet, cached, pattern_tokenizer
from .text_units import (BREAKS, CLOSE_QUOTES, HEADING_CLOSE, HEADING_OPEN, OPEN_QUOTES,
                         _char_tokens, _columns, _paragraphs, _quoted, _units)

__all__ = [
    "DocView", "FigureView", "build_view", "number_span", "segment",
    # defined in phrases.py and text_units.py, named here for the rules that import them from here
    "CompiledPhrases", "Match", "Phrases", "PhraseSet", "cached", "pattern_tokenizer",
    "BREAKS", "CLOSE_QUOTES", "HEADING_CLOSE", "HEADING_OPEN", "OPEN_QUOTES",
]


@dataclass(slots=True)
class FigureView:
    """A figure with its token positions: number tokens [num_start, num_end), figure end token."""

    index: int
    figure: Figure
    num_start: int
    num_end: int
    end: int
    unit: int
    first: int = 0                       # first token of Figure.text (char span expanded)
    relation: str | None = None          # part_of, share, plan_completion, from, increase, decrease, comparison
    target: "FigureView | None" = None   # the figure this one qualifies or belongs to
    cue: str | None = None               # change cue direction: increase, decrease
    cue_strength: str | None = None      # strong (up/down, more/less) or weak (an increase of ...)
    compare: tuple | None = None         # ("year", 2010), ("previous",), ("other",)
    period: object = None                # periods.Context once resolved
    segment: tuple | None = None         # (first, end) tokens of its clause, see ``segment``
    subject: str | None = None           # "donor" or "recipient": side of the last place named before it in its sentence
    elsewhere: bool = False              # its people went to work in another province ("found jobs in Beijing")


@dataclass(slots=True)
class DocView:
    doc: Doc
    text: str
    texts: list[str]                     # token texts
    lowers: list[str]                    # lower-case token texts
    char_starts: list[int]               # token character offsets
    sent_first: list[int]                # first token of each token's sentence
    units: list[tuple[int, int]]
    unit_of: list[int]
    paragraph_of_unit: list[int]
    quoted: bytearray                    # 1 for tokens inside quotation marks
    breaks: list[int]                    # tokens ";" and "；"
    figures: list[FigureView] = field(default_factory=list)
    by_unit: dict[int, list[FigureView]] = field(default_factory=dict)
    unit_starts: list[int] = field(default_factory=list)   # character offset of each unit's first token
    phrases: dict | None = None                            # source -> Phrases (matching.view_phrases)
    like_num: object = None                                # the extractor's LIKE_NUM column (numpy), if handed
    shared_matches: tuple | None = None                    # Handoff.phrase_matches, if handed

    def __len__(self) -> int:
        return len(self.texts)

    def is_sent_start(self, i: int) -> bool:
        return self.sent_first[i] == i

    def unit_figures(self, unit: int) -> list[FigureView]:
        return self.by_unit.get(unit, [])

    def span_text(self, start: int, end: int) -> str:
        """``doc[start:end].text`` from the source text."""
        if end <= start:
            return ""
        return self.text[self.char_starts[start]:self.char_starts[end - 1] + len(self.texts[end - 1])]

    def unit_start_char(self, unit: int) -> int:
        return self.unit_starts[unit]

    def token_at(self, char: int) -> int:
        """The token whose text or trailing space holds ``char`` (-1 outside the text)."""
        if char < 0 or char >= len(self.text):
            return -1
        return bisect_right(self.char_starts, char) - 1

    def char_span(self, start_char: int, end_char: int) -> tuple[int, int] | None:
        """``doc.char_span(start_char, end_char, alignment_mode="expand")`` as token bounds."""
        start = self.token_at(start_char)
        if start < 0:
            return None
        end = self.token_at(end_char - 1)
        if end < 0:
            return None
        if start_char == self.char_starts[start] + len(self.texts[start]):
            start += 1
        return start, end + 1

    def breaks_between(self, start: int, end: int) -> list[int]:
        lo, hi = bisect_left(self.breaks, start), bisect_left(self.breaks, end)
        return self.breaks[lo:hi]


def build_view(doc: Doc, extraction: Extraction, handoff: Handoff | None = None) -> DocView:
    """The view of ``doc``, from what the extractor handed (``handoff``) or else the doc."""
    if handoff is not None:
        text, columns = handoff.text, handoff.columns
        texts, lowers, char_starts, sent_first = columns.text, columns.lower, columns.idx, columns.sent_first
        sent_starts = columns.sent_starts if columns.sent_starts is not None else sent_first
    else:
        text = doc.text
        texts, lowers, char_starts, sent_first = _columns(doc)
        sent_starts = sent_first
    units = _units(text, texts, char_starts, sent_starts) if texts else []
    unit_of = [-1] * len(texts)
    for n, (start, end) in enumerate(units):
        unit_of[start:end] = [n] * (end - start)
    paragraphs = _paragraphs(text, texts, char_starts, units)
    breaks = [i for i in _char_tokens(text, char_starts, BREAKS) if texts[i] in BREAKS] if texts else []
    quoted = _quoted(text, texts, char_starts) if texts else bytearray()
    view = DocView(doc, text, texts, lowers, char_starts, sent_first, units, unit_of, paragraphs, quoted, breaks)
    view.unit_starts = [char_starts[start] for start, _ in units]
    if handoff is not None:
        view.like_num, view.shared_matches = handoff.columns.like_num, handoff.phrase_matches
    spans = _figure_tokens(handoff.figure_tokens if handoff else None, extraction, texts, char_starts)
    for index, fig in enumerate(extraction.figures):
        view.figures.append(_figure_view(view, index, fig, spans[index] if spans else None))
    view.figures.sort(key=lambda f: f.figure.start)
    for fv in view.figures:
        view.by_unit.setdefault(fv.unit, []).append(fv)
    return view


def number_span(fig: Figure) -> tuple[int, int]:
    """Character span of the numeral inside the figure's text."""
    at = fig.text.find(fig.number_text) if fig.number_text else -1
    start = fig.start + max(at, 0)
    return start, (start + len(fig.number_text)) if at >= 0 else fig.end


def _figure_tokens(spans: list | None, extraction: Extraction, texts: list[str],
                   char_starts: list[int]) -> list | None:
    """The extractor's token span of each figure (``Handoff.figure_tokens``), if it is there
    and still agrees with every figure's offsets and text; else None."""
    figures = extraction.figures
    if spans is None or len(spans) != len(figures):
        return None
    for (start, end), fig in zip(spans, figures):
        if not (0 <= start < end <= len(texts)) or char_starts[start] != fig.start \
                or char_starts[end - 1] + len(texts[end - 1]) != fig.end or fig.number_text != fig.text:
            return None
    return spans


def _figure_view(view: DocView, index: int, fig: Figure, tokens: tuple[int, int] | None = None) -> FigureView:
    """``tokens``: the figure's own token span when known (then the numeral is the whole text)."""
    texts, lowers, char_starts = view.texts, view.lowers, view.char_starts
    if tokens is not None:
        span = whole = tokens
    else:
        n_start, n_end = number_span(fig)
        span = view.char_span(n_start, n_end)
        whole = view.char_span(fig.start, fig.end)
    if span is None or span[1] <= span[0]:
        tok = next((i for i in range(len(texts)) if char_starts[i] + len(texts[i]) > n_start), len(texts) - 1)
        num_start, num_end = tok, tok + 1
    else:
        num_start, num_end = span
    end = max(num_end, whole[1] if whole is not None else num_end)
    if fig.kind != "count":  # the unit words the extractor left outside Figure.text
        words = unit_words()
        while end < len(texts) and lowers[end] in words:
            end += 1
    unit = view.unit_of[num_start] if view.unit_of[num_start] >= 0 else 0
    first = min(whole[0], num_start) if whole is not None else num_start
    return FigureView(index, fig, num_start, num_end, end, unit, first)


def segment(view: DocView, fv: FigureView) -> tuple[int, int]:
    """The figure's clause: its unit cut at the semicolons around it (computed once)."""
    found = fv.segment
    if found is None:
        start, end = view.units[fv.unit]
        breaks = view.breaks
        if breaks:
            i = bisect_left(breaks, fv.num_start) - 1
            if i >= 0 and breaks[i] >= start:
                start = breaks[i] + 1
            j = bisect_left(breaks, fv.end)
            if j < len(breaks) and breaks[j] < end:
                end = breaks[j]
        found = fv.segment = (start, end)
    return found


@lru_cache(maxsize=1)
def _stretch_joins() -> frozenset[str]:
    return frozenset(load_cues()["relation"]["own_words_end"])


def own_stretch(view: DocView, fv: FigureView) -> tuple[int, int]:
    """Tokens of the figure's clause that belong to it alone: after the previous figure (and
    after the last comma or "and" that closes that figure's own words), up to its number."""
    lo, _ = segment(view, fv)
    earlier = [o.end for o in view.unit_figures(fv.unit) if o.end <= fv.num_start and o is not fv]
    if not earlier or max(earlier) < lo:
        return lo, fv.num_start
    start = max(earlier)
    joins = [i for i in range(start, fv.num_start) if view.lowers[i] in _stretch_joins()]
    return (joins[-1] + 1 if joins else start), fv.num_start
