"""What a count counts: the singular, lower-case head noun of the counted phrase.

``blank("en")`` has no tagger, so the head is found from data: the item table
(``data/items.csv``: form -> lemma, singular/plural/mass), a few word lists in
``data/vocab.toml`` and the English habit that the plural noun closes the phrase
("22 economic and trade cooperative projects" -> project).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..knowledge import load_items, load_vocab
from .tokens import Columns

SKIPPABLE_PUNCT = frozenset({"“", "”", '"', "'", "‘", "’", "–", "—", "-", "«", "»"})
MAX_FORWARD = 10
NOMINAL_LOOKAHEAD = 3
# after a singular noun these continue the phrase (vocab.toml [items] continuers)
CONTINUERS = frozenset(load_vocab()["items"]["continuers"])


@dataclass(frozen=True, slots=True)
class ItemVocab:
    forms: dict
    boundaries: frozenset
    containers: frozenset
    skip_phrases: tuple
    skip_first: frozenset
    number_of: tuple
    population: frozenset
    population_item: str
    not_plural: frozenset
    nominal: frozenset
    nominal_item: str
    near: int
    far: int
    heads: frozenset = frozenset()  # nouns that head a compound of counted nouns ("herdsmen households")


@lru_cache(maxsize=1)
def vocab() -> ItemVocab:
    v = load_vocab()["items"]
    return ItemVocab(
        forms=load_items(), boundaries=frozenset(v["boundaries"]),
        containers=frozenset(v["containers"]),
        skip_first=frozenset(p[0] for p in v["skip_phrases"]),
        skip_phrases=tuple(sorted((tuple(p) for p in v["skip_phrases"]), key=len, reverse=True)),
        number_of=tuple(tuple(p) for p in v["number_of"]),
        population=frozenset(v["population_words"]), population_item=v["population_item"],
        not_plural=frozenset(v["not_plural"]), nominal=frozenset(v["nominal_people"]),
        nominal_item=v["nominal_item"], near=v["near_window"], far=v["far_window"], heads=frozenset(v["compound_heads"]),
    )


def singularize(word: str) -> str:
    """'counties' -> 'county', 'batches' -> 'batch', 'labors' -> 'labor',
    'herdsmen' -> 'herdsman', 'potatoes' -> 'potato', 'buses' -> 'bus' (irregular and
    exceptional forms live in data/items.csv, which is consulted first)."""
    if word.endswith("men") and len(word) > 4:
        return word[:-3] + "man"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes", "oes", "zzes")) or word.endswith(
            ("buses", "nuses", "puses", "ruses", "tuses", "suses")):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


def looks_plural(word: str, v: ItemVocab) -> bool:
    """An unknown lower-case word that reads as a plural noun ('-s', or '-men' as in
    'fishermen')."""
    if len(word) <= 3 or not word.isalpha() or not word.islower() or word in v.not_plural:
        return False
    if word.endswith("men"):
        return len(word) > 4
    return word.endswith("s") and not word.endswith(("ss", "us", "is", "ous"))


def _is_nounish(low_at: list[str], j: int, v: ItemVocab, continuers: bool = True) -> bool:
    """Does the noun phrase go on at ``j`` (a noun, or with ``continuers`` a hyphen or
    conjunction: "prefecture-level cities", "facility and welfare projects")?"""
    if j >= len(low_at):
        return False
    low = low_at[j]
    return (continuers and low in CONTINUERS) or low in v.forms or low in v.nominal \
        or looks_plural(low, v)


def item_after(c: Columns, i: int) -> tuple[str | None, int, str]:
    """Scan forward from token ``i`` for the counted noun.

    Returns (lemma, token index, how) with how in plural / singular / compound
    ("three-year": a noun right after "N-"), or (None, -1, "").
    """
    v = vocab()
    low_at = c.lower
    n = len(low_at)
    sent_first = c.sent_first
    j, limit = i, min(n, i + MAX_FORWARD)
    first = sent_first[i] if i < n else i
    while j < limit:
        if j > i and sent_first[j] != first:
            break
        skip = _skip_phrase(low_at, j, v)
        if skip and low_at[j] == "of" and j > 0 and low_at[j - 1].isalpha():
            break  # "one of the important tasks": an idiom, not a share of a group ("600 of the villages")
        if skip:
            j, limit = j + skip, min(n, j + skip + MAX_FORWARD)
            continue
        low = low_at[j]
        if low == "of" and j > 0 and low_at[j - 1] in v.containers:
            j += 1
            continue
        form = v.forms.get(low)
        if low in v.containers and j + 1 < n and low_at[j + 1] == "of":
            j += 1
        elif form is not None:
            if form.number == "singular" and j > i and c.text[j][:1].isupper() and c.text[j - 1][:1].isupper():
                break  # "86,400 were in Qiqihar City": the head of a name, not what is counted
            if form.number == "mass" and _is_nounish(low_at, j + 1, v, continuers=False):
                j += 1  # "40 staff members", "300 livestock farmers"
                continue
            if form.number != "singular":
                return _compound_head(low_at, j, v) or (form.lemma, j, "plural")
            if j == i + 1 and low_at[i] == "-":  # "three-year tasks": the noun right after "N-"
                return form.lemma, j, "compound"
            if not _is_nounish(low_at, j + 1, v):
                return form.lemma, j, "singular"
        elif low in v.nominal and not _is_nounish(low_at, j + 1, v, continuers=False):
            head = _head_after_nominal(low_at, j + 1, v)
            if head is not None:  # "300 poor college students"
                return head
            return v.nominal_item, j, "plural"
        elif low in v.boundaries:
            break
        elif not low[:1].isalpha():
            coordinated = low[:1].isdigit() and low_at[j - 1] in ("and", "or")
            if (low[:1].isdigit() and not coordinated) or low.isspace() \
                    or (low not in SKIPPABLE_PUNCT and c.doc[j].is_punct):
                break  # ("2 national-level and 5 provincial-level counties" shares a noun)
        elif looks_plural(low, v):
            return _compound_head(low_at, j, v) or (singularize(low), j, "plural")
        j += 1
    return None, -1, ""


def _compound_head(low_at: list[str], j: int, v: ItemVocab) -> tuple[str, int, str] | None:
    """"6,480 herdsmen households", "26 skills training courses": a plural noun followed by
    nouns that head compounds ([items] compound_heads) counts the last of them, when it is a
    known plural."""
    k = j + 1
    while k < len(low_at) and low_at[k] in v.heads:
        k += 1
    head = v.forms.get(low_at[k - 1]) if k > j + 1 else None
    if head is not None and head.number == "plural":
        return head.lemma, k - 1, "plural"
    return None


def _head_after_nominal(low_at: list[str], k: int, v: ItemVocab):
    """'poor college students': a plural noun within NOMINAL_LOOKAHEAD plain words after
    an adjective that could stand for people is the real head."""
    for j in range(k, min(len(low_at), k + NOMINAL_LOOKAHEAD)):
        low = low_at[j]
        if not low.isalpha() or low in v.boundaries:
            return None
        form = v.forms.get(low)
        if form is not None and form.number != "singular":
            return form.lemma, j, "plural"
        if form is None and looks_plural(low, v):
            return singularize(low), j, "plural"
    return None


def _skip_phrase(low_at: list[str], j: int, v: ItemVocab) -> int:
    if low_at[j] not in v.skip_first:
        return 0
    for phrase in v.skip_phrases:
        n = len(phrase)
        if tuple(low_at[j:j + n]) == phrase:
            return n
    return 0


def item_number_of(c: Columns, start: int) -> str | None:
    """'the number of poor people ... fell to N' or 'a population of N' -> counted noun."""
    v = vocab()
    low_at = c.lower
    first = c.sent_first[start]
    for j in range(start - 1, first - 1, -1):
        low = low_at[j]
        if low in v.population and start - j <= v.far:
            return v.population_item
        for phrase in v.number_of:
            n = len(phrase)
            if low == phrase[-1] and j - n + 1 >= first and tuple(
                    low_at[j - n + 1:j + 1]) == phrase:
                k = j + 1
                while k < start and low_at[k] in ("the", "a", "an"):
                    k += 1
                lemma, _, _ = item_after(c, k)
                return lemma
    return None


def item_before(c: Columns, start: int, window: int) -> str | None:
    """Nearest counted noun (from the item table) at most ``window`` tokens back."""
    v = vocab()
    low_at = c.lower
    first = c.sent_first[start]
    for j in range(start - 1, max(first, start - window) - 1, -1):
        low = low_at[j]
        if low == ";":
            return None
        form = v.forms.get(low)
        if form is not None and form.number != "singular":
            return form.lemma
        if low in v.nominal and not _is_nounish(low_at, j + 1, v, continuers=False):
            return v.nominal_item
    return None
