"""All phrase lists of the meaning layer, matched on a doc in one PhraseMatcher pass.

Indicator phrases, change/relation cues, period cues, the perfect-aspect auxiliaries
(meaning_cues.toml [period] perfect_aux) and
gazetteer names go into one ``CompiledPhrases`` (built once per lexicon and vocab); each
doc is matched once and every rule reads its own source's ``Phrases``.
"""

from __future__ import annotations

from spacy.tokens import Doc

from .context import CompiledPhrases, DocView, Phrases, cached
from .gazetteer import gazetteer
from .lexicon import Lexicon, load_lexicon

# the phrase groups of meaning_cues.toml matched on a doc, as labels "<table>.<key>" (in file
# order); the other keys are word lists the rules read directly (range_mid, perfect_aux ...)
PERIOD_KEYS = ("period.last_year", "period.this_year", "period.cumulative", "period.as_of", "period.since",
               "period.span_lead", "period.span_unit", "period.comparison_lead", "period.ignored_lead", "period.opening_lead", "period.same_period",
               "period.continuation", "period.perfect_irregular", "period.plan_period", "period.year_earlier",
               "period.running_total_verbs", "period.running_total_leads")
CUE_KEYS = ("change.before", "change.after", "change.weak_before", "change.previous_year", "change.non_temporal",
            "relation.part", "relation.share", "relation.plan", "relation.from_to", "relation.from_back", "relation.target",
            "relation.source_scope", "structure.aid_purpose", "structure.poverty_purpose", "place.subnational_words",
            "structure.figure_anaphora", "structure.poor_level_to", "counties.exit_words", "compare.lead")
# source -> the labels matched for it (None: all)
KEEP = {"indicators": None, "cues": set(CUE_KEYS), "periods": set(PERIOD_KEYS), "aux": None}


def indicator_groups(lexicon: Lexicon) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for ind in lexicon.indicators.values():
        groups[f"{ind.code}:plain"] = list(ind.phrases)
        groups[f"{ind.code}:strong"] = list(ind.strong)
    return groups


def _groups(lexicon: Lexicon, labels: tuple[str, ...]) -> dict[str, list[str]]:
    return {label: lexicon.cue(*label.split(".")) for label in labels if not label.startswith("compare.")}


def cue_groups(lexicon: Lexicon) -> dict[str, list[str]]:
    groups = _groups(lexicon, CUE_KEYS)
    groups["compare.lead"] = lexicon.cue("period", "comparison_lead") + lexicon.cue("change", "comparison_words")
    return groups


def period_groups(lexicon: Lexicon) -> dict[str, list[str]]:
    groups = _groups(lexicon, tuple(k for k in PERIOD_KEYS if k != "period.plan_period"))
    groups["period.plan_period"] = [f"{lead} {ordinal} {words}" for lead in lexicon.cue("period", "plan_leads")
                                    for forms in lexicon.cue("period", "plan_ordinals") for ordinal in forms.split()
                                    for words in lexicon.cue("period", "plan_words")]
    return groups


def compiled(lexicon: Lexicon, vocab, parts=None) -> CompiledPhrases:
    """The combined matcher for this lexicon and vocab (and the extractor's figure parts
    matcher, if given; built once)."""
    def build() -> CompiledPhrases:
        sources = {"indicators": indicator_groups(lexicon), "cues": cue_groups(lexicon),
                   "periods": period_groups(lexicon), "aux": {"aux": lexicon.cue("period", "perfect_aux")}}
        return CompiledPhrases(vocab, sources, KEEP, list(gazetteer(lexicon).by_form), parts)

    return cached(lexicon, ("phrases", id(vocab), id(parts)), build)  # the result keeps vocab and parts alive


def phrase_pass(doc: Doc, parts, texts: list[str], lexicon: Lexicon | None = None) -> tuple[list, tuple]:
    """ONE PhraseMatcher pass for the extractor and the meaning layer (matching costs per
    token, not per phrase): returns what ``parts.phrase_matcher(doc)`` gives, and the
    meaning's matches as ``(lexicon, found)`` for ``Handoff.phrase_matches``.
    ``texts``: the doc's token texts."""
    lexicon = lexicon or load_lexicon()
    compiled_phrases = compiled(lexicon, doc.vocab, parts)
    found, part_matches = compiled_phrases.collect(compiled_phrases.matcher(doc), texts)
    return part_matches, (lexicon, found)


def view_phrases(view: DocView, lexicon: Lexicon) -> dict[str, Phrases | list]:
    """Source -> Phrases for this doc (matched once per view, or taken from ``phrase_pass``);
    "regions" -> raw matches."""
    if view.phrases is None:
        done = view.shared_matches
        if done is not None and done[0] is lexicon:
            found = done[1]
        else:
            found = compiled(lexicon, view.doc.vocab).matches(view)
        keep = KEEP
        view.phrases = {source: spans if source == "regions" else Phrases(view, spans, keep.get(source))
                        for source, spans in found.items()}
    return view.phrases
