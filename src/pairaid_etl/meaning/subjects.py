"""The sentence's subject place and who gives: "Guangdong Provincial government allocated 29.3
million Yuan" (the last place before a figure, and its side), "Zhejiang Province continued to
help the poor areas of Jilin, providing 26 million Yuan" (a giver opening the sentence).
"""

from __future__ import annotations

from bisect import bisect_left

from ..knowledge import load_cues
from .context import DocView, FigureView
from .gazetteer import choose_region

RELATIVE_WORDS = frozenset(load_cues()["place"]["relative_words"])  # ", which ..."


def subject_side(view: DocView, mentions, starts: list[int], fv: FigureView, donor_side: set[str],
                 context: set[str]) -> tuple[str | None, str | None]:
    """The last place named before the figure in its sentence, and its side: ("donor",
    "Guangdong") for "Guangdong Provincial government allocated 29.3 million Yuan"."""
    k = subject_mention(view, starts, fv)
    if k is None:
        return None, None
    name = choose_region(mentions[k][2], context).name
    return ("donor" if name in donor_side else "recipient"), name


def subject_mention(view: DocView, starts: list[int], fv: FigureView) -> int | None:
    """Index of the last place mention before the figure in its sentence, outside a relative
    clause ("Shenzhen, which is paired with Baise and Hechi, has built 37 schools")."""
    unit_start = view.units[fv.unit][0]
    k = bisect_left(starts, fv.num_start) - 1
    while k >= 0 and starts[k] >= unit_start and in_relative_clause(view, starts[k], fv.num_start):
        k -= 1
    return None if k < 0 or starts[k] < unit_start else k


def gives(view: DocView, mentions, starts: list[int], fv: FigureView, giving: frozenset[str]) -> bool:
    """A verb of giving between the sentence's subject place and the figure, with no other figure
    of its kind between them."""
    k = subject_mention(view, starts, fv)
    if k is None:
        return False
    return _gives_from(view, fv, mentions[k][1], giving)


def _gives_from(view: DocView, fv: FigureView, lo: int, giving: frozenset[str]) -> bool:
    """A verb of giving in tokens [lo, figure), with no other figure of its kind between."""
    return not giving.isdisjoint(view.lowers[lo:fv.num_start]) and not any(
        lo <= o.num_start < fv.num_start for o in view.unit_figures(fv.unit)
        if o is not fv and o.figure.kind == fv.figure.kind)


def opening_giver(view: DocView, gaz, mentions, starts: list[int], fv: FigureView, context: set[str],
                   giving: frozenset[str]) -> str | None:
    """The sentence's first place, when it is another province's and a verb of giving follows it
    before the figure (with no other figure of the kind between): the giver."""
    unit_start = view.units[fv.unit][0]
    k = bisect_left(starts, unit_start)
    last = subject_mention(view, starts, fv)
    if last is None or k >= last or not giving.isdisjoint(view.lowers[unit_start:starts[k]]):
        return None
    lo = mentions[k][1]
    if view.lowers[lo:lo + 1] in ([","], ["and"]):
        return None  # "Fujian Province, central state organs and enterprises ... provided": givers together
    if not _gives_from(view, fv, lo, giving):
        return None
    name = choose_region(mentions[k][2], context).name
    return name if gaz.province(name, context) not in (gaz.province(choose_region(mentions[last][2], context).name,
                                                                     context), None) else None


def in_relative_clause(view: DocView, at: int, end: int) -> bool:
    """Whether token ``at`` lies in a ", which ... ," clause closed before ``end``."""
    lowers, unit_start = view.lowers, view.units[view.unit_of[at]][0]
    opened = next((k for k in range(at - 1, unit_start, -1) if lowers[k] == ","), None)
    if opened is None or lowers[opened + 1] not in RELATIVE_WORDS:
        return False
    return any(lowers[k] == "," for k in range(at + 1, end))


def listed_subject(view: DocView, starts: list[int], fv: FigureView) -> bool:
    """The sentence's subject place closes a list of places ("Shanghai, Dalian ... and Guangzhou,
    provided ..."): the last of several givers."""
    k = subject_mention(view, starts, fv)
    if k is None or k == 0:
        return False
    before = starts[k] - 1
    return view.lowers[before] in (",", "and") and before >= 1 and starts[k - 1] >= view.units[fv.unit][0] \
        and starts[k - 1] >= before - 4


def gives_in_sentence(view: DocView, fv: FigureView, giving: frozenset[str]) -> bool:
    """A verb of giving before the figure in its sentence, with no other money between them."""
    lo = view.units[fv.unit][0]
    at = [k for k in range(lo, fv.num_start) if view.lowers[k] in giving]
    return bool(at) and _gives_from(view, fv, at[-1], giving)
