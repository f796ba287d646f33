"""Funds of one source after the total they belong to.

"In 2009, 1.408 billion Yuan of financial anti-poverty funds was invested ... The funds from
the central government reached 1.024 billion Yuan, and the provincial matching funds reached
71 million Yuan." The later amounts name where the money came from (a source scope, data:
meaning_cues.toml [relation] source_scope) and are smaller than an earlier total of the same
indicator in the same paragraph that names no source: they are included in it (relation
``included_in``), so the total stays the one level an analyst reads for the year.
"""

from __future__ import annotations

from .context import DocView, FigureView
from .lexicon import Lexicon
from .phrases import Sequences, cue_sequences
from .structure import own_stretch

def include_source_parts(view: DocView, lexicon: Lexicon) -> None:
    scopes = cue_sequences(lexicon, "relation", "source_scope")
    scoped = {fv.index: _names_source(view, fv, scopes) for fv in view.figures if fv.figure.kind == "money"}
    for position, fv in enumerate(view.figures):
        if not scoped.get(fv.index) or fv.relation is not None or fv.figure.indicator is None:
            continue
        whole = _total_before(view, view.figures[:position], fv, scoped)
        if whole is not None:
            fv.relation, fv.target = "included_in", whole


def _names_source(view: DocView, fv: FigureView, scopes: Sequences) -> bool:
    lo, hi = own_stretch(view, fv)
    words = view.lowers[lo:hi]
    if view.lowers[fv.end:fv.end + 1] == ["of"]:  # "1.0 billion Yuan of central funds"
        words = words + view.lowers[fv.end:fv.end + 4]
    return scopes.in_words(words)


def _total_before(view: DocView, earlier: list[FigureView], fv: FigureView,
                  scoped: dict[int, bool]) -> FigureView | None:
    paragraph = view.paragraph_of_unit[fv.unit]
    fig = fv.figure
    for other in reversed(earlier):
        if view.paragraph_of_unit[other.unit] != paragraph:
            return None
        o = other.figure
        if (o.kind == fig.kind and o.indicator == fig.indicator and other.relation is None
                and not scoped.get(other.index) and o.value is not None and fig.value is not None
                and o.value > fig.value and o.year == fig.year):
            return other
    return None
