"""Plain records passed between stages; no behaviour beyond serialisation."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

QUALIFIERS = (
    "exact", "approx", "more_than", "at_least", "less_than", "up_to", "nearly", "range",
)


@dataclass(slots=True)
class Figure:
    """One figure stated in a bulletin: raw text, stated value and unit, canonical value.

    ``text == source[start:end]`` always holds; ``number_text`` is the numeral with its
    scale word as written ("32.33 million").
    """

    start: int
    end: int
    text: str
    number_text: str
    value: float
    unit: str  # stated unit code: CNY, USD, mu, ha, m2, km2, km, m, m3, kg, t, jin, percent, times, count
    kind: str
    rule: str
    qualifier: str = "exact"
    value_high: float | None = None
    item: str | None = None
    canonical_value: float | None = None
    canonical_unit: str | None = None
    indicator: str | None = None
    year: int | None = None
    cumulative: bool | None = None
    base_year: int | None = None
    donor: str | None = None
    recipient: str | None = None  # the place(s) named for the figure, '; '-separated, else the document's
    province: str | None = None  # province-level region of ``recipient`` (the country for national figures)
    section: str | None = None
    relation: str | None = None  # part_of, included_in, same_group, target, share, plan_completion, from, increase, decrease, comparison
    relates_to: int | None = None  # start offset of the figure this one qualifies or belongs to
    # ids of the rules that decided the attribution (meaning layer); None when none decided
    indicator_rule: str | None = None
    place_rule: str | None = None
    donor_rule: str | None = None
    period_rule: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(slots=True)
class Rejection:
    """A number the pipeline saw and decided is not a figure, with a reason code."""

    start: int
    end: int
    text: str
    code: str  # e.g. year, date, ordinal, name, footer, list_marker, no_unit
    rule: str
    message: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(slots=True)
class Note:
    """A reviewer-facing observation about a figure or the document (not a rejection)."""

    code: str  # e.g. indicator_unknown, conflict, part_whole_mismatch
    message: str
    level: str = "warning"
    start: int | None = None
    end: int | None = None
    rule: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(slots=True)
class Section:
    """A bulletin heading such as 【Overview】 and the text range it governs."""

    title: str
    start: int
    end: int


@dataclass(slots=True)
class Extraction:
    """Everything the pure core says about one text."""

    figures: list[Figure] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    title: str | None = None
    bulletin_year: int | None = None
    donor: str | None = None
    recipient: str | None = None


# --- a compact form for storage (Prefect's extraction cache) -----------------------------
# Plain tuples in field order pickle in C, several times faster than the records themselves
# (whose pickling goes through Python-level __getstate__ per record).

def _getter(cls):
    from dataclasses import fields
    from operator import attrgetter

    return attrgetter(*(f.name for f in fields(cls)))


_AS_TUPLE = {cls: _getter(cls) for cls in (Figure, Rejection, Note, Section)}


def pack(extraction: Extraction) -> tuple:
    """``extraction`` as nested tuples; ``unpack(pack(e)) == e``."""
    return (list(map(_AS_TUPLE[Figure], extraction.figures)),
            list(map(_AS_TUPLE[Rejection], extraction.rejections)),
            list(map(_AS_TUPLE[Note], extraction.notes)),
            list(map(_AS_TUPLE[Section], extraction.sections)),
            extraction.title, extraction.bulletin_year, extraction.donor, extraction.recipient)


def unpack(packed: tuple) -> Extraction:
    figures, rejections, notes, sections, title, bulletin_year, donor, recipient = packed
    return Extraction([Figure(*f) for f in figures], [Rejection(*r) for r in rejections],
                      [Note(*n) for n in notes], [Section(*s) for s in sections],
                      title, bulletin_year, donor, recipient)
