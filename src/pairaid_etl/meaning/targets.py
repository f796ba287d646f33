"""Targets: figures a plan sets, not results a bulletin reports.

"The two provinces plan to build 300 schools by 2020", "the annual task of reducing the rural
poor by at least 10 million": the number is what someone meant to reach. It keeps its
indicator and its year (a plan's end year), but relation ``target`` keeps it out of the
levels that answer "how many schools were built in 2020". The cues are data
(meaning_cues.toml [relation] target), read in the figure's clause before its number.
"""

from __future__ import annotations

from .context import DocView, segment
from .lexicon import Lexicon
from .phrases import cue_sequences


def mark_targets(view: DocView, lexicon: Lexicon) -> None:
    """Relation ``target`` for every level whose clause (up to its number) holds a target cue."""
    cues = cue_sequences(lexicon, "relation", "target")
    for fv in view.figures:
        if fv.relation is not None:
            continue
        lo, _ = segment(view, fv)
        if cues.in_words(view.lowers[lo:fv.num_start]):
            fv.relation, fv.target = "target", None
