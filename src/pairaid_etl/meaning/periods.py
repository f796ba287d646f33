"""Periods: the year a figure describes and whether it totals several years.

Order of precedence for a figure's year:
1. a year right after it ("of over 50,000 mu in 2010", "from 82.49 million in 2013");
2. the period named in its sentence ("In 2011, ...", "as of the end of 2009", "From 2001 to 2010");
3. the previous sentence when this one continues it ("In addition, ...");
4. the governing period of its paragraph (named before any figure of the paragraph),
   then of its section's first paragraph;
5. the bulletin's year.
A range ("From 2001 to 2010", a plan's "2011-2015") gives its end year. The earlier level in
"fell from A to B" is the year before B's. Cumulative needs a multi-year period ("since 1996",
"over the past 14 years", a range, "as of the end of 2009", "in total", "had donated") and a
figure that is a flow; levels and rates are never cumulative.
"""

from __future__ import annotations

from dataclasses import dataclass

from .context import DocView, FigureView, Phrases, is_year_token
from .lexicon import Lexicon

MAIN_KINDS = ("year", "range", "since", "as_of", "by", "span")
NAME_BLOCKERS = {"in", "by", "since", "from", "of", "during", "to", "and", "until", "till", "before", "after",
                 "on", "for", "as", "at", "between", "through", "than", "over"}
CLAUSE_STOPS = {",", ";", ".", "(", ")"}
LOCAL_YEAR_WINDOW = 7
ANNUAL_WORDS = {"annual", "annually", "yearly"}


@dataclass(frozen=True, slots=True)
class Period:
    kind: str            # year, range, since, as_of, by, span, cue
    year: int | None
    cumulative: bool
    start_year: int | None
    token: int


@dataclass(frozen=True, slots=True)
class Context:
    """What a figure's period turned out to be (before the flow/stock test)."""

    year: int | None
    cumulative: bool
    start_year: int | None = None
    source: str = "bulletin"


def period_phrases(view: DocView, lexicon: Lexicon) -> Phrases:
    groups = {f"period.{k}": v for k, v in lexicon.cues["period"].items()}
    return Phrases(view.doc, groups, longest=False)


def _lead(ph: Phrases, i: int, key: str) -> bool:
    return bool(ph.ending_at(i, f"period.{key}"))


def find_periods(view: DocView, ph: Phrases, unit: int) -> list[Period]:
    """Time expressions of one unit, outside quotes."""
    doc, (start, end) = view.doc, view.units[unit]
    out: list[Period] = []
    skip: set[int] = set()
    for i in range(start, end):
        if i in view.quoted or i in skip:
            continue
        tok = doc[i]
        if is_year_token(tok):
            period = _year_period(view, ph, i, end, skip)
            if period:
                out.append(period)
        elif ph.starting_at(i, "period.span_lead"):
            out += _span_period(view, ph, i, end)
    for span in ph.within(start, end, "period.cumulative"):
        if span.start not in view.quoted:
            out.append(Period("cue", None, True, None, span.start))
    out += _perfect(view, ph, start, end)
    return sorted(out, key=lambda p: p.token)


def _year_period(view: DocView, ph: Phrases, i: int, end: int, skip: set[int]) -> Period | None:
    doc, year = view.doc, int(view.doc[i].text)
    if i + 2 < end and doc[i + 1].lower_ in {"to", "-", "–", "~", "and", "through"} and is_year_token(doc[i + 2]):
        skip.add(i + 2)
        return Period("range", int(doc[i + 2].text), True, year, i)
    if _lead(ph, i, "comparison_lead") or _lead(ph, i, "ignored_lead") or _figure_local(view, i):
        return None
    if _lead(ph, i, "since"):
        return Period("since", None, True, year, i)
    as_of = ph.ending_at(i, "period.as_of")
    if as_of:
        ends_of = any(s.text.lower().endswith("end of") for s in as_of)
        return Period("as_of" if ends_of else "by", year, ends_of, None, i)
    prev = doc[i - 1] if i > 0 else None
    if prev is not None and prev.text[:1].isupper() and prev.lower_ not in NAME_BLOCKERS \
            and not prev.is_sent_start and prev.is_alpha and i - 1 != view.units[view.unit_of[i]][0]:
        return None  # part of a name: "Government Work Report 2014"
    return Period("year", year, False, None, i)


def _figure_local(view: DocView, i: int) -> bool:
    """A year that dates only the figure just before it: "from 82.49 million in 2013 to ..."."""
    if i == 0 or view.doc[i - 1].lower_ != "in":
        return False
    for fv in view.unit_figures(view.unit_of[i]):
        gap = view.doc[fv.end:i - 1]
        if fv.end <= i - 1 and len(gap) < LOCAL_YEAR_WINDOW and not any(t.text in CLAUSE_STOPS for t in gap):
            return True
    return False


def _span_period(view: DocView, ph: Phrases, i: int, end: int) -> list[Period]:
    doc = view.doc
    for lead in ph.starting_at(i, "period.span_lead"):
        j = lead.end
        if j + 1 < end and (doc[j].like_num) and ph.starting_at(j + 1, "period.span_unit"):
            return [Period("span", None, True, None, i)]
    return []


def _perfect(view: DocView, ph: Phrases, start: int, end: int) -> list[Period]:
    doc, irregular = view.doc, set(ph_words(ph, "period.perfect_irregular"))
    out = []
    for i in range(start, end - 1):
        if doc[i].lower_ not in ("has", "have", "had") or i in view.quoted:
            continue
        for j in range(i + 1, min(i + 4, end)):
            word = doc[j].lower_
            if word == "been" or (doc[j].is_alpha and word.endswith("ly")):
                continue
            if doc[j].is_alpha and (word.endswith("ed") or word in irregular):
                out.append(Period("cue", None, True, None, i))
            break
    return out


def ph_words(ph: Phrases, key: str) -> list[str]:
    return [s.text.lower() for s in ph.spans if s.label_ == key]


def _main(periods: list[Period]) -> list[Period]:
    return [p for p in periods if p.kind in MAIN_KINDS]


class PeriodResolver:
    """Resolves each figure's Context from its unit, paragraph, section and the bulletin."""

    def __init__(self, view: DocView, ph: Phrases, bulletin_year: int | None, section_starts: list[int]):
        self.view, self.ph, self.bulletin_year = view, ph, bulletin_year
        title_only = max(view.paragraph_of_unit, default=0) > 0 and not any(
            view.unit_figures(u) for u in range(len(view.units)) if view.paragraph_of_unit[u] == 0)
        self.periods = [[] if title_only and view.paragraph_of_unit[u] == 0 and u == 0 else find_periods(view, ph, u)
                        for u in range(len(view.units))]
        self.section_starts = section_starts
        self.governing = self._governing()

    def _governing(self) -> dict[int, Period]:
        """Paragraph -> its governing period: the first named before any figure."""
        out: dict[int, Period] = {}
        closed: set[int] = set()
        for unit, periods in enumerate(self.periods):
            para = self.view.paragraph_of_unit[unit]
            if para in out or para in closed:
                continue
            figs = self.view.unit_figures(unit)
            main = _main(periods)
            if main and (not figs or main[0].token < figs[0].num_start):
                out[para] = main[0]
            elif figs:
                closed.add(para)
        return out

    def _section_period(self, unit: int) -> Period | None:
        char = self.view.unit_start_char(unit)
        starts = [s for s in self.section_starts if s <= char]
        if not starts:
            return None
        first_units = [u for u in range(len(self.view.units)) if self.view.unit_start_char(u) >= starts[-1]]
        para = self.view.paragraph_of_unit[first_units[0]] if first_units else None
        return self.governing.get(para)

    def _fallback_year(self, unit: int) -> tuple[int | None, int | None]:
        para = self.view.paragraph_of_unit[unit]
        gov = self.governing.get(para) or self._section_period(unit)
        if gov and gov.year:
            return gov.year, gov.start_year
        return self.bulletin_year, None

    def _unit_periods(self, unit: int) -> list[Period]:
        periods = self.periods[unit]
        if _main(periods) or unit == 0:
            return periods
        start = self.view.units[unit][0]
        if self.ph.starting_at(start, "period.continuation") or \
                self.ph.starting_at(start + 1, "period.continuation"):
            prev = unit - 1
            if self.view.paragraph_of_unit[prev] == self.view.paragraph_of_unit[unit]:
                return self.periods[prev] + periods
        return periods

    def resolve(self, fv: FigureView) -> Context:
        periods = self._unit_periods(fv.unit)
        cumulative_cue = any(p.kind == "cue" for p in periods)
        main = [p for p in _main(periods) if not self._trailing_elsewhere(p, fv)]
        if main:
            before = [p for p in main if p.token < fv.num_start]
            chosen = before[-1] if before else main[0]
            year, start = chosen.year, chosen.start_year
            if year is None:
                dated = [p for p in main if p.year]
                year = dated[0].year if dated else self._fallback_year(fv.unit)[0]
            return Context(year, chosen.cumulative or cumulative_cue, start, chosen.kind)
        para = self.view.paragraph_of_unit[fv.unit]
        gov = self.governing.get(para) or self._section_period(fv.unit)
        run = self._run_period(fv.unit)
        if gov:
            year = gov.year or self.bulletin_year
            cumulative = (run or gov).cumulative or cumulative_cue
            return Context(year, cumulative, gov.start_year, "governing")
        return Context(self.bulletin_year, cumulative_cue or bool(run and run.cumulative), None, "bulletin")

    def _trailing_elsewhere(self, period: Period, fv: FigureView) -> bool:
        """A span after a figure ("108 projects launched in the first three years") is that clause's only."""
        if period.kind != "span" or self.view.unit_of[period.token] != fv.unit:
            return False
        first = self.view.unit_figures(fv.unit)[0]
        if first.num_start > period.token:
            return False
        between = self.view.doc[fv.end:period.token] if fv.end <= period.token else None
        return between is None or any(t.text in CLAUSE_STOPS for t in between)

    def _run_period(self, unit: int) -> Period | None:
        """The period of the sentence opening an unbroken run of figure sentences ending here."""
        para = self.view.paragraph_of_unit[unit]
        prev = unit - 1
        while prev >= 0 and self.view.paragraph_of_unit[prev] == para and self.view.unit_figures(prev):
            main = _main(self.periods[prev])
            if main:
                return main[0]
            prev -= 1
        return None


def local_year(view: DocView, fv: FigureView) -> int | None:
    """A year right after the figure in its clause: "50,000 mu in 2010"."""
    doc, end = view.doc, view.units[fv.unit][1]
    for i in range(fv.end, min(end - 1, fv.end + LOCAL_YEAR_WINDOW)):
        if doc[i].text in CLAUSE_STOPS:
            return None
        if doc[i].lower_ == "in" and is_year_token(doc[i + 1]) and i + 1 not in view.quoted:
            ranged = i + 3 < len(doc) and doc[i + 2].lower_ in {"to", "-", "–"} and is_year_token(doc[i + 3])
            if not ranged and doc[i - 1].lower_ != "that":
                return int(doc[i + 1].text)
    return None


def is_annual(view: DocView, fv: FigureView) -> bool:
    start = max(view.units[fv.unit][0], fv.num_start - 6)
    return any(t.lower_ in ANNUAL_WORDS for t in view.doc[start:fv.num_start])


def annotate_periods(view: DocView, lexicon: Lexicon, bulletin_year: int | None, section_starts: list[int]) -> None:
    """Set each figure's year and its period context (cumulative is settled with the indicator)."""
    ph = period_phrases(view, lexicon)
    resolver = PeriodResolver(view, ph, bulletin_year, section_starts)
    for fv in view.figures:
        ctx = resolver.resolve(fv)
        year = local_year(view, fv)
        if year is not None:
            ctx = Context(year, ctx.cumulative and year == ctx.year, ctx.start_year, "local")
        if is_annual(view, fv):
            ctx = Context(ctx.year, False, ctx.start_year, ctx.source)
        fv.period = ctx
        fv.figure.year = ctx.year
    for fv in view.figures:
        if fv.relation == "from" and fv.target is not None and fv.period.source != "local":
            target_year = fv.target.figure.year
            fv.figure.year = target_year - 1 if target_year else None
