"""Turn each matched number into a Figure or a Rejection: match, then assemble.

For one number the assembler reads, around it, a currency before, a unit after, a
qualifier before, a range partner, and for bare numbers the counted noun or money
context.  Every decision carries a rule id (pattern id or ``data/rules.toml`` id).
"""

from __future__ import annotations

import math
from decimal import Decimal
from functools import lru_cache

from spacy.tokens import Doc

from . import exclusions as ex
from . import items
from .numbers import parse_number, scale_words
from .parts import Parts
from ..records import Figure, Rejection
from ..knowledge import load_vocab
from .measures import Measure, bare_number
from .tokens import Columns, columns_of, set_source, source_span
from .units import unit_facts

DASHES = frozenset({"-", "–", "—", "~", "～"})
# words that join two numbers into a range as a dash does, and words that keep them apart
# (vocab.toml [ranges])
RANGE_CONNECTORS = DASHES | frozenset(load_vocab()["ranges"]["connector_words"])
RANGE_BLOCKERS = frozenset(load_vocab()["ranges"]["blockers"])
CHANGE_CUE_WORDS = 3  # longest [items] change_of cue


def unit_code(rule: str) -> str:
    """'unit.km2.square_kilometers' -> 'km2'."""
    return rule.split(".")[1]


def assemble(doc: Doc, parts: Parts, text: str) -> tuple[list, list, list]:
    """Figures, rejections and each figure's (start, end) tokens for every number in
    ``parts``; ``text`` is the doc's text. The token spans go to the meaning layer (so it
    need not map character offsets back to tokens)."""
    footer_cache: dict = {}
    set_source(doc, text)
    c = columns_of(doc)
    figures, rejections, spans = [], [], []
    starts = {n[0]: n for n in parts.numbers}
    consumed: set[int] = set()
    last: tuple[int, Figure] | None = None  # (sentence start, figure) of the latest figure
    for start, end, rule in parts.numbers:
        if start in consumed:
            continue
        result = decide(c, text, parts, starts, start, end, footer_cache)
        if last is not None and last[0] == c.sent_first[start] and _guessed(result):
            result = change_of_previous(c, parts, start, end, last[1]) \
                or part_of_previous(c, parts, start, end, last[1]) or result
        if isinstance(result, Rejection):
            rejections.append(result)
        else:
            figure, partner = result
            figures.append(figure)
            spans.append((start, end))
            last = (c.sent_first[start], figure)
            if partner is not None:
                consumed.add(partner)
    return figures, rejections, spans


def _guessed(result) -> bool:
    """No unit, or only the guess that a big number in a sentence about funds is yuan: a change
    cue before it ("down from 8.04 million") says it is in the unit of the figure before."""
    if isinstance(result, Rejection):
        return result.rule == "reject.no_unit"
    return result[0].rule in ("money.implicit", "count.item_before")


def reject(c: Columns, start: int, end: int, rule: str) -> Rejection:
    start_char, end_char, written = source_span(c, start, end)
    return Rejection(start=start_char, end=end_char, text=written,
                     code=ex.CODES.get(rule, rule.split(".")[-1]), rule=rule)


def decide(c, text, parts, starts, start, end, footer_cache):
    """A Figure (with the token start of a consumed range partner) or a Rejection."""
    rule = ex.check_date_or_name(c, start, end, parts.months) \
        or ex.check_word_number(c, start) \
        or (footer_cache.get(None) is not False  # False: the text holds no Chinese at all
            and ex.check_footer(text, c.idx[start], footer_cache))
    if rule:
        return reject(c, start, end, rule)
    value = parse_number(c.text[start:end])
    if value is None:
        return reject(c, start, end, "reject.no_unit")
    measure, partner, value, value_high = find_measure(c, parts, starts, start, end, value)
    if isinstance(measure, str):
        return reject(c, start, end, measure)
    if measure is None or not math.isfinite(value) or not math.isfinite(value_high or 0):
        return reject(c, start, end, ex.check_list_marker(c, start, end)
                      or ("reject.year" if ex.is_year_like(c, start, end) else "reject.no_unit"))
    rule = ex.check_cut_off(c, text, measure.last) or ex.check_enumeration(c, start, measure.item_at)
    if rule:
        return reject(c, start, end, rule)
    qualifier = "range" if value_high is not None else find_qualifier(c, parts, start, end,
                                                                      measure)
    return make_figure(c, start, end, value, value_high, measure, qualifier), partner


def change_of_previous(c, parts, start, end, previous: Figure) -> tuple[Figure, None] | None:
    """"reduced from 166 million to 55.75 million, a decline of more than 100 million": a bare
    number right after a change cue ([items] change_of) is in the unit of the figure before
    it in its sentence (not a percentage: "down 1.3" after "7.2%" is points); so is one right
    before "fewer" after a count ([items] count_change_after: "212,000 fewer than ...")."""
    after = previous.kind == "count" and any(tuple(c.lower[end:end + len(cue)]) == cue
                                             for cue in _cues("count_change_after"))  # "212,000 fewer than"
    if previous.kind == "percent" or not (after or _cue_before(c, parts, start, _cues("change_of"))):
        return None
    rule = "count.change_of_previous" if previous.kind == "count" else "measure.change_of_previous"
    return _in_measure_of(c, parts, start, end, previous, rule)


def part_of_previous(c, parts, start, end, previous: Figure) -> tuple[Figure, None] | None:
    """"trained 41,000 rural laborers ..., and 33,500 of them were transferred", "relocated
    256,000 people ..., including 92,000 last year": a count whose noun is only a guess, right
    after a part cue or right before "of them" ([items] part_of_before, part_of_after), counts
    what the count before it in its sentence counts."""
    if previous.kind != "count":
        return None
    if not _cue_before(c, parts, start, _cues("part_of_before")) and tuple(c.lower[end:end + 2]) not in _cues("part_of_after"):
        return None
    return _in_measure_of(c, parts, start, end, previous, "count.part_of_previous")


def _cue_before(c, parts, start, cues) -> bool:
    """One of ``cues`` ends right before the number's words (its qualifier, if any)."""
    qualifier = parts.qualifier_before.get(start)
    anchor = qualifier[0] if qualifier is not None else start
    words = c.lower[max(0, anchor - CHANGE_CUE_WORDS):anchor]
    return any(tuple(words[-len(cue):]) == cue for cue in cues)


def _in_measure_of(c, parts, start, end, previous: Figure, rule: str) -> tuple[Figure, None] | None:
    """The number as a figure in the unit (and counted noun) of ``previous``."""
    value = parse_number(c.text[start:end])
    if value is None:
        return None
    measure = Measure(previous.unit, rule, end - 1, previous.item)
    return make_figure(c, start, end, value, None, measure, find_qualifier(c, parts, start, end, measure)), None


@lru_cache(maxsize=None)
def _cues(key: str) -> tuple[tuple[str, ...], ...]:
    """[items] ``key`` of vocab.toml as token tuples."""
    return tuple(tuple(cue.split()) for cue in load_vocab()["items"][key])


def find_measure(c, parts, starts, start, end, value):
    """(Measure | None, range partner start | None, value, value_high | None)."""
    measure = measure_of(c, parts, start, end, value)
    if isinstance(measure, Measure):
        partner = unit_range_partner(c, parts, starts, measure)
        if partner is not None:
            p_start, p_end, high, last = partner
            measure.last, measure.rule = last, "range.unit_repeated"
            return measure, p_start, shared_scale(c, start, end, p_end, value), high
    if measure is not None:
        return measure, None, value, None
    partner, joined = range_partner(c, starts, start, end)
    if partner is not None:
        p_start, p_end, _ = partner
        high = parse_number(c.text[p_start:p_end])
        measure = measure_of(c, parts, p_start, p_end, high) if high is not None else None
        if isinstance(measure, Measure) and not ex.is_year_like(c, start, end):
            value = shared_scale(c, start, end, p_end, value)
            measure.last = end - 1
            if not joined:  # "from 500 to 1,000 yuan": two figures, one unit
                measure.rule = "range.from_to"
                return measure, None, value, None
            measure.rule = "range.joined"
            return measure, p_start, value, high
    qualifier = parts.qualifier_before.get(start)
    return bare_number(c, start, end, value, qualifier[0] if qualifier else start), None, value, None


def measure_of(c, parts, start, end, value) -> Measure | str | None:
    """Unit after the number, currency before it, or a counted noun after it
    (or the id of a rule rejecting the number)."""
    unit = parts.unit_at.get(end)
    if unit is None and end + 1 < c.n and c.text[end] == "-":
        unit = parts.unit_at.get(end + 1)  # "a 3,000-mu base", "a 500-yuan subsidy"
    if unit is not None:
        return Measure(unit_code(unit[1]), unit[1], unit[0] - 1)
    currency = parts.currency_before.get(start)
    if currency is not None:
        return Measure(unit_code(currency[1]), currency[1], end - 1)
    lemma, j, how = items.item_after(c, end)
    if lemma is None:
        return None
    if how == "singular" and j == end and value != 1:
        return "reject.name_singular"  # "the 535 project"
    if ex.is_year_like(c, start, end) and j != end:
        return None
    return Measure("count", "count.item_after", end - 1, lemma, j)


def range_partner(c, starts, start, end):
    """The second number of '500-1,000 yuan', '3 to 5 years', 'between 3 and 5 km'
    (joined: one figure), or of 'from 500 to 1,000 yuan' (not joined); else None."""
    low_at = c.lower
    if end + 1 >= c.n:
        return None, False
    before = low_at[start - 1] if start > 0 else ""
    connector = low_at[end]
    if connector in RANGE_CONNECTORS or (connector == "and" and before == "between"):
        return starts.get(end + 1), before not in RANGE_BLOCKERS
    return None, False


def unit_range_partner(c, parts, starts, measure):
    """'3%-5%', '500 yuan-1,000 yuan', 'RMB 3-5 million': a dash after the first figure's
    unit (or currency) and a second number with the same unit or none.
    Returns (partner start, partner end, value_high, last token) or None."""
    k = measure.last + 1
    if measure.unit == "count" or k + 1 >= c.n or c.lower[k] not in DASHES:
        return None
    partner = starts.get(k + 1)
    if partner is None:
        return None
    p_start, p_end, _ = partner
    high = parse_number(c.text[p_start:p_end])
    if high is None or ex.is_year_like(c, p_start, p_end):
        return None
    other = measure_of(c, parts, p_start, p_end, high)
    if isinstance(other, Measure) and other.unit == measure.unit and other.item is None:
        return p_start, p_end, high, other.last
    if other is None and measure.rule.startswith("currency."):
        return p_start, p_end, high, p_end - 1
    return None


def shared_scale(c: Columns, start: int, end: int, p_end: int, value: Decimal) -> Decimal:
    """'3-5 million': the first number takes the scale word of the second."""
    scales = scale_words()
    if c.lower[end - 1] in scales or c.lower[p_end - 1] not in scales:
        return value
    return parse_number([c.text[start], c.text[p_end - 1]]) or value


def find_qualifier(c: Columns, parts: Parts, start: int, end: int, measure: Measure) -> str:
    """A qualifier before the number (or its currency), else one written after the number,
    its unit or its counted noun ("200 or more", "500 yuan and above")."""
    anchor = start
    currency = parts.currency_before.get(start)
    if currency is not None:
        anchor = currency[0]
    qualifier = parts.qualifier_before.get(anchor)
    if qualifier is not None and not _refers_back(c, qualifier[0]):
        return unit_code(qualifier[1])
    low_at = c.lower
    for k in (end, measure.last + 1, measure.item_at + 1 if measure.item_at >= 0 else -1):
        after = parts.qualifier_after.get(k)
        if k > 0 and after is not None:
            follow = after[0]
            if follow < c.n and (low_at[follow] == "than" or c.num[follow]):
                continue  # "200 households or more than 1,000 people"
            return unit_code(after[1])
    return "exact"


def _refers_back(c: Columns, q_start: int) -> bool:
    """'the above 3 projects': 'above' after a determiner points back, it is no qualifier."""
    low_at = c.lower
    return q_start > 0 and low_at[q_start] in _referring()[0] \
        and low_at[q_start - 1] in _referring()[1]


@lru_cache(maxsize=1)
def _referring() -> tuple[frozenset, frozenset]:
    v = load_vocab()
    return frozenset(v["qualifiers"]["referring"]), frozenset(v["references"]["determiners"])


def make_figure(c, start, end, value, value_high, measure, qualifier) -> Figure:
    start_char, end_char, written = source_span(c, start, end)
    number = float(value)
    value_high = float(value_high) if value_high is not None else None
    kind, factor, canonical_unit = unit_facts(measure.unit)  # to_canonical, without its checks
    canonical_value = number * factor
    if not math.isfinite(canonical_value):
        canonical_value = None
    return Figure(start_char, end_char, written, written, number, measure.unit, kind, measure.rule,
                  qualifier, value_high, measure.item, canonical_value, canonical_unit)

