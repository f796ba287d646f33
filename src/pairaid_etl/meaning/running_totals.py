"""Running totals: "newly launched 320 project villages, and the number of project villages
reached 428".

A count of a flow (things launched, built, supported) that "the number of ..." says
"reached", in a sentence that also gives the new ones of the same indicator, is the total
so far, not the year's: cumulative (``period.running_total``). Without the new ones beside it
the sentence does not tell a year's number from a total, and the period stays as read.
"""

from __future__ import annotations

from .context import DocView, own_stretch
from .lexicon import Lexicon
from .matching import view_phrases


def running_totals(view: DocView, lexicon: Lexicon) -> None:
    ph = view_phrases(view, lexicon)["periods"]
    if not ph.with_key("period.running_total_verbs"):
        return
    new = set(lexicon.cue("period", "new_words"))
    for fv in view.figures:
        fig = fv.figure
        if not ph.ending_at(fv.num_start, "period.running_total_verbs"):
            continue  # no "reached" right before it: the usual figure
        ind = lexicon.indicators.get(fig.indicator or "")
        if ind is None or ind.measure != "flow" or fig.kind != "count" or fv.relation is not None \
                or fv.period.cumulative or not ph.within(*own_stretch(view, fv), "period.running_total_leads"):
            continue
        sent = view.sent_first[fv.num_start]
        if any(o is not fv and o.figure.indicator == fig.indicator and view.sent_first[o.num_start] == sent
               and o.num_start < fv.num_start and new.intersection(view.lowers[slice(*own_stretch(view, o))])
               for o in view.figures):
            fv.period = fv.period._replace(cumulative=True)
            fig.period_rule = "period.running_total"
