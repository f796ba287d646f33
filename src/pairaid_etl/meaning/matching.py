"""All phrase lists of the meaning layer, matched on a doc in one PhraseMatcher pass.

Indicator phrases, change/relation cues, period cues, the perfect-aspect auxiliaries and
gazetteer names go into one ``CompiledPhrases`` (built once per lexicon and vocab); each
doc is matched once and every rule reads its own source's ``Phrases``.
"""

from __future__ import annotations

from .context import CompiledPhrases, DocView, Phrases, cached
from .lexicon import Lexicon

PERFECT_AUX = ("has", "have", "had")

# the labels the rules ask about; other groups of meaning_cues.toml are documentation only
PERIOD_KEYS = {"period.as_of", "period.continuation", "period.cumulative", "period.perfect_irregular",
               "period.span_lead", "period.span_unit", "period.comparison_lead", "period.ignored_lead",
               "period.since"}
CUE_KEYS = {"change.before", "change.after", "change.weak_before", "change.previous_year", "change.non_temporal",
            "relation.part", "relation.share", "relation.plan", "relation.from_to", "compare.lead"}


def indicator_groups(lexicon: Lexicon) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for ind in lexicon.indicators.values():
        groups[f"{ind.code}:plain"] = list(ind.phrases)
        groups[f"{ind.code}:strong"] = list(ind.strong)
    return groups


def cue_groups(lexicon: Lexicon) -> dict[str, list[str]]:
    groups = {f"change.{k}": v for k, v in lexicon.cues["change"].items() if isinstance(v, list)}
    groups |= {f"relation.{k}": v for k, v in lexicon.cues["relation"].items()}
    groups["compare.lead"] = lexicon.cue("period", "comparison_lead") + ["above", "below", "higher than", "lower than"]
    return groups


def period_groups(lexicon: Lexicon) -> dict[str, list[str]]:
    return {f"period.{k}": v for k, v in lexicon.cues["period"].items()}


def compiled(lexicon: Lexicon, vocab) -> CompiledPhrases:
    """The combined matcher for this lexicon and vocab (built once)."""
    from .places import gazetteer

    def build() -> CompiledPhrases:
        sources = {"indicators": indicator_groups(lexicon), "cues": cue_groups(lexicon),
                   "periods": period_groups(lexicon), "aux": {"aux": list(PERFECT_AUX)}}
        keep = {"indicators": None, "cues": CUE_KEYS, "periods": PERIOD_KEYS, "aux": None}
        return CompiledPhrases(vocab, sources, keep, list(gazetteer(lexicon).by_form))

    return cached(lexicon, ("phrases", id(vocab)), build)


def view_phrases(view: DocView, lexicon: Lexicon) -> dict[str, Phrases | list]:
    """Source -> Phrases for this doc (matched once per view); "regions" -> raw matches."""
    if view.phrases is None:
        compiled_phrases = compiled(lexicon, view.doc.vocab)
        found = compiled_phrases.matches(view)
        view.phrases = {source: spans if source == "regions" else Phrases(view, spans, compiled_phrases.keep.get(source))
                        for source, spans in found.items()}
    return view.phrases
