"""The spaCy pipeline: blank English, bulletin tokenizer rules, a sentencizer and one
Matcher pass that finds numbers, units, currencies, qualifiers, dates and names.

Matches are written to ``doc.spans["figure_parts"]``; each span's ``label_`` is the
pattern label and its ``id_`` the rule id from ``data/patterns.jsonl``.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.symbols import ORTH
from spacy.tokens import Doc, Span, SpanGroup
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from .rules import load_patterns, load_tokenizer_rules

SPANS_KEY = "figure_parts"


class FigurePartsMatcher:
    """Match every pattern in one pass; keep the longest match per rule."""

    def __init__(self, nlp: Language, name: str, patterns: list[dict]):
        self.name = name
        self.matcher = Matcher(nlp.vocab)
        self.labels: dict[int, str] = {}
        by_id: dict[str, list] = {}
        for record in patterns:
            by_id.setdefault(record["id"], []).append(record["pattern"])
            self.labels[nlp.vocab.strings.add(record["id"])] = record["label"]
        for rule_id, rule_patterns in by_id.items():
            self.matcher.add(rule_id, rule_patterns, greedy="LONGEST")

    def __call__(self, doc: Doc) -> Doc:
        matches = self.matcher(doc)
        self.set_annotations(doc, matches)
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
