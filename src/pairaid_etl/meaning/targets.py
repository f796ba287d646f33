"""Targets: figures a plan sets, not results a bulletin reports.

"The two provinces plan to build 300 schools by 2020", "the annual task of reducing the rural
poor by at least 10 million": the number is what someone meant to reach. It keeps its
indicator and its year (a plan's end year), but relation ``target`` keeps it out of the
levels that answer "how many schools were built in 2020". The cues are data
(meaning_cues.toml [relation] target), read in the figure's clause before its number; a task
said to be done ("completed the task of relocating 30,000 people") is a result.
"""

from __future__ import annotations

from .context import DocView, segment
from .lexicon import Lexicon
from .matching import view_phrases
from .phrases import any_within


DONE_WORDS = 3  # how far before a target cue a word saying it was done is read


def mark_targets(view: DocView, lexicon: Lexicon) -> None:
    """Relation ``target`` for every level whose clause (up to its number) holds a target cue."""
    done = frozenset(lexicon.cue("relation", "target_done"))
    spans = [s for s in view_phrases(view, lexicon)["cues"].with_key("relation.target")
             if done.isdisjoint(view.lowers[max(0, s[0] - DONE_WORDS):s[0]])]
    if not spans:
        return
    starts = [s[0] for s in spans]
    for fv in view.figures:
        if fv.relation is None and any_within(spans, starts, segment(view, fv)[0], fv.num_start):
            fv.relation, fv.target = "target", None
