"""Structural rules: what a figure measures, decided by the sentence's structure.

Phrases next to a figure give it a first indicator (``indicators.py``); these rules then
read how the sentence is built and recast it:

- ``structure.decrease``: the amount of a decrease of a stock is the flow that reduces it
  ("a decline of 411,500 in the number of poor people" -> poverty_reduction, a level);
- ``structure.share``: a percentage share of a stock is its rate ("a poor population of
  917,000, accounting for 7.2% of the rural population" -> poverty_rate, a level);
- ``structure.from_to``: both ends of "reduced from X to Y" are levels of the stock
  ("the rural poor were reduced from 166 million to 55.75 million" -> poverty_headcount);
- ``structure.threshold``: an upper bound of an income defines a line ("the rural poor with
  per capita net income below 1196 Yuan" -> poverty_line);
- ``structure.donor_money``: in a pairing bulletin, generic funds whose sentence names the
  donor side last before them are aid given ("Guangdong allocated 29.3 million Yuan").

The recasts come from the indicators' ``on_*`` keys and the ``[structure]`` cues (data).
"""

from __future__ import annotations

from ..records import Extraction
from .context import DocView
from .lexicon import Lexicon

UPPER_BOUNDS = ("less_than", "up_to")


def recast_indicators(view: DocView, extraction: Extraction, lexicon: Lexicon) -> dict[int, str]:
    """Recast figures' indicators in place; returns figure index -> id of the rule that did."""
    fired: dict[int, str] = {}
    ends_of = {fv.target.index for fv in view.figures if fv.relation == "from" and fv.target is not None}
    donor_money = lexicon.cue("structure", "donor_money")[0]
    donor_money_from = set(lexicon.cue("structure", "donor_money_from"))
    for fv in view.figures:
        fig = fv.figure
        ind = lexicon.indicators.get(fig.indicator) if fig.indicator else None
        if ind is not None and ind.on_decrease and fv.relation == "decrease" and fig.kind == "count":
            fig.indicator, fv.relation, fv.target = ind.on_decrease, None, None
            fired[fv.index] = "structure.decrease"
        elif ind is not None and ind.on_share and fv.relation == "share" and fig.kind == "percent":
            fig.indicator, fv.relation, fv.target = ind.on_share, None, None
            fired[fv.index] = "structure.share"
        elif ind is not None and ind.on_from_to and (fv.relation == "from" or fv.index in ends_of):
            fig.indicator = ind.on_from_to
            fired[fv.index] = "structure.from_to"
        elif ind is not None and ind.on_threshold and fig.qualifier in UPPER_BOUNDS:
            fig.indicator = ind.on_threshold
            fired[fv.index] = "structure.threshold"
        elif (fig.kind == "money" and extraction.donor and fv.subject == "donor" and fv.relation is None
              and (fig.indicator is None or fig.indicator in donor_money_from)):
            fig.indicator = donor_money
            fired[fv.index] = "structure.donor_money"
    for index, rule in fired.items():
        extraction.figures[index].indicator_rule = rule
    return fired
