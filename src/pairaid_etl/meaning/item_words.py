"""The words of a count's own noun phrase, which name what is counted rather than what
happened to it: a partitive's set ("600 of the key poor villages"), a word between the number
and its noun ("2,150 relocated residents"), the noun phrase itself ("1.02 million rural
people"). ``indicators.match_indicator`` lets a verb decide over them.
"""

from __future__ import annotations

from ..knowledge import load_cues, load_items
from .context import DocView, FigureView

ITEM_FORMS = load_items()  # word form -> counted noun (items.csv)
PARTITIVE_WORDS = 5  # words of a partitive's noun phrase up to its item noun
PARTITIVE = frozenset(load_cues()["relation"]["partitive_determiners"])  # "600 of the ..."


def partitive_end(view: DocView, fv: FigureView) -> int | None:
    """The end of a count's partitive "of the <item>" ("600 of the key poor villages"), else None."""
    fig, lowers = fv.figure, view.lowers
    if fig.kind != "count" or not fig.item or fv.end + 2 >= len(lowers) or lowers[fv.end] != "of" \
            or lowers[fv.end + 1] not in PARTITIVE:
        return None
    for k in range(fv.end + 2, min(len(lowers), fv.end + 2 + PARTITIVE_WORDS)):
        if lowers[k].startswith(fig.item):
            return k + 1
        if not lowers[k].isalpha() and lowers[k] != "-":
            return None
    return None


def modifies_item(view: DocView, fv: FigureView, span) -> bool:
    """A phrase between a count's number and its item noun ("2,150 relocated residents")."""
    item = fv.figure.item
    return bool(item) and span[0] == fv.end and span[1] < len(view.lowers) and is_item(view.lowers[span[1]], item)


def is_item(word: str, item: str) -> bool:
    return word.startswith(item) or getattr(ITEM_FORMS.get(word), "lemma", None) == item


def names_item(view: DocView, fv: FigureView, span, strong: bool = False) -> bool:
    """A plain (or ``strong``) phrase right after a count's number that holds its item noun
    ("rural people", "key villages")."""
    item = fv.figure.item
    return bool(item) and span[0] == fv.end and span[2].endswith(":strong") == strong \
        and any(is_item(w, item) for w in view.lowers[span[0]:span[1]])
