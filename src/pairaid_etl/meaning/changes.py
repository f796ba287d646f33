"""Relations between figures and changes over time.

* part_of: "32.33 million Yuan ..., of which 3.47 million Yuan ... and 28.86 million Yuan ..."
* share: "..., accounting for 67.8% of the total"
* plan_completion: "..., 226.30% of the scheduled tasks"
* from: "fell from 6.3 million to 5.9 million" (the earlier level)
* increase / decrease: "up 21.8% over 2010", "162 million Yuan more than that of the previous
  year", "3.9 times that of 2010"; with the base year compared against
* comparison: "2.8 percentage points above the planned task" (not a change over time)
"""

from __future__ import annotations

from ..knowledge import is_year, load_cues, load_units, unit_words
from .context import DocView, FigureView, Phrases
from .lexicon import Lexicon
from .matching import view_phrases
from .item_words import is_item
from .parts import find_parts

STOP_TOKENS = {",", ";", ".", "(", ")", "，", "；"}
# words of a change cue that make it a decrease, or a strong one (meaning_cues.toml [change])
DOWN_WORDS = frozenset(load_cues()["change"]["down_words"])
STRONG_AMOUNT_CUES = frozenset(load_cues()["change"]["strong_amount_words"])
ITEM_COMPARATIVES = frozenset(load_cues()["change"]["item_comparatives"])
SCAN_LIMIT = 14
FROM_BACK_GAP = 7  # words between a level and the "down from" after it ("1.4 million at the end of 2018, down from")
TO_REACH = 8  # words from a "from" level to its "to" ("from 5.43 million at the end of 2011 to")
COMPLEMENT_WORDS = 4  # words of an "of" complement read for a noun of growth


def cue_phrases(view: DocView, lexicon: Lexicon) -> Phrases:
    return view_phrases(view, lexicon)["cues"]


def _cue_before(view: DocView, ph: Phrases, fv: FigureView, key: str) -> list:
    found = ph.ending_at(fv.first, key)
    if fv.first != fv.num_start:
        found = found + ph.ending_at(fv.num_start, key)
    return found


def _after_start(view: DocView, fv: FigureView) -> int:
    """Where a cue after the figure would start: past its unit words, and past the one noun a
    count counts ("1.25 million people fewer than a year earlier")."""
    i, end, lowers, words = fv.end, view.units[fv.unit][1], view.lowers, unit_words()
    while i < end and lowers[i] in words:
        i += 1
    item = fv.figure.item
    if i == fv.end and i + 1 < end and lowers[i + 1] in ITEM_COMPARATIVES and fv.figure.kind == "count" \
            and item and is_item(lowers[i], item):  # not "in the 17 years up to the end of 2012"
        i += 1
    return i


def find_relations(view: DocView, ph: Phrases, lexicon: Lexicon) -> None:
    """Mark part_of, share, plan_completion and from/to relations between figures of a unit
    (meaning_cues.toml [relation]: people_items are count items that all count people, so one
    may be part of another; parts after an exhaustive_part cue add up to the whole; ``to``
    joins the two levels of "from A to B")."""
    people_items = frozenset(lexicon.cue("relation", "people_items"))
    exhaustive = frozenset(lexicon.cue("relation", "exhaustive_part"))
    to_words = frozenset(lexicon.cue("relation", "to"))
    from_to_at = {span[1] for span in ph.with_key("relation.from_to")}  # tokens a "from" cue ends at
    has_parts = bool(ph.with_key("relation.part"))
    scopes = {s[0] for s in view_phrases(view, lexicon)["indicators"].spans} if has_parts else set()
    for unit in sorted(view.by_unit):
        figs = view.unit_figures(unit)
        if has_parts:
            find_parts(view, ph, figs, people_items, exhaustive, scopes)
        for fv in figs:
            _share_or_plan(view, ph, fv, figs)
            if fv.first in from_to_at or fv.num_start in from_to_at:
                _from_to(view, ph, fv, figs, to_words)
                if fv.relation is None:
                    _from_back(view, ph, fv, figs)


def _share_or_plan(view: DocView, ph: Phrases, fv: FigureView, figs: list[FigureView]) -> None:
    if fv.figure.kind != "percent" or fv.relation:
        return
    after = _after_start(view, fv)
    if ph.starting_at(after, "relation.plan"):
        fv.relation = "plan_completion"
    elif _cue_before(view, ph, fv, "relation.share") or ph.starting_at(after, "relation.share"):
        fv.relation = "share"
    else:
        return
    fv.target = next((f for f in reversed(figs) if f.end <= fv.num_start and f.figure.kind != "percent"), None)


def _from_to(view: DocView, ph: Phrases, fv: FigureView, figs: list[FigureView], to_words: frozenset[str]) -> None:
    if not _cue_before(view, ph, fv, "relation.from_to"):
        return
    later = [f for f in figs if f.num_start >= fv.end]
    if not later:
        return
    nxt, lowers = later[0], view.lowers
    to_at = [i for i in range(fv.end, min(fv.end + TO_REACH, nxt.num_start)) if lowers[i] in to_words]
    if to_at and nxt.first - to_at[-1] <= 2 and nxt.figure.kind == fv.figure.kind:
        fv.relation, fv.target = "from", nxt


def _complement_change(view: DocView, start: int, nouns: frozenset[str]) -> bool:
    """"ten thousand Yuan of income growth": the figure's "of" complement ends in a noun of
    growth, so the figure is the amount something grew by, not its level."""
    lowers, n = view.lowers, len(view.lowers)
    if start >= n or lowers[start] != "of":
        return False
    i = start + 1
    while i < n and i <= start + COMPLEMENT_WORDS and lowers[i].isalpha():
        if lowers[i] in nouns:
            return i + 1 >= n or not lowers[i + 1].isalpha() or lowers[i + 1] in ("and", "in", "for", "of")
        i += 1
    return False


def _from_back(view: DocView, ph: Phrases, fv: FigureView, figs: list[FigureView]) -> None:
    """"stood at 3.83 million, down from 4.36 million a year earlier": the level after "down
    from" / "up from" is the earlier level of the figure just before it."""
    cue = _cue_before(view, ph, fv, "relation.from_back")
    if not cue:
        # "fell to 1.2 percent from 2.3 percent a year earlier": "to" the level, "from" the earlier one
        at = fv.first - 1
        earlier = [f for f in figs if f.end <= at and f.figure.kind == fv.figure.kind]
        if at > 0 and view.lowers[at] == "from" and earlier and at - earlier[-1].end <= 1 \
                and view.lowers[earlier[-1].first - 1] == "to":
            fv.relation, fv.target = "from", earlier[-1]
        return
    earlier = [f for f in figs if f.end <= cue[0][0] and f.figure.kind == fv.figure.kind]
    if earlier and cue[0][0] - earlier[-1].end <= FROM_BACK_GAP:
        fv.relation, fv.target = "from", earlier[-1]


def _to_a_level(view: DocView, fv: FigureView) -> bool:
    """Whether "to" and a figure of the same kind follow the figure ("by 300,000 to 2.5 million")."""
    after = _after_start(view, fv)
    if view.lowers[after:after + 1] != ["to"]:
        return False
    return any(o.figure.kind == fv.figure.kind and o.first in (after + 1, after + 2)
               for o in view.unit_figures(fv.unit))


def find_change_cues(view: DocView, ph: Phrases, lexicon: Lexicon) -> None:
    """Record change cues and what each changing figure is compared against."""
    lowers = view.lowers
    before_at = {span[1] for span in ph.with_key("change.before")}  # tokens a cue ends at
    after_at = {span[0] for span in ph.with_key("change.after")}  # tokens a cue starts at
    growth_nouns = frozenset(lexicon.cue("change", "complement_growth"))
    levels = {id(f.target) for f in view.figures if f.relation == "from"}  # the "to" end of "from A to B"
    to_words = frozenset(lexicon.cue("relation", "to"))
    for fv in view.figures:
        if fv.relation in ("share", "plan_completion", "from") or id(fv) in levels:
            continue
        if fv.first > 0 and lowers[fv.first - 1] in to_words and fv.figure.kind != "percent":
            continue  # "its poverty headcount fell to 1.76 million": a level, not an amount of change
        after_start = _after_start(view, fv)
        if fv.figure.kind != "percent" and _complement_change(view, after_start, growth_nouns):
            fv.cue, fv.cue_strength = "increase", "strong"
            continue
        if fv.first not in before_at and fv.num_start not in before_at and after_start not in after_at \
                and fv.figure.unit != "times":
            continue  # no cue next to it: the usual figure
        before = _cue_before(view, ph, fv, "change.before")
        after = ph.starting_at(after_start, "change.after")
        if not before and not after and fv.figure.unit != "times":
            continue
        words = {w for s in before + after for w in lowers[s[0]:s[1]]}
        fv.cue = "decrease" if words & DOWN_WORDS else "increase"
        weak = before and all(view.span_text(s[0], s[1]).lower() in ph.texts("change.weak_before")
                              for s in before) and not after
        fv.cue_strength = "weak" if weak else ("strong" if words & STRONG_AMOUNT_CUES else "plain")
        if before and _to_a_level(view, fv):  # "decreased by 300,000 to 2.5 million": the amount of a change
            fv.cue_strength = "strong"
    for fv in view.figures:
        if fv.cue or fv.figure.unit == "times":
            fv.compare = _comparison(view, ph, fv)


def _comparison(view: DocView, ph: Phrases, fv: FigureView) -> tuple | None:
    texts, end = view.texts, view.units[fv.unit][1]
    starts = {f.num_start: f for f in view.unit_figures(fv.unit)}
    i = fv.end
    while i < min(end, fv.end + SCAN_LIMIT):
        if texts[i] in STOP_TOKENS or (i in starts and not starts[i].cue):
            return None
        for lead in ph.starting_at(i, "compare.lead"):
            found = _target(view, ph, lead[1])
            if found:
                return found
        i += 1
    return None


def _target(view: DocView, ph: Phrases, i: int) -> tuple | None:
    texts, lowers, n = view.texts, view.lowers, len(view.texts)
    while i < n and (ph.starting_at(i, "compare.lead") and lowers[i] in {"that", "than"}):
        i = max(s[1] for s in ph.starting_at(i, "compare.lead"))
    if i < n and is_year(texts[i]):
        return ("year", int(texts[i]))
    if ph.starting_at(i, "change.previous_year"):
        return ("previous",)
    window = set(lowers[i:i + 4])
    if window & ph.texts("change.non_temporal"):
        return ("other",)
    return None


def has_value_from_to(view: DocView, unit: int) -> bool:
    return any(f.relation == "from" for f in view.unit_figures(unit))


def resolve_changes(view: DocView, lexicon: Lexicon) -> None:
    """Set relation (increase/decrease/comparison), target and base_year once years are known.
    A change in a relative unit (meaning_cues.toml [change] relative_units: percent, times)
    is measured from the previous year when no comparison is named."""
    units = load_units()
    relative_kinds = frozenset(units[u]["kind"] for u in lexicon.cue("change", "relative_units"))
    for fv in view.figures:
        base, relation = _base(view, fv, relative_kinds)
        if relation is None:
            continue
        fv.relation = relation
        fv.figure.base_year = base
        fv.target = fv.target or _level_before(view, fv)


def _base(view: DocView, fv: FigureView, relative_kinds: frozenset[str]) -> tuple[int | None, str | None]:
    fig, compare = fv.figure, fv.compare
    year = fig.year
    relative = fig.kind in relative_kinds
    if not fv.cue and fig.unit != "times":
        return None, None
    if compare and compare[0] == "other":
        return None, "comparison"
    if compare and compare[0] == "year":
        return compare[1], fv.cue or "change"
    previous = year - 1 if year else None
    if compare and compare[0] == "previous":
        return previous, fv.cue or "change"
    if not relative and not (fv.cue_strength == "strong" or has_value_from_to(view, fv.unit)):
        return None, None
    start = getattr(fv.period, "start_year", None)
    return (start if start and start != year else previous), fv.cue or "change"


def _level_before(view: DocView, fv: FigureView) -> FigureView | None:
    earlier = [f for f in view.unit_figures(fv.unit) if f.end <= fv.num_start]
    plain = [f for f in earlier if f.relation not in ("increase", "decrease", "comparison", "change")]
    return (plain or earlier or [None])[-1]
