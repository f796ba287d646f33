"""Bulletin structure: the title line and section headings such as 【Overview】.

A heading is either a bracketed 【...】 unit, or a short line standing alone as its own
paragraph ("Overview", ". Annual Review") that does not end like a sentence.
"""

from __future__ import annotations

from ..records import Extraction, Section
from .context import DocView

MAX_PLAIN_HEADING_TOKENS = 9
SENTENCE_END = {".", "。", ";", ":", ",", "?", "!"}
LEADING_JUNK = {".", "·", "-", "–", "—", "•"}


def find_title(view: DocView) -> str | None:
    """The first line of the text, stripped."""
    for line in view.doc.text.splitlines():
        if line.strip():
            return line.strip()
    return None


def _bracket_heading(view: DocView, unit: int) -> tuple[str, int] | None:
    start, end = view.units[unit]
    toks = [t for t in view.doc[start:end] if not t.is_space]
    if len(toks) >= 3 and toks[0].text == "【" and toks[-1].text == "】":
        title = view.doc[toks[1].i:toks[-1].i].text.strip()
        return (title, toks[0].idx) if title else None
    return None


def _plain_heading(view: DocView, unit: int) -> tuple[str, int] | None:
    para = view.paragraph_of_unit[unit]
    alone = view.paragraph_of_unit.count(para) == 1
    start, end = view.units[unit]
    toks = [t for t in view.doc[start:end] if not t.is_space]
    while toks and toks[0].text in LEADING_JUNK:
        toks = toks[1:]
    if not alone or not toks or len(toks) > MAX_PLAIN_HEADING_TOKENS:
        return None
    if toks[-1].text in SENTENCE_END or not toks[0].text[:1].isupper() or any(t.like_num for t in toks):
        return None
    return view.doc[toks[0].i:toks[-1].i + 1].text, toks[0].idx


def find_sections(view: DocView) -> list[Section]:
    """Headings in order, each governing the text up to the next heading."""
    found: list[tuple[str, int]] = []
    for unit in range(len(view.units)):
        if view.paragraph_of_unit[unit] == 0:
            continue  # the title line
        heading = _bracket_heading(view, unit) or _plain_heading(view, unit)
        if heading:
            found.append(heading)
    ends = [start for _, start in found[1:]] + [len(view.doc.text)]
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
