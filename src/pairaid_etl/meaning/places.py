"""Places: the document's donor and recipient, and the recipient region named for a figure.

Names come from the gazetteer (``regions.csv``); text inside quotation marks (names of
documents) is ignored. The title "Zhejiang-Sichuan Pairing-off ..." gives donor Zhejiang
and recipient Sichuan; "Poverty Alleviation ... in Gansu Province" gives recipient Gansu.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter

from ..records import Extraction
from ..spans import longest_spans
from .context import DocView, FigureView, segment
from ..knowledge import Region, load_cues
from .gazetteer import TOP_LEVELS, Gazetteer, choose_region, gazetteer
from .lexicon import Lexicon
from .matching import view_phrases
from .subjects import gives, gives_in_sentence, listed_subject, opening_giver, subject_side

SOURCE_WORDS = frozenset(load_cues()["place"]["source_words"])  # meaning_cues.toml [place]
EXAMPLE_WORDS = frozenset(load_cues()["place"]["example_words"])
DESTINATION_WORDS = frozenset(load_cues()["place"]["destination_words"])
LABOUR_DESTINATION = frozenset(load_cues()["place"]["labour_destination_words"])
DESTINATION_PREPS = frozenset(load_cues()["place"]["destination_preps"])
NAMED_RULES = ("place.named_after", "place.named_before")  # the rules that found a place named for a figure


def find_mentions(gaz: Gazetteer, view: DocView, lexicon: Lexicon) -> list[tuple[int, int, list[Region]]]:
    """Every mention outside quotes: (token start, token end, candidate regions)."""
    spans = longest_spans(view_phrases(view, lexicon)["regions"])
    quoted, lowers = view.quoted, view.lowers
    starts = {s for s, _, _ in spans}
    ends = {s: e for s, e, _ in spans}
    landforms = frozenset(lexicon.cue("place", "landform_words"))

    def landform(e: int) -> bool:
        """"the Qinghai-Tibet Plateau", "the Tibet Plateau": names that end in a landform's word."""
        while lowers[e:e + 1] == ["-"] and e + 1 in ends:
            e = ends[e + 1]
        return e < len(lowers) and lowers[e] in landforms

    # "northwest China's Qinghai Province": a place that only says where the next one lies
    return [(s, e, gaz.by_form[form]) for s, e, form in spans if not any(quoted[s:e])
            and not (lowers[e:e + 1] == ["'s"] and (e + 1 in starts or e + 2 in starts)) and not landform(e)]


def pair_from_title(view: DocView, mentions, title_end: int, lexicon: Lexicon) -> tuple[str | None, str | None]:
    """(donor, recipient) named in the title line: two places and a pairing cue, the giver
    first unless the second follows a source word ("... aid from Guangdong")."""
    in_title = [(s, choose_region(c, set())) for s, _, c in mentions if s < title_end]
    is_pairing = not set(view.lowers[:title_end]).isdisjoint(lexicon.cue("place", "pairing_title"))
    if len(in_title) >= 2 and is_pairing:
        (_, first), (second_at, second) = in_title[0], in_title[1]
        if view.lowers[second_at - 1] in lexicon.cue("place", "pairing_source"):
            return second.name, first.name
        return first.name, second.name
    if len(in_title) == 1:
        return None, in_title[0][1].name
    return None, None


def _mention_counts(mentions, levels: tuple[str, ...]) -> Counter:
    """How often the text names each region of ``levels``."""
    return Counter(r.name for r in (choose_region(c, set()) for _, _, c in mentions) if r.level in levels)


def recipient_from_text(mentions) -> str | None:
    """The most mentioned province-level region, when the title names none."""
    counts = _mention_counts(mentions, TOP_LEVELS)
    return counts.most_common(1)[0][0] if counts else None


def dominant_province(mentions, least: int = 3, share: float = 2 / 3) -> str | None:
    """The province the text is about: named at least ``least`` times and in ``share`` of all
    province mentions. A yearbook chapter titled "Yearbook of China's ..." about Guangxi."""
    return _dominant(_mention_counts(mentions, ("province",)), least, share)


def _dominant(counts: Counter, least: int, share: float) -> str | None:
    """The most counted name, when it has at least ``least`` and ``share`` of all counts."""
    if not counts:
        return None
    name, n = counts.most_common(1)[0]
    return name if n >= least and n >= share * sum(counts.values()) else None


def designated_donor(view: DocView, lexicon: Lexicon) -> str | None:
    """"Designated Poverty Alleviation of the State Forestry Administration in Longsheng and
    Luocheng Counties": a central unit's designated assistance names its giver in the title
    ([place] designated_title; the capitalised words after "of (the)" or "by (the)", or before "'s")."""
    title_end = view.units[0][1] if view.units else 0
    texts, lowers = view.texts, view.lowers
    cues = [tuple(c.split()) for c in lexicon.cue("place", "designated_title")]
    at = next(((k, len(c)) for k in range(title_end) for c in cues if tuple(lowers[k:k + len(c)]) == c), None)
    if at is None:
        return None
    start, width = at
    words: list[str] = []
    k = start + width
    if k < title_end and lowers[k] in ("of", "by"):  # "... of the State Forestry Administration in ..."
        k += 1 + (lowers[k + 1] == "the")
        while k < title_end and (texts[k][:1].isupper() or (  # "the Ministry of Water Resources"
                lowers[k] in ("of", "and", "for") and k + 1 < title_end and texts[k + 1][:1].isupper())):
            words.append(texts[k])
            k += 1
    else:  # "The Ministry of Agriculture's Designated ..."
        k = start - 1
        if k > 0 and lowers[k] == "'s":
            k -= 1
            while k >= 0 and (texts[k][:1].isupper() or lowers[k] == "of") and lowers[k] != "the":
                words.insert(0, texts[k])
                k -= 1
    return " ".join(words) or None


def document_pair(view: DocView, mentions, lexicon: Lexicon) -> tuple[str | None, str | None, str | None]:
    """(donor, recipient, id of the rule that found the recipient) of the document: from the
    title, else from the text.

    A title naming only the country defers to a province the text is plainly about; a title
    naming no place but a national cue ("East-West ...") makes the figures national.
    """
    title_end = view.units[0][1] if view.units else 0
    donor, recipient = pair_from_title(view, mentions, title_end, lexicon)
    country = lexicon.cue("place", "country")
    if donor is None and recipient in country:
        province = dominant_province(mentions)
        return (None, province, "place.text_province") if province else (None, recipient, "place.title")
    if donor is None and recipient is None:
        if _title_says(view, title_end, lexicon.cue("place", "national_title")):
            return None, country[0], "place.national_title"
        recipient = recipient_from_text(mentions)
        return None, recipient, "place.most_named" if recipient else None
    if donor is None and recipient is not None and _title_says(view, title_end, lexicon.cue("place", "pairing_one_side")):
        donor = donor_from_text(mentions, recipient, lexicon)
    return donor, recipient, "place.title"


def _title_says(view: DocView, title_end: int, cues: list[str]) -> bool:
    """Whether the title holds one of ``cues`` as whole words ("the country", not "the countryside")."""
    title = f" {' '.join(view.lowers[:title_end])} "
    return any(f" {cue} " in title for cue in cues)


def donor_from_text(mentions, recipient: str, lexicon: Lexicon, least: int = 3, share: float = 2 / 3) -> str | None:
    """The giving side of a pairing whose title names only the receiver ("East-west pairing
    lifts incomes in Guizhou"): the one other province the text names (itself or its cities)
    at least ``least`` times and in ``share`` of the mentions of other provinces."""
    gaz = gazetteer(lexicon)
    own = gaz.province(recipient)
    counts = Counter()
    for _, _, candidates in mentions:
        province = gaz.province(choose_region(candidates, set()).name)
        if province and province != own and province not in lexicon.cue("place", "country"):
            counts[province] += 1
    return _dominant(counts, least, share)


def _window(view: DocView, fv: FigureView) -> tuple[int, int, int, int]:
    """Token windows before and after a figure, bounded by figures of the same kind."""
    seg_start, seg_end = segment(view, fv)
    kind = fv.figure.kind
    before, after = seg_start, seg_end
    for o in view.unit_figures(fv.unit):
        if o is fv or o.figure.kind != kind:
            continue
        if o.end <= fv.num_start and o.end > before:
            before = o.end
        if o.num_start >= fv.end and o.num_start < after:
            after = o.num_start
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
                   donor_side: set[str], context: set[str], starts: list[int] | None = None,
                   home: str | None = None) -> tuple[list[str], str | None]:
    """Recipient-side regions named next to a figure (after it first, else before it), and
    the id of the rule that found them."""
    if starts is None:
        starts = [m[0] for m in mentions]
    unit_start, unit_end = view.units[fv.unit]
    k = bisect_left(starts, unit_start)
    if k == len(starts) or starts[k] >= unit_end:
        return [], None  # no place named in the figure's unit (its windows lie inside it)
    b0, b1, a0, a1 = _window(view, fv)
    lowers = view.lowers

    def pick(lo: int, hi: int) -> list[Region]:
        out = []
        for k in range(bisect_left(starts, lo), len(mentions)):
            s, e, cands = mentions[k]
            if s >= hi:
                break
            if e > hi or (s > 0 and lowers[s - 1] in SOURCE_WORDS) \
                    or (s > 1 and lowers[s - 1] in DESTINATION_PREPS and lowers[s - 2] in DESTINATION_WORDS):
                continue  # "teachers from Zhejiang", "transferred to jobs in Guangdong"
            region = choose_region(cands, context)
            if region.name not in donor_side:
                out.append(region)
        return out

    examples = next((k for k in range(a0, a1) if (lowers[k] in EXAMPLE_WORDS and (lowers[k] != "such" or lowers[k + 1] == "as"))
                     or (lowers[k] in DESTINATION_PREPS and (lowers[k - 1] in DESTINATION_WORDS or (
                         fv.figure.kind == "count" and lowers[k - 1] in LABOUR_DESTINATION)))), a1)
    if examples < a1 and lowers[examples] in DESTINATION_PREPS:  # "found jobs in Beijing": where they went
        went = [choose_region(m[2], context).name for m in mentions[bisect_left(starts, examples):]
                if m[0] < a1]
        # ("found jobs outside the province" names no place: structure reads it)
        fv.elsewhere = any(gaz.province(name, context) not in (home, None) for name in went)
    after = pick(a0, examples)
    found = after or pick(b0, b1)
    if not found:
        return [], None
    return _most_specific(view, gaz, found), NAMED_RULES[0] if after else NAMED_RULES[1]


def annotate_places(view: DocView, extraction: Extraction, lexicon: Lexicon) -> None:
    """Fill Extraction.donor/recipient and each Figure's donor and recipient."""
    gaz = gazetteer(lexicon)
    mentions = find_mentions(gaz, view, lexicon)
    donor, recipient, document_rule = document_pair(view, mentions, lexicon)
    extraction.donor = extraction.donor or donor or designated_donor(view, lexicon)
    extraction.recipient = extraction.recipient or recipient
    donor_side = gaz.donor_side(extraction.donor)
    context = {n for n in (extraction.donor, extraction.recipient) if n}
    recipient_province = gaz.province(extraction.recipient, context)
    starts = [m[0] for m in mentions]
    giving = frozenset(lexicon.cue("structure", "giving_verbs"))
    country = set(lexicon.cue("place", "country"))
    for fv in view.figures:
        fv.subject, subject = subject_side(view, mentions, starts, fv, donor_side, context)
        names, place_rule = figure_regions(view, gaz, mentions, fv, donor_side, context, starts, recipient_province)
        opener = None
        if not extraction.donor and fv.figure.kind == "money" and recipient_province and subject \
                and recipient_province not in country and gaz.province(subject, context) == recipient_province:
            # "Zhejiang Province continued to help the poor areas of Jilin, providing 26 million
            # Yuan": the giver opens the sentence, the receiver comes after it
            opener = opening_giver(view, gaz, mentions, starts, fv, context, giving)
            subject = opener or subject
        if not extraction.donor and fv.figure.kind == "money" and subject and recipient_province \
                and recipient_province not in country and listed_subject(view, starts, fv) \
                and gives(view, mentions, starts, fv, giving):
            # "the eight paired cities, Shanghai, Dalian ... and Guangzhou, provided 312 million
            # Yuan": givers together are no one giver, and not where the money went
            names = [n for n in names if gaz.province(n, context) == recipient_province]
        elif not extraction.donor and fv.figure.kind == "money" and subject and recipient_province \
                and recipient_province not in country and (opener or gives(view, mentions, starts, fv, giving)) \
                and gaz.province(subject, context) not in (recipient_province, None):
            # "Shanghai, which helps four counties in Kashgar, provided 2.15 billion yuan" in a
            # Xinjiang article: another province's giving names the giver
            fv.subject, names = "donor", [n for n in names if n != subject]
            fv.figure.donor, fv.figure.donor_rule = subject, "donor.giver"
            fv.figure.place_rule = place_rule if names else document_rule
            fv.figure.recipient = "; ".join(names) if names else extraction.recipient
            fv.figure.province = gaz.common_province(names, context) if names else recipient_province
            continue
        common = gaz.common_province(names, context) if names and not extraction.donor \
            and fv.figure.kind == "money" and place_rule == NAMED_RULES[0] else None
        if common not in (None, recipient_province, *country) and recipient_province not in (None, *country) \
                and (subject is None or gaz.province(subject, context) == recipient_province) \
                and gives_in_sentence(view, fv, giving):
            # "In 2014, Fujian provided 80 million Yuan of government aid funds to Ningxia" in
            # Fujian's bulletin: the document's province gives to another
            fv.figure.donor, fv.figure.donor_rule = recipient_province, "donor.document_province"
            fv.figure.place_rule, fv.figure.recipient, fv.figure.province = place_rule, "; ".join(names), common
            continue
        # a city of the donor province that is the sentence's subject gives in its own name, and
        # so does the province of a donor city ("Guangdong Province provided a total of 426
        # million Yuan" in Dongguan's bulletin)
        if (fv.subject == "donor" and subject != extraction.donor) or (
                fv.figure.kind == "money" and subject and subject != extraction.donor
                and subject == gaz.province(extraction.donor, context) and gives(view, mentions, starts, fv, giving)):
            fv.subject = "donor"
            fv.figure.donor, fv.figure.donor_rule = subject, "donor.subject"
        else:
            fv.figure.donor = extraction.donor
            fv.figure.donor_rule = "donor.title" if extraction.donor else None
        fv.figure.place_rule = place_rule or (document_rule if extraction.recipient else None)
        fv.figure.recipient = "; ".join(names) if names else extraction.recipient
        fv.figure.province = gaz.common_province(names, context) if names else recipient_province
