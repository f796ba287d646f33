"""Token spans as tuples ``(start, end, ...)``: keeping the longest of overlapping ones.

Used wherever matches overlap: the numbers of a figure (``extract/parts.py``), the regions
named in a text (``meaning/places.py``) and the indicator phrases of a clause
(``meaning/indicators.py``).
"""

from __future__ import annotations

from typing import TypeVar

Span = TypeVar("Span", bound=tuple)


def longest_spans(spans: list[Span]) -> list[Span]:
    """The longest of overlapping spans (the first on a tie), in text order; like
    ``spacy.util.filter_spans`` on tuples. Spans already in text order and apart from each
    other (the usual case) are returned as they are, without sorting."""
    last = -1
    for span in spans:
        if span[0] < last or span[0] == span[1]:
            break
        last = span[1]
    else:
        return list(spans)
    kept, taken = [], set()
    for span in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if span[0] not in taken and span[1] - 1 not in taken:
            kept.append(span)
            taken.update(range(span[0], span[1]))
    kept.sort(key=lambda s: s[0])
    return kept
