"""Numbers that are not figures: years, dates, ordinals, names, list markers, the
Chinese site footer, a number cut off by the end of the text.

Each check takes the doc's token columns (``tokens.Columns``) and the number's token range
and returns a rule id from ``data/rules.toml`` (``reject.*``) or None.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .numbers import is_ordinal, is_spelled
from ..knowledge import is_year, load_vocab
from .tokens import Columns

OPENING_QUOTES = frozenset({"“", '"', "‘", "'", "«", "「", "《"})
# after these a capitalised number word opens a clause: "【Overview】Five enterprises"
CLAUSE_OPENERS = frozenset({"】", "]", ":", "：", "(", "（", "\n"})
LIST_CLOSERS = frozenset({".", ")", "、", "．", "）"})
CODES = {"reject.year": "year", "reject.date": "date", "reject.ordinal": "ordinal",
         "reject.name": "name", "reject.name_titlecase": "name",
         "reject.name_singular": "name", "reject.slogan": "name",
         "reject.reference": "reference", "reject.footer": "footer",
         "reject.list_marker": "list_marker", "reject.cut_off": "cut_off",
         "reject.no_unit": "no_unit", "reject.enumeration": "name"}


@lru_cache(maxsize=1)
def _settings() -> dict:
    v = load_vocab()
    return {"name_prefixes": frozenset(v["names"]["prefixes"]),
            "joiners": frozenset(v["names"]["joiners"]),
            "determiners": frozenset(v["references"]["determiners"]),
            "cjk": tuple(tuple(r) for r in v["footer"]["cjk_ranges"]),
            "cutoff": v["cutoff"]["chars"]}


def is_year_like(c: Columns, start: int, end: int) -> bool:
    """A lone token that is a year (``knowledge.is_year``: "2010", not "2,010")."""
    return end - start == 1 and is_year(c.text[start])


def line_of(text: str, char: int) -> tuple[int, int]:
    """Character range of the line holding ``char``."""
    end = text.find("\n", char)
    return text.rfind("\n", 0, char) + 1, len(text) if end < 0 else end


def check_date_or_name(c: Columns, start: int, end: int, months: set[int]) -> str | None:
    """'May 14', '14 May', 'April 2010'; 'No. 257', 'No.1', '1+1'."""
    if start - 1 in months or end in months:
        return "reject.date"
    s = _settings()
    text_at = c.text
    if start > 0:
        prev = text_at[start - 1]
        if prev in s["name_prefixes"] or prev in s["joiners"] \
                or (prev == "." and start > 1 and text_at[start - 2] in s["name_prefixes"]):
            return "reject.name"
    if end + 1 < c.n and text_at[end] in s["joiners"] and c.num[end + 1]:
        return "reject.name"
    return None


def check_word_number(c: Columns, start: int) -> str | None:
    """Rules for a number written in words: ordinal, name, slogan, reference."""
    word = c.text[start]
    if word[0].isdigit() and not word[-1].isalpha():
        return None  # the common case: a plain numeral
    if is_ordinal(word):
        return "reject.ordinal"
    if not is_spelled(word) or start == 0:
        return None
    prev, low_at = c.text[start - 1], c.lower
    if word[0].isupper() and c.sent_first[start] != start \
            and prev not in OPENING_QUOTES and prev not in CLAUSE_OPENERS and not prev.isspace():
        return "reject.name_titlecase"
    if prev in OPENING_QUOTES:
        return "reject.slogan"
    determiners = _settings()["determiners"]
    if low_at[start - 1] in determiners or (
            low_at[start - 1] == "above" and start > 1 and low_at[start - 2] in determiners):
        return "reject.reference"
    return None


def check_list_marker(c: Columns, start: int, end: int) -> str | None:
    """'1.' or '(2)' opening a line.  (Token columns: a token's text_with_ws holds a line
    break exactly when its text does; is_space is str.isspace.)"""
    text_at = c.text
    if end >= c.n or text_at[end] not in LIST_CLOSERS:
        return None
    before = text_at[start - 1] if start > 0 else None
    at_line_start = before is None or before.isspace() or "\n" in before \
        or (before == "(" and (start < 2 or "\n" in text_at[start - 2]))
    return "reject.list_marker" if at_line_start else None


def check_cut_off(c: Columns, text: str, last: int) -> str | None:
    """The figure's last token ends the text: at most ``[cutoff] chars`` characters of
    white space (and no punctuation) follow it."""
    end_char = c.idx[last] + len(c.text[last])
    if len(text) - end_char > _settings()["cutoff"] or text[end_char:].strip():
        return None
    tok = c.doc[last]
    if (tok.like_num or (tok.is_alpha and len(tok.text) <= 2)):
        return "reject.cut_off"
    return None


@lru_cache(maxsize=1)
def _cjk_search():
    """``search`` of a regex matching one character of the CJK ranges."""
    ranges = "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in _settings()["cjk"])
    return re.compile(f"[{ranges}]").search


def check_footer(text: str, char: int, cache: dict) -> str | None:
    any_cjk = cache.get(None)
    if any_cjk is None:  # once per text: most texts hold no Chinese character at all
        any_cjk = cache[None] = _cjk_search()(text) is not None
    if not any_cjk:
        return None
    line = line_of(text, char)
    found = cache.get(line)
    if found is None:  # does the line hold a Chinese character? (searched in place)
        found = cache[line] = _cjk_search()(text, line[0], line[1]) is not None
    return "reject.footer" if found else None


def check_enumeration(c: Columns, start: int, item_at: int) -> str | None:
    """'(two wings: ...)': a spelled-out count introducing a definition or list."""
    text_at = c.text
    if item_at < 0 or item_at + 1 >= len(text_at) or not is_spelled(text_at[start]):
        return None
    return "reject.enumeration" if text_at[item_at + 1] == ":" else None
