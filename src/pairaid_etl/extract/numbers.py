"""Numerals as written in bulletins -> numbers.

``parse_number("1.215 million") == 1215000``; digits with thousands separators and
decimals, spelled-out words ("twenty-five", "ten thousand", "a dozen") and scale words
are understood.  Ordinals ("12th", "first") are recognised by ``is_ordinal`` and are not
numbers here.  Decimal arithmetic keeps "32.33 million" exactly 32330000.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import lru_cache

from ..knowledge import load_vocab


@lru_cache(maxsize=1)
def _words() -> dict:
    numbers = load_vocab()["numbers"]
    small = {w: i for i, w in enumerate(numbers["ones"])}
    small.update({w: 10 + i for i, w in enumerate(numbers["teens"])})
    small.update({w: 10 * i for i, w in enumerate(numbers["tens"]) if w})
    return {
        "small": small,
        "scales": {w: Decimal(v) for w, v in numbers["scales"].items()},
        "dozen": set(numbers["dozen"]),
        "ordinals": set(numbers["ordinals"]),
        "ordinal_suffixes": tuple(numbers["ordinal_suffixes"]),
        # for joining a numeral written as several matches ("twenty - five", "one hundred and twenty")
        "tens": frozenset(w for w in numbers["tens"] if w),
        "digits": frozenset(w for w, i in small.items() if 1 <= i <= 9),
        "hundreds": frozenset(w for w, v in numbers["scales"].items() if v == 100),
    }


def scale_words() -> frozenset[str]:
    return frozenset(_words()["scales"])


def tens_words() -> frozenset[str]:
    """'twenty' ... 'ninety': a digit word may follow ("twenty-five")."""
    return _words()["tens"]


def digit_words() -> frozenset[str]:
    """'one' ... 'nine'."""
    return _words()["digits"]


def hundred_words() -> frozenset[str]:
    """'hundred': a smaller number may follow ("one hundred and twenty")."""
    return _words()["hundreds"]


def is_ordinal(word: str) -> bool:
    """'12th', '1st', 'first' -> True; '12', 'one' -> False."""
    low = word.lower()
    words = _words()
    if low in words["ordinals"]:
        return True
    return low.endswith(words["ordinal_suffixes"]) and low[:-2].isdigit()


def is_spelled(word: str) -> bool:
    """True for a number word such as 'six' or 'thousand' (not digits)."""
    low = word.lower()
    words = _words()
    return low in words["small"] or low in words["scales"] or low in words["dozen"]


_DIGITS: dict[str, Decimal | None] = {}  # parse_digits by word: numerals repeat within and across bulletins
_ZERO = Decimal(0)


def parse_digits(word: str) -> Decimal | None:
    """'9,767' -> 9767, '85.50' -> 85.50; None unless the word is a plain numeral."""
    try:
        return _DIGITS[word]
    except KeyError:
        pass
    if len(_DIGITS) > 50_000:
        _DIGITS.clear()
    value = _DIGITS[word] = _parse_digits(word)
    return value


def _parse_digits(word: str) -> Decimal | None:
    cleaned = word.replace(",", "")
    if not cleaned or not (cleaned[0].isdigit() or cleaned[0] == "."):
        return None
    digits = cleaned.replace(".", "")
    if (digits and not digits.isdigit()) or len(cleaned) - len(digits) > 1:
        return None
    if len(cleaned) != len(word) and any(len(group) != 3 for group in word.split(".")[0].split(",")[1:]):
        return None  # "1,2,3" is a list, not a numeral
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def parse_number(words: list[str] | str) -> Decimal | None:
    """Value of a numeral made of one or more words; None when it is not a number.

    >>> parse_number("ten thousand")
    Decimal('10000')
    """
    if isinstance(words, str):
        words = words.split()
    if len(words) == 1:  # the common case: one plain numeral
        digits = parse_digits(words[0])
        if digits is not None:
            return _ZERO + digits
    tokens = [w.lower() for w in words if w not in ("-", "and")]
    if not tokens:
        return None
    table = _words()
    total, current, seen = Decimal(0), None, False
    for token in tokens:
        if token in ("a", "an") and not seen:
            current = Decimal(1)
            continue
        digits = parse_digits(token)
        if digits is not None or token in table["small"]:
            value = digits if digits is not None else Decimal(table["small"][token])
            current = value if current is None else current + value
        elif token in table["dozen"]:
            current = (current or Decimal(1)) * 12
        elif token in table["scales"]:
            scale = table["scales"][token]
            current = (current or Decimal(1)) * scale
            if scale >= 1000:
                total, current = total + current, None
        else:
            return None
        seen = True
    return total + (current or Decimal(0))
