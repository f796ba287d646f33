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
SUBJECT_WORDS = 4  # words of a count's own noun between it and a target cue after it


def mark_targets(view: DocView, lexicon: Lexicon) -> None:
    """Relation ``target`` for every level whose clause (up to its number) holds a target cue."""
    done = frozenset(lexicon.cue("relation", "target_done"))
    spans = [s for s in view_phrases(view, lexicon)["cues"].with_key("relation.target")
             if done.isdisjoint(view.lowers[max(0, s[0] - DONE_WORDS):s[0]])]
    if not spans:
        return
    starts = [s[0] for s in spans]
    cue_at = set(starts)
    for fv in view.figures:
        if fv.relation is None and (any_within(spans, starts, segment(view, fv)[0], fv.num_start)
                                    or _subject_of_cue(view, fv, cue_at)):
            fv.relation, fv.target = "target", None


def _subject_of_cue(view: DocView, fv, cue_at: set[int]) -> bool:
    """"Fourteen counties are expected to shed the poverty label": the count is the subject of
    the cue, with only its own noun between them."""
    hi = min(len(view.lowers), fv.end + SUBJECT_WORDS + 1)
    for k in range(fv.end, hi):
        if k in cue_at:
            return True
        if not view.lowers[k].isalpha() or any(o.num_start == k for o in view.unit_figures(fv.unit)):
            return False
    return False
