"""Observations: the distinct facts behind a document's figures.

Figures with the same indicator, donor, recipient, year, cumulative flag, base year,
relation and canonical unit (and item, for counts) are mentions of one fact when their
values agree and they sit in different sentences. Two figures of one sentence are never
the same fact ("21 trainings for 550 person-times and 28 trainings for 550 person-times").
For a single-valued indicator, disagreeing mentions in different sentences (and not for
two different named regions) make one observation with status ``conflict`` and a note.

Part-whole statements ("..., of which A ... and B ...") are checked: the parts must add up
to the whole; a pass is recorded as an info note, a mismatch as ``part_whole_mismatch``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from ..records import Extraction, Figure, Note
from .context import cached
from .lexicon import Lexicon, load_lexicon
from .places import NAMED_RULES

REL_TOL = 1e-6
PART_TOL = 1e-3
CONFLICT_RELATIONS = (None, "increase", "decrease", "change", "from")
SENTENCE_BREAKS = (". ", ".\n", "\n", "。", "! ", "? ")


@dataclass(slots=True)
class Observation:
    """One distinct fact and the figures (by index in Extraction.figures) that state it."""

    indicator: str | None
    donor: str | None
    recipient: str | None
    year: int | None
    cumulative: bool | None
    base_year: int | None
    relation: str | None
    unit: str
    item: str | None
    value: float | None          # None when the mentions conflict
    values: list[float]          # every distinct value stated
    status: str                  # ok or conflict
    mentions: list[int]
    region: str | None = None    # specific recipient region named by a mention
    province: str | None = None  # province-level region of its mentions (the country for national facts)
    parts_status: str | None = None  # pass / mismatch when this fact is a whole with listed parts


@dataclass(slots=True)
class PartWholeCheck:
    whole: int
    parts: list[int]
    whole_value: float
    parts_sum: float
    status: str                  # pass or mismatch
    nested: bool = False


@dataclass(slots=True)
class ObservationSet:
    observations: list[Observation] = field(default_factory=list)
    checks: list[PartWholeCheck] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    def of_figure(self, index: int) -> Observation | None:
        return next((o for o in self.observations if index in o.mentions), None)


def canonical(fig: Figure) -> tuple[float, str]:
    if fig.canonical_value is not None and fig.canonical_unit:
        return fig.canonical_value, fig.canonical_unit
    return fig.value, fig.unit


def _key(fig: Figure, doc_recipient: str | None, whole: Figure | None = None) -> tuple:
    unit = canonical(fig)[1]
    relation = getattr(fig, "relation", None)
    if relation in ("part_of", "included_in") and whole is not None and (
            (whole.province != fig.province and fig.province is not None
             and getattr(fig, "place_rule", None) in NAMED_RULES)
            or (fig.donor and whole.donor != fig.donor)):
        # "of which 411 million Yuan was for Naqu of Tibet", "of which Guangzhou provided 513
        # million Yuan": the figure still points at its whole, but in Tibet's (Guangzhou's) facts
        # it is the one level stated
        relation = None
    if relation == "from" and getattr(fig, "period_rule", None) in ("period.local", "period.year_earlier"):
        relation = None  # "from 98.2 million at the end of 2012 to ...": a level its own words date
    return (fig.indicator, fig.donor, doc_recipient, fig.year, bool(fig.cumulative), fig.base_year,
            relation, unit, fig.item if fig.kind == "count" else None, fig.province)


def _same_sentence(text: str | None, a: Figure, b: Figure) -> bool:
    if text is None:
        return False
    lo, hi = sorted((a.start, b.start))
    return _BREAK_SEARCH(text, lo, hi) is None  # no break string wholly inside text[lo:hi]


_BREAK_SEARCH = re.compile("|".join(re.escape(b) for b in SENTENCE_BREAKS)).search


def _region(fig: Figure, doc_recipient: str | None) -> str | None:
    return fig.recipient if fig.recipient and fig.recipient != doc_recipient else None


def _clusters(figs: list[tuple[int, Figure]], text: str | None) -> list[list[tuple[int, Figure]]]:
    """Equal values in different sentences join; anything else starts a new cluster."""
    clusters: list[list[tuple[int, Figure]]] = []
    for index, fig in figs:
        value = canonical(fig)[0]
        home = next((c for c in clusters if math.isclose(canonical(c[0][1])[0], value, rel_tol=REL_TOL)
                     and not any(_same_sentence(text, fig, other) for _, other in c)), None)
        if home is None:
            clusters.append([(index, fig)])
        else:
            home.append((index, fig))
    return clusters


def _conflicting(clusters, text: str | None, doc_recipient: str | None) -> bool:
    for i, a in enumerate(clusters):
        for b in clusters[i + 1:]:
            together = any(_same_sentence(text, x, y) for _, x in a for _, y in b)
            regions_a = {_region(f, doc_recipient) for _, f in a} - {None}
            regions_b = {_region(f, doc_recipient) for _, f in b} - {None}
            elsewhere = regions_a and regions_b and not regions_a & regions_b
            if not together and not elsewhere:
                return True
    return False


def _observation(key: tuple, members, status: str, doc_recipient: str | None) -> Observation:
    if len(members) == 1:  # the common case, without the set and sorting work
        index, fig = members[0]
        value = canonical(fig)[0]
        return Observation(*key[:9], value=value if status == "ok" else None, values=[value], status=status,
                           mentions=[index], region=_region(fig, doc_recipient) or None, province=key[9])
    values = []
    for _, fig in members:
        value = canonical(fig)[0]
        if not any(math.isclose(value, v, rel_tol=REL_TOL) for v in values):
            values.append(value)
    regions = sorted({_region(f, doc_recipient) for _, f in members} - {None})
    return Observation(*key[:9], value=values[0] if status == "ok" else None, values=values, status=status,
                       mentions=sorted(i for i, _ in members), region="; ".join(regions) or None, province=key[9])


def _group(extraction: Extraction) -> dict[tuple, list[tuple[int, Figure]]]:
    groups: dict[tuple, list[tuple[int, Figure]]] = {}
    at = {fig.start: fig for fig in extraction.figures}
    for index, fig in enumerate(extraction.figures):
        whole = at.get(getattr(fig, "relates_to", None))
        groups.setdefault(_key(fig, extraction.recipient, whole), []).append((index, fig))
    return groups


def check_parts(extraction: Extraction) -> list[PartWholeCheck]:
    """Every whole with parts listed after "of which": do the parts add up?"""
    by_start = {fig.start: i for i, fig in enumerate(extraction.figures)}
    parts: dict[int, list[int]] = {}
    for i, fig in enumerate(extraction.figures):
        if getattr(fig, "relation", None) == "part_of" and getattr(fig, "relates_to", None) in by_start:
            parts.setdefault(by_start[fig.relates_to], []).append(i)
    checks = []
    for whole, members in parts.items():
        values = [canonical(extraction.figures[i])[0] for i in members]
        nested = len(values) > 2 and math.isclose(values[0], sum(values[1:]), rel_tol=PART_TOL)
        total = values[0] if nested else sum(values)
        whole_value = canonical(extraction.figures[whole])[0]
        status = "pass" if math.isclose(total, whole_value, rel_tol=PART_TOL) else "mismatch"
        checks.append(PartWholeCheck(whole, members, whole_value, total, status, nested))
    return checks


def _check_note(extraction: Extraction, check: PartWholeCheck) -> Note:
    whole = extraction.figures[check.whole]
    parts = " + ".join(extraction.figures[i].number_text for i in check.parts)
    if check.status == "pass":
        return Note("part_whole_ok", f"parts {parts} add up to {whole.number_text}", level="info",
                    start=whole.start, end=whole.end, rule="meaning.observations")
    lower = "lower" if check.parts_sum < check.whole_value else "higher"
    return Note("part_whole_mismatch", f"parts {parts} sum to {check.parts_sum:g}, {lower} than "
                f"the whole {whole.number_text} ({check.whole_value:g})",
                level="warning", start=whole.start, end=whole.end, rule="meaning.observations")


def observe(extraction: Extraction, text: str | None = None, lexicon: Lexicon | None = None) -> ObservationSet:
    """Group annotated figures into observations; flag conflicts; check part-whole sums."""
    lexicon = lexicon or load_lexicon()
    out = ObservationSet()
    for key, members in _group(extraction).items():
        clusters = _clusters(members, text)
        indicator = lexicon.indicators.get(key[0]) if key[0] else None
        single = indicator is not None and indicator.single and key[6] in CONFLICT_RELATIONS
        if single and len(clusters) > 1 and _conflicting(clusters, text, extraction.recipient):
            obs = _observation(key, members, "conflict", extraction.recipient)
            out.observations.append(obs)
            out.notes.append(_conflict_note(extraction, key, obs))
            continue
        out.observations.extend(_observation(key, c, "ok", extraction.recipient) for c in clusters)
    out.observations.sort(key=lambda o: o.mentions[0])
    out.checks = check_parts(extraction)
    for check in out.checks:
        out.notes.append(_check_note(extraction, check))
        obs = out.of_figure(check.whole)
        if obs is not None:
            obs.parts_status = check.status if obs.parts_status in (None, "pass") else obs.parts_status
    return out


def _conflict_note(extraction: Extraction, key: tuple, obs: Observation) -> Note:
    first = extraction.figures[obs.mentions[0]]
    return Note("conflict", f"{key[0]} for {key[3]} is stated as " + " and ".join(f"{v:g}" for v in obs.values),
                start=first.start, end=first.end, rule="meaning.observations")


def observe_notes(extraction: Extraction, text: str | None = None, lexicon: Lexicon | None = None) -> list[Note]:
    """``observe(extraction, text, lexicon).notes``, without building the observations: only
    groups that can conflict (a single-valued indicator stated by two or more figures) are
    clustered."""
    lexicon = lexicon or load_lexicon()
    notes = []
    single = cached(lexicon, "single_indicators",
                    lambda: frozenset(code for code, ind in lexicon.indicators.items() if ind.single))
    groups: dict[tuple, list[tuple[int, Figure]]] = {}
    for index, fig in enumerate(extraction.figures):  # only figures that can conflict are grouped
        if fig.indicator in single and getattr(fig, "relation", None) in CONFLICT_RELATIONS:
            groups.setdefault(_key(fig, extraction.recipient), []).append((index, fig))
    for key, members in groups.items():
        if len(members) < 2 or not key[0]:
            continue
        indicator = lexicon.indicators.get(key[0])
        if indicator is None or not indicator.single or key[6] not in CONFLICT_RELATIONS:
            continue
        clusters = _clusters(members, text)
        if len(clusters) > 1 and _conflicting(clusters, text, extraction.recipient):
            notes.append(_conflict_note(extraction, key, _observation(key, members, "conflict", extraction.recipient)))
    notes.extend(_check_note(extraction, check) for check in check_parts(extraction))
    return notes
