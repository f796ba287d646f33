"""Per-doc token columns (text, lower-case text, offsets, sentence starts), computed once in C with
``Doc.to_array`` and cached on the doc, so rules can look around a number without
building a spaCy Token object for every peek.  Hot rules take the ``Columns`` object itself
(plain attribute reads) rather than the doc (a ``user_data`` look-up per peek).
"""

from __future__ import annotations

import numpy

from spacy.attrs import IDX, ORTH, SENT_START
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

_KEY = "pairaid_etl.columns"

# The sentence-final marks of the pipeline's sentencizer (``pipeline.get_nlp`` adds spaCy's
# default one; tests/test_architecture.py checks the two agree).
SENTENCE_FINALS = frozenset(Sentencizer.default_punct_chars)


class Columns:
    """One doc's token columns: ``text[i] == doc[i].text``, ``lower[i] == doc[i].lower_``,
    ``idx[i] == doc[i].idx``, ``sent_first[i]`` the first token of token i's sentence,
    ``num[i]`` (bytes) and ``like_num`` (numpy) ``doc[i].like_num``; ``source`` the text."""

    __slots__ = ("text", "lower", "idx", "sent_first", "like_num", "num", "n", "source", "doc", "sent_starts")

    def __init__(self, doc, text, lower, idx, sent_first, like_num, sent_starts=None):
        self.doc, self.text, self.lower, self.idx, self.sent_first = doc, text, lower, idx, sent_first
        self.like_num = like_num
        self.sent_starts = sent_starts  # the distinct values of sent_first, ascending (None: not kept)
        self.num = like_num.tobytes() if len(text) else b""
        self.n = len(text)
        self.source = None


def _columns(doc: Doc) -> Columns:
    columns = doc.user_data.get(_KEY)
    if columns is None:
        columns = doc.user_data[_KEY] = _compute(doc)
    return columns


columns_of = _columns


def _compute(doc: Doc) -> Columns:
    if not len(doc):
        return Columns(doc, [], [], [], [], numpy.zeros(0, dtype=numpy.uint8))
    array = doc.to_array([ORTH, IDX, SENT_START])
    text = _strings(doc, array[:, 0])
    info = _lexical(doc.vocab)
    lower = list(map(info.lower.__getitem__, text))
    flags = numpy.fromiter(map(info.flags.__getitem__, text), dtype=numpy.uint8, count=len(text))
    sent = array[:, 2]
    # doc.has_annotation("SENT_START"), from the column already read
    if "sents" in doc.user_hooks or len(text) == 1 or sent[1:].any():
        starts = sent == 1
    else:  # no sentencizer ran (the extraction road): its boundaries, from the columns
        starts = sentence_starts(flags & _FINAL, flags & _PUNCT)
    starts[0] = True
    at = numpy.flatnonzero(starts)
    sent_first = numpy.repeat(at, numpy.diff(numpy.append(at, len(starts))))
    return Columns(doc, text, lower, array[:, 1].tolist(), sent_first.tolist(), flags & _LIKE_NUM, at.tolist())


def sentence_starts(final, is_punct) -> numpy.ndarray:
    """Boolean mask of the tokens the pipeline's sentencizer marks as sentence starts, from
    two boolean columns: ``final`` (the token's text is one of ``SENTENCE_FINALS``)
    and ``is_punct``. A start is the first word after a sentence-final mark, past any
    punctuation."""
    n = len(final)
    starts = numpy.zeros(n, dtype=bool)
    if not n:
        return starts
    final = numpy.asarray(final, dtype=bool)
    word = ~final & ~numpy.asarray(is_punct, dtype=bool)
    finals_before = numpy.concatenate(([0], numpy.cumsum(final)[:-1]))
    words = numpy.flatnonzero(word)
    if len(words):
        seen = finals_before[words]
        previous = numpy.concatenate(([0], seen[:-1]))
        starts[words[seen > previous]] = True
    starts[0] = True
    return starts


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
            self.finals = SENTENCE_FINALS
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
    return _columns(doc).lower


def set_source(doc: Doc, text: str) -> None:
    """Remember the text the doc was made from (``doc.text`` rebuilds it on every call)."""
    _columns(doc).source = text


def source_span(c: Columns, start: int, end: int) -> tuple[int, int, str]:
    """(start_char, end_char, text as written) of tokens ``start:end``."""
    start_char, end_char = c.idx[start], c.idx[end - 1] + len(c.text[end - 1])
    return start_char, end_char, c.source[start_char:end_char]


def sentence_end(c: Columns, i: int) -> int:
    """Index one past the last token of the sentence holding token ``i``."""
    sent_first = c.sent_first
    first, j = sent_first[i], i + 1
    while j < len(sent_first) and sent_first[j] == first:
        j += 1
    return j
