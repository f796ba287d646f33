"""Static, offline HTML for the review report: Jinja templates (package data), autoescaped."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from ..store.corrections import figure_key
from .report import CONFLICT_CODES, DocumentReview, Review


@dataclass(frozen=True, slots=True)
class Mark:
    """A highlighted span of the document text: a figure or a rejected candidate."""

    start: int
    end: int
    css: str
    tip: str
    anchor: str
    kind: str = ""  # figure kind; empty for a rejected candidate


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    mark: Mark | None = None


def environment() -> Environment:
    env = Environment(loader=PackageLoader("pairaid_etl", "templates"),
                      autoescape=select_autoescape(["html"], default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = number
    env.globals.update(figure_key=report_figure_key, period=period)
    return env


def number(value) -> str:
    if value is None:
        return ""
    return f"{value:,.12g}" if isinstance(value, (float, Decimal)) else str(value)


def report_figure_key(review: DocumentReview, figure: dict) -> str:
    """The figure key with a 12-digit sha256 prefix, short enough to read and copy;
    `pairaid correct` accepts it (``store.corrections.resolve_key``)."""
    return figure_key(review.document["sha256"][:12], figure["start"], figure["end"])


def period(figure: dict) -> str:
    year = figure.get("year")
    if figure.get("base_year") and year:
        return f"{year} (vs {figure['base_year']})"
    if figure.get("cumulative"):
        return f"up to {year} (cumulative)" if year else "cumulative"
    return str(year or "")


def figure_tip(figure: dict) -> str:
    parts = [f"{figure['kind']}: {number(figure['value'])} {figure['unit']}"]
    if figure.get("value_high") is not None:
        parts[0] += f" – {number(figure['value_high'])}"
    if figure.get("canonical_value") is not None:
        parts.append(f"canonical {number(figure['canonical_value'])} {figure['canonical_unit']}")
    parts += [f"qualifier {figure['qualifier']}", f"item {figure['item'] or '–'}",
              f"indicator {figure['indicator'] or 'unknown'}{_why(figure, 'indicator_rule')}",
              f"for {figure.get('province') or '–'}{_why(figure, 'place_rule')}",
              f"donor {figure.get('donor') or '–'}{_why(figure, 'donor_rule')}",
              f"period {period(figure) or '–'}{_why(figure, 'period_rule')}",
              f"rule {figure['rule_id']}"]
    if figure.get("reviewed"):
        parts.append("REVIEW: " + review_state(figure))
    return " · ".join(parts)


def _why(figure: dict, rule: str) -> str:
    """" (by <rule id>)" for an attribution the meaning layer decided."""
    return f" (by {figure[rule]})" if figure.get(rule) else ""


def review_state(figure: dict) -> str:
    if not figure.get("reviewed"):
        return ""
    out = ["rejected"] if figure.get("rejected_by_review") else []
    for col in ("value", "unit", "indicator"):
        if figure.get(f"corrected_{col}") is not None:
            out.append(f"{col} → {number(figure[f'corrected_{col}'])}")
    return ", ".join(out)


def marks(review: DocumentReview) -> list[Mark]:
    """Non-overlapping marks: every figure, then rejected candidates that overlap no figure."""
    flagged = [e for e in review.conflicts if e["start"] is not None and e["end"] is not None]
    out: list[Mark] = []
    for f in review.figures:
        css = f"fig kind-{f['kind']}" + (" flagged" if any(_overlaps(f, e) for e in flagged) else "")
        css += " review-rejected" if f.get("rejected_by_review") else " reviewed" if f.get("reviewed") else ""
        out.append(Mark(f["start"], f["end"], css, figure_tip(f), f"fig-{f['id']}", f["kind"]))
    out = _without_overlaps(out)
    for e in review.rejections:
        if e["start"] is not None and e["end"] is not None:
            tip = f"{e['code']}: {e['message']} · rule {e['rule_id'] or '–'}"
            candidate = Mark(e["start"], e["end"], f"rej {e['code']}", tip, f"ev-{e['id']}")
            if not any(m.start < candidate.end and candidate.start < m.end for m in out):
                out.append(candidate)
    return sorted(out, key=lambda m: m.start)


def _without_overlaps(items: list[Mark]) -> list[Mark]:
    kept: list[Mark] = []
    for m in sorted(items, key=lambda m: (m.start, -(m.end - m.start))):
        if not kept or m.start >= kept[-1].end:
            kept.append(m)
    return kept


def segments(text: str, items: list[Mark]) -> list[Segment]:
    """The text cut at the marks, in order; joining the segments gives the text back."""
    out, pos = [], 0
    for m in items:
        if m.start < pos or m.end > len(text):
            continue
        if m.start > pos:
            out.append(Segment(text[pos:m.start]))
        out.append(Segment(text[m.start:m.end], m))
        pos = m.end
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


def figure_at(review: DocumentReview, event: dict) -> dict | None:
    """The figure a warning is about: the first whose span overlaps the event's span."""
    if event.get("start") is None or event.get("end") is None:
        return None
    for f in review.figures:
        if _overlaps(f, event):
            return f
    return None


def _overlaps(a: dict, b: dict) -> bool:
    return a["start"] < max(b["end"], b["start"] + 1) and b["start"] < a["end"]


def write_report(review: Review, out: Path) -> Path:
    """index.html plus one page per document in ``out``; returns the index path."""
    out.mkdir(parents=True, exist_ok=True)
    env = environment()
    page = env.get_template("review_document.html")
    for doc in review.documents:
        html = page.render(review=review, doc=doc, segments=segments(doc.document["text"], marks(doc)),
                           figure_at=figure_at, review_state=review_state, conflict_codes=CONFLICT_CODES)
        (out / f"doc-{doc.id}.html").write_text(html, encoding="utf-8")
    index = out / "index.html"
    index.write_text(env.get_template("review_index.html").render(review=review), encoding="utf-8")
    return index
