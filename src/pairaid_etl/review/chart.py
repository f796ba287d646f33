"""Aid by year per donor–recipient pairing, as small inline SVG bar charts for the review index.

Read from ``v_indicator_by_year`` (indicator ``aid_funds``, annual rows, not the cumulative
totals), with ``SELECT *`` and only the columns a chart needs (donor, recipient, year, value,
status, cumulative, unit; ``values_text`` when the view has it), so columns the view gains
later change nothing here. A chart never invents a number: a bar is the one value the view
gives for that pairing and year. A year whose value is NULL (status conflict or multiple),
or which has several rows in the view, gets an orange stub labelled with its status and the
values stated. CNY and USD get separate charts. No script and no external asset: the SVG is
part of the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape
from sqlalchemy import Connection, text

from ..store.decimals import exact

INDICATOR = "aid_funds"
BAR, GAP, HEIGHT, TOP, BOTTOM = 28, 8, 90, 14, 16


@dataclass(frozen=True)
class Bar:
    year: int
    value: Decimal | None  # None when no row of the year has a value
    status: str  # "ok", or the other statuses of its rows, '/'-joined
    unit: str
    n_rows: int
    stated: str = ""  # the values the view lists for the year, when it has no single value


@dataclass(frozen=True)
class PairingChart:
    donor: str
    recipient: str
    unit: str
    bars: list[Bar]

    @property
    def svg(self) -> Markup:
        return bar_chart(self.bars, f"Aid from {self.donor} to {self.recipient} by year, in {self.unit}")


def read_aid_by_year(conn: Connection, indicator: str = INDICATOR) -> list[PairingChart]:
    """One chart per donor–recipient pairing (and unit: CNY and USD are never drawn to one scale)."""
    result = conn.execute(text("SELECT * FROM v_indicator_by_year WHERE indicator = :indicator"),
                          {"indicator": indicator}).mappings()
    years: dict[tuple[str, str], dict[int, list]] = {}
    for row in result:
        if row["cumulative"] or row["year"] is None:
            continue
        key = (row["donor"] or "?", row["recipient"] or "?", row["unit"] or "?")
        years.setdefault(key, {}).setdefault(int(row["year"]), []).append(row)
    return [PairingChart(donor, recipient, unit, [_bar(year, rows) for year, rows in sorted(by_year.items())])
            for (donor, recipient, unit), by_year in sorted(years.items())]


def _bar(year: int, rows: list) -> Bar:
    """The year's bar: the view's value when it has exactly one row with a value, else a stub."""
    statuses = sorted({str(r["status"]) for r in rows} - {"ok"})
    stated = sorted({str(r.get("values_text") or r["value"]) for r in rows if r.get("values_text") or r["value"] is not None})
    value = exact(rows[0]["value"]) if len(rows) == 1 else None
    status = "/".join(statuses) or ("ok" if value is not None else f"{len(rows)} rows")
    return Bar(year, value, status, str(rows[0]["unit"]), len(rows), "" if value is not None else " | ".join(stated))


def short(value: Decimal) -> str:
    """32330000 -> '32.3M', 950000 -> '950k'."""
    for size, suffix in ((Decimal(10) ** 9, "bn"), (Decimal(10) ** 6, "M"), (Decimal(10) ** 3, "k")):
        if abs(value) >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:.3g}"


def bar_chart(bars: list[Bar], label: str) -> Markup:
    """An SVG with one bar per year, heights proportional to the values (zero-based)."""
    top = max([b.value for b in bars if b.value is not None and b.value > 0] or [Decimal(1)])
    width = len(bars) * (BAR + GAP) + GAP
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="aid-chart" width="{width}" '
             f'height="{TOP + HEIGHT + BOTTOM}" viewBox="0 0 {width} {TOP + HEIGHT + BOTTOM}" role="img" '
             f'aria-label="{escape(label)}">']
    for i, b in enumerate(bars):
        x = GAP + i * (BAR + GAP)
        parts.append(_bar_svg(b, x, top))
        parts.append(f'<text class="year" x="{x + BAR / 2:g}" y="{TOP + HEIGHT + 12}" text-anchor="middle">{b.year}</text>')
    parts.append(f'<line x1="0" x2="{width}" y1="{TOP + HEIGHT}" y2="{TOP + HEIGHT}" class="axis"/></svg>')
    return Markup("".join(parts))


def _bar_svg(b: Bar, x: int, top: Decimal) -> str:
    rows = f", {b.n_rows} rows" if b.n_rows > 1 else ""
    if b.value is None:
        said = f"; stated: {b.stated}" if b.stated else ""
        title = escape(f"{b.year}: no single value ({b.status}{rows}){said}")
        return (f'<rect class="bar missing" data-year="{b.year}" data-status="{escape(b.status)}" x="{x}" '
                f'y="{TOP + HEIGHT - 6}" width="{BAR}" height="6"><title>{title}</title></rect>')
    height = max(float(b.value / top) * HEIGHT, 1.0) if b.value > 0 else 0.0
    title = escape(f"{b.year}: {b.value:,f} {b.unit} ({b.status}){rows}")
    return (f'<rect class="bar {escape(b.status)}" data-year="{b.year}" data-value="{b.value:f}" '
            f'data-status="{escape(b.status)}" x="{x}" y="{TOP + HEIGHT - height:.1f}" width="{BAR}" '
            f'height="{height:.1f}"><title>{title}</title></rect>'
            f'<text class="value" x="{x + BAR / 2:g}" y="{TOP + HEIGHT - height - 3:.1f}" '
            f'text-anchor="middle">{escape(short(b.value))}</text>')
