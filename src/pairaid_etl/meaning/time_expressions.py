"""Time expressions: the periods a sentence names (a year, a range, "since", "as of", a span
of years, "last year", the perfect aspect), found token by token; ``periods.py`` decides
which one dates each figure.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache
from typing import NamedTuple

import numpy

from ..knowledge import is_year, load_cues, load_patterns
from .context import DocView, Phrases

MAIN_KINDS = ("year", "range", "since", "as_of", "by", "span", "relative")
# relative year cues -> offset from the bulletin's year (kept in Period.start_year until resolved)
RELATIVE = {"period.last_year": -1, "period.this_year": 0}
NAME_BLOCKERS = frozenset(load_cues()["period"]["name_blockers"])  # meaning_cues.toml [period]
PRICE_WORDS = [w.split() for w in load_cues()["period"]["price_words"]]
PRICE_FIRST = frozenset(w[0] for w in PRICE_WORDS)
PLAN_ORDINALS = [frozenset(forms.split()) for forms in load_cues()["period"]["plan_ordinals"]]
PLAN_FIRST_START = load_cues()["period"]["plan_first_start"]
RANGE_FILLERS = tuple(tuple(f.split()) for f in load_cues()["period"]["range_end_fillers"])
WEAK_CUMULATIVE = frozenset(load_cues()["period"]["weak_cumulative"])  # sum up only without a single year
CLAUSE_STOPS = {",", ";", ".", "(", ")"}
CLAUSE_ENDS = frozenset({";", ".", "；", "。"})
LOCAL_YEAR_WINDOW = 7


class Period(NamedTuple):
    """A time expression (immutable; a tuple is built several times faster than a frozen
    dataclass, and ~55 periods and contexts are built per bulletin)."""

    kind: str            # year, range, since, as_of, by, span, cue; weak ("in total"), perfect (has/had + participle)
    year: int | None
    cumulative: bool
    start_year: int | None
    token: int


class Context(NamedTuple):
    """What a figure's period turned out to be (before the flow/stock test)."""

    year: int | None
    cumulative: bool
    start_year: int | None = None
    source: str = "bulletin"


def _digit_candidates(view: DocView):
    """Token indices that may be all digits: the extractor's LIKE_NUM column when the view's
    texts are its columns (LIKE_NUM holds every ``str.isdigit`` text), else every token."""
    if view.like_num is None:
        return range(len(view.texts))
    return numpy.flatnonzero(view.like_num).tolist()


class Events:
    """Doc-wide token positions the period rules start from: years, span leads, "has/have/had"."""

    def __init__(self, view: DocView, ph: Phrases):
        texts = view.texts
        digits = _digit_candidates(view)
        self.years = {i for i in digits if is_year(texts[i])}
        # a span lead counts only where a span follows ("in the five years"): "in the" is everywhere
        leads = {s[0] for s in ph.with_key("period.span_lead") if _span_follows(view, ph, s[1])}
        self.starts = sorted(self.years | leads)
        self.days = _days_without_year(view, digits)  # "By Nov. 23, ...": a day of this year
        self.aux = [s[0] for s in view.phrases["aux"].spans] if view.phrases else []
        # the units holding any of these (the others name no period: most units)
        unit_of = view.unit_of
        self.busy = {unit_of[i] for i in self.starts} | {unit_of[i] for i in self.aux} \
            | {unit_of[s[0]] for s in ph.with_key("period.cumulative")} \
            | {unit_of[s[0]] for s in ph.with_key("period.plan_period")} | {unit_of[i] for i in self.days} \
            | {unit_of[s[0]] for key in RELATIVE for s in ph.with_key(key)}

    def between(self, found: list[int], start: int, end: int) -> list[int]:
        return found[bisect_left(found, start):bisect_left(found, end)]


def _lead(ph: Phrases, i: int, key: str) -> bool:
    return bool(ph.ending_at(i, f"period.{key}"))


def find_periods(view: DocView, ph: Phrases, unit: int, events: Events | None = None,
                 range_mid: frozenset[str] = frozenset()) -> list[Period]:
    """Time expressions of one unit, outside quotes. ``range_mid``: the words between the two
    years of a range ("2001 to 2010", "2011-2015": meaning_cues.toml [period] range_mid)."""
    events = events or Events(view, ph)
    if unit not in events.busy:
        return []
    start, end = view.units[unit]
    quoted = view.quoted
    out: list[Period] = []
    # a number the extractor took as a figure is never a year ("about 2100 people")
    skip: set[int] = {i for fv in view.unit_figures(unit) for i in range(fv.num_start, fv.num_end)}
    for i in events.between(events.starts, start, end):
        if quoted[i] or i in skip:
            continue
        if i in events.years:
            period = _year_period(view, ph, i, end, skip, range_mid)
            if period:
                out.append(period)
        elif ph.starting_at(i, "period.span_lead"):
            out += _span_period(view, ph, i, end)
    for i in events.between(events.days, start, end):
        out.append(Period("relative", None, False, 0, i))
    for key, offset in RELATIVE.items():  # the resolver turns these into years
        for span in ph.within(start, end, key):
            if not quoted[span[0]] and not _lead(ph, span[0], "comparison_lead") and view.lowers[span[0] - 1] != "from" \
                    and view.lowers[span[1]:span[1] + 1] != ["of"]:  # "the last year of the plan" names no year
                out.append(Period("relative", None, False, offset, span[0]))
    for span in ph.within(start, end, "period.plan_period"):
        # a lead in title case mid-sentence is a document's name ("... Projects During the 12th
        # Five-Year Plan Period")
        if not quoted[span[0]] and (view.texts[span[0]].islower() or view.is_sent_start(span[0])):
            out.append(_plan_period(view, span))
    for span in ph.within(start, end, "period.cumulative"):
        if not quoted[span[0]]:
            kind = "weak" if view.span_text(span[0], span[1]).lower() in WEAK_CUMULATIVE else "cue"
            out.append(Period(kind, None, True, None, span[0]))
    out += _perfect(view, ph, start, end, events)
    return sorted(out, key=lambda p: p.token)


def _price_base(view: DocView, i: int) -> bool:
    """"a poverty line of 2,300 Yuan (2010 constant prices)": a year of prices, not a period."""
    return i + 1 < len(view.lowers) and view.lowers[i + 1] in PRICE_FIRST \
        and any(view.lowers[i + 1:i + 1 + len(w)] == w for w in PRICE_WORDS)


def _year_period(view: DocView, ph: Phrases, i: int, end: int, skip: set[int],
                 range_mid: frozenset[str]) -> Period | None:
    texts, lowers = view.texts, view.lowers
    year = int(texts[i])
    if i + 2 < end and lowers[i + 1] in range_mid:
        k = i + 2  # "from 1996 to the end of 2012": the end year after a filler
        filler = next((f for f in RANGE_FILLERS if tuple(lowers[k:k + len(f)]) == f), ())
        k += len(filler)
        if k < end and is_year(texts[k]) and (not filler or lowers[i + 1] == "to"):
            skip.add(k)
            return Period("range", int(texts[k]), True, year, i)
    if _lead(ph, i, "comparison_lead") \
            or (_lead(ph, i, "ignored_lead") and not _opening(view, ph, i) and not _since_clause(view, ph, i)) \
            or _price_base(view, i) or _figure_local(view, i) \
            or _compared_from(view, i) or _full_date(view, i):
        return None
    if _lead(ph, i, "since") or _since_clause(view, ph, i):
        return Period("since", None, True, year, i)
    as_of = ph.ending_at(i, "period.as_of")
    if as_of:
        ends_of = any(view.span_text(s[0], s[1]).lower().endswith("end of") for s in as_of)
        return Period("as_of" if ends_of else "by", year, ends_of, None, i)
    prev = i - 1
    if prev >= 0 and texts[prev][:1].isupper() and lowers[prev] not in NAME_BLOCKERS \
            and not view.is_sent_start(prev) and texts[prev].isalpha() and prev != view.units[view.unit_of[i]][0]:
        return None  # part of a name: "Government Work Report 2014"
    return Period("year", year, False, None, i)


def _since_clause(view: DocView, ph: Phrases, i: int) -> bool:
    """"Since the pairing relationship was set up in 1996, ...": the year of a sentence-opening
    since-clause (no comma before it) starts a period up to now, like "since 1996"."""
    first = view.units[view.unit_of[i]][0]
    clause = max((k for k in range(first, i) if view.texts[k] in (";", "；")), default=None)
    if clause is not None:  # "...; since relocation began in 2004, the province has relocated ..."
        first = clause + 1
    while first < i and view.texts[first].isspace():
        first += 1
    if not ph.starting_at(first, "period.since"):
        return False
    return not any(view.texts[k] in (",", ";", "，") or is_year(view.texts[k]) for k in range(first, i))


def _opening(view: DocView, ph: Phrases, i: int) -> bool:
    """"At the end of 2011, the province had ...": an opening lead ([period] opening_lead) that
    starts the sentence dates it."""
    for span in ph.ending_at(i, "period.opening_lead"):
        first = view.units[view.unit_of[i]][0]
        while first < span[0] and view.texts[first].isspace():
            first += 1
        if first == span[0]:
            return True
        # "According to the registration, at the end of 2014 the city had ...": it opens a clause
        if span[0] > first and view.lowers[span[0] - 1] == "," and i + 1 < len(view.lowers) \
                and view.lowers[i + 1] not in CLAUSE_ENDS:
            return True
    return False


def _days_without_year(view: DocView, digits) -> list[int]:
    """Months followed by a day and no year ("By Nov. 23, all 832 counties ..."), outside quotes
    (``digits``: the tokens that may be all digits, where a day can be)."""
    texts, lowers, months, n = view.texts, view.lowers, _month_words(), len(view.texts)
    out = []
    for day in digits:
        i = day - 1
        if i >= 0 and lowers[i].rstrip(".") in months and texts[day].isdigit() and 1 <= int(texts[day]) <= 31 \
                and not view.quoted[i] and not (i + 3 < n and texts[i + 2] == "," and is_year(texts[i + 3])) \
                and not (i + 2 < n and is_year(texts[i + 2])) \
                and not (i >= 2 and texts[i - 1] == "," and texts[i - 2].isupper()):  # a dateline: "GUIYANG, Oct. 17"
            out.append(i)
    return out


def _full_date(view: DocView, i: int) -> bool:
    """The year of a day's date ("March 12, 2019", "12 March 2019"): when a news article was
    written, not the period of its figures (the article's year comes from it, see
    ``extract.figures.year_from_dateline``)."""
    texts, lowers, months = view.texts, view.lowers, _month_words()

    def day(k: int) -> bool:
        return k >= 0 and texts[k].isdigit() and 1 <= int(texts[k]) <= 31
    if i >= 3 and texts[i - 1] == "," and day(i - 2) and lowers[i - 3].rstrip(".") in months:
        return True
    return i >= 2 and lowers[i - 1].rstrip(".") in months and day(i - 2)


@lru_cache(maxsize=1)
def _month_words() -> frozenset[str]:
    """Month names and abbreviations: the MONTH patterns of patterns.jsonl."""
    return frozenset(p["pattern"].lower().rstrip(".") for p in load_patterns()
                     if p["label"] == "MONTH" and isinstance(p["pattern"], str))


def _figure_local(view: DocView, i: int) -> bool:
    """A year that dates only the figure just before it: "from 82.49 million in 2013 to ..."."""
    if i == 0 or view.lowers[i - 1] != "in":
        return False
    texts = view.texts
    for fv in view.unit_figures(view.unit_of[i]):
        if fv.end <= i - 1 and i - 1 - fv.end < LOCAL_YEAR_WINDOW and \
                not any(texts[k] in CLAUSE_STOPS for k in range(fv.end, i - 1)):
            return True
    return False


def _compared_from(view: DocView, i: int) -> bool:
    """"down 350,000 from 2011", "up 12% from 2011": a year a change is measured from (its base
    year, not a period; a range "from 2001 to 2010" was taken before)."""
    if i < 2 or view.lowers[i - 1] != "from":
        return False
    return any(0 <= i - 1 - fv.end <= 1 for fv in view.unit_figures(view.unit_of[i]))


def _span_follows(view: DocView, ph: Phrases, j: int) -> bool:
    """A number of years right after a span lead ending at ``j`` ("over the past | 14 years")."""
    return j + 1 < len(view.texts) and view.doc[j].like_num and bool(ph.starting_at(j + 1, "period.span_unit"))


def _span_period(view: DocView, ph: Phrases, i: int, end: int) -> list[Period]:
    for lead in ph.starting_at(i, "period.span_lead"):
        j = lead[1]
        if j + 1 < end and view.doc[j].like_num and ph.starting_at(j + 1, "period.span_unit"):
            return [Period("span", None, True, None, i)]
    return []


def _plan_period(view: DocView, span) -> Period:
    """"during the 11th Five-Year Plan": the plan's five years ([period] plan_ordinals)."""
    words = view.span_text(span[0], span[1]).lower().split()
    index = next(i for i, forms in enumerate(PLAN_ORDINALS) if forms & set(words))
    first = PLAN_FIRST_START + 5 * index
    return Period("range", first + 4, True, first, span[0])


def _perfect(view: DocView, ph: Phrases, start: int, end: int, events: Events) -> list[Period]:
    texts, lowers, quoted = view.texts, view.lowers, view.quoted
    out = []
    for i in events.between(events.aux, start, end - 1):
        if quoted[i]:
            continue
        irregular = ph.texts("period.perfect_irregular")
        for j in range(i + 1, min(i + 4, end)):
            word = lowers[j]
            if word == "been" or (texts[j].isalpha() and word.endswith("ly")):
                continue
            if texts[j].isalpha() and (word.endswith("ed") or word in irregular):
                out.append(Period("perfect", None, True, None, i))
            break
    return out


def _main(periods: list[Period]) -> list[Period]:
    return [p for p in periods if p.kind in MAIN_KINDS]
