"""Parts and wholes within a sentence: "1.764 million households and 4.174 million people, of
whom 1.34 million households and 3.189 million people ...", "Among them, ...", "1.43 million
of whom lived in ...", "31 of them in ..."; and the narrower scopes that are levels of their
own ("74 counties, of which 34 are key counties"). Called by ``changes.find_relations``; the
cues are data (meaning_cues.toml [relation]).
"""

from __future__ import annotations

from ..knowledge import load_cues
from .context import DocView, FigureView, Phrases

COPULAS = frozenset(load_cues()["relation"]["scope_copulas"])
SCOPE_WORDS = 2  # words between a copula and the phrase naming a part's scope ("are national key counties")
POSTPOSED = frozenset(load_cues()["relation"]["postposed_part"])  # "1.43 million of whom ..."
PART_REACH = 6  # words from a part cue to its first part ("of which material donations valued 12 million")


def _same_count(a, b, people_items: frozenset[str]) -> bool:
    """Same kind, and for counts the same item or two groups of people."""
    if a.kind != b.kind:
        return False
    return a.kind != "count" or a.item == b.item or (a.item in people_items and b.item in people_items)


def _opens_unit(view: DocView, unit: int, token: int) -> bool:
    """Whether only spaces come before ``token`` in its unit ("Among them, 1.6 million ...")."""
    return all(view.texts[i].isspace() for i in range(view.units[unit][0], token))


def _earlier_figures(view: DocView, unit: int) -> list[FigureView]:
    """The figures of the sentence before ``unit`` in the same paragraph: what a sentence that
    opens with a part cue ("Among them, ...") divides."""
    if unit == 0 or view.paragraph_of_unit[unit - 1] != view.paragraph_of_unit[unit]:
        return []
    return view.unit_figures(unit - 1)


def _names_scope(view: DocView, part: FigureView, scopes: set[int]) -> bool:
    """A count, a copula, and a phrase that names what is counted: "34 are key counties"
    (``scopes``: tokens where an indicator phrase starts)."""
    at = part.end
    return part.figure.kind == "count" and at + 1 < len(view.lowers) and view.lowers[at] in COPULAS \
        and view.lowers[at + 1] != "not" and any(k in scopes for k in range(at + 1, at + SCOPE_WORDS + 1))


def find_parts(view: DocView, ph: Phrases, figs: list[FigureView], people_items: frozenset[str],
           exhaustive_cues: frozenset[str], scopes: set[int] = frozenset()) -> None:
    """Each part after a part cue belongs to the nearest earlier figure counting the same thing
    ("1.764 million households and 4.174 million people, of whom 1.34 million households and
    3.189 million people ..."): households to households, people to people."""
    unit = figs[0].unit if figs else 0
    start, end = view.units[unit] if figs else (0, 0)
    for cue in ph.within(start, end, "relation.part"):
        cue_start, cue_end = cue[0], cue[1]
        before = [f for f in figs if f.end <= cue_start]
        if not before and _opens_unit(view, unit, cue_start):
            before = _earlier_figures(view, unit)
        after = [f for f in figs if f.num_start >= cue_end]
        stops = view.breaks_between(cue_end, end)
        stop = stops[0] if stops else end
        after = [f for f in after if f.num_start < stop]
        if before and before[-1].end == cue_start and before[-1].relation is None and \
                view.span_text(cue_start, cue_end).lower() in POSTPOSED:
            # "1.65 million poor people ..., 1.43 million of whom lived in ...": the part comes first;
            # "66 counties, 50 of which are national key counties" names a narrower scope, a level
            if view.lowers[cue_end:cue_end + 1] and view.lowers[cue_end] in COPULAS:
                continue
            part = before[-1]
            part.target = next((f for f in reversed(before[:-1]) if _same_count(f.figure, part.figure, people_items)),
                               None)
            exhaustive = view.span_text(cue_start, cue_end).lower() in exhaustive_cues
            part.relation = ("part_of" if exhaustive else "included_in") if part.target is not None else None
            continue
        if not before or not after or after[0].first - cue_end > PART_REACH:
            continue  # "donations in kind, including clothes, quilts ..., were worth 2.31 million": a list, not a part
        first = after[0].figure
        if not any(_same_count(f.figure, first, people_items) for f in before):
            continue
        exhaustive = view.span_text(cue_start, cue_end).lower() in exhaustive_cues
        for part in after:
            whole = next((f for f in reversed(before) if _same_count(f.figure, part.figure, people_items)), None)
            if whole is not None and _names_scope(view, part, scopes) and whole.figure.province == part.figure.province:
                continue  # "74 counties, of which 34 are key counties": a narrower scope, a level
            if part.relation is None and whole is not None:
                part.relation = "part_of" if exhaustive else "included_in"
                part.target = whole
