"""What money is, from who gives it and what it is given in or for: the donation family
(``structure.social_giver``, ``structure.government_donation``, ``structure.narrower``,
``structure.cash_beside_kind``), enterprises' cooperation projects
(``structure.enterprise_projects``) and governments' investment against poverty
(``structure.invested_against_poverty``). Called by ``structure.recast_indicators``; the words
are data (meaning_cues.toml [structure]).
"""

from __future__ import annotations

from ..records import Extraction
from ..spans import longest_spans
from .context import DocView, FigureView, own_stretch, segment
from .indicators import indicator_phrases
from .lexicon import Lexicon
from .matching import view_phrases

PURPOSE_REACH = 14  # tokens after an invested amount (a bracket, "of fiscal funds") to its purpose
SOCIAL = "structure.social_giver"  # a rule whose figures the donation rules may still narrow


def enterprise_projects(view: DocView, lexicon: Lexicon, fired: dict[int, str]) -> None:
    """"Suzhou enterprises signed 43 projects in Tongren with an investment of 9.7 billion Yuan",
    "Shandong companies invested 11.2 billion yuan in 286 projects": what enterprises invest in
    the projects they sign is the value of cooperation projects, and those projects are
    cooperation projects ([structure] enterprise_investment: investment, its recast; projects,
    theirs; enterprise_words)."""
    investment, value, projects, cooperation = lexicon.cue("structure", "enterprise_investment")
    words = set(lexicon.cue("structure", "enterprise_words"))
    for fv in view.figures:
        if fv.figure.indicator != investment or fv.relation is not None or fv.index in fired:
            continue
        lo, hi = segment(view, fv)
        others = [o for o in view.unit_figures(fv.unit) if lo <= o.num_start < hi and o is not fv]
        counted = {k for o in others for k in range(o.end, o.end + 2)}  # "454 enterprises" are objects
        by_enterprises = any(view.lowers[k] in words and k not in counted for k in range(lo, fv.num_start))
        if by_enterprises and any(o.figure.indicator in (projects, cooperation) for o in others):
            fv.figure.indicator, fired[fv.index] = value, "structure.enterprise_projects"
            for o in others:
                if o.figure.indicator == projects and o.index not in fired:
                    o.figure.indicator, fired[o.index] = cooperation, "structure.enterprise_projects"


def invested_against_poverty(view: DocView, lexicon: Lexicon, fired: dict[int, str]) -> None:
    """"This year, Sichuan invested 26.9 billion yuan ... in poverty alleviation": money a
    government (no enterprise) invests against poverty is its anti-poverty funds ([structure]
    poverty_investment: [investment, its recast], poverty_purpose)."""
    investment, funds = lexicon.cue("structure", "poverty_investment")
    enterprises = set(lexicon.cue("structure", "enterprise_words"))
    cues = view_phrases(view, lexicon)["cues"]

    def purpose(k: int) -> bool:
        return bool(cues.starting_at(k, "structure.poverty_purpose"))

    lowers = view.lowers
    for fv in view.figures:
        if fv.figure.indicator != investment or fv.relation is not None:
            continue
        lo, hi = segment(view, fv)
        if enterprises.intersection(lowers[lo:fv.num_start]):
            continue
        k = fv.end
        if k < hi and lowers[k] in ("(", "（"):  # "26.9 billion yuan (about 4.1 billion U.S. dollars) in ..."
            while k < hi and lowers[k] not in (")", "）"):
                k += 1
            k += 1
        # ... its own words only ("of fiscal funds") before the purpose
        while k < hi and k < fv.end + PURPOSE_REACH and lowers[k].isalpha() and not purpose(k):
            k += 1
        if purpose(k):
            fv.figure.indicator, fired[fv.index] = funds, "structure.invested_against_poverty"


def donations(view: DocView, extraction: Extraction, lexicon: Lexicon, fired: dict[int, str]) -> None:
    """The donation family ([structure] donation: the general code first, then the narrower
    ones): who gave it and what it was given in."""
    family = lexicon.cue("structure", "donation")
    general, narrower = family[0], set(family[1:])
    cash = lexicon.cue("structure", "donation_cash")[0]
    government = set(lexicon.cue("structure", "government"))
    aid = lexicon.cue("structure", "donor_money")[0]
    social = set(lexicon.cue("structure", "social_givers"))
    donated = set(lexicon.cue("structure", "donation_words"))
    valued = set(lexicon.cue("structure", "valued_words"))
    in_kind = lexicon.cue("structure", "donation_in_kind")[0]
    ph = None
    for fv in view.figures:
        fig = fv.figure
        if fv.target is not None and fv.target.index in fired and fv.target.figure.indicator in family \
                and (fig.indicator_rule or "").startswith("indicator.inherited"):
            fig.indicator = fv.target.figure.indicator  # a part of a donation these rules recast
        if fig.indicator == aid and fv.relation is None and fv.index not in fired and \
                _given_by_society(view, fv, social, government, donated):
            fig.indicator, fired[fv.index] = general, "structure.social_giver"
        if fig.indicator == aid and fv.index not in fired and view.lowers[fv.first - 1] in valued \
                and (fig.indicator_rule or "").startswith("indicator.strong:donat") \
                and not government.intersection(view.lowers[slice(*own_stretch(view, fv))]):
            # "hospitals ... donated medical equipment worth 2.6 million Yuan": a gift of things
            fig.indicator, fired[fv.index] = in_kind, "structure.narrower"
            continue
        if fig.indicator not in family or fired.get(fv.index, SOCIAL) != SOCIAL:
            continue
        lo, hi = own_stretch(view, fv)
        if fv.relation is None and extraction.donor and government.intersection(view.lowers[lo:hi]):
            fig.indicator, fired[fv.index] = aid, "structure.government_donation"
            continue
        if view.lowers[fv.first - 1] in valued and fig.indicator != in_kind and not (
                fig.indicator == general and (fig.indicator_rule or "").startswith("indicator.strong")):
            # "teaching equipment and medicines worth 1.9 million Yuan": things valued, in kind
            # (not "cash and materials worth 8.64 million Yuan", which a strong phrase calls both)
            fig.indicator, fired[fv.index] = in_kind, "structure.narrower"
            fv.relation = fv.target = None
            continue
        if fv.relation is not None:
            continue
        if fig.indicator != general:
            continue
        ph = ph or indicator_phrases(view, lexicon)
        starts = [o.num_start for o in view.unit_figures(fv.unit) if o is not fv]
        # a phrase running into the next figure's words is not all this one's: "6.7 million Yuan in
        # cash and goods worth 3.9 million Yuan" gives "in cash" to the first
        spans = longest_spans([sp for sp in ph.within(lo, segment(view, fv)[1])
                               if (sp[1] <= hi or fv.end <= sp[0] <= fv.end + 1)
                               and not any(0 <= n - sp[1] <= 1 for n in starts)])
        named = [label[:label.index(":")] for _, _, label in spans if label[:label.index(":")] in narrower]
        if named:
            fig.indicator, fired[fv.index] = named[-1], "structure.narrower"
    for fv in view.figures:
        if fv.figure.indicator != general or fv.relation is not None or fired.get(fv.index, SOCIAL) != SOCIAL:
            continue
        lo, hi = segment(view, fv)
        part_cues = view_phrases(view, lexicon)["cues"].within(lo, hi, "relation.part")
        if any(o.figure.indicator in narrower and o.figure.indicator != cash and o.relation is None
               and not any(min(fv.end, o.end) <= c[0] < max(fv.num_start, o.num_start) for c in part_cues)
               for o in view.unit_figures(fv.unit) if lo <= o.num_start < hi and o is not fv):
            fv.figure.indicator, fired[fv.index] = cash, "structure.cash_beside_kind"


def _given_by_society(view: DocView, fv: FigureView, social: set[str], government: set[str],
                      donated: set[str]) -> bool:
    """"The Hangzhou Charity Federation donated 4.8 million Yuan": a donation whose own words
    name a giver outside government ([structure] social_givers) is a social donation."""
    lo, hi = segment(view, fv)[0], fv.num_start  # the clause's giver gives each of its amounts
    words = view.lowers[lo:hi]
    return bool(social.intersection(words)) and not government.intersection(words) \
        and not donated.isdisjoint(words)
