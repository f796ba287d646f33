"""Periods: the year a figure describes and whether it totals several years.

Order of precedence for a figure's year:
1. a year right after it ("of over 50,000 mu in 2010", "from 82.49 million in 2013",
   "2.7 million at the end of 2016");
2. the period named in its sentence ("In 2011, ...", "as of the end of 2009", "From 2001 to 2010",
   "last year" and "this year" counted from the bulletin's year; never a year a change is
   measured from: "down 350,000 from 2011", "up 5% over last year");
3. the previous sentence when this one continues it ("In addition, ...");
4. the governing period of its paragraph (named before any figure of the paragraph),
   then of its section's first paragraph;
5. the bulletin's year.
A range ("From 2001 to 2010", a plan's "2011-2015") gives its end year. The earlier level in
"fell from A to B" is the year before B's. Cumulative needs a multi-year period ("since 1996",
"over the past 14 years", a range, "as of the end of 2009", "in total", "had donated") and a
figure that is a flow; levels and rates are never cumulative. The perfect ("had donated") sums
up only when its sentence names no single year ("In 2010, Liaoning had donated ..." is 2010's).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from .context import DocView, FigureView, Phrases
from .figure_dates import is_annual, local_year
from .lexicon import Lexicon
from .matching import view_phrases
from .neighbours import date_from_neighbours
from .time_expressions import CLAUSE_STOPS, RELATIVE, Context, Events, Period, _main, find_periods

SINGLE_KINDS = ("year", "relative")  # periods of one year: a weak cumulative cue does not widen them


def period_phrases(view: DocView, lexicon: Lexicon) -> Phrases:
    return view_phrases(view, lexicon)["periods"]


class PeriodResolver:
    """Resolves each figure's Context from its unit, paragraph, section and the bulletin.

    The periods of every unit that holds a time expression are found once, up front; the
    other units (most of them) name none."""

    def __init__(self, view: DocView, ph: Phrases, bulletin_year: int | None, section_starts: list[int],
                 range_mid: frozenset[str] = frozenset()):
        self.view, self.ph, self.bulletin_year = view, ph, bulletin_year
        self.range_mid = range_mid
        paras = view.paragraph_of_unit
        by_unit = view.by_unit
        self.title_only = max(paras, default=0) > 0 and not any(
            by_unit.get(u) for u in range(len(view.units)) if paras[u] == 0)
        self.events = Events(view, ph)
        self._periods: dict[int, list[Period]] = {}
        self._mains: dict[int, list[Period]] = {}
        self.section_starts = section_starts
        self._sorted_sections = all(a <= b for a, b in zip(section_starts, section_starts[1:]))
        self.governing = self._governing()
        self._sections: dict[int, Period | None] = {}
        self._runs: dict[int, Period | None] = {}
        self._by_unit: dict[int, tuple] = {}  # unit -> (cumulative cue?, main periods, context without one)

    def periods(self, unit: int) -> list[Period]:
        found = self._periods.get(unit)
        if found is None:
            if unit not in self.events.busy or (self.title_only and unit == 0 and self.view.paragraph_of_unit[0] == 0):
                found = []
            else:
                found = [self._absolute(p) for p in find_periods(self.view, self.ph, unit, self.events, self.range_mid)]
            self._periods[unit] = found
            self._mains[unit] = _main(found) if found else found
        return found

    def _absolute(self, period: Period) -> Period:
        """"last year" in a bulletin of 2019 is 2019 - 1; unknown without the bulletin's year."""
        if period.kind != "relative":
            return period
        year = self.bulletin_year + period.start_year if self.bulletin_year else None
        return Period("relative", year, False, None, period.token)

    def main(self, unit: int) -> list[Period]:
        """The unit's main periods (a year, range, since ...), without cues."""
        found = self._mains.get(unit)
        if found is None:
            self.periods(unit)
            found = self._mains[unit]
        return found

    def _governing(self) -> dict[int, Period]:
        """Paragraph -> its governing period: the first named before any figure."""
        out: dict[int, Period] = {}
        closed: set[int] = set()
        paras, by_unit, busy = self.view.paragraph_of_unit, self.view.by_unit, self.events.busy
        for unit in range(len(self.view.units)):
            para = paras[unit]
            if para in out or para in closed:
                continue
            figs = by_unit.get(unit)
            main = self.main(unit) if unit in busy else None
            if main and (not figs or main[0].token < figs[0].num_start):
                out[para] = main[0]
            elif figs:
                closed.add(para)
        return out

    def _section_period(self, unit: int) -> Period | None:
        if unit in self._sections:
            return self._sections[unit]
        found = None
        char = self.view.unit_start_char(unit)
        if self._sorted_sections:
            k = bisect_right(self.section_starts, char)
            last = self.section_starts[k - 1] if k else None
        else:
            starts = [s for s in self.section_starts if s <= char]
            last = starts[-1] if starts else None
        if last is not None:
            first = bisect_left(self.view.unit_starts, last)
            para = self.view.paragraph_of_unit[first] if first < len(self.view.units) else None
            found = self.governing.get(para)
        self._sections[unit] = found
        return found

    def _fallback_year(self, unit: int) -> tuple[int | None, int | None]:
        para = self.view.paragraph_of_unit[unit]
        gov = self.governing.get(para) or self._section_period(unit)
        if gov and gov.year:
            return gov.year, gov.start_year
        return self.bulletin_year, None

    def _unit_periods(self, unit: int) -> list[Period]:
        periods = self.periods(unit)
        if self.main(unit) or unit == 0:
            return periods
        start = self.view.units[unit][0]
        if self.ph.starting_at(start, "period.continuation") or \
                self.ph.starting_at(start + 1, "period.continuation"):
            prev = unit - 1
            if self.view.paragraph_of_unit[prev] == self.view.paragraph_of_unit[unit]:
                return self.periods(prev) + periods
        return periods

    def resolve(self, fv: FigureView) -> Context:
        """The figure's period: what its unit says (each unit is worked out once)."""
        found = self._by_unit.get(fv.unit)
        if found is None:
            periods = self._unit_periods(fv.unit)
            cumulative_cue = any(p.kind == "cue" for p in periods)
            weak = any(p.kind in ("weak", "perfect") for p in periods)
            perfect = any(p.kind == "perfect" for p in periods)
            found = self._by_unit[fv.unit] = (cumulative_cue, weak, _main(periods),
                                              self._unit_context(fv.unit, cumulative_cue, weak, perfect))
        cumulative_cue, weak, main, fallback = found
        if main:
            main = [p for p in main if not self._trailing_elsewhere(p, fv)]
        if main:
            before = [p for p in main if p.token < fv.num_start]
            chosen = before[-1] if before else main[0]
            year, start = chosen.year, chosen.start_year
            if year is None:  # "since 2016": up to a year the sentence names for it, else now
                later = [o.num_start for o in self.view.unit_figures(fv.unit) if o.num_start >= fv.end]
                dated = [p for p in main if p.year and p.token > chosen.token and not any(n < p.token for n in later)]
                year = dated[0].year if dated else self._fallback_year(fv.unit)[0]
            # "In 2010, Liaoning had donated ...", "has allocated ... this year", "In 2011, ... 42.6
            # million Yuan in total": a weak cue sums up no more than the one year named
            cumulative = chosen.cumulative or cumulative_cue or (weak and chosen.kind not in SINGLE_KINDS) \
                or self._since_after(fv, main)
            return Context(year, cumulative, start, chosen.kind)
        return fallback

    def _since_after(self, fv: FigureView, main: list[Period]) -> bool:
        """"By the end of this year, 628,000 people had shaken off poverty since 2016": a since
        later in the figure's clause makes it a total."""
        texts = self.view.texts
        return any(p.kind == "since" and p.token >= fv.end
                   and not any(texts[k] in CLAUSE_STOPS for k in range(fv.end, p.token)) for p in main)

    def relative_after(self, fv: FigureView) -> Context | None:
        """"Tibet lifted 150,000 people out of poverty, after 180,000 last year": "last year" right
        after a figure dates it alone."""
        for p in self.main(fv.unit):
            if p.kind == "relative" and p.year and fv.end <= p.token <= fv.end + 1:
                return Context(p.year, False, None, "relative")
        return None

    def part_own(self, fv: FigureView) -> Context | None:
        """"Since 2016, ... 176,000 people, of whom 62,800 people were relocated last year": a
        part whose own clause names one year is that year's level."""
        texts = self.view.texts
        for p in self.main(fv.unit):
            if p.token >= fv.end and p.kind in SINGLE_KINDS and p.year:
                if any(texts[k] in CLAUSE_STOPS for k in range(fv.end, p.token)):
                    return None
                return Context(p.year, False, None, "part_own")
        return None

    def _unit_context(self, unit: int, cumulative_cue: bool, weak: bool = False, perfect: bool = False) -> Context:
        """The context of a figure whose unit names no period of its own."""
        para = self.view.paragraph_of_unit[unit]
        gov = self.governing.get(para) or self._section_period(unit)
        run = self._run_period(unit)
        if gov:
            year = gov.year or self.bulletin_year
            cumulative = (run or gov).cumulative or cumulative_cue or (weak and (run or gov).kind not in SINGLE_KINDS)
            return Context(year, cumulative, gov.start_year, "governing")
        # with no period at all, "had donated" sums up the years before; "in total" only adds up items
        return Context(self.bulletin_year, cumulative_cue or perfect or bool(run and run.cumulative), None, "bulletin")

    def _trailing_elsewhere(self, period: Period, fv: FigureView) -> bool:
        """A span after a figure ("108 projects launched in the first three years") is that clause's only."""
        if period.kind != "span" or self.view.unit_of[period.token] != fv.unit:
            return False
        first = self.view.unit_figures(fv.unit)[0]
        if first.num_start > period.token:
            return False
        texts = self.view.texts
        if fv.end > period.token:
            # it trails the figure before it, unless a clause ended between them ("the 255,000
            # people resettled last year, the number ... over the past two years has reached 531,000")
            last = max(o.end for o in self.view.unit_figures(fv.unit) if o.end <= period.token)
            return not any(texts[k] in CLAUSE_STOPS for k in range(last, period.token))
        return any(texts[k] in CLAUSE_STOPS for k in range(fv.end, period.token))

    def _run_period(self, unit: int) -> Period | None:
        """The period of the sentence opening an unbroken run of figure sentences ending here."""
        runs = self._runs
        if unit in runs:
            return runs[unit]
        paras, by_unit = self.view.paragraph_of_unit, self.view.by_unit
        chain, current, found = [], unit, None
        while True:  # every unit walked through has the same answer: remember it for each
            if current in runs:
                found = runs[current]
                break
            chain.append(current)
            prev = current - 1
            if prev < 0 or paras[prev] != paras[current] or not by_unit.get(prev):
                break
            main = self.main(prev)
            if main:
                found = main[0]
                break
            current = prev
        for walked in chain:
            runs[walked] = found
        return found


def _own_relative_year(view: DocView, ph, fv, bulletin_year: int | None) -> Context | None:
    """"up 6.5 percent from last year's 43.29 billion yuan": a figure whose own words open with
    "last year's" (or "this year's") is that year's level."""
    at = fv.first - 1
    if bulletin_year is None or at < 1 or view.lowers[at] != "'s":
        return None
    for key, shift in RELATIVE.items():
        if ph.ending_at(at, key):
            return Context(bulletin_year + shift, False, None, "relative_own")
    return None


def annotate_periods(view: DocView, lexicon: Lexicon, bulletin_year: int | None, section_starts: list[int]) -> None:
    """Set each figure's year and its period context (cumulative is settled with the indicator)."""
    ph = period_phrases(view, lexicon)
    resolver = PeriodResolver(view, ph, bulletin_year, section_starts,
                              frozenset(lexicon.cue("period", "range_mid")))
    local_range_mid = frozenset(lexicon.cue("period", "local_range_mid"))
    for fv in view.figures:
        ctx = resolver.resolve(fv)
        if fv.relation in ("part_of", "included_in"):
            ctx = resolver.part_own(fv) or ctx
        local = local_year(view, fv, local_range_mid)
        if local is not None:
            # a part with its own year is that year's share of a total over years: "since 2001,
            # 7.2 million ..., of which 1.1 million in 2009"; "relocated 78,150 people in 2012" is
            # that year's, whatever else the sentence sums up
            year, how = local
            own = fv.relation in ("part_of", "included_in") or how == "in"
            ctx = Context(year, ctx.cumulative and year == ctx.year and not own, ctx.start_year, "local")
        else:
            ctx = resolver.relative_after(fv) or ctx
        if is_annual(view, fv):
            ctx = Context(ctx.year, False, ctx.start_year, ctx.source)
        ctx = _own_relative_year(view, ph, fv, bulletin_year) or ctx
        fv.period = ctx
        fv.figure.year = ctx.year
        fv.figure.period_rule = f"period.{ctx.source}"
    date_from_neighbours(view, ph)
