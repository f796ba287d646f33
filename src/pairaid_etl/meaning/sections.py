"""Bulletin structure: the title line and section headings such as 【Overview】.

A heading is either a bracketed 【...】 unit, or a short line standing alone as its own
paragraph ("Overview", ". Annual Review") that does not end like a sentence.
"""

from __future__ import annotations

from collections import Counter

from ..records import Extraction, Section
from .context import HEADING_CLOSE, HEADING_OPEN, DocView

MAX_PLAIN_HEADING_TOKENS = 9
SENTENCE_END = {".", "。", ";", ":", ",", "?", "!"}
LEADING_JUNK = {".", "·", "-", "–", "—", "•"}


def find_title(view: DocView) -> str | None:
    """The first line of the text, stripped."""
    for line in view.text.splitlines():
        if line.strip():
            return line.strip()
    return None


def _content(view: DocView, unit: int) -> tuple[int, int] | None:
    """First and last non-space token of a unit."""
    texts, (start, end) = view.texts, view.units[unit]
    while start < end and texts[start].isspace():
        start += 1
    while end > start and texts[end - 1].isspace():
        end -= 1
    return (start, end - 1) if start < end else None


def _bracket_heading(view: DocView, unit: int, first: int, last: int) -> tuple[str, int] | None:
    """A unit "【title】" (character offsets, so a bracket glued to a word still counts)."""
    texts, char_starts = view.texts, view.char_starts
    if not texts[first].startswith(HEADING_OPEN) or not texts[last].endswith(HEADING_CLOSE) or first == last \
            and len(texts[first]) < 3:
        return None
    title = view.text[char_starts[first] + 1:char_starts[last] + len(texts[last]) - 1].strip()
    return (title, char_starts[first]) if title else None


def _plain_heading(view: DocView, unit: int, first: int, last: int, alone: bool) -> tuple[str, int] | None:
    texts = view.texts
    while first <= last and texts[first].isspace() or first <= last and texts[first] in LEADING_JUNK:
        first += 1
    if not alone or first > last:
        return None
    toks = [i for i in range(first, last + 1) if not texts[i].isspace()]
    if len(toks) > MAX_PLAIN_HEADING_TOKENS:
        return None
    if texts[toks[-1]] in SENTENCE_END or not texts[toks[0]][:1].isupper() or any(view.doc[i].like_num for i in toks):
        return None
    return view.span_text(toks[0], toks[-1] + 1), view.char_starts[toks[0]]


def find_sections(view: DocView) -> list[Section]:
    """Headings in order, each governing the text up to the next heading."""
    found: list[tuple[str, int]] = []
    sizes = Counter(view.paragraph_of_unit)
    texts, paras = view.texts, view.paragraph_of_unit
    for unit, (start, _) in enumerate(view.units):
        para = paras[unit]
        if para == 0:
            continue  # the title line
        if sizes[para] != 1 and not texts[start].startswith(HEADING_OPEN) and not texts[start].isspace():
            continue  # neither a bracketed nor a stand-alone heading (the usual sentence)
        content = _content(view, unit)
        if content is None:
            continue
        heading = _bracket_heading(view, unit, *content) or _plain_heading(view, unit, *content, sizes[para] == 1)
        if heading:
            found.append(heading)
    ends = [start for _, start in found[1:]] + [len(view.text)]
    return [Section(title, start, end) for (title, start), end in zip(found, ends)]


def section_at(sections: list[Section], char: int) -> Section | None:
    for section in sections:
        if section.start <= char < section.end:
            return section
    return None


def annotate_sections(view: DocView, extraction: Extraction) -> None:
    """Fill Extraction.title, Extraction.sections and each Figure.section."""
    extraction.title = extraction.title or find_title(view)
    extraction.sections = find_sections(view)
    for fv in view.figures:
        section = section_at(extraction.sections, fv.figure.start)
        fv.figure.section = section.title if section else None
