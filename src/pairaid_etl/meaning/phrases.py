"""Phrase lists compiled once into PhraseMatchers (cached per vocab and lexicon), and their
matches on a doc kept as ``(start, end, label)`` tuples, looked up by token position and
label (``Phrases``).
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

# a phrase match: (first token, end token, label)
Match = tuple


@lru_cache(maxsize=1)
def pattern_tokenizer():
    return spacy.blank("en").tokenizer


_CACHE: dict = {}


def any_within(spans: list[tuple[int, int]], starts: list[int], lo: int, hi: int) -> bool:
    """Whether a span of ``spans`` (sorted; ``starts`` their starts) lies inside [lo, hi)."""
    i = bisect_left(starts, lo)
    while i < len(spans) and spans[i][0] < hi:
        if spans[i][1] <= hi:
            return True
        i += 1
    return False


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

    def matches(self, view) -> dict[str, list]:
        """Source -> its matches on the doc of ``view`` (a ``context.DocView``; see ``collect``)."""
        return self.collect(self.matcher(view.doc), view.texts)[0]


class Phrases:
    """Matches of one phrase source on a doc, looked up by token position and label."""

    __slots__ = ("spans", "_starts", "keys", "_by_key", "_key_starts", "_start_key", "_end_key", "_texts", "view")

    def __init__(self, view, spans: list[Match], keys: set[str] | None = None):
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
