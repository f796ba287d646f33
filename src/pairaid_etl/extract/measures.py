"""The measure of a number: what it counts or what it is in, when nothing but its
context says so (a bare number: "fell to 70.17 million", "income reached 3,200").

``Measure`` is what the assembler decides for every number; ``bare_number`` reads a bare
number's sentence for a counted noun said before it or for money.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from . import exclusions as ex
from . import items
from ..knowledge import load_vocab
from .tokens import Columns, sentence_end


@dataclass(slots=True)
class Measure:
    unit: str
    rule: str
    last: int  # index of the last token the figure uses
    item: str | None = None
    item_at: int = -1  # token index of the counted noun


@lru_cache(maxsize=1)
def _money() -> tuple[frozenset, str, Decimal, frozenset, Decimal]:
    m = load_vocab()["money"]
    return (frozenset(m["cues"]), m["implicit_unit"], Decimal(m["min_value"]),
            frozenset(m["amount_cues"]), Decimal(m["amount_min_value"]))


def bare_number(c: Columns, start: int, end: int, value: Decimal, anchor: int | None = None) -> Measure | None:
    """A number with nothing after it: a count of a noun said before, or yuan. ``anchor``:
    where the number's words start (its qualifier, "more than 1.2 million")."""
    if ex.is_year_like(c, start, end):
        return None
    v = items.vocab()
    before = c.lower[(anchor if anchor is not None else start) - 1] if (anchor or start) > 0 else ""
    if before in _verbs()[0]:  # "benefiting 1.2 million": people
        return Measure("count", "count.people_after_verb", end - 1, v.nominal_item)
    if before in _verbs()[1]:  # "the rural poor ... numbered 35.97 million": what was counted
        lemma = items.item_before(c, start, v.far)
        if lemma:
            return Measure("count", "count.item_before", end - 1, lemma)
    lemma = items.item_number_of(c, start)
    if lemma:
        return Measure("count", "count.item_number_of", end - 1, lemma)
    if _amount_context(c, start, value, v):
        return Measure(_money()[1], "money.implicit_amount", end - 1)
    lemma = items.item_before(c, start, v.near)
    if lemma:
        return Measure("count", "count.item_before", end - 1, lemma)
    if _money_context(c, start, value):
        return Measure(_money()[1], "money.implicit", end - 1)
    lemma = items.item_before(c, start, v.far)
    if lemma:
        return Measure("count", "count.item_before", end - 1, lemma)
    return None


def _money_context(c: Columns, start: int, value: Decimal) -> bool:
    """Is the number large enough, in a sentence that speaks of funds or yuan?"""
    cues, _, min_value, _, _ = _money()
    if value < min_value:
        return False
    first = c.sent_first[start]
    return not cues.isdisjoint(c.lower[first:sentence_end(c, start)])


def _amount_context(c: Columns, start: int, value: Decimal, v) -> bool:
    """'per capita net income of farmers reached 3,200': a word that is always an amount
    of money (income, wage) is the nearest noun before the number."""
    _, _, _, cues, min_value = _money()
    if value < min_value:
        return False
    low_at, forms = c.lower, v.forms
    for j in range(start - 1, max(c.sent_first[start], start - v.far) - 1, -1):
        low = low_at[j]
        if low in cues:
            return True
        if low == ";":
            return False
        if (low in forms and forms[low].number != "singular") or low in v.nominal:
            # "income of (rural) farmers reached 3,200": the noun belongs to the cue
            k = j - 1
            while k > j - 3 and k > 0 and low_at[k] != "of":
                k -= 1
            return low_at[k] == "of" and k > 0 and low_at[k - 1] in cues
    return False


@lru_cache(maxsize=1)
def _verbs() -> tuple[frozenset, frozenset]:
    found = load_vocab()["items"]
    return frozenset(found["people_verbs"]), frozenset(found["count_verbs"])
