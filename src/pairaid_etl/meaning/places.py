"""Places: the document's donor and recipient, and the recipient region named for a figure.

Names come from the gazetteer (``regions.csv``); text inside quotation marks (names of
documents) is ignored. The title "Zhejiang-Sichuan Pairing-off ..." gives donor Zhejiang
and recipient Sichuan; "Poverty Alleviation ... in Gansu Province" gives recipient Gansu.
"""

from __future__ import annotations

from collections import Counter

from spacy.matcher import PhraseMatcher
from spacy.util import filter_spans

from ..records import Extraction
from .context import DocView, FigureView, pattern_tokenizer
from .lexicon import Lexicon, Region

SEGMENT_BREAKS = {";", "；"}
SOURCE_WORDS = {"from"}
TOP_LEVELS = ("province", "country")


class Gazetteer:
    """Region lookup by any surface form, with parents for "X of Y" chains."""

    def __init__(self, regions: tuple[Region, ...]):
        self.regions = regions
        self.by_form: dict[str, list[Region]] = {}
        for region in regions:
            for form in region.surface_forms():
                self.by_form.setdefault(form, []).append(region)
        self.by_name = {r.name: r for r in regions if r.level in TOP_LEVELS}
        for region in regions:
            self.by_name.setdefault(region.name, region)

    def ancestors(self, region: Region) -> list[str]:
        out, parent = [], region.parent
        while parent:
            out.append(parent)
            parent = self.by_name[parent].parent if parent in self.by_name else None
        return out

    def find(self, view: DocView) -> list[tuple[int, int, list[Region]]]:
        """Every mention outside quotes: (token start, token end, candidate regions)."""
        matcher = PhraseMatcher(view.doc.vocab, attr="ORTH")
        for form, regions in self.by_form.items():
            matcher.add(form, [pattern_tokenizer()(form)])
        spans = filter_spans(matcher(view.doc, as_spans=True))
        return [(s.start, s.end, self.by_form[s.label_]) for s in spans
                if not any(i in view.quoted for i in range(s.start, s.end))]


def _choose(candidates: list[Region], context: set[str]) -> Region:
    """Pick among same-named regions: one under a region of the document, else the highest."""
    for region in candidates:
        if region.parent in context:
            return region
    return sorted(candidates, key=lambda r: ("country", "province", "prefecture", "county").index(r.level))[0]


def pair_from_title(view: DocView, mentions, title_end: int) -> tuple[str | None, str | None]:
    """(donor, recipient) named in the title line."""
    in_title = [_choose(c, set()) for s, _, c in mentions if s < title_end]
    is_pairing = any(t.lower_ == "pairing" for t in view.doc[:title_end])
    if len(in_title) >= 2 and is_pairing:
        return in_title[0].name, in_title[1].name
    if len(in_title) == 1:
        return None, in_title[0].name
    return None, None


def recipient_from_text(mentions) -> str | None:
    """The most mentioned province-level region, when the title names none."""
    counts = Counter(_choose(c, set()).name for _, _, c in mentions
                     if _choose(c, set()).level in TOP_LEVELS)
    return counts.most_common(1)[0][0] if counts else None


def _segment(view: DocView, fv: FigureView) -> tuple[int, int]:
    start, end = view.units[fv.unit]
    doc = view.doc
    seg_start = max([i + 1 for i in range(start, fv.num_start) if doc[i].text in SEGMENT_BREAKS], default=start)
    seg_end = min([i for i in range(fv.end, end) if doc[i].text in SEGMENT_BREAKS], default=end)
    return seg_start, seg_end


def _window(view: DocView, fv: FigureView) -> tuple[int, int, int, int]:
    """Token windows before and after a figure, bounded by figures of the same kind."""
    seg_start, seg_end = _segment(view, fv)
    same = [o for o in view.unit_figures(fv.unit) if o.figure.kind == fv.figure.kind and o is not fv]
    before = max([o.end for o in same if o.end <= fv.num_start] + [seg_start])
    after = min([o.num_start for o in same if o.num_start >= fv.end] + [seg_end])
    return before, fv.num_start, fv.end, after


def _most_specific(view: DocView, gaz: Gazetteer, found: list[Region]) -> list[str]:
    names = [r.name for r in found]
    dropped = {a for r in found for a in gaz.ancestors(r)}
    out = []
    for name in names:
        if name not in dropped and name not in out:
            out.append(name)
    return out


def figure_regions(view: DocView, gaz: Gazetteer, mentions, fv: FigureView,
                   donor_side: set[str], context: set[str]) -> list[str]:
    """Recipient-side regions named next to a figure (after it first, else before it)."""
    b0, b1, a0, a1 = _window(view, fv)

    def pick(lo: int, hi: int) -> list[Region]:
        out = []
        for s, e, cands in mentions:
            if not (lo <= s and e <= hi) or (s > 0 and view.doc[s - 1].lower_ in SOURCE_WORDS):
                continue
            region = _choose(cands, context)
            if region.name not in donor_side:
                out.append(region)
        return out

    found = pick(a0, a1) or pick(b0, b1)
    return _most_specific(view, gaz, found)


def annotate_places(view: DocView, extraction: Extraction, lexicon: Lexicon) -> None:
    """Fill Extraction.donor/recipient and each Figure's donor and recipient."""
    gaz = Gazetteer(lexicon.regions)
    mentions = gaz.find(view)
    title_end = view.units[0][1] if view.units else 0
    donor, recipient = pair_from_title(view, mentions, title_end)
    if donor is None and recipient is None:
        recipient = recipient_from_text(mentions)
    extraction.donor = extraction.donor or donor
    extraction.recipient = extraction.recipient or recipient
    donor_side = {r.name for r in gaz.regions if extraction.donor and (
        r.name == extraction.donor or extraction.donor in gaz.ancestors(r))}
    context = {n for n in (extraction.donor, extraction.recipient) if n}
    for fv in view.figures:
        names = figure_regions(view, gaz, mentions, fv, donor_side, context)
        fv.figure.donor = extraction.donor
        fv.figure.recipient = "; ".join(names) if names else extraction.recipient
