"""A read-only view of the extractor's spaCy Doc for the meaning rules: sentence units,
paragraphs, quotes, figure token spans and phrase matches.

Nothing here builds a new Doc or walks Token objects: the view reads the token columns the
extractor already computed (``tokens.py``: text, lower-case text, character offsets,
sentence starts), finds line breaks, quotes and 【heading】 brackets with plain string
search on the source text, and maps character offsets to tokens by bisection. Phrase lists
are compiled once into PhraseMatchers (cached per vocab and lexicon) and their matches kept
as ``(start, end, label)`` tuples.

A *unit* is a sentence cut at line breaks and at a 【heading】's closing bracket, so a
heading or a title never glues onto the sentence after it. The bulletin tokenizer splits
【 and 】 off the words around them (``tok.infix.cjk_brackets``); if a doc from another
tokenizer glues a bracket to a word ("Overview】Since"), the glued token is cut after it
(character-offset rule), never by re-tokenising.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

import spacy
from spacy.attrs import IDX, LOWER, ORTH, SENT_START
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ..knowledge import unit_words
from ..records import Extraction, Figure
from .handoff import Handoff

OPEN_QUOTES = {"“", "‘", "«", "《"}
CLOSE_QUOTES = {"”", "’", "»", "》"}
HEADING_OPEN = "【"
HEADING_CLOSE = "】"
BREAKS = (";", "；")
_QUOTE_EVENTS = ("“", "‘", "«", "《", "”", "»", "》", '"')

# a phrase match: (first token, end token, label)
Match = tuple


@lru_cache(maxsize=1)
def pattern_tokenizer():
    return spacy.blank("en").tokenizer


_CACHE: dict = {}


def cached(owner, name: str, build):
    """``build()`` once per (object, name); the owner is kept alive so its id is never reused."""
    key = (id(owner), name)
    hit = _CACHE.get(key)
    if hit is None or hit[0] is not owner:
        if len(_CACHE) > 64:
            _CACHE.clear()
        hit = _CACHE[key] = (owner, build())
    return hit[1]


class PhraseSet:
    """Phrase groups compiled once into a PhraseMatcher (keys added in group order)."""

    def __init__(self, vocab, groups: dict[str, list[str]], attr: str = "LOWER", lower: bool = True):
        self.matcher = PhraseMatcher(vocab, attr=attr)
        self.labels: dict[int, str] = {}
        tokenizer = pattern_tokenizer()
        for key, phrases in groups.items():
            if phrases:
                self.labels[vocab.strings.add(key)] = key
                self.matcher.add(key, [tokenizer(p.lower() if lower else p) for p in phrases])

    def matches(self, doc: Doc) -> list[Match]:
        labels = self.labels
        return [(s, e, labels[k]) for k, s, e in self.matcher(doc)]


def _sequence(pattern: Doc) -> str:
    return "\x1f".join(t.lower_ for t in pattern)


class CompiledPhrases:
    """Every phrase list of the meaning layer in ONE lower-case PhraseMatcher.

    ``sources`` maps a source name ("indicators", "cues", "periods" ...) to its groups
    ``{label: [phrase, ...]}``. The combined matcher has one key per distinct token sequence;
    each key expands to the labels of every source that lists it, in the order a matcher of
    that source alone would report them (ties between labels on the same span are decided
    in that order downstream). ``keep`` names the labels each source is asked about (others
    are matched nowhere). Gazetteer ``forms`` are matched case-insensitively here and then
    checked token by token against the doc's text, which is exactly an ORTH match.

    ``parts`` (the extractor's ``FigurePartsMatcher``, optional) adds its phrase patterns, so
    that one pass over a doc serves both: ``collect`` gives the meaning's matches and what
    the parts' own PhraseMatcher gives (same keys, same order).
    """

    def __init__(self, vocab, sources: dict[str, dict[str, list[str]]], keep: dict[str, set[str] | None],
                 forms: list[str] = (), parts=None):
        tokenizer = pattern_tokenizer()
        patterns: dict[str, Doc] = {}
        entries: dict[str, dict[str, list]] = {}
        for source, groups in sources.items():
            alone = PhraseSet(vocab, groups)
            wanted = keep.get(source)
            for label, phrases in groups.items():
                if wanted is not None and label not in wanted:
                    continue
                for phrase in phrases:
                    pattern = tokenizer(phrase.lower())
                    seq = _sequence(pattern)
                    if not len(pattern) or source in entries.get(seq, {}):
                        continue
                    order = [lab for lab, start, end in ((alone.labels[k], s, e) for k, s, e in alone.matcher(pattern))
                             if start == 0 and end == len(pattern) and (wanted is None or lab in wanted)]
                    entries.setdefault(seq, {})[source] = order
                    patterns.setdefault(seq, pattern)
        for form in forms:
            pattern = tokenizer(form)
            if not len(pattern):
                continue
            seq = _sequence(pattern)
            entries.setdefault(seq, {}).setdefault("regions", []).append((form, [t.text for t in pattern]))
            patterns.setdefault(seq, pattern)
        part_keys: dict[str, tuple[int, ...]] = {}
        for pattern in (parts.phrase_patterns if parts is not None else ()):
            seq = _sequence(pattern)
            if not len(pattern) or seq in part_keys:
                continue
            # the keys the parts' own matcher reports on this span, in its order
            part_keys[seq] = tuple(k for k, s, e in parts.phrase_matcher(pattern) if s == 0 and e == len(pattern))
            entries.setdefault(seq, {})
            patterns.setdefault(seq, pattern)
        self.matcher = PhraseMatcher(vocab, attr="LOWER")
        self.expand: dict[int, list[tuple[str, list]]] = {}
        for seq, pattern in patterns.items():
            key = "meaning.phrase:" + seq
            self.matcher.add(key, [pattern])
            self.expand[vocab.strings.add(key)] = list(entries[seq].items())
        self.parts = parts  # kept alive: callers cache this object by the parts' id
        self.sources = list(sources) + (["regions"] if forms else [])
        self.keep = keep
        # key -> ((source index, label), ...), the region forms to check (in expand order)
        # and the parts' rule keys
        position = {source: n for n, source in enumerate(self.sources)}
        self.plan: dict[int, tuple[tuple, tuple, tuple]] = {}
        for seq, key in zip(patterns, self.expand):
            found = self.expand[key]
            labels = tuple((position[source], label) for source, labels in found if source != "regions"
                           for label in labels)
            regions = tuple(pair for source, pairs in found if source == "regions" for pair in pairs)
            self.plan[key] = (labels, regions, part_keys.get(seq, ()))

    def collect(self, matches: list, texts: list[str]) -> tuple[dict[str, list], list]:
        """(source -> its matches ``(start, end, label)`` in (start, end) order, regions giving
        ``(start, end, form)`` for exact-case matches only; the parts' phrase matches
        ``(rule key, start, end)`` in their own matcher's order), from this matcher's
        ``matches`` on a doc whose token texts are ``texts``."""
        found: list[list] = [[] for _ in self.sources]
        regions_found = found[-1] if self.sources and self.sources[-1] == "regions" else None
        parts, plan = [], self.plan
        for key, start, end in matches:
            labels, regions, rule_keys = plan[key]
            for n, label in labels:
                found[n].append((start, end, label))
            for form, words in regions:
                if texts[start:end] == words:
                    regions_found.append((start, end, form))
            for rule_key in rule_keys:
                parts.append((rule_key, start, end))
        return dict(zip(self.sources, found)), parts

    def matches(self, view: "DocView") -> dict[str, list]:
        """Source -> its matches on the view's doc (see ``collect``)."""
        return self.collect(self.matcher(view.doc), view.texts)[0]


class Phrases:
    """Matches of one phrase source on a doc, looked up by token position and label."""

    __slots__ = ("spans", "_starts", "keys", "_by_key", "_key_starts", "_start_key", "_end_key", "_texts", "view")

    def __init__(self, view: "DocView", spans: list[Match], keys: set[str] | None = None):
        self.view = view
        self.spans = spans            # in (start, end) order
        self.keys = keys              # the labels this source was matched for (None: all)
        self._starts: list[int] | None = None
        self._by_key: dict[str, list] | None = None
        self._key_starts: dict[str, list[int]] = {}
        self._start_key: dict[str, dict[int, list]] = {}
        self._end_key: dict[str, dict[int, list]] = {}
        self._texts: dict[str, set[str]] = {}

    def with_key(self, key: str) -> list[Match]:
        if self._by_key is None:
            by_key: dict[str, list] = {}
            for span in self.spans:
                by_key.setdefault(span[2], []).append(span)
            self._by_key = by_key
        if self.keys is not None and key not in self.keys:
            raise KeyError(f"phrase group {key!r} is not matched (matched: {sorted(self.keys)})")
        return self._by_key.get(key, [])

    def ending_at(self, token_end: int, key: str) -> list[Match]:
        index = self._end_key.get(key)
        if index is None:
            index = self._end_key[key] = {}
            for span in self.with_key(key):
                index.setdefault(span[1], []).append(span)
        return index.get(token_end, [])

    def starting_at(self, token_start: int, key: str) -> list[Match]:
        index = self._start_key.get(key)
        if index is None:
            index = self._start_key[key] = {}
            for span in self.with_key(key):
                index.setdefault(span[0], []).append(span)
        return index.get(token_start, [])

    def within(self, start: int, end: int, key: str | None = None) -> list[Match]:
        """Matches inside tokens [start, end), in (start, end) order."""
        if key is None:
            spans = self.spans
            if self._starts is None:
                self._starts = [s[0] for s in spans]
            starts = self._starts
        else:
            spans = self.with_key(key)
            if not spans:
                return []
            starts = self._key_starts.get(key)
            if starts is None:
                starts = self._key_starts[key] = [s[0] for s in spans]
        out = []
        for i in range(bisect_left(starts, start), len(spans)):
            span = spans[i]
            if span[0] >= end:
                break
            if span[1] <= end:
                out.append(span)
        return out

    def texts(self, key: str) -> set[str]:
        """Lower-case text of every match with this label in the doc."""
        found = self._texts.get(key)
        if found is None:
            found = self._texts[key] = {self.view.span_text(s[0], s[1]).lower() for s in self.with_key(key)}
        return found


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


def _columns(doc: Doc) -> tuple[list[str], list[str], list[int], list[int]]:
    """Token texts, lower-case texts, offsets and each token's sentence start of a doc the
    extractor handed nothing with (computed with ``to_array``)."""
    if not len(doc):
        return [], [], [], []
    array = doc.to_array([ORTH, LOWER, IDX, SENT_START])
    strings = doc.vocab.strings
    sent_first, first = [], 0
    for i, flag in enumerate(array[:, 3].tolist()):
        if flag == 1 or i == 0:
            first = i
        sent_first.append(first)
    return ([strings[h] for h in array[:, 0].tolist()], [strings[h] for h in array[:, 1].tolist()],
            array[:, 2].tolist(), sent_first)


def _char_tokens(text: str, char_starts: list[int], chars) -> list[int]:
    """Sorted distinct tokens holding any of ``chars``."""
    found = set()
    for ch in chars:
        at = text.find(ch)
        while at >= 0:
            found.add(bisect_right(char_starts, at) - 1)
            at = text.find(ch, at + 1)
    return sorted(found)


def _units(text: str, texts: list[str], char_starts: list[int], sent_first: list[int]) -> list[tuple[int, int]]:
    """Sentences cut after a line-break token and after a token holding 】.  ``sent_first``:
    each token's sentence start, or just the distinct starts."""
    n = len(texts)
    bounds = {i + 1 for i in _char_tokens(text, char_starts, ("\n",)) if texts[i].isspace()}
    bounds.update(i + 1 for i in _char_tokens(text, char_starts, (HEADING_CLOSE,)))
    bounds.update(sent_first)
    bounds.add(n)
    units, start = [], 0
    for end in sorted(bounds):
        if end > start:
            units.append((start, end))
            start = end
    return [(s, e) for s, e in units if not texts[s].isspace() or any(not texts[i].isspace() for i in range(s + 1, e))]


def _paragraphs(text: str, texts: list[str], char_starts: list[int], units: list[tuple[int, int]]) -> list[int]:
    """Paragraph number of each unit: a new paragraph starts after a line break."""
    para, out, last_end = 0, [], 0
    for start, end in units:
        first = start
        while texts[first].isspace():
            first += 1
        if text.find("\n", last_end, char_starts[first]) >= 0:
            para += 1
        out.append(para)
        last = end - 1
        while texts[last].isspace():
            last -= 1
        last_end = char_starts[last] + len(texts[last])
    return out


def _quoted(text: str, texts: list[str], char_starts: list[int]) -> bytearray:
    """Tokens inside curly or straight double quotes (names of documents, slogans)."""
    n = len(texts)
    out = bytearray(n)
    events = _char_tokens(text, char_starts, _QUOTE_EVENTS + ("\n",))
    inside = straight = False
    prev = -1
    for i in events:
        tok = texts[i]
        if "\n" in tok:
            # the line break token itself is plain (never inside after the reset)
            if (inside or straight) and i > prev + 1:
                out[prev + 1:i] = b"\x01" * (i - prev - 1)
            inside = straight = False
            prev = i
            continue
        if tok in OPEN_QUOTES or tok == '"' or tok in CLOSE_QUOTES and tok != "’":
            if (inside or straight) and i > prev + 1:
                out[prev + 1:i] = b"\x01" * (i - prev - 1)
            if tok in OPEN_QUOTES:
                inside = True
            elif tok == '"':
                straight = not straight
            else:
                inside = False
            prev = i
    if (inside or straight) and n > prev + 1:
        out[prev + 1:n] = b"\x01" * (n - prev - 1)
    return out


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

