"""Per-doc token columns (text, lower-case text, offsets, sentence starts), computed once in C with
``Doc.to_array`` and cached on the doc, so rules can look around a number without
building a spaCy Token object for every peek.
"""

from __future__ import annotations

import numpy

from spacy.attrs import IDX, IS_PUNCT, LIKE_NUM, LOWER, ORTH, SENT_START
from spacy.tokens import Doc

_KEY = "pairaid_etl.columns"
_TEXT_KEY = "pairaid_etl.text"


def _columns(doc: Doc) -> dict:
    columns = doc.user_data.get(_KEY)
    if columns is None:
        columns = doc.user_data[_KEY] = _compute(doc)
    return columns


def _compute(doc: Doc) -> dict:
    if not len(doc):
        return {"lower": [], "text": [], "idx": [], "sent_first": [], "like_num": []}
    array = doc.to_array([LOWER, ORTH, IDX, IS_PUNCT, LIKE_NUM])
    if doc.has_annotation("SENT_START"):
        starts = doc.to_array(SENT_START) == 1
    else:  # no sentencizer ran (the extraction road): its boundaries, from the columns
        from .pipeline import sentence_starts
        starts = sentence_starts(array[:, 1], array[:, 3])
    starts[0] = True
    sent_first = numpy.maximum.accumulate(numpy.where(starts, numpy.arange(len(starts)), 0))
    return {"lower": _strings(doc, array[:, 0]), "text": _strings(doc, array[:, 1]),
            "idx": array[:, 2].tolist(), "sent_first": sent_first.tolist(),
            "like_num": array[:, 4]}


_STRINGS: dict[int, str] = {}


def _strings(doc: Doc, hashes) -> list[str]:
    """The strings of ``hashes`` (a cache in front of the StringStore)."""
    keys = hashes.tolist()
    out = list(map(_STRINGS.get, keys))
    if None in out:
        strings = doc.vocab.strings
        if len(_STRINGS) > 200_000:
            _STRINGS.clear()
        for i, h in enumerate(keys):
            if out[i] is None:
                out[i] = _STRINGS[h] = strings[h]
    return out


def lowers(doc: Doc) -> list[str]:
    """``lowers(doc)[i] == doc[i].lower_``."""
    return _columns(doc)["lower"]


def texts(doc: Doc) -> list[str]:
    """``texts(doc)[i] == doc[i].text``."""
    return _columns(doc)["text"]


def char_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character offsets of tokens ``start:end`` (like ``doc[start:end].start_char``)."""
    columns = _columns(doc)
    return columns["idx"][start], columns["idx"][end - 1] + len(columns["text"][end - 1])


def set_source(doc: Doc, text: str) -> None:
    """Remember the text the doc was made from (``doc.text`` rebuilds it on every call)."""
    doc.user_data[_TEXT_KEY] = text


def source_span(doc: Doc, start: int, end: int) -> tuple[int, int, str]:
    """(start_char, end_char, text as written) of tokens ``start:end``."""
    start_char, end_char = char_span(doc, start, end)
    return start_char, end_char, doc.user_data[_TEXT_KEY][start_char:end_char]


def sentence_start(doc: Doc, i: int) -> int:
    """Index of the first token of the sentence holding token ``i``."""
    return _columns(doc)["sent_first"][i]


def sentence_end(doc: Doc, i: int) -> int:
    """Index one past the last token of the sentence holding token ``i``."""
    sent_first = _columns(doc)["sent_first"]
    first, j = sent_first[i], i + 1
    while j < len(sent_first) and sent_first[j] == first:
        j += 1
    return j
