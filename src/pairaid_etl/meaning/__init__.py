"""The meaning layer: what each figure measures, where, when, and how figures relate.

``annotate(doc, extraction, bulletin_year)`` is pure: it reads the spaCy Doc the extractor
made and the packaged data files, and writes Figure.indicator/year/cumulative/base_year/
donor/recipient/section (plus relation/relates_to), Extraction.title/donor/recipient/
sections and reviewer notes. ``observations(extraction)`` groups figures into facts.
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..records import Extraction
from .changes import cue_phrases, find_change_cues, find_relations, resolve_changes
from .context import build_view
from .counties import annotate_county_lists
from .groups import pair_conversions, pair_households
from .handoff import Handoff
from .indicators import annotate_indicators, is_stock
from .lexicon import Lexicon, load_lexicon
from .observations import Observation, PartWholeCheck, observe, observe_notes
from .neighbours import programme_ranges
from .periods import annotate_periods
from .places import annotate_places
from .running_totals import running_totals
from .scopes import include_source_parts, parts_of_areas, wholes_over_provinces
from .sections import annotate_sections
from .structure import national_measures, recast_indicators, subnational_in_national
from .targets import mark_targets

__all__ = ["annotate", "observe", "Observation", "PartWholeCheck", "load_lexicon"]

NEVER_CUMULATIVE = ("share", "plan_completion", "from", "increase", "decrease", "change", "comparison")


def annotate(doc: Doc, extraction: Extraction, bulletin_year: int | None = None,
             lexicon: Lexicon | None = None, handoff: Handoff | None = None) -> None:
    """Give every figure of ``extraction`` its meaning, reading ``doc`` (the text it came from)
    and what the extractor handed with it (``handoff``, see ``handoff.py``)."""
    lexicon = lexicon or load_lexicon()
    if bulletin_year is None:
        bulletin_year = getattr(extraction, "bulletin_year", None)
    view = build_view(doc, extraction, handoff)
    annotate_sections(view, extraction)
    annotate_places(view, extraction, lexicon)
    phrases = cue_phrases(view, lexicon)
    find_relations(view, phrases, lexicon)
    parts_of_areas(view)
    find_change_cues(view, phrases, lexicon)
    annotate_periods(view, lexicon, bulletin_year, [s.start for s in extraction.sections])
    resolve_changes(view, lexicon)
    annotate_indicators(view, extraction, lexicon)
    recast = recast_indicators(view, extraction, lexicon)
    annotate_county_lists(view, extraction, lexicon)
    running_totals(view, lexicon)
    pair_households(view, lexicon)
    pair_conversions(view, lexicon)
    include_source_parts(view, lexicon)
    mark_targets(view, lexicon)
    programme_ranges(view, bulletin_year)
    national_measures(view, lexicon)
    subnational_in_national(view, extraction, lexicon)
    for fv in view.figures:
        fig = fv.figure
        fig.cumulative = bool(fv.period.cumulative) and fv.relation not in NEVER_CUMULATIVE \
            and not is_stock(lexicon, fig)
        if fv.relation not in ("increase", "decrease", "change") and recast.get(fv.index) != "structure.decrease":
            fig.base_year = None  # a reduction keeps the year it is counted from
    for fv in view.figures:  # a part in another period than its whole is that period's level
        if fv.relation in ("part_of", "included_in") and fv.target is not None and \
                (fv.figure.cumulative, fv.figure.year) != (fv.target.figure.cumulative, fv.target.figure.year):
            fv.relation, fv.target = None, None
    wholes_over_provinces(view)
    for fv in view.figures:
        fig = fv.figure
        fig.relation = fv.relation
        fig.relates_to = fv.target.figure.start if fv.target is not None else None
    extraction.notes.extend(observe_notes(extraction, text=view.text, lexicon=lexicon))
    view.phrases = None  # Phrases point back at the view: let the doc go without the cycle collector
