"""Index the Matcher's spans (``doc.spans["figure_parts"]``) by token position, so the
assembler can ask "which unit starts here?" or "which qualifier ends here?".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from ..spans import longest_spans
from .numbers import digit_words, hundred_words, scale_words, tens_words
from .pipeline import SPANS_KEY
from .tokens import lowers

POST_SUFFIX = "_post"  # qualifier rule ids read after the number end with this


@dataclass(slots=True)
class Parts:
    numbers: list[tuple[int, int, str]] = field(default_factory=list)  # start, end, rule
    unit_at: dict[int, tuple[int, str]] = field(default_factory=dict)  # start -> end, rule
    currency_before: dict[int, tuple[int, str]] = field(default_factory=dict)  # end -> ...
    qualifier_before: dict[int, tuple[int, str]] = field(default_factory=dict)  # end -> ...
    # qualifiers written after the number ("200 or more", "500 yuan and above")
    qualifier_after: dict[int, tuple[int, str]] = field(default_factory=dict)  # start -> ...
    months: set[int] = field(default_factory=set)  # token indices of month names


_KINDS = {"NUMBER": 0, "UNIT": 1, "CURRENCY": 2, "QUALIFIER": 4, "MONTH": 5}


def _kind(label: str, rule: str) -> int:
    kind = _KINDS.get(label, -1)
    return 3 if kind == 4 and rule.endswith(POST_SUFFIX) else kind


def index_parts(doc: Doc, matches: list | None = None, rule_of=None) -> Parts:
    """Index ``doc.spans["figure_parts"]``, or the ``(key, start, end)`` ``matches`` of the
    figure_parts matcher (``rule_of(key)`` gives a key's label and rule id).  Of two parts
    at one position the longer is kept (the first of equals)."""
    if matches is None:
        found = [(_kind(span.label_, span.id_), span.start, span.end, span.id_) for span in doc.spans[SPANS_KEY]]
    else:
        kinds: dict[int, tuple[int, str]] = {}
        found = []
        for key, start, end in matches:
            known = kinds.get(key)
            if known is None:
                label, rule = rule_of(key)
                known = kinds[key] = (_kind(label, rule), rule)
            found.append((known[0], start, end, known[1]))
    parts = Parts()
    numbers = []
    # Parts after a number are keyed by their start (the farthest end wins), parts before
    # one by their end (the earliest start wins).
    after = {1: parts.unit_at, 3: parts.qualifier_after}
    before = {2: parts.currency_before, 4: parts.qualifier_before}
    for kind, start, end, rule in found:
        if kind == 0:
            numbers.append((start, end, rule))
        elif kind in after:
            table = after[kind]
            old = table.get(start)
            if old is None or end > old[0]:
                table[start] = (end, rule)
        elif kind in before:
            table = before[kind]
            old = table.get(end)
            if old is None or start < old[0]:
                table[end] = (start, rule)
        elif kind == 5:
            parts.months.update(range(start, end))
    parts.numbers = _join_spelled(doc, longest_spans(_with_scales(doc, numbers)))
    return parts


def _with_scales(doc: Doc, numbers: list[tuple[int, int, str]]) -> list:
    """'32.33' + 'million': scale words after a numeral belong to it (done here rather
    than in the pattern, where a set test would run on every token)."""
    scales = scale_words()
    low_at = lowers(doc)
    n = len(low_at)
    extended = []
    for start, end, rule in numbers:
        while end < n and low_at[end] in scales:
            end += 1
        extended.append((start, end, rule))
    return extended


def _join_spelled(doc: Doc, numbers: list[tuple[int, int, str]]) -> list:
    """One spelled-out number written as several matches: 'twenty - five', 'twenty five',
    'one hundred and twenty', 'two hundred fifty thousand' (number words: vocab.toml)."""
    low_at = lowers(doc)
    tens, digits, hundreds, scales = tens_words(), digit_words(), hundred_words(), scale_words()
    joined: list[tuple[int, int, str]] = []
    for number in numbers:
        if joined:
            start, end, rule = joined[-1]
            gap = number[0] - end
            between = low_at[end] if gap == 1 else ""
            last, first = low_at[end - 1], low_at[number[0]]
            if first.isalpha() and first not in scales and (
                    (last in tens and first in digits and gap in (0, 1)
                     and between in ("", "-"))
                    or (last in hundreds and (gap == 0 or between in ("and", "-"))
                        and not any(w in hundreds for w in low_at[number[0]:number[1]])
                        and gap in (0, 1))):
                joined[-1] = (start, number[1], rule)
                continue
        joined.append(number)
    return joined
