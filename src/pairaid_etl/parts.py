"""Index the Matcher's spans (``doc.spans["figure_parts"]``) by token position, so the
assembler can ask "which unit starts here?" or "which qualifier ends here?".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from .pipeline import SPANS_KEY

EXCLUDING_LABELS = {"DATE": "reject.date", "NAME": "reject.name"}


@dataclass(slots=True)
class Parts:
    numbers: list[tuple[int, int, str]] = field(default_factory=list)  # start, end, rule
    unit_at: dict[int, tuple[int, str]] = field(default_factory=dict)  # start -> end, rule
    currency_before: dict[int, tuple[int, str]] = field(default_factory=dict)  # end -> ...
    qualifier_before: dict[int, tuple[int, str]] = field(default_factory=dict)  # end -> ...
    excluded: dict[int, tuple[str, str]] = field(default_factory=dict)  # token -> rule, pattern

    def number_starting(self, i: int) -> tuple[int, int, str] | None:
        for number in self.numbers:
            if number[0] == i:
                return number
            if number[0] > i:
                return None
        return None


def _keep_longest(table: dict, key: int, other: int, rule: str, longer) -> None:
    old = table.get(key)
    if old is None or longer(other, old[0]):
        table[key] = (other, rule)


def index_parts(doc: Doc) -> Parts:
    parts = Parts()
    numbers = []
    for span in doc.spans[SPANS_KEY]:
        label, start, end, rule = span.label_, span.start, span.end, span.id_
        if label == "NUMBER":
            numbers.append((start, end, rule))
        elif label == "UNIT":
            _keep_longest(parts.unit_at, start, end, rule, lambda a, b: a > b)
        elif label == "CURRENCY":
            _keep_longest(parts.currency_before, end, start, rule, lambda a, b: a < b)
        elif label == "QUALIFIER":
            _keep_longest(parts.qualifier_before, end, start, rule, lambda a, b: a < b)
        elif label in EXCLUDING_LABELS:
            for i in range(start, end):
                parts.excluded[i] = (EXCLUDING_LABELS[label], rule)
    parts.numbers = _longest_first(numbers)
    return parts


def _longest_first(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Drop spans overlapping a longer one; return the rest in text order."""
    taken: set[int] = set()
    kept = []
    for start, end, rule in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if not any(i in taken for i in range(start, end)):
            kept.append((start, end, rule))
            taken.update(range(start, end))
    return sorted(kept)
