"""The spaCy pipeline: blank English, bulletin tokenizer rules, a sentencizer and one
component that finds numbers, units, currencies, qualifiers and month names.

Patterns come from ``data/patterns.jsonl``: token patterns go to a Matcher (one pattern,
numerals), phrase patterns to a PhraseMatcher on lower-case text (hash look-ups, so
hundreds of spellings cost about as much as one).

Matches are written to ``doc.spans["figure_parts"]``; each span's ``label_`` is the
pattern label and its ``id_`` the rule id from ``data/patterns.jsonl``.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.symbols import ORTH
from spacy.tokens import Doc, Span, SpanGroup
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from .rules import load_patterns, load_tokenizer_rules

SPANS_KEY = "figure_parts"


class FigurePartsMatcher:
    """Match token and phrase patterns; every match keeps its rule id."""

    def __init__(self, nlp: Language, name: str, patterns: list[dict]):
        self.name = name
        self.matcher = Matcher(nlp.vocab)
        self.phrase_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.labels: dict[int, str] = {}
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
            self.matcher.add(rule_id, rule_patterns)
        for rule_id, docs in phrases.items():
            self.phrase_matcher.add(rule_id, docs)

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.matcher(doc) + self.phrase_matcher(doc))
        return doc

    def set_annotations(self, doc: Doc, matches: list[tuple[int, int, int]]) -> None:
        labels = self.labels
        spans = [Span(doc, start, end, label=labels[key], span_id=key)
                 for key, start, end in matches]
        doc.spans[SPANS_KEY] = SpanGroup(doc, name=SPANS_KEY, spans=spans)


@Language.factory("figure_parts", default_config={})
def make_figure_parts(nlp: Language, name: str) -> FigurePartsMatcher:
    return FigurePartsMatcher(nlp, name, list(load_patterns()))


def _customise_tokenizer(nlp: Language) -> None:
    rules = load_tokenizer_rules()
    tokenizer = nlp.tokenizer
    prefixes = [r["regex"] for r in rules.get("prefix", [])] + list(nlp.Defaults.prefixes)
    suffixes = [r["regex"] for r in rules.get("suffix", [])] + list(nlp.Defaults.suffixes)
    infixes = [r["regex"] for r in rules.get("infix", [])] + list(nlp.Defaults.infixes)
    tokenizer.prefix_search = compile_prefix_regex(prefixes).search
    tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    for record in rules.get("special", []):
        for word in record["words"]:
            tokenizer.add_special_case(word, [{ORTH: word}])


def build_nlp() -> Language:
    """A fresh pipeline (tests use this; extraction uses the cached ``get_nlp``)."""
    nlp = spacy.blank("en")
    _customise_tokenizer(nlp)
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("figure_parts")
    return nlp


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    return build_nlp()
