"""Funds of one source after the total they belong to.

"In 2009, 1.408 billion Yuan of financial anti-poverty funds was invested ... The funds from
the central government reached 1.024 billion Yuan, and the provincial matching funds reached
71 million Yuan." The later amounts name where the money came from (a source scope, data:
meaning_cues.toml [relation] source_scope) and are smaller than an earlier total of the same
indicator in the same paragraph that names no source: they are included in it (relation
``included_in``), so the total stays the one level an analyst reads for the year.
"""

from __future__ import annotations

from .context import DocView, FigureView, own_stretch
from .lexicon import Lexicon
from .matching import view_phrases
from .phrases import any_within
from .places import NAMED_RULES

SOURCE_REACH = 4  # how far after an amount its "(coming) from the central government" is read


def include_source_parts(view: DocView, lexicon: Lexicon) -> None:
    spans = view_phrases(view, lexicon)["cues"].with_key("relation.source_scope")
    if not spans:
        return
    scopes = (spans, [s[0] for s in spans])
    scoped = {fv.index: _names_source(view, fv, scopes) for fv in view.figures if fv.figure.kind == "money"}
    for position, fv in enumerate(view.figures):
        if not scoped.get(fv.index) or fv.relation is not None or fv.figure.indicator is None:
            continue
        whole = _total_before(view, view.figures[:position], fv, scoped)
        if whole is not None:
            fv.relation, fv.target = "included_in", whole


def _names_source(view: DocView, fv: FigureView, scopes: tuple[list, list[int]]) -> bool:
    spans, starts = scopes
    lo, hi = own_stretch(view, fv)
    if any_within(spans, starts, lo, hi):
        return True
    # "1.0 billion Yuan of central funds"
    if view.lowers[fv.end:fv.end + 1] == ["of"] and any_within(spans, starts, fv.end, fv.end + 4):
        return True
    # "with 6.27 billion yuan coming from the central government"
    lowers = view.lowers
    return any(lowers[k] == "from" and any_within(spans, starts, k + 1, k + 1 + SOURCE_REACH)
               for k in range(fv.end, min(len(lowers), fv.end + SOURCE_REACH)))


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


def wholes_over_provinces(view: DocView) -> None:
    """A total whose parts go to places in several provinces ("1.913 billion Yuan for the
    above areas, of which 411 million Yuan was for Naqu of Tibet, 165 million Yuan for
    Fengjie ...") is no one province's: the place named near it is only one of them."""
    provinces: dict[int, set] = {}
    for fv in view.figures:
        if fv.relation in ("part_of", "included_in") and fv.target is not None:
            provinces.setdefault(id(fv.target), set()).add(fv.figure.province)
    for fv in view.figures:
        found = provinces.get(id(fv))
        if found and len(found) > 1 and fv.figure.province is not None:
            fv.figure.province = fv.figure.recipient = None
            fv.figure.place_rule = "place.parts_in_several_provinces"


def parts_of_areas(view: DocView) -> None:
    """"85 counties (cities, districts) of the contiguous areas of Yunnan, Guangxi and Guizhou,
    of which 70 were key counties": a part that names no place of its own lies where its whole
    does, in no one province when the whole spans several."""
    for fv in view.figures:
        whole = fv.target
        if fv.relation in ("part_of", "included_in") and whole is not None and whole.figure.province is None \
                and fv.figure.place_rule not in NAMED_RULES:
            fv.figure.province, fv.figure.recipient = None, whole.figure.recipient
            fv.figure.place_rule = "place.part_of_area"
