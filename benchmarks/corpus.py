"""Synthetic bulletins with known figures, for the benchmark and its generator test.

Each document is rendered from benchmarks/templates.toml by a seeded generator, so
document ``i`` of corpus ``seed`` is the same on every machine.  ``write_corpus`` streams
documents to a folder one file at a time and writes the known figures of each document
to a JSONL manifest beside it; nothing holds the corpus in memory.

    python benchmarks/corpus.py OUT_DIR --docs 1000     # write a corpus by hand
"""

from __future__ import annotations

import json
import random
import re
import tomllib
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path

TEMPLATES = Path(__file__).with_name("templates.toml")
TARGET_WORDS = 1040  # documents come out at about 1,050 words
_SLOT = re.compile(r"\{([^{}]+)\}")
_DIGIT = re.compile(r"[0-9]")

# qualifier words put in front of a number, and the code a reader would give them
QUALIFIERS = [("over", "more_than"), ("more than", "more_than"), ("nearly", "nearly"),
              ("almost", "nearly"), ("about", "approx"), ("around", "approx"),
              ("approximately", "approx"), ("at least", "at_least")]
QUALIFIER_RATE = 0.25
WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine"}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
INDENT = "      "


@dataclass(frozen=True, slots=True)
class KnownFigure:
    """A figure the generator put in the text: ``text[start:end] == number_text``."""

    start: int
    end: int
    number_text: str
    value: float
    unit: str
    kind: str
    qualifier: str = "exact"
    item: str | None = None


@dataclass(frozen=True, slots=True)
class NonFigure:
    """A number that is not a figure (year, date, name, footer): ``text[start:end] == text``."""

    start: int
    end: int
    text: str
    code: str


@dataclass(slots=True)
class Bulletin:
    name: str
    year: int
    text: str
    figures: list[KnownFigure] = field(default_factory=list)
    non_figures: list[NonFigure] = field(default_factory=list)

    @property
    def words(self) -> int:
        return len(self.text.split())

    def manifest(self) -> dict:
        return {"name": self.name, "year": self.year, "words": self.words,
                "figures": [asdict(f) for f in self.figures],
                "non_figures": [asdict(n) for n in self.non_figures]}


def load_templates(path: Path = TEMPLATES) -> dict:
    """The template file, checked: every sentence's literal text holds no digit."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    sentences = [s for sec in data["section"] for s in sec["sentences"]] + data["filler"]["sentences"]
    for sentence in sentences:
        if _DIGIT.search(_SLOT.sub("", sentence)):
            raise ValueError(f"template holds a digit outside a placeholder: {sentence!r}")
        for slot in _SLOT.findall(sentence):
            kind, _, rest = slot.lstrip("=").partition(":")
            if kind in ("n", "w") and rest.partition(":")[0] not in data["items"]:
                raise ValueError(f"unknown count item in {{{slot}}}; known: {sorted(data['items'])}")
    return data


class _Writer:
    """Builds one document's text while recording the spans of what it writes."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.words = 0
        self.figures: list[KnownFigure] = []
        self.non_figures: list[NonFigure] = []

    def text(self, s: str) -> None:
        self.parts.append(s)
        self.pos += len(s)
        self.words += len(s.split())  # about right: a word cut by a placeholder counts twice

    def figure(self, number_text: str, value: float, unit: str, kind: str, qualifier: str, item=None) -> None:
        self.figures.append(KnownFigure(self.pos, self.pos + len(number_text), number_text, value,
                                        unit, kind, qualifier, item))
        self.text(number_text)

    def non_figure(self, s: str, code: str) -> None:
        self.non_figures.append(NonFigure(self.pos, self.pos + len(s), s, code))
        self.text(s)


class _Deck:
    """Draws sentences without repeats until all are used, then reshuffles."""

    def __init__(self, rng: random.Random, items: list[str]) -> None:
        self.rng, self.items = rng, items
        self.left = rng.sample(items, len(items))

    def draw(self) -> str:
        if not self.left:
            self.left = self.rng.sample(self.items, len(self.items))
        return self.left.pop()


class Generator:
    """Renders bulletins; ``bulletin(i)`` depends only on the seed and ``i``."""

    def __init__(self, seed: int = 7, templates: dict | None = None, target_words: int = TARGET_WORDS):
        self.seed = seed
        self.t = templates or load_templates()
        self.target_words = target_words

    def bulletin(self, index: int) -> Bulletin:
        rng = random.Random(self.seed * 1_000_003 + index)
        donor, recipient = rng.choice(self.t["names"]["pairs"])
        cities = rng.sample(self.t["names"]["cities"], 2)
        ctx = {"rng": rng, "year": rng.randint(2008, 2020), "donor": donor, "recipient": recipient,
               "city": cities[0], "city2": cities[1], "county": rng.choice(self.t["names"]["counties"]),
               "company": rng.choice(self.t["names"]["companies"]),
               "filler": _Deck(rng, self.t["filler"]["sentences"])}
        w = _Writer()
        self._sentence(w, rng.choice(self.t["titles"]["lines"]), ctx, capitalise=False)
        while True:
            for section in rng.sample(self.t["section"], len(self.t["section"])):
                if self._section(w, section, ctx):
                    break
            else:
                continue
            break
        if rng.random() < 0.5:
            self._footer(w, rng)
        w.text("\n")
        name = f"{donor}-{recipient}-{ctx['year']}-{index:06d}".lower().replace(" ", "-") + ".txt"
        return Bulletin(name, ctx["year"], "".join(w.parts), w.figures, w.non_figures)

    def _section(self, w: _Writer, section: dict, ctx: dict) -> bool:
        """Write one section of one or two paragraphs; True once the document is long enough."""
        rng = ctx["rng"]
        w.text(f"\n\n{INDENT}【{section['heading']}】 ")
        deck = _Deck(rng, section["sentences"])
        for p in range(rng.randint(1, 2)):
            if p and len(deck.left) < 2:
                break
            if p:
                w.text(f"\n\n{INDENT}")
            chosen = [deck.draw() for _ in range(min(rng.randint(2, 4), len(deck.left)))]
            chosen += [ctx["filler"].draw() for _ in range(rng.randint(2, 3))]
            rng.shuffle(chosen)
            for i, sentence in enumerate(chosen):
                if i:
                    w.text(" ")
                ctx["county"] = rng.choice(self.t["names"]["counties"])
                self._sentence(w, sentence, ctx)
            if w.words >= self.target_words:
                return True
        return False

    def _sentence(self, w: _Writer, template: str, ctx: dict, capitalise: bool = True) -> None:
        pos = 0
        first = True
        for match in _SLOT.finditer(template):
            literal = template[pos:match.start()]
            if literal:
                w.text(_cap(literal) if first and capitalise else literal)
                first = False
            self._slot(w, match.group(1), ctx, capitalise and first)
            first = False
            pos = match.end()
        if template[pos:]:
            w.text(template[pos:])

    def _slot(self, w: _Writer, slot: str, ctx: dict, capitalise: bool) -> None:
        rng, year = ctx["rng"], ctx["year"]
        exact = slot.startswith("=")
        kind, _, arg = slot.lstrip("=").partition(":")
        if kind in ("donor", "recipient", "city", "city2", "county", "company"):
            w.text(_cap(ctx[kind]) if capitalise else ctx[kind])
            return
        if kind in NON_FIGURES:
            w.non_figure(*NON_FIGURES[kind](rng, year))
            return
        if kind == "w":
            item, _, noun = arg.partition(":")
            n = rng.randint(2, 9)
            w.figure(_cap(WORDS[n]) if capitalise else WORDS[n], float(n), "count", "count", "exact", item)
            w.text(" " + noun)
            return
        qualifier = "exact"
        if not exact and rng.random() < QUALIFIER_RATE:
            word, qualifier = rng.choice(QUALIFIERS)
            w.text((_cap(word) if capitalise else word) + " ")
            capitalise = False
        if kind == "n":
            item, _, noun = arg.partition(":")
            number_text, value = _count(rng, *self.t["items"][item], scaled=item in ("person", "labor"))
            w.figure(number_text, value, "count", "count", qualifier, item)
            w.text(" " + noun)
            return
        before, number_text, value, after, unit, fkind = FIGURES[kind](rng)
        w.text(before)
        w.figure(number_text, value, unit, fkind, qualifier)
        w.text(after)

    def _footer(self, w: _Writer, rng: random.Random) -> None:
        """The web page footer, recorded as one non-figure span: every number in it is noise."""
        numbers = {"a": lambda: rng.randint(1, 99), "postcode": lambda: rng.randint(100000, 999999),
                   "phone": lambda: rng.randint(10000000, 99999999),
                   "licence": lambda: rng.randint(10000000, 99999999)}
        lines = [_SLOT.sub(lambda m: str(numbers[m.group(1)]()), line) for line in self.t["footer"]["lines"]]
        w.text("\n\n")
        w.non_figure("\n\n".join(lines), "footer")


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _decimal(rng: random.Random, low: int, high: int, max_places: int) -> str:
    places = rng.randint(0, max_places)
    whole = rng.randint(low, high)
    if places == 0:
        return f"{whole:,}"
    return f"{whole:,}.{rng.randint(1, 10 ** places - 1):0{places}d}"


def _value(number_text: str, scale: int = 1) -> float:
    return float(Decimal(number_text.replace(",", "")) * scale)


def _count(rng: random.Random, low: int, high: int, scaled: bool) -> tuple[str, float]:
    if scaled and rng.random() < 0.15:
        text = _decimal(rng, 1, 9, 3)
        return f"{text} million", _value(text, 10 ** 6)
    n = rng.randint(low, high)
    text = str(n) if n >= 1000 and rng.random() < 0.1 else f"{n:,}"
    return text, float(n)


def _money(rng: random.Random):
    if rng.random() < 0.8:
        scale, word = (10 ** 9, "billion") if rng.random() < 0.15 else (10 ** 6, "million")
        text = _decimal(rng, 1, 20 if word == "billion" else 999, 3 if word == "billion" else 2)
        number_text, value = f"{text} {word}", _value(text, scale)
    else:
        n = rng.randint(20, 9990) * 100
        number_text, value = f"{n:,}", float(n)
    if rng.random() < 0.3:
        return "RMB ", number_text, value, "", "CNY", "money"
    return "", number_text, value, rng.choice([" Yuan", " yuan", " Yuan", " RMB"]), "CNY", "money"


def _rmb(rng):
    _, number_text, value, _, unit, kind = _money(rng)
    return "RMB ", number_text, value, "", unit, kind


def _yuan(rng):
    n = rng.randint(800, 30000)
    return "", f"{n:,}", float(n), rng.choice([" yuan", " Yuan"]), "CNY", "money"


def _usd(rng):
    text = _decimal(rng, 1, 50, 2)
    return "US$", f"{text} million", _value(text, 10 ** 6), "", "USD", "money"


def _measure(unit: str, kind: str, words: list[str], low: int, high: int, places: int):
    def render(rng):
        text = _decimal(rng, low, high, places)
        return "", text, _value(text), " " + rng.choice(words), unit, kind
    return render


def _pct(rng):
    text = _decimal(rng, 1, 99, 1)
    return "", text, _value(text), rng.choice(["%", "%", " percent"]), "percent", "percent"


def _times(rng):
    text = f"{rng.randint(11, 99) / 10:.1f}"
    return "", text, _value(text), " times", "times", "ratio"


FIGURES = {
    "money": _money, "rmb": _rmb, "yuan": _yuan, "usd": _usd, "pct": _pct, "times": _times,
    "mu": _measure("mu", "area", ["mu"], 300, 250000, 0),
    "ha": _measure("ha", "area", ["hectares"], 20, 30000, 1),
    "km": _measure("km", "length", ["kilometers", "km"], 3, 900, 1),
    "m": _measure("m", "length", ["meters"], 200, 90000, 0),
    "t": _measure("t", "weight", ["tons"], 50, 90000, 0),
    "jin": _measure("jin", "weight", ["jin"], 2000, 900000, 0),
    "kg": _measure("kg", "weight", ["kilograms", "kg"], 500, 500000, 0),
}


def _plan(rng, year) -> tuple[str, str]:
    ordinal = 11 if year <= 2010 else 12 if year <= 2015 else 13
    return f"{ordinal}th Five-Year Plan", "ordinal"


# each renders (text, reason code); the whole text is recorded as the non-figure span
NON_FIGURES = {
    "year": lambda rng, y: (str(y), "year"),
    "prev": lambda rng, y: (str(y - 1), "year"),
    "next": lambda rng, y: (str(y + 1), "year"),
    "month_year": lambda rng, y: (f"{rng.choice(MONTHS)} {y}", "date"),
    "date": lambda rng, y: (f"{rng.choice(MONTHS)} {rng.randint(1, 28)}", "date"),
    "span": lambda rng, y: (f"{y}-{y + rng.choice([2, 5])}", "date"),
    "plan": _plan,
    "model": lambda rng, y: ("“1 +1” twinning model", "name"),
    "docno": lambda rng, y: (f"[{y}] No.{rng.randint(1, 40)}", "name"),
}


def write_corpus(folder: Path, n: int, seed: int = 7, manifest: Path | None = None, first: int = 0) -> dict:
    """Write bulletins ``first .. first+n-1`` into ``folder`` one at a time; known figures go
    to ``manifest`` (JSONL, default: beside the folder)."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest = manifest or folder.with_name(folder.name + ".figures.jsonl")
    gen = Generator(seed)
    totals = {"docs": 0, "words": 0, "bytes": 0, "figures": 0}
    with manifest.open("w", encoding="utf-8") as out:
        for i in range(first, first + n):
            b = gen.bulletin(i)
            data = b.text.encode("utf-8")
            (folder / b.name).write_bytes(data)
            out.write(json.dumps(b.manifest(), ensure_ascii=False) + "\n")
            totals["docs"] += 1
            totals["words"] += b.words
            totals["bytes"] += len(data)
            totals["figures"] += len(b.figures)
    return totals


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--docs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(json.dumps(write_corpus(args.folder, args.docs, args.seed)))
