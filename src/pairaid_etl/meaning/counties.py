"""Key county lists: which list a count of key counties is on.

A province's key counties for poverty alleviation sit on two lists, the national one and the
province's own, and bulletins often restate their sum further on ("39 key counties for
national ... and 23 key counties for provincial ...", then "the 62 key counties"). An analyst
asking how many key counties a province has means the national list, so ``counties`` keeps
that one and these rules move the others out (codes and words in the ``[counties]`` cues):

- ``counties.both_lists``: a count whose own words name the national list and the province's
  ("the 20 national and provincial key counties");
- ``counties.national_list``: one whose own words name the national list alone is on it, even
  inside a count of all the county-level divisions ("101 banners (counties, cities and
  districts), of which 31 are national key banners");
- ``counties.own_list``: a count whose own words name the province itself, beside a count on
  the national list in the same sentence ("31 key counties for national ..., 29 key counties
  of Inner Mongolia");
- ``counties.list_sum``: a count of counties equal to the document's national count plus its
  own-list count ("the 62 key counties", "60 in total");
- ``counties.list_restated``: a count of key counties equal to the own-list count alone ("the 26
  key banners (counties) of the autonomous region", after "26 are key banners designated by
  the autonomous region");
- ``counties.other_scope``: in a document whose key counties number one value, a count of
  counties its own words do not call key, of another value, is another scope (all the
  divisions, all the poor counties, the counties a programme covered): ``counties_other``;
  but not counties that leave poverty ("Ten counties ... have shaken off poverty"), which
  analysts count as counties too: those stay, and the view says there are several.

Each rule needs one national count and one own-list count that differ; otherwise the counts
stay where the phrases put them. The national list, and any list that the text gave as a part
of a sum recast here, stands on its own even where the text names it as a part of a count of
counties ("46 counties, including 15 national key counties"): it is a list of its own, and the
view must not answer for it with the larger count.
"""

from __future__ import annotations

from ..records import Extraction
from .context import DocView, FigureView, segment
from .lexicon import Lexicon
from .matching import view_phrases

STOPS = frozenset({",", ";", ".", ":", "，", "；", "。"})


def _own_words(view: DocView, fv: FigureView, span: int) -> tuple[int, int]:
    """Tokens after the number that qualify it: up to a stop, the next figure, or ``span`` words."""
    nxt = [o.num_start for o in view.unit_figures(fv.unit) if o.num_start >= fv.num_end and o is not fv]
    end = min([fv.num_end + span, len(view.lowers)] + nxt)
    for i in range(fv.num_end, end):
        if view.lowers[i] in STOPS:
            return fv.num_end, i
    return fv.num_end, end


def _has(lowers: list[str], phrase: str) -> bool:
    words = phrase.split()
    return any(lowers[i:i + len(words)] == words for i in range(len(lowers) - len(words) + 1))


def annotate_county_lists(view: DocView, extraction: Extraction, lexicon: Lexicon) -> None:
    national, own, both, admin, other = lexicon.cue("counties", "codes")
    cue = lambda name: lexicon.cue("counties", name)  # noqa: E731
    span = int(cue("own_words_span"))
    counts = [fv for fv in view.figures
              if fv.figure.kind == "count" and fv.figure.indicator in (national, own, admin)]
    if not counts:
        return
    words = {}
    for fv in counts:
        lo, hi = _own_words(view, fv, span)
        words[fv.index] = view.lowers[lo:hi]
    is_key = lambda fv: any(w in words[fv.index] for w in cue("key_words"))  # noqa: E731
    is_national = lambda fv: any(w in words[fv.index] for w in cue("national_words"))  # noqa: E731
    fired: dict[int, str] = {}

    def recast(fv: FigureView, code: str, rule: str) -> None:
        fv.figure.indicator = code
        fired[fv.index] = rule

    for fv in counts:
        w = words[fv.index]
        if is_key(fv) and is_national(fv) and any(x in w for x in cue("own_list_words")):
            recast(fv, both, "counties.both_lists")
        elif is_key(fv) and is_national(fv) and fv.figure.indicator != national:
            recast(fv, national, "counties.national_list")
    nationals = [fv for fv in counts if fv.figure.indicator == national and is_key(fv) and is_national(fv)]
    for fv in counts:
        if fv.index in fired or fv.figure.indicator != national or not is_key(fv) or is_national(fv):
            continue
        names = list(cue("own_place_words"))
        if fv.figure.province:
            names.append("of " + fv.figure.province.lower())
        if any(_has(words[fv.index], n) for n in names) and any(
                view.sent_first[o.num_start] == view.sent_first[fv.num_start]
                and o.figure.value != fv.figure.value for o in nationals):
            recast(fv, own, "counties.own_list")
    n_values = {fv.figure.value for fv in nationals if fv.index not in fired}
    p_values = {fv.figure.value for fv in counts if fv.figure.indicator == own}
    if len(n_values) == 1 and len(p_values) == 1 and n_values != p_values:
        (n,), (p,) = n_values, p_values
        for fv in counts:
            if fv.index in fired or fv.figure.indicator != national or is_national(fv):
                continue
            if fv.figure.value == n + p:
                recast(fv, both, "counties.list_sum")
            elif fv.figure.value == p and is_key(fv):
                recast(fv, own, "counties.list_restated")
    keys = {fv.figure.value for fv in counts if fv.figure.indicator == national and is_key(fv)}
    cues = view_phrases(view, lexicon)["cues"]

    def exits_poverty(fv: FigureView) -> bool:  # "Ten counties ... have shaken off poverty": still counties
        return bool(cues.within(fv.num_end, segment(view, fv)[1], "counties.exit_words"))

    if len(keys) == 1:  # "has 22 counties (cities, districts). It has 8 national key counties"
        for fv in counts:
            if fv.index not in fired and fv.figure.indicator == national and not is_key(fv) \
                    and fv.figure.value not in keys and not exits_poverty(fv):
                recast(fv, other, "counties.other_scope")
    family = {fv.index for fv in counts}
    for fv in counts:  # "46 counties, including 15 national key counties": a list, not a share
        if fv.relation in ("part_of", "included_in") and fv.target is not None and fv.target.index in family \
                and (fired.get(fv.target.index) == "counties.list_sum" or fv.index in fired
                     or (is_key(fv) and is_national(fv))):
            fv.relation, fv.target = None, None
    for index, rule in fired.items():
        extraction.figures[index].indicator_rule = rule
