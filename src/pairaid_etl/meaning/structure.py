"""Structural rules: what a figure measures, decided by the sentence's structure.

Phrases next to a figure give it a first indicator (``indicators.py``); these rules then
read how the sentence is built and recast it:

- ``structure.decrease``: the amount of a decrease of a stock is the flow that reduces it
  ("a decline of 411,500 in the number of poor people" -> poverty_reduction, a level);
- ``structure.share``: a percentage share of a stock is its rate ("a poor population of
  917,000, accounting for 7.2% of the rural population" -> poverty_rate, a level);
- ``structure.from_to``: both ends of "reduced from X to Y" are levels of the stock
  ("the rural poor were reduced from 166 million to 55.75 million" -> poverty_headcount);
- ``structure.threshold``: an upper bound of an income defines a line ("the rural poor with
  per capita net income below 1196 Yuan" -> poverty_line);
- ``structure.line_named``: so does an income that a line's phrase names in its own words ("the
  poverty line of 2300 Yuan of per capita net income");
- ``structure.donor_money``: in a pairing bulletin, generic funds whose sentence names the
  donor side last before them are aid given ("Guangdong allocated 29.3 million Yuan"), and so is
  the donor's own investment in a place named after it ("Hangzhou has invested 118 million Yuan
  in Enshi"; not its enterprises');
- ``structure.jobs_elsewhere``: people who found jobs in another province are labour
  transferred ("helped 6,900 rural laborers find jobs in Beijing and Tianjin");
- ``structure.enterprise_projects``: what enterprises invest in the projects they sign is the
  value of cooperation projects ("Suzhou enterprises signed 43 projects ... with an investment of
  9.7 billion Yuan");
- ``structure.poor_held``: poor people a place "had" are its poor population;
- ``structure.poor_numbered``: so is what "the rural poor ... numbered", and both ends of
  "the rural poor fell from X to Y";
- ``structure.aid_purpose``: in a pairing bulletin, generic money "issued to support" a place
  (and not the recipient's own) is aid given;
- ``structure.government_donation``: in a pairing bulletin, a donation whose own words name a
  government is aid given ("Qingdao City government donated funds and materials valued ...");
- ``structure.social_giver``: a donation whose own words name a giver outside government
  ("the Charity Federation donated 4.8 million Yuan") is a social donation, not aid given;
- ``structure.narrower``: a donation whose own words say what it was given in is that
  narrower kind ("all walks of society donated materials valued 12 million Yuan" -> in kind);
- ``structure.cash_beside_kind``: donations listed beside a donation in kind are the cash
  ("550,000 Yuan of social donation funds and 3.5 million Yuan of relief materials"), but
  not a total whose parts follow ("6.5 million Yuan, of which ... 1.5 million Yuan in kind").

The recasts come from the indicators' ``on_*`` keys and the ``[structure]`` cues (data).
"""

from __future__ import annotations

from functools import lru_cache

from ..records import Extraction
from ..knowledge import load_cues
from .context import DocView, FigureView, own_stretch, segment
from .indicators import INHERITED, indicator_phrases
from .lexicon import Lexicon
from .matching import view_phrases
from .money import donations, enterprise_projects, invested_against_poverty

POSSESSION_WORDS = 3  # words read before a number for "had" and after it for "poor"
PURPOSE_WORDS = 4  # how far after a figure its purpose ("issued to support") is read
UPPER_BOUNDS = ("less_than", "up_to")
NAMING_WORDS = 6  # words after "as" read for what a figure is taken as


def recast_indicators(view: DocView, extraction: Extraction, lexicon: Lexicon) -> dict[int, str]:
    """Recast figures' indicators in place; returns figure index -> id of the rule that did."""
    fired: dict[int, str] = {}
    ends_of = {fv.target.index for fv in view.figures if fv.relation == "from" and fv.target is not None}
    donor_money = lexicon.cue("structure", "donor_money")[0]
    donor_money_from = set(lexicon.cue("structure", "donor_money_from"))
    reductions = {i.on_decrease for i in lexicon.indicators.values() if i.on_decrease}
    investment = lexicon.cue("structure", "poverty_investment")[0]
    enterprises = set(lexicon.cue("structure", "enterprise_words"))
    invested_against_poverty(view, lexicon, fired)
    for fv in view.figures:
        fig = fv.figure
        ind = lexicon.indicators.get(fig.indicator) if fig.indicator else None
        if ind is not None and ind.on_decrease and fig.kind == "count" and (
                fv.relation == "decrease" or (fv.relation is None and fv.cue == "decrease")):
            # "the number of poor people was reduced by 300,000": a level of the reduction
            _to_reduction(view, fv, ind.on_decrease)
            fired[fv.index] = "structure.decrease"
        elif fig.indicator in reductions and fig.kind == "count" and fv.relation == "decrease":
            # "down from 8.04 million ..., a decline of 1.43 million": the decline is the reduction
            _to_reduction(view, fv, fig.indicator)
            fired[fv.index] = "structure.decrease"
        elif ind is not None and ind.on_share and fv.relation == "share" and fig.kind == "percent":
            fig.indicator, fv.relation, fv.target = ind.on_share, None, None
            fired[fv.index] = "structure.share"
        elif ind is not None and ind.on_from_to and (fv.relation == "from" or fv.index in ends_of):
            fig.indicator = ind.on_from_to
            fired[fv.index] = "structure.from_to"
        elif ind is not None and ind.on_threshold and fig.qualifier in UPPER_BOUNDS:
            fig.indicator = ind.on_threshold
            fired[fv.index] = "structure.threshold"
        elif ind is not None and ind.on_threshold and _named_before(view, lexicon, fv, ind.on_threshold):
            fig.indicator = ind.on_threshold
            fired[fv.index] = "structure.line_named"
        elif (fig.kind == "money" and (extraction.donor or fig.donor) and fv.relation is None and fv.subject != "recipient"
              and (fig.indicator in donor_money_from or (fig.indicator is None and not _names_other(view, fv)))
              and (fv.subject == "donor" or _for_support(view, lexicon, fv))
              and (fig.indicator != investment or _invested_in_recipient(view, fv, enterprises))):
            fig.indicator = donor_money
            fired[fv.index] = "structure.donor_money" if fv.subject == "donor" else "structure.aid_purpose"
    jobs, transferred = lexicon.cue("structure", "jobs_elsewhere")
    went = set(lexicon.cue("place", "destination_words"))
    for fv in view.figures:  # "helped 6,900 rural laborers find jobs in Beijing and Tianjin"
        if fv.figure.indicator == jobs and fv.index not in fired and (fv.elsewhere or _outside(view, fv, went)):
            fv.figure.indicator, fired[fv.index] = transferred, "structure.jobs_elsewhere"
    donations(view, extraction, lexicon, fired)
    _poor_held(view, lexicon, fired)
    enterprise_projects(view, lexicon, fired)
    for fv in view.figures:  # a share of a figure the rules above named ("..., accounting for 12% of ...")
        ind = lexicon.indicators.get(fv.target.figure.indicator or "") if fv.target is not None else None
        if fv.figure.indicator is None and fv.relation == "share" and ind is not None and ind.on_share:
            fv.figure.indicator, fv.relation, fv.target = ind.on_share, None, None
            fired[fv.index] = "structure.share"
    _the_figure(view, lexicon, fired)
    for index, rule in fired.items():
        extraction.figures[index].indicator_rule = rule
    for fv in view.figures:  # a part or change of a figure the rules above named takes its indicator
        inherited = fv.figure.indicator is None or (fv.figure.indicator_rule or "").startswith("indicator.inherited")
        if inherited and fv.relation in INHERITED and fv.target is not None and fv.target.index in fired \
                and fv.index not in fired:
            ind = lexicon.indicators.get(fv.target.figure.indicator or "")
            if ind is not None and ind.on_decrease and fv.relation == "decrease" and fv.figure.kind == "count":
                # "the rural poor numbered 5.23 million, 0.71 million less than ...": the reduction
                _to_reduction(view, fv, ind.on_decrease)
                fv.figure.indicator_rule = "structure.decrease"
                continue
            fv.figure.indicator = fv.target.figure.indicator
            fv.figure.indicator_rule = f"indicator.inherited:{fv.relation}"
    return fired


def _the_figure(view: DocView, lexicon: Lexicon, fired: dict[int, str]) -> None:
    """"..., up 11.2%; in the 38 national key counties the figure was 7,854 Yuan": "the figure"
    is what the last figure of its kind in the paragraph measured ([structure] figure_anaphora)."""
    cues = view_phrases(view, lexicon)["cues"]
    if not cues.with_key("structure.figure_anaphora"):
        return
    for fv in view.figures:
        if fv.figure.indicator is not None or fv.relation is not None \
                or not cues.within(*own_stretch(view, fv), "structure.figure_anaphora"):
            continue
        para = view.paragraph_of_unit[fv.unit]
        earlier = [o for o in view.figures if o.num_start < fv.num_start and o.figure.indicator
                   and o.figure.unit == fv.figure.unit and o.relation is None
                   and view.paragraph_of_unit[o.unit] == para]
        if earlier:
            fv.figure.indicator, fired[fv.index] = earlier[-1].figure.indicator, "structure.the_figure"


def _to_reduction(view: DocView, fv: FigureView, code: str) -> None:
    """The amount of a decrease of a stock is a level of its reduction (``code``), one year's
    when it lies between two yearly levels."""
    fv.figure.indicator, fv.relation, fv.target = code, None, None
    if _between_yearly_levels(view, fv):
        fv.period = fv.period._replace(cumulative=False)


def _between_yearly_levels(view: DocView, fv: FigureView) -> bool:
    """"By the end of 2013, the rural poor had decreased from 2.02 million at the end of 2012 to
    1.688 million, a reduction of 332,000", "..., 0.71 million less than at the end of 2012": a
    reduction between the levels of two years in a row is that year's, whatever the sentence's
    "by the end of" sums up."""
    year = fv.period.year
    if fv.compare == ("previous",) or (fv.compare and fv.compare[0] == "year" and year and fv.compare[1] == year - 1):
        return True
    return any(o.relation == "from" and o.target is not None and o.figure.year and o.target.figure.year
               and o.target.figure.year - o.figure.year == 1 for o in view.unit_figures(fv.unit))


def _outside(view: DocView, fv: FigureView, went: set[str]) -> bool:
    """"186,000 relocated people found jobs outside the province"."""
    lowers = view.lowers
    return any(lowers[k] == "outside" and lowers[k - 1] in went for k in range(fv.end + 1, segment(view, fv)[1]))


def _named_before(view: DocView, lexicon: Lexicon, fv: FigureView, code: str) -> bool:
    """A phrase of ``code`` in the figure's own words names what it is: "the new national
    poverty line of 2300 Yuan of per capita net income", "the poverty line was raised to a
    standard of 1196 Yuan per capita net income" are lines measured in income; so is an income
    taken "as" a line right after it ([structure] naming_words)."""
    ph = indicator_phrases(view, lexicon)
    lo, hi = own_stretch(view, fv)
    if any(label.startswith(code + ":") for _, _, label in ph.within(lo, hi)):
        return True
    # "taking an annual per capita net income of 1,500 Yuan as the provincial poverty line"
    if view.lowers[fv.end:fv.end + 1] == lexicon.cue("structure", "naming_words"):
        end = min(segment(view, fv)[1], fv.end + NAMING_WORDS)
        return any(label.startswith(code + ":") for _, _, label in ph.within(fv.end + 1, end))
    return False


def _names_other(view: DocView, fv: FigureView) -> bool:
    """Money no phrase named is generic funds only when a verb of giving governs it ("Jinan
    provided 5 million Yuan"; [structure] giving_verbs) and no "of" complement says what it
    was ("bought 2.3 billion yuan of farm produce", "earning an average of 3,600 yuan a month")."""
    lowers = view.lowers
    if lowers[fv.end:fv.end + 1] == ["of"] and fv.end + 1 < len(lowers) and lowers[fv.end + 1].isalpha():
        return True
    lo, hi = own_stretch(view, fv)
    return _giving_verbs().isdisjoint(lowers[lo:hi])


@lru_cache(maxsize=1)
def _giving_verbs() -> frozenset[str]:
    return frozenset(load_cues()["structure"]["giving_verbs"])


def _invested_in_recipient(view: DocView, fv: FigureView, enterprises: set[str]) -> bool:
    """"Hangzhou has invested a total of 118 million Yuan in Enshi": the donor's own investment in
    a place it names after the money is aid; not its enterprises' ("14 Fujian enterprises
    invested 620 million Yuan in Guyuan"), nor money put into a project ("put in 200 million Yuan
    in infrastructure construction")."""
    lo = segment(view, fv)[0]
    return fv.figure.place_rule == "place.named_after" and not enterprises.intersection(view.lowers[lo:fv.num_start])


def _for_support(view: DocView, lexicon: Lexicon, fv: FigureView) -> bool:
    """"the 4 billion Yuan issued to support An County": money given to support a place."""
    cues = view_phrases(view, lexicon)["cues"]
    hi = min(segment(view, fv)[1], fv.end + PURPOSE_WORDS)
    return bool(cues.within(fv.end, hi, "structure.aid_purpose"))


def _poor_held(view: DocView, lexicon: Lexicon, fired: dict[int, str]) -> None:
    """"Guizhou ... had 2.8 million rural poor people at the end of last year": poor people a
    place has are its poor population, when no phrase said more ([structure] possession_verbs,
    poor_words, poor_population)."""
    verbs = set(lexicon.cue("structure", "possession_verbs"))
    numbered = set(lexicon.cue("structure", "poor_numbered"))
    cues = view_phrases(view, lexicon)["cues"]
    poor = set(lexicon.cue("structure", "poor_words"))
    people = set(lexicon.cue("relation", "people_items"))
    code = lexicon.cue("structure", "poor_population")[0]
    for fv in view.figures:
        fig = fv.figure
        if fig.indicator is None and fig.kind == "count" and fv.relation == "from" and fv.target is not None \
                and fv.target.figure.indicator is None and poor.intersection(view.lowers[slice(*own_stretch(view, fv))]):
            # "the rural poor of Qinghai fell from 1.9 million ... to 1.6 million": both are levels
            fig.indicator, fired[fv.index] = code, "structure.poor_numbered"
            fv.target.figure.indicator, fired[fv.target.index] = code, "structure.poor_numbered"
            continue
        if fig.indicator is not None or fig.kind != "count" or fig.item not in people or fv.relation is not None:
            continue
        lo, hi = own_stretch(view, fv)
        before = view.lowers[max(lo, hi - POSSESSION_WORDS):hi]
        if verbs.intersection(before) and poor.intersection(view.lowers[fv.end:fv.end + POSSESSION_WORDS]):
            fig.indicator, fired[fv.index] = code, "structure.poor_held"
        elif (numbered.intersection(before) or any(s[0] >= hi - len(before)
                                                   for s in cues.ending_at(hi, "structure.poor_level_to"))) \
                and poor.intersection(view.lowers[lo:hi]):
            # "the rural poor numbered 6.61 million", "the rural poor fell to 6.25 million"
            fig.indicator, fired[fv.index] = code, "structure.poor_numbered"



def national_measures(view: DocView, lexicon: Lexicon) -> None:
    """A national standard is the country's, whichever province's bulletin quotes it: "based
    on the new national poverty line of 2300 Yuan" is China's line ([place]
    national_indicators, national_words)."""
    indicators = set(lexicon.cue("place", "national_indicators"))
    words = set(lexicon.cue("place", "national_words"))
    country = lexicon.cue("place", "country")[0]
    for fv in view.figures:
        fig = fv.figure
        if fig.indicator not in indicators:
            continue
        lo, hi = own_stretch(view, fv)
        if words.intersection(view.lowers[lo:hi]):
            fig.recipient = fig.province = country
            fig.place_rule = "place.national_measure"
            fig.donor = fig.donor_rule = None


def subnational_in_national(view: DocView, extraction: Extraction, lexicon: Lexicon) -> None:
    """In a national bulletin, money the provinces put up ("the provincial governments
    arranged special anti-poverty funds of 26.7 billion yuan") is a sum over provinces, not
    the country's own funds: no one province-level region ([place] subnational_words)."""
    country = lexicon.cue("place", "country")[0]
    if extraction.recipient != country:
        return
    cues = view_phrases(view, lexicon)["cues"]
    for fv in view.figures:
        if fv.figure.kind != "money" or fv.figure.province != country:
            continue
        if cues.within(*own_stretch(view, fv), "place.subnational_words"):
            fv.figure.province = None
            fv.figure.place_rule = "place.subnational"
