"""Indicators: what a figure measures, from the controlled vocabulary in ``indicators.toml``.

A figure's candidates are the indicators of its kind (and, for counts, of its item). Signal
phrases in its clause (between semicolons) vote by distance: a phrase before the figure
counts from its end, one after it from its start (within a short window); each figure in
between adds a penalty, and strong phrases (verbs that settle the meaning) get a bonus.
Figures that qualify another (parts, shares, changes, earlier levels) take its indicator.
No phrase and no item default: indicator None and an ``indicator_unknown`` note.
"""

from __future__ import annotations

from ..records import Extraction, Note
from ..spans import longest_spans
from .context import DocView, FigureView, Phrases, cached, own_stretch, segment
from ..knowledge import Indicator, load_cues
from .item_words import modifies_item, names_item, partitive_end
from .lexicon import Lexicon
from .matching import view_phrases

AFTER_WINDOW = 6
SCOPE_GAP = 2  # words of another figure's noun before the preposition of a scope ("people of")
STRONG_AFTER_WINDOW = 10  # a strong verb after its subject figure, with nothing between
CLAUSE_MARKS = {",", ";", ".", "，", "；", "(", ")", ":"}
CROSSING_PENALTY = 3
STRONG_BONUS = 3
COMPLEMENT_BONUS = 2  # "... Yuan of anti-poverty funds": a phrase right after "of"
COMPLEMENT_DECIDES = 100  # a phrase in the figure's own "of" complement beats any verb
INHERITED = ("part_of", "included_in", "share", "plan_completion", "from", "increase", "decrease", "change", "comparison")
BREAKS = {";", "；"}
CHANGES = ("increase", "decrease", "change")
PARTS = ("part_of", "included_in")
QUOTE_MARKS = {"\"", "“", "”", "''", "``"}
LINKS = frozenset(load_cues()["relation"]["phrase_ends"])  # words that end a figure's own noun phrase


def indicator_phrases(view: DocView, lexicon: Lexicon) -> Phrases:
    return view_phrases(view, lexicon)["indicators"]


def candidates(lexicon: Lexicon, kind: str, item: str | None) -> list[Indicator]:
    found = cached(lexicon, "indicator.candidates", dict)
    key = (kind, item)
    if key not in found:
        same_kind = [i for i in lexicon.indicators.values() if i.kind == kind]
        if kind != "count" or not item:
            found[key] = same_kind
        else:
            # "396,000 poor farmers and herdsmen": a group of people is counted where persons are
            people = item in lexicon.cue("relation", "people_items")
            by_item = [i for i in same_kind if item in i.items or (people and "person" in i.items)]
            found[key] = by_item or [i for i in same_kind if not i.items]
    return found[key]


def _allowed(lexicon: Lexicon, kind: str, item: str | None) -> set[str]:
    found = cached(lexicon, "indicator.allowed", dict)
    key = (kind, item)
    if key not in found:
        found[key] = {i.code for i in candidates(lexicon, kind, item)}
    return found[key]


def _defaults(lexicon: Lexicon, item: str | None) -> str | None:
    found = cached(lexicon, "indicator.defaults", dict)
    if item not in found:
        defaults = [i.code for i in lexicon.indicators.values() if item and item in i.default_for]
        found[item] = defaults[0] if defaults else None
    return found[item]


def _crossings(view: DocView, fv: FigureView, lo: int, hi: int) -> int:
    """Figures between a phrase and this one (not the earlier level of its own "from ... to")."""
    return sum(1 for o in view.unit_figures(fv.unit)
               if o is not fv and lo <= o.num_start < hi and o.target is not fv)


def _leads_another(view: DocView, fv: FigureView, end: int) -> bool:
    """A phrase right before another figure ("cadre exchanges for 815") is that figure's."""
    return any(o is not fv and end <= o.num_start <= end + 2 for o in view.unit_figures(fv.unit))


def _names_the_figure(view: DocView, fv: FigureView, start: int) -> bool:
    """Whether a phrase at ``start`` ends the figure's own "of" complement: "2.068 billion Yuan
    of central and provincial anti-poverty funds" (words only between "of" and the phrase)."""
    lowers = view.lowers
    if fv.end >= start or lowers[fv.end] != "of":
        return False
    return all(w.isalpha() or w == "-" for w in lowers[fv.end + 1:start])


def _quoted_extra(view: DocView, lo: int, hi: int) -> int:
    """Tokens beyond one of a quoted name between a figure and a phrase: "54,264 poor labors
    received the "Rain Plan" labor transfer trainings" is as near as a one-word name."""
    quoted = sum(view.quoted[lo:hi])
    if not quoted:
        return 0
    marks = sum(1 for w in view.texts[lo:hi] if w in QUOTE_MARKS)
    return max(0, quoted + marks - 1)


def _plain_run(view: DocView, fv: FigureView, start: int) -> bool:
    """No punctuation and no other figure between the figure and a phrase after it: the
    figure is the subject of the verb ("7.2 million rural poor people in Hebei have been
    lifted out of poverty")."""
    between = view.texts[fv.end:start]
    if any(w in CLAUSE_MARKS for w in (_outside_brackets(between) if "(" in between else between)):
        return False
    return not any(o is not fv and fv.end <= o.num_start < start for o in view.unit_figures(fv.unit))


def _outside_brackets(words: list[str]) -> list[str]:
    """The words not inside a closed "( ... )" aside: "26 are key banners (counties) designated by
    the autonomous region" runs on past its bracket, and the bracket adds no distance."""
    out, depth, held = [], 0, []
    for w in words:
        if w == "(":
            depth, held = depth + 1, held + [w]
        elif w == ")" and depth:
            depth, held = depth - 1, [] if depth == 1 else held
        elif depth:
            held.append(w)
        else:
            out.append(w)
    return out + held  # an unclosed bracket is not an aside


def score_phrase(view: DocView, fv: FigureView, span) -> float | None:
    """Lower is better; None when the phrase is out of reach."""
    start, end, label = span
    bonus = STRONG_BONUS if label.endswith(":strong") else 0
    if end <= fv.num_start:
        distance = fv.num_start - end
        if len(view.unit_figures(fv.unit)) > 1:
            distance += CROSSING_PENALTY * _crossings(view, fv, end, fv.num_start)
    elif start >= fv.end:
        between = view.texts[fv.end:start]
        distance = (len(_outside_brackets(between)) if "(" in between else len(between)) \
            - _quoted_extra(view, fv.end, start)
        if distance > AFTER_WINDOW and not (bonus and distance <= STRONG_AFTER_WINDOW
                                            and _plain_run(view, fv, start)):
            return None
        partitive = partitive_end(view, fv)
        if partitive is not None:
            if end <= partitive:
                return None  # "600 of the key poor villages launched ...": the set the part is drawn from
        elif _names_the_figure(view, fv, start):  # even when another figure follows the phrase
            return distance - COMPLEMENT_DECIDES  # "1.408 billion Yuan of financial anti-poverty funds"
        if not LINKS.isdisjoint(view.lowers[fv.end:start]) and _leads_another(view, fv, end):
            return None
        if view.lowers[start - 1] in ("of", "in") and end - start > 1:
            bonus += COMPLEMENT_BONUS
        if len(view.unit_figures(fv.unit)) > 1:
            distance += CROSSING_PENALTY * _crossings(view, fv, fv.end, start)
    else:
        return None
    return distance - bonus


def _longest(spans: list) -> list:
    """Drop phrases inside a longer one; keep every indicator's copy of the same phrase."""
    bounds = {(s[0], s[1]) for s in longest_spans(spans)}
    return [s for s in spans if (s[0], s[1]) in bounds]


def _best(view: DocView, fv: FigureView, spans: list) -> tuple | None:
    best: tuple | None = None
    for span in spans:
        score = score_phrase(view, fv, span)
        if score is not None and (best is None or (score, span[0] - span[1]) < best[:2]):
            best = (score, span[0] - span[1], _code(span[2]), span)
    return best


def match_indicator(view: DocView, ph: Phrases, fv: FigureView, lexicon: Lexicon,
                    memo: dict | None = None) -> tuple[str | None, str | None]:
    """(indicator code, id of the rule that chose it); (None, None) when no rule knows.

    ``memo`` (one per doc) keeps the candidate phrases of a clause for the other figures
    of the same clause, kind and item. Rule ids: ``indicator.plain:<words>``,
    ``indicator.strong:<words>``, ``indicator.complement:<words>`` (the figure's own "of"
    complement) and ``indicator.item_default:<item>``; a part that names itself
    gets ``indicator.named_part:<words>`` (``annotate_indicators``)."""
    fig = fv.figure
    if fig.kind in ("percent", "ratio") and fv.relation in CHANGES:
        allowed, which = lexicon.indicators.keys(), None  # "aid funds rose by 12%": the rate of what changed
    else:
        allowed, which = _allowed(lexicon, fig.kind, fig.item), (fig.kind, fig.item)
    lo, hi = segment(view, fv)
    key = (lo, hi, which)
    spans = memo.get(key) if memo is not None else None
    if spans is None:
        spans = [s for s in ph.within(lo, hi) if _code(s[2]) in allowed]
        if len(spans) > 1:
            spans = _longest(spans)
        if memo is not None:
            memo[key] = spans
    best = _best(view, fv, spans)
    if best and modifies_item(view, fv, best[3]):
        # "2,150 relocated residents found factory jobs": a verb after the item says what happened
        best = _best(view, fv, [s for s in spans if s[0] > best[3][1]]) or best
    elif best and names_item(view, fv, best[3]):
        # "1.02 million rural people in the province have been lifted out of poverty": the words
        # that name what is counted yield to a verb that settles what happened to it (after them,
        # else before the number: "the drinking water problem was solved for 1.34 million rural people")
        best = _best(view, fv, [s for s in spans if s[0] >= best[3][1] and s[2].endswith(":strong")]) \
            or _best(view, fv, [s for s in spans if s[1] <= fv.num_start and s[2].endswith(":strong")]) or best
    elif best and names_item(view, fv, best[3], strong=True):
        # "implemented entire village advancement projects in 216 key villages": the settling
        # phrase comes before the counted noun's own name
        best = _best(view, fv, [s for s in spans if s[1] <= fv.num_start and s[2].endswith(":strong")]) or best
    if best and best[3][1] <= fv.num_start and not best[3][2].endswith(":strong"):
        # "the per capita net income of the poor households under assistance reached 3,218 Yuan":
        # a phrase inside the "of" complement of a strong head before it is not what it measures
        heads = [sp for sp in spans if sp[2].endswith(":strong") and sp[1] < best[3][0] and view.lowers[sp[1]] == "of"]
        if heads:
            lo = own_stretch(view, fv)[0]
            best = _best(view, fv, [sp for sp in heads if lo <= sp[0]]) or best
    if best:
        score, _, code, (start, end, label) = best
        how = "complement" if score < -COMPLEMENT_DECIDES / 2 else label[label.index(":") + 1:]
        return code, f"indicator.{how}:{view.span_text(start, end).lower()}"
    code = _defaults(lexicon, fig.item)
    if code and _where_of_another(view, fv, lexicon):
        return None, None
    return (code, f"indicator.item_default:{fig.item}") if code else (None, None)


def _where_of_another(view: DocView, fv: FigureView, lexicon: Lexicon) -> bool:
    """"brought tap water to 2,100 people of 11 villages": a count right after another figure's
    noun and a preposition ([relation] scope_preps) says where that figure is, so its item's
    default indicator would be a guess."""
    at = fv.first - 1
    if at < 0 or view.lowers[at] not in lexicon.cue("relation", "scope_preps"):
        return False
    return any(o is not fv and o.end <= at and at - o.end <= SCOPE_GAP for o in view.unit_figures(fv.unit))


_CODES: dict[str, str] = {}


def _code(label: str) -> str:
    code = _CODES.get(label)
    if code is None:
        code = _CODES[label] = label[:label.index(":")]
    return code


def _names_itself(view: DocView, ph: Phrases, fv: FigureView, lexicon: Lexicon) -> bool:
    """A part with a phrase of several words touching its number is what the phrase says, not
    what its whole is: "of which material donations valued 12 million Yuan", "101 counties,
    cities and districts, including 31 key counties", "..., 1.4 billion Yuan was social
    poverty alleviation funds". Sets the indicator and its rule."""
    allowed = _allowed(lexicon, fv.figure.kind, fv.figure.item)
    links = lexicon.cue("relation", "named_part_link")
    copulas = lexicon.cue("relation", "named_part_copula")
    lo, hi = segment(view, fv)
    for start, end, label in ph.within(lo, hi):
        code = _code(label)
        touching = start == fv.end or end == fv.num_start or (end == fv.num_start - 1 and view.lowers[end] in links) \
            or (start == fv.end + 1 and view.lowers[fv.end] in copulas)
        if code in allowed and end - start > 1 and touching:
            fv.figure.indicator = code
            fv.figure.indicator_rule = f"indicator.named_part:{view.span_text(start, end).lower()}"
            return True
    return False


def annotate_indicators(view: DocView, extraction: Extraction, lexicon: Lexicon) -> None:
    """Set Figure.indicator; note the figures whose phrasing no rule knows."""
    ph = indicator_phrases(view, lexicon)
    memo: dict = {}
    for fv in view.figures:
        fv.figure.indicator, fv.figure.indicator_rule = match_indicator(view, ph, fv, lexicon, memo)
    for _ in range(2):  # chains: a change of a part of a whole
        for fv in view.figures:
            if fv.relation in PARTS and _names_itself(view, ph, fv, lexicon):
                continue
            if fv.relation in INHERITED and fv.target is not None and fv.target.figure.indicator:
                fv.figure.indicator = fv.target.figure.indicator
                fv.figure.indicator_rule = f"indicator.inherited:{fv.relation}"
    for fv in view.figures:  # a part naming another indicator is a level of that one
        if fv.relation in PARTS and fv.target is not None and fv.figure.indicator != fv.target.figure.indicator:
            fv.relation, fv.target = None, None
    for fv in view.figures:
        fig = fv.figure
        if fig.indicator is None:
            extraction.notes.append(Note(
                code="indicator_unknown", start=fig.start, end=fig.end, rule="meaning.indicators",
                message=f"no indicator rule matches {fig.text!r} ({fig.kind}, item {fig.item!r})",
            ))


def is_stock(lexicon: Lexicon, fig) -> bool:
    ind = lexicon.indicators.get(fig.indicator) if fig.indicator else None
    if ind is not None:
        return ind.measure == "stock"
    return fig.kind in ("percent", "ratio")
