"""A text's layout as token positions: sentence units, paragraphs, quotes and breaks, found
with plain string search on the source text and mapped to tokens by bisection.

A *unit* is a sentence cut at line breaks and at a 【heading】's closing bracket, so a
heading or a title never glues onto the sentence after it. The bulletin tokenizer splits
【 and 】 off the words around them (``tok.infix.cjk_brackets``); if a doc from another
tokenizer glues a bracket to a word ("Overview】Since"), the glued token is cut after it
(character-offset rule), never by re-tokenising.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.attrs import IDX, LOWER, ORTH, SENT_START
from spacy.tokens import Doc

OPEN_QUOTES = {"“", "‘", "«", "《"}
CLOSE_QUOTES = {"”", "’", "»", "》"}
HEADING_OPEN = "【"
HEADING_CLOSE = "】"
BREAKS = (";", "；")
_QUOTE_EVENTS = ("“", "‘", "«", "《", "”", "»", "》", '"')


def _columns(doc: Doc) -> tuple[list[str], list[str], list[int], list[int]]:
    """Token texts, lower-case texts, offsets and each token's sentence start of a doc the
    extractor handed nothing with (computed with ``to_array``)."""
    if not len(doc):
        return [], [], [], []
    array = doc.to_array([ORTH, LOWER, IDX, SENT_START])
    strings = doc.vocab.strings
    sent_first, first = [], 0
    for i, flag in enumerate(array[:, 3].tolist()):
        if flag == 1 or i == 0:
            first = i
        sent_first.append(first)
    return ([strings[h] for h in array[:, 0].tolist()], [strings[h] for h in array[:, 1].tolist()],
            array[:, 2].tolist(), sent_first)


def _char_tokens(text: str, char_starts: list[int], chars) -> list[int]:
    """Sorted distinct tokens holding any of ``chars``."""
    found = set()
    for ch in chars:
        at = text.find(ch)
        while at >= 0:
            found.add(bisect_right(char_starts, at) - 1)
            at = text.find(ch, at + 1)
    return sorted(found)


def _units(text: str, texts: list[str], char_starts: list[int], sent_first: list[int]) -> list[tuple[int, int]]:
    """Sentences cut after a line-break token and after a token holding 】.  ``sent_first``:
    each token's sentence start, or just the distinct starts."""
    n = len(texts)
    bounds = {i + 1 for i in _char_tokens(text, char_starts, ("\n",)) if texts[i].isspace()}
    bounds.update(i + 1 for i in _char_tokens(text, char_starts, (HEADING_CLOSE,)))
    bounds.update(sent_first)
    bounds.add(n)
    units, start = [], 0
    for end in sorted(bounds):
        if end > start:
            units.append((start, end))
            start = end
    return [(s, e) for s, e in units if not texts[s].isspace() or any(not texts[i].isspace() for i in range(s + 1, e))]


def _paragraphs(text: str, texts: list[str], char_starts: list[int], units: list[tuple[int, int]]) -> list[int]:
    """Paragraph number of each unit: a new paragraph starts after a line break."""
    para, out, last_end = 0, [], 0
    for start, end in units:
        first = start
        while texts[first].isspace():
            first += 1
        if text.find("\n", last_end, char_starts[first]) >= 0:
            para += 1
        out.append(para)
        last = end - 1
        while texts[last].isspace():
            last -= 1
        last_end = char_starts[last] + len(texts[last])
    return out


def _quoted(text: str, texts: list[str], char_starts: list[int]) -> bytearray:
    """Tokens inside curly or straight double quotes (names of documents, slogans)."""
    n = len(texts)
    out = bytearray(n)
    events = _char_tokens(text, char_starts, _QUOTE_EVENTS + ("\n",))
    inside = straight = False
    prev = -1
    for i in events:
        tok = texts[i]
        if "\n" in tok:
            # the line break token itself is plain (never inside after the reset)
            if (inside or straight) and i > prev + 1:
                out[prev + 1:i] = b"\x01" * (i - prev - 1)
            inside = straight = False
            prev = i
            continue
        if tok in OPEN_QUOTES or tok == '"' or tok in CLOSE_QUOTES and tok != "’":
            if (inside or straight) and i > prev + 1:
                out[prev + 1:i] = b"\x01" * (i - prev - 1)
            if tok in OPEN_QUOTES:
                inside = True
            elif tok == '"':
                straight = not straight
            else:
                inside = False
            prev = i
        elif straight and tok.endswith('"'):  # 'Project"' glued to a following "】": closes after its word
            out[prev + 1:i + 1] = b"\x01" * (i - prev)
            straight = False
            prev = i
    if (inside or straight) and n > prev + 1:
        out[prev + 1:n] = b"\x01" * (n - prev - 1)
    return out
