"""One group or amount counted twice: "10,337 households and 41,348 people were relocated",
"2.86 billion yuan (about 426 million U.S. dollars)".

Bulletins often count the same people as households and as persons side by side. Both
figures carry the same indicator, but only the person count answers "how many people": the
household count gets relation ``same_group`` pointing at it, so views that list levels keep
one value, not two. Which items count households and which words may join the pair are data
(meaning_cues.toml [relation] household_items, same_group_links).
"""

from __future__ import annotations

from .context import DocView, FigureView
from .lexicon import Lexicon

NOUN_WORDS = 4  # words of the first figure's noun phrase before the joining words


def pair_households(view: DocView, lexicon: Lexicon) -> None:
    """Mark household counts that sit right beside a person count of the same indicator."""
    households = frozenset(lexicon.cue("relation", "household_items"))
    people = frozenset(lexicon.cue("relation", "people_items"))
    links = frozenset(lexicon.cue("relation", "same_group_links"))
    for unit in view.by_unit:
        figs = view.unit_figures(unit)
        for a, b in zip(figs, figs[1:]):
            if a.figure.item in households and b.figure.item in people:
                house, person = a, b
            elif b.figure.item in households and a.figure.item in people:
                house, person = b, a
            else:
                continue
            if not _joined(view, a, b, links):
                continue
            _share_indicator(lexicon, house, person)
            if _same_measure(house, person):
                house.relation, house.target = "same_group", person


def _share_indicator(lexicon: Lexicon, house: FigureView, person: FigureView) -> None:
    """The pair shares its verb: "1,150 households and 4,620 people in Chongqing were
    relocated". A household count that only its item's default decided takes the person
    count's indicator, when that indicator counts households too."""
    h, p = house.figure, person.figure
    weak = h.indicator is None or (h.indicator_rule or "").startswith("indicator.item_default")
    ind = lexicon.indicators.get(p.indicator) if p.indicator else None
    if weak and ind is not None and h.item in ind.items and h.indicator != p.indicator:
        h.indicator, h.indicator_rule = p.indicator, "indicator.same_group"


def _same_measure(house: FigureView, person: FigureView) -> bool:
    h, p = house.figure, person.figure
    # both levels, or both parts ("..., including 1,150 households with 5,480 people in 2012")
    return (h.kind == p.kind == "count" and h.indicator is not None and h.indicator == p.indicator
            and house.relation == person.relation and house.relation in (None, "part_of", "included_in"))


def _joined(view: DocView, a: FigureView, b: FigureView, links: frozenset[str]) -> bool:
    """Only the first figure's noun phrase ("low-income rural households") and then joining
    words ("and") before the second's number."""
    between = [w for w in view.lowers[a.end:b.first] if not w.isspace() and w != "-"]
    noun = 0
    while noun < len(between) and between[noun] not in links and between[noun].isalpha():
        noun += 1
    joining = between[noun:]
    return noun <= NOUN_WORDS and 0 < len(joining) <= 2 and all(w in links for w in joining)


def pair_conversions(view: DocView, lexicon: Lexicon) -> None:
    """"2.86 billion yuan (about 426 million U.S. dollars)": an amount in brackets right after
    another of the same kind in another unit is the same amount converted (relation
    ``same_group``), not a second value ([relation] conversion_links)."""
    links = frozenset(lexicon.cue("relation", "conversion_links"))
    for unit in view.by_unit:
        figs = view.unit_figures(unit)
        for a, b in zip(figs, figs[1:]):
            fa, fb = a.figure, b.figure
            if fa.kind != fb.kind or fa.unit == fb.unit or b.relation is not None:
                continue
            between = [w for w in view.lowers[a.end:b.first] if not w.isspace()]
            if between and between[0] in ("(", "（") and all(w in links for w in between):
                b.relation, b.target = "same_group", a
                for o in figs:  # "..., up 25% over 2014, of which ...": of the amount, not of its conversion
                    if o.target is b:
                        o.target = a
                        if (o.figure.indicator_rule or "").startswith("indicator.inherited"):
                            o.figure.indicator = fa.indicator  # and what it measures with it
