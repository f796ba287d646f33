"""The spaCy pipeline: blank English, bulletin tokenizer rules, a sentencizer and one
component that finds numbers, units, currencies, qualifiers and month names.

Patterns come from ``data/patterns.jsonl``: token patterns go to a Matcher (one pattern,
numerals), phrase patterns to a PhraseMatcher on lower-case text (hash look-ups, so
hundreds of spellings cost about as much as one).

Matches are written to ``doc.spans["figure_parts"]``; each span's ``label_`` is the
pattern label and its ``id_`` the rule id from ``data/patterns.jsonl``.

Extraction itself takes a faster road to the same result (``make_doc`` + ``find_parts``):
- the tokenizer's special cases ("person-times") are given as a ``token_match`` instead:
  spaCy stops caching a document's chunks after the first special-case hit, which made
  the tokenizer three times slower than the blank one. The two tokenizers split alike;
  a text where a special word is not one token (only the exact tokenizer's retokenising
  pass could change it) is tokenised by the exact tokenizer;
- the one-token pattern ``[{"LIKE_NUM": true}]`` is read from the token column
  (``Doc.to_array``) rather than run through the Matcher, and matches stay
  ``(key, start, end)`` tuples (no Span objects);
- no sentencizer runs: ``tokens.sentence_starts`` computes the sentencizer's boundaries from
  token columns (``tokens.py`` uses it).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

import numpy
import spacy
from spacy.attrs import IDS, LIKE_NUM
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.symbols import ORTH
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span, SpanGroup
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from ..knowledge import load_patterns, load_tokenizer_rules

SPANS_KEY = "figure_parts"
LIKE_NUM_PATTERN = [{"LIKE_NUM": True}]


class FigurePartsMatcher:
    """Match token and phrase patterns; every match keeps its rule id."""

    def __init__(self, nlp: Language, name: str, patterns: list[dict]):
        self.name = name
        self.vocab = nlp.vocab
        self._rules: dict[int, tuple[str, str]] = {}
        self.matcher = Matcher(nlp.vocab)
        self.phrase_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.labels: dict[int, str] = {}
        self.like_num_keys: list[int] = []  # rules whose only pattern is [{"LIKE_NUM": true}]
        tokens: dict[str, list] = {}
        phrases: dict[str, list] = {}
        for record in patterns:
            self.labels[nlp.vocab.strings.add(record["id"])] = record["label"]
            pattern = record["pattern"]
            if isinstance(pattern, str):
                phrases.setdefault(record["id"], []).append(nlp.make_doc(pattern))
            else:
                tokens.setdefault(record["id"], []).append(pattern)
        for rule_id, rule_patterns in tokens.items():
            if all(p == LIKE_NUM_PATTERN for p in rule_patterns):
                self.like_num_keys.append(nlp.vocab.strings.add(rule_id))
            else:
                self.matcher.add(rule_id, rule_patterns)
        self.phrase_patterns: list[Doc] = []  # every phrase pattern (meaning.phrase_pass reuses them)
        for rule_id, docs in phrases.items():
            self.phrase_matcher.add(rule_id, docs)
            self.phrase_patterns.extend(docs)

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc

    def find(self, doc: Doc, like_num=None, phrase_matches=None) -> list[tuple[int, int, int]]:
        """``(rule key, start, end)`` of every match: what ``Matcher + PhraseMatcher`` give.
        ``like_num`` is the doc's LIKE_NUM column if the caller has it; ``phrase_matches``
        what the PhraseMatcher gives, if a combined pass already found them."""
        matches = []
        if self.like_num_keys:
            if like_num is None:
                like_num = doc.to_array([LIKE_NUM]) if len(doc) else numpy.zeros(0)
            at = numpy.flatnonzero(like_num).tolist()
            for key in self.like_num_keys:
                matches.extend([(key, i, i + 1) for i in at])
        if len(self.matcher):
            matches.extend(self.matcher(doc))
        matches.extend(self.phrase_matcher(doc) if phrase_matches is None else phrase_matches)
        return matches

    def rule_of(self, key: int) -> tuple[str, str]:
        """(label, rule id) of a match key."""
        found = self._rules.get(key)
        if found is None:
            found = self._rules[key] = (self.labels[key], self.vocab.strings[key])
        return found

    def set_annotations(self, doc: Doc, matches: list[tuple[int, int, int]]) -> None:
        labels = self.labels
        spans = [Span(doc, start, end, label=labels[key], span_id=key)
                 for key, start, end in matches]
        doc.spans[SPANS_KEY] = SpanGroup(doc, name=SPANS_KEY, spans=spans)


@Language.factory("figure_parts", default_config={})
def make_figure_parts(nlp: Language, name: str) -> FigurePartsMatcher:
    return FigurePartsMatcher(nlp, name, list(load_patterns()))


def _affix_functions(nlp: Language) -> tuple:
    rules = load_tokenizer_rules()
    prefixes = [r["regex"] for r in rules.get("prefix", [])] + list(nlp.Defaults.prefixes)
    suffixes = [r["regex"] for r in rules.get("suffix", [])] + list(nlp.Defaults.suffixes)
    infixes = [r["regex"] for r in rules.get("infix", [])] + list(nlp.Defaults.infixes)
    return (compile_prefix_regex(prefixes).search, compile_suffix_regex(suffixes).search,
            compile_infix_regex(infixes).finditer)


def special_words() -> list[str]:
    return [word for record in load_tokenizer_rules().get("special", []) for word in record["words"]]


def _customise_tokenizer(nlp: Language) -> None:
    tokenizer = nlp.tokenizer
    tokenizer.prefix_search, tokenizer.suffix_search, tokenizer.infix_finditer = _affix_functions(nlp)
    for word in special_words():
        tokenizer.add_special_case(word, [{ORTH: word}])


# Lexical attributes the rules, matchers and sentencizer read. spaCy computes every getter
# of the vocabulary for each word the first time it sees it: on unseen bulletins that cost
# a tenth of extraction, mostly for attributes nothing here reads (shape, URL and e-mail
# tests, affixes, stop words). The others are left at their defaults.
LEXICAL_ATTRIBUTES = frozenset({"LOWER", "NORM", "LIKE_NUM", "IS_PUNCT", "IS_ALPHA", "IS_DIGIT", "IS_SPACE"})


def build_nlp() -> Language:
    """A fresh pipeline (tests use this; extraction uses the cached ``get_nlp``)."""
    nlp = spacy.blank("en")
    kept = {IDS[name] for name in LEXICAL_ATTRIBUTES}
    nlp.vocab.lex_attr_getters = {attr: get for attr, get in nlp.vocab.lex_attr_getters.items() if attr in kept}
    _customise_tokenizer(nlp)
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("figure_parts")
    return nlp


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    return build_nlp()


class FastTokenizer:
    """``get_nlp().tokenizer`` with the special words as a ``token_match`` (see the module
    docstring); falls back to the exact tokenizer when a special word is not one token."""

    def __init__(self, nlp: Language):
        exact = nlp.tokenizer
        self.exact = exact
        self.words = sorted(set(special_words()), key=len, reverse=True)
        self.word_set = frozenset(self.words)
        rules = {k: v for k, v in exact.rules.items() if k not in self.word_set}
        own = re.compile("(?:" + "|".join(re.escape(w) for w in self.words) + r")\Z").match \
            if self.words else None
        other = exact.token_match
        if own is not None and other is not None:
            token_match = lambda s: own(s) or other(s)  # noqa: E731
        else:
            token_match = own or other
        self.fast = Tokenizer(nlp.vocab, rules=rules, prefix_search=exact.prefix_search,
                              suffix_search=exact.suffix_search, infix_finditer=exact.infix_finditer,
                              token_match=token_match, url_match=exact.url_match,
                              faster_heuristics=exact.faster_heuristics,
                              max_cache_size=exact.max_cache_size)
        self.firsts = sorted({w.split("-")[0] + "-" if "-" in w else w for w in self.words})

    def __call__(self, text: str) -> Doc:
        doc = self.fast(text)
        if self.words and any(f in text for f in self.firsts):
            from .tokens import _columns, set_source
            set_source(doc, text)
            columns = _columns(doc)
            if not self._specials_whole(columns.idx, columns.text, text):
                return self.exact(text)
        return doc

    def _specials_whole(self, idx: list[int], texts: list[str], text: str) -> bool:
        """Is every occurrence of a special word one token (or inside a longer special word
        that is one token)?"""
        for word in self.words:
            at = text.find(word)
            while at >= 0:
                i = bisect_left(idx, at)
                if i >= len(idx) or idx[i] != at or len(texts[i]) < len(word) \
                        or texts[i] not in self.word_set:
                    return False
                at = text.find(word, at + 1)
        return True


@lru_cache(maxsize=1)
def fast_tokenizer() -> FastTokenizer:
    return FastTokenizer(get_nlp())


def make_doc(text: str) -> Doc:
    """The doc ``get_nlp().make_doc(text)`` makes, made faster (see the module docstring)."""
    return fast_tokenizer()(text)


def figure_parts() -> FigurePartsMatcher:
    return get_nlp().get_pipe("figure_parts")
