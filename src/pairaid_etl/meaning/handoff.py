"""What the extractor hands the meaning layer with its Doc: one typed record, made once by
``extract.figures.extract_figures`` and passed to ``annotate(..., handoff=)``.

It saves the meaning layer from computing again what extraction already knows: the text as
given (``doc.text`` rebuilds it), the token columns (``extract/tokens.py``), each figure's
token span, and the meaning's matches from the phrase pass shared with the extractor
(``matching.phrase_pass``). Without one (a Doc from elsewhere), the meaning layer reads the
Doc itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..extract.tokens import Columns
    from .lexicon import Lexicon


@dataclass(frozen=True, slots=True)
class Handoff:
    text: str                                  # the text the Doc was made from
    columns: Columns                           # the extractor's token columns of the Doc
    figure_tokens: list[tuple[int, int]]       # (start, end) tokens of each figure, in extraction order
    phrase_matches: tuple[Lexicon, dict] | None = None  # (lexicon, source -> matches) of the shared pass
