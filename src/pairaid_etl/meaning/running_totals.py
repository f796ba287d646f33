"""Running totals: "newly launched 320 project villages, and the number of project villages
reached 428".

A count of a flow (things launched, built, supported) that "the number of ..." says
"reached", in a sentence that also gives the new ones of the same indicator, is the total
so far, not the year's: cumulative (``period.running_total``). Without the new ones beside it
the sentence does not tell a year's number from a total, and the period stays as read.
"""

from __future__ import annotations

from .context import DocView, FigureView, own_stretch
from .lexicon import Lexicon


def _has(words: list[str], phrase: str) -> bool:
    w = phrase.split()
    return any(words[i:i + len(w)] == w for i in range(len(words) - len(w) + 1))


def _ends_with(words: list[str], phrase: str) -> bool:
    w = phrase.split()
    return words[-len(w):] == w


def running_totals(view: DocView, lexicon: Lexicon) -> None:
    verbs = lexicon.cue("period", "running_total_verbs")
    leads = lexicon.cue("period", "running_total_leads")
    new = set(lexicon.cue("period", "new_words"))

    def stretch(fv: FigureView) -> list[str]:
        lo, hi = own_stretch(view, fv)
        return view.lowers[lo:hi]

    last_words = {v.split()[-1] for v in verbs}
    for fv in view.figures:
        fig = fv.figure
        if fv.first < 1 or view.lowers[fv.first - 1] not in last_words:
            continue  # no "reached" right before it: the usual figure
        ind = lexicon.indicators.get(fig.indicator or "")
        if ind is None or ind.measure != "flow" or fig.kind != "count" or fv.relation is not None \
                or fv.period.cumulative:
            continue
        words = stretch(fv)
        if not any(_ends_with(words, v) for v in verbs) or not any(_has(words, lead) for lead in leads):
            continue
        sent = view.sent_first[fv.num_start]
        if any(o is not fv and o.figure.indicator == fig.indicator and view.sent_first[o.num_start] == sent
               and o.num_start < fv.num_start and new.intersection(stretch(o)) for o in view.figures):
            fv.period = fv.period._replace(cumulative=True)
            fig.period_rule = "period.running_total"
