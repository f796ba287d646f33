"""Indicators: what a figure measures, from the controlled vocabulary in ``indicators.toml``.

A figure's candidates are the indicators of its kind (and, for counts, of its item). Signal
phrases in its clause (between semicolons) vote by distance: a phrase before the figure
counts from its end, one after it from its start (within a short window); each figure in
between adds a penalty, and strong phrases (verbs that settle the meaning) get a bonus.
Figures that qualify another (parts, shares, changes, earlier levels) take its indicator.
No phrase and no item default: indicator None and an ``indicator_unknown`` note.
"""

from __future__ import annotations

from spacy.util import filter_spans

from ..records import Extraction, Note
from .context import DocView, FigureView, Phrases
from .lexicon import Indicator, Lexicon

AFTER_WINDOW = 6
CROSSING_PENALTY = 3
STRONG_BONUS = 3
COMPLEMENT_BONUS = 2  # "... Yuan of anti-poverty funds": a phrase right after "of"
INHERITED = ("part_of", "included_in", "share", "plan_completion", "from", "increase", "decrease", "change", "comparison")
BREAKS = {";", "；"}
CHANGES = ("increase", "decrease", "change")
LINKS = {"and", ",", "for", "to", "with", "while", "but"}  # words that end a figure's own noun phrase


def indicator_phrases(view: DocView, lexicon: Lexicon) -> Phrases:
    groups: dict[str, list[str]] = {}
    for ind in lexicon.indicators.values():
        groups[f"{ind.code}:plain"] = list(ind.phrases)
        groups[f"{ind.code}:strong"] = list(ind.strong)
    return Phrases(view.doc, groups, longest=False)


def candidates(lexicon: Lexicon, kind: str, item: str | None) -> list[Indicator]:
    same_kind = [i for i in lexicon.indicators.values() if i.kind == kind]
    if kind != "count" or not item:
        return same_kind
    by_item = [i for i in same_kind if item in i.items]
    return by_item or [i for i in same_kind if not i.items]


def _segment(view: DocView, fv: FigureView) -> tuple[int, int]:
    start, end = view.units[fv.unit]
    doc = view.doc
    lo = max([i + 1 for i in range(start, fv.num_start) if doc[i].text in BREAKS], default=start)
    hi = min([i for i in range(fv.end, end) if doc[i].text in BREAKS], default=end)
    return lo, hi


def _crossings(view: DocView, fv: FigureView, lo: int, hi: int) -> int:
    """Figures between a phrase and this one (not the earlier level of its own "from ... to")."""
    return sum(1 for o in view.unit_figures(fv.unit)
               if o is not fv and lo <= o.num_start < hi and o.target is not fv)


def _leads_another(view: DocView, fv: FigureView, end: int) -> bool:
    """A phrase right before another figure ("cadre exchanges for 815") is that figure's."""
    return any(o is not fv and end <= o.num_start <= end + 2 for o in view.unit_figures(fv.unit))


def score_phrase(view: DocView, fv: FigureView, span) -> float | None:
    """Lower is better; None when the phrase is out of reach."""
    strong = span.label_.endswith(":strong")
    bonus = STRONG_BONUS if strong else 0
    if span.end <= fv.num_start:
        distance = fv.num_start - span.end + CROSSING_PENALTY * _crossings(view, fv, span.end, fv.num_start)
    elif span.start >= fv.end:
        distance = span.start - fv.end
        between = {t.lower_ for t in view.doc[fv.end:span.start]}
        if distance > AFTER_WINDOW or (between & LINKS and _leads_another(view, fv, span.end)):
            return None
        if view.doc[span.start - 1].lower_ in ("of", "in") and len(span) > 1:
            bonus += COMPLEMENT_BONUS
        distance += CROSSING_PENALTY * _crossings(view, fv, fv.end, span.start)
    else:
        return None
    return distance - bonus


def _longest(spans: list) -> list:
    """Drop phrases inside a longer one; keep every indicator's copy of the same phrase."""
    kept = filter_spans(spans)
    bounds = {(s.start, s.end) for s in kept}
    return [s for s in spans if (s.start, s.end) in bounds]


def match_indicator(view: DocView, ph: Phrases, fv: FigureView, lexicon: Lexicon) -> str | None:
    fig = fv.figure
    allowed = {i.code for i in candidates(lexicon, fig.kind, fig.item)}
    if fig.kind in ("percent", "ratio") and fv.relation in CHANGES:
        allowed = set(lexicon.indicators)  # "aid funds rose by 12%": the rate of what changed
    lo, hi = _segment(view, fv)
    best: tuple[float, int, str] | None = None
    spans = [s for s in ph.within(lo, hi) if s.label_.split(":")[0] in allowed]
    for span in _longest(spans):
        code = span.label_.split(":")[0]
        score = score_phrase(view, fv, span)
        if score is not None and (best is None or (score, -len(span)) < best[:2]):
            best = (score, -len(span), code)
    if best:
        return best[2]
    defaults = [i.code for i in lexicon.indicators.values() if fig.item and fig.item in i.default_for]
    return defaults[0] if defaults else None


def annotate_indicators(view: DocView, extraction: Extraction, lexicon: Lexicon) -> None:
    """Set Figure.indicator; note the figures whose phrasing no rule knows."""
    ph = indicator_phrases(view, lexicon)
    for fv in view.figures:
        fv.figure.indicator = match_indicator(view, ph, fv, lexicon)
    for _ in range(2):  # chains: a change of a part of a whole
        for fv in view.figures:
            if fv.relation in INHERITED and fv.target is not None and fv.target.figure.indicator:
                fv.figure.indicator = fv.target.figure.indicator
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
