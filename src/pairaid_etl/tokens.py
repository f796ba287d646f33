"""Per-doc token columns (text, lower-case text, offsets, sentence starts), computed once in C with
``Doc.to_array`` and cached on the doc, so rules can look around a number without
building a spaCy Token object for every peek.
"""

from __future__ import annotations

import numpy

from spacy.attrs import IDX, ORTH, SENT_START
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
        return {"lower": [], "text": [], "idx": [], "sent_first": [], "like_num": numpy.zeros(0)}
    array = doc.to_array([ORTH, IDX])
    text = _strings(doc, array[:, 0])
    info = _lexical(doc.vocab)
    lower = list(map(info.lower.__getitem__, text))
    flags = numpy.fromiter(map(info.flags.__getitem__, text), dtype=numpy.uint8, count=len(text))
    if doc.has_annotation("SENT_START"):
        starts = doc.to_array(SENT_START) == 1
    else:  # no sentencizer ran (the extraction road): its boundaries, from the columns
        from .pipeline import sentence_starts
        starts = sentence_starts(flags & _FINAL, flags & _PUNCT)
    starts[0] = True
    sent_first = numpy.maximum.accumulate(numpy.where(starts, numpy.arange(len(starts)), 0))
    return {"lower": lower, "text": text, "idx": array[:, 1].tolist(), "sent_first": sent_first.tolist(),
            "like_num": flags & _LIKE_NUM}


class _StringCache(dict):
    """hash -> string of one StringStore, looked up in C (a miss asks the store)."""

    def __init__(self, strings):
        super().__init__()
        self.strings = strings

    def __missing__(self, key: int) -> str:
        if len(self) > 200_000:
            self.clear()
        value = self[key] = self.strings[key]
        return value


_STRING_CACHES: dict[int, _StringCache] = {}


def _strings(doc: Doc, hashes) -> list[str]:
    """The strings of ``hashes`` (a cache in front of the doc's StringStore)."""
    strings = doc.vocab.strings
    cache = _STRING_CACHES.get(id(strings))
    if cache is None or cache.strings is not strings:
        if len(_STRING_CACHES) > 8:
            _STRING_CACHES.clear()
        cache = _STRING_CACHES[id(strings)] = _StringCache(strings)
    return list(map(cache.__getitem__, hashes.tolist()))


_LIKE_NUM, _PUNCT, _FINAL = 1, 2, 4


class _Lowers(dict):
    """token text -> its lexeme's LOWER (``str.lower``: the only LOWER getter spaCy has)."""

    def __init__(self, vocab):
        super().__init__()
        self.vocab = vocab

    def __missing__(self, key: str) -> str:
        if len(self) > 200_000:
            self.clear()
        value = self[key] = self.vocab[key].lower_
        return value


class _Flags(dict):
    """token text -> bits: its lexeme's LIKE_NUM and IS_PUNCT, and whether it is one of the
    sentencizer's sentence-final marks (a property of the text, like the lexeme flags)."""

    def __init__(self, vocab):
        super().__init__()
        self.vocab = vocab
        self.finals = None

    def __missing__(self, key: str) -> int:
        if self.finals is None:
            from .pipeline import sentence_punct_chars
            self.finals = sentence_punct_chars()
        if len(self) > 200_000:
            self.clear()
        lex = self.vocab[key]
        value = self[key] = (_LIKE_NUM if lex.like_num else 0) | (_PUNCT if lex.is_punct else 0) \
            | (_FINAL if key in self.finals else 0)
        return value


class _Lexical:
    def __init__(self, vocab):
        self.vocab = vocab
        self.lower = _Lowers(vocab)
        self.flags = _Flags(vocab)


_LEXICAL: dict[int, _Lexical] = {}


def _lexical(vocab) -> _Lexical:
    found = _LEXICAL.get(id(vocab))
    if found is None or found.vocab is not vocab:
        if len(_LEXICAL) > 8:
            _LEXICAL.clear()
        found = _LEXICAL[id(vocab)] = _Lexical(vocab)
    return found


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
