"""A figure's own date: a year its own words give right after it ("50,000 mu in 2010",
"2.7 million at the end of 2016"), and the words that make it one year's ("annual income").
Read by ``periods.annotate_periods`` before the sentence's periods are applied.
"""

from __future__ import annotations

from ..knowledge import is_year, load_cues
from .context import DocView, FigureView
from .time_expressions import CLAUSE_STOPS, LOCAL_YEAR_WINDOW

ANNUAL_WORDS = frozenset(load_cues()["period"]["annual_words"])
END_OF_WINDOW = 10  # words after a figure within which "at the end of 2014" dates it
# "0.71 million less than at the end of 2012": a year compared with ([period] comparison_lead, one word)
COMPARED = frozenset(w for w in load_cues()["period"]["comparison_lead"] if " " not in w)
SINCE_WORDS = frozenset(load_cues()["period"]["since"])


def local_year(view: DocView, fv: FigureView, range_mid: frozenset[str] = frozenset()) -> tuple[int, str] | None:
    """A year right after the figure in its clause, and how it is said ("in": "50,000 mu in 2010";
    "end": "2.7 million at the end of 2016"); not the first year of a range ("in 2010 to 2011";
    ``range_mid``: [period] local_range_mid)."""
    texts, lowers, quoted, n = view.texts, view.lowers, view.quoted, len(view.texts)
    end = view.units[fv.unit][1]
    # "... with 580,000 poor people were registered at the end of 2014": "the end of" a year
    # dates the figure from a little further, when no other figure stands between
    others = [o.num_start for o in view.unit_figures(fv.unit) if o.num_start >= fv.end]
    stop = min(end - 1, fv.end + LOCAL_YEAR_WINDOW)
    far = min(end - 1, fv.end + END_OF_WINDOW, others[0] if others else end)
    window = lowers[fv.end:max(stop, far)]
    if "in" not in window and "end" not in window:
        return None  # the common case, tested in C
    for i in range(fv.end, max(stop, far)):
        if texts[i] in CLAUSE_STOPS or lowers[i] in SINCE_WORDS:
            return None  # "... 231 million Yuan since the pairing started in 1996": a since-clause
        if lowers[i] == "of" and lowers[i - 1] == "end" and is_year(texts[i + 1]) and not quoted[i + 1] \
                and (i < stop or i < far) and not COMPARED.intersection(lowers[max(fv.end, i - 4):i]):
            return int(texts[i + 1]), "end"  # "2.7 million at the end of 2016"
        if i >= stop:
            continue
        if lowers[i] == "in" and is_year(texts[i + 1]) and not quoted[i + 1]:
            ranged = i + 3 < n and lowers[i + 2] in range_mid and is_year(texts[i + 3])
            if not ranged and lowers[i - 1] not in ("that", "than"):
                return int(texts[i + 1]), "in"
    return None


def is_annual(view: DocView, fv: FigureView) -> bool:
    start = max(view.units[fv.unit][0], fv.num_start - 6)
    return not ANNUAL_WORDS.isdisjoint(view.lowers[start:fv.num_start])
