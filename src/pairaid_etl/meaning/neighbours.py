"""Dates a figure takes from its neighbours, once every figure has the period its own sentence
names (``periods.annotate_periods``): a sibling in its sentence, the sentence before, "over the
same period", its whole, the level it falls from; and a programme's range that is no result's
period (``programme_ranges``, after targets are known).
"""

from __future__ import annotations

from .context import DocView, Phrases
from .time_expressions import Context

SAME_PERIOD_REACH = 12  # words before "over the same period" whose figures it dates


def date_from_neighbours(view: DocView, ph: Phrases) -> None:
    _sibling_dates(view)
    _previous_sentence_dates(view)
    _same_period(view, ph)
    for fv in view.figures:  # "1.65 million poor people at the end of 2018, 1.43 million of whom ..."
        if fv.relation in ("part_of", "included_in") and fv.target is not None and \
                fv.period.source in ("governing", "bulletin") and fv.target.period.source == "local":
            fv.period = fv.target.period._replace(source="whole")
            fv.figure.year = fv.period.year
            fv.figure.period_rule = "period.whole"
    earlier = {span[0] for span in ph.with_key("period.year_earlier")}
    for fv in view.figures if earlier else ():  # "reached 3.25 billion yuan last year, compared with 2.79 billion yuan a year earlier"
        if (fv.end in earlier or fv.end + 1 in earlier) and fv.relation is None and fv.cue is None \
                and fv.period.year and fv.period.source != "local":
            fv.period = fv.period._replace(year=fv.period.year - 1, cumulative=False, source="year_earlier")
            fv.figure.year = fv.period.year
            fv.figure.period_rule = "period.year_earlier"
    for fv in view.figures:
        if fv.relation == "from" and fv.target is not None and fv.period.source not in ("local", "same_period"):
            target_year = fv.target.figure.year
            fv.figure.year = target_year - 1 if target_year else None
            # "down from 6.92 million a year earlier": its own words date it
            said = any(ph.starting_at(k, "period.year_earlier") for k in range(fv.end, fv.end + 2))
            fv.figure.period_rule = "period.year_earlier" if said and target_year else "period.from_level"


def programme_ranges(view: DocView, bulletin_year: int | None) -> None:
    """"3,000 key poor villages selected for the 2011-2020 period" in a bulletin of 2013: a range
    ending after the bulletin's year names a programme, not the period of a reported result
    (targets keep their end year). The figure is a level of the bulletin's year."""
    if not bulletin_year:
        return
    for fv in view.figures:
        ctx = fv.period
        if fv.relation != "target" and ctx.source == "range" and ctx.year and ctx.year > bulletin_year:
            fv.period = Context(bulletin_year, False, None, "programme")
            fv.figure.year = bulletin_year
            fv.figure.period_rule = "period.programme"


def _previous_sentence_dates(view: DocView) -> None:
    """"Guizhou had 2.8 million poor people at the end of last year. The poverty incidence fell to
    7.75 percent.": a sentence that names no period and follows, in its paragraph, a sentence
    whose levels are all dated "last year" (or "this year") is dated by it: news tell a year that
    way. An absolute year does not carry over (a yearbook's undated facts are its year's)."""
    paras = view.paragraph_of_unit
    for unit, figs in sorted(view.by_unit.items()):
        if unit == 0 or paras[unit - 1] != paras[unit] or any(fv.period.source != "bulletin" for fv in figs):
            continue
        prev = [fv for fv in view.unit_figures(unit - 1) if fv.relation is None]
        years = {fv.period.year for fv in prev}
        if not prev or len(years) != 1 or any(fv.period.source != "relative" for fv in prev):
            continue
        year = years.pop()
        for fv in figs:
            if year != fv.period.year:
                fv.period = Context(year, fv.period.cumulative, None, "previous_sentence")
                fv.figure.year = year
                fv.figure.period_rule = "period.previous_sentence"


def _same_period(view: DocView, ph: Phrases) -> None:
    """"China reduced its rural poor from 98.2 million at the end of 2012 to 42.8 million at the end
    of 2016 ... The poverty rate dropped from 10.1 percent to 4.4 percent over the same period":
    the sentence's levels are of the latest year the sentence before dated its own levels."""
    paras = view.paragraph_of_unit
    for span in ph.with_key("period.same_period"):
        if view.lowers[span[1]:span[1] + 1] == ["of"]:
            continue  # "the same period of last year": a comparison
        unit = view.unit_of[span[0]]
        prev = unit - 1
        while prev >= 0 and not view.by_unit.get(prev) and paras[prev] == paras[unit]:
            prev -= 1
        own = ("local", "year", "relative", "as_of", "range")
        # the same sentence's own dated levels before the phrase, else the sentence before
        dated = [fv.period.year for fv in view.unit_figures(unit) if fv.num_start < span[0] and fv.period.year
                 and fv.period.source in own] \
            or ([fv.period.year for fv in view.unit_figures(prev) if fv.period.year and fv.period.source in own]
                if prev >= 0 else [])
        if not dated:
            continue
        for fv in view.unit_figures(unit):
            if fv.num_start < span[0] - SAME_PERIOD_REACH:
                continue  # an earlier clause of the sentence keeps its own date
            if fv.relation == "from" and fv.period.source != "local":
                year = min(dated)  # "from A to B over the same period": A is of its start
            elif fv.period.source in ("bulletin", "governing", "sibling"):
                year = max(dated)
            else:
                continue
            fv.period = Context(year, fv.period.cumulative, None, "same_period")
            fv.figure.year = year
            fv.figure.period_rule = "period.same_period"


def _sibling_dates(view: DocView) -> None:
    """"The number of poor people fell to 1.4 million at the end of 2018, ..., and the poverty
    rate dropped to 3.7 percent": a figure whose sentence names no period of its own is dated
    by the nearest earlier figure of its sentence that carries its own date."""
    for unit, figs in view.by_unit.items():
        dated = None  # the nearest earlier figure of the sentence with its own date
        for fv in figs:
            if fv.relation is not None:
                continue
            if fv.period.source == "local":
                dated = fv
            elif dated is not None and fv.period.source in ("governing", "bulletin"):
                fv.period = Context(dated.period.year, fv.period.cumulative, None, "sibling")
                fv.figure.year = dated.period.year
                fv.figure.period_rule = "period.sibling"
