"""The review index draws aid by year per donor–recipient pairing as inline SVG bars from v_indicator_by_year."""

from __future__ import annotations

from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sqlalchemy import text

from analyst_support import analyst_engine
from pairaid_etl.review import write_report
from pairaid_etl.review.chart import Bar, _bar, bar_chart, short


class Charts(HTMLParser):
    """Each chart figure of the index: its pairing and its bars' attributes."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.charts: dict[tuple[str, str, str], list[dict]] = {}
        self.external: list[str] = []
        self._key = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.external += [v for k, v in attrs.items() if k in ("src", "href") and v and "://" in v]
        if tag == "figure" and "aid" in (attrs.get("class") or "").split():
            self._key = (attrs["data-donor"], attrs["data-recipient"], attrs["data-unit"])
            self.charts[self._key] = []
        elif tag == "rect" and self._key and "bar" in attrs.get("class", "").split():
            self.charts[self._key].append(attrs)

    def handle_endtag(self, tag):
        if tag == "figure":
            self._key = None


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def analyst(request, tmp_path_factory):
    yield from analyst_engine(request, tmp_path_factory)


def test_each_pairing_gets_one_bar_per_year_of_annual_aid(analyst, tmp_path):
    index = write_report(analyst, tmp_path / "review")
    page = Charts(index.read_text(encoding="utf-8"))
    with analyst.connect() as conn:
        expected = {(r.donor, r.recipient, r.unit, r.year, r.value) for r in conn.execute(text(
            "SELECT donor, recipient, unit, year, value FROM v_indicator_by_year "
            "WHERE indicator = 'aid_funds' AND NOT cumulative"))}
    drawn = [(d, r, u, int(b["data-year"]), Decimal(b["data-value"])) for (d, r, u), bars in page.charts.items() for b in bars]
    assert len(drawn) == len(set(drawn)) == len(expected) >= 4
    assert set(drawn) == {(d, r, u, y, Decimal(v)) for d, r, u, y, v in expected}
    fujian = page.charts[("Fujian", "Ningxia", "CNY")]
    assert [b["data-year"] for b in fujian] == ["2011", "2012"]
    assert float(fujian[0]["height"]) < float(fujian[1]["height"]), "21.4 million is drawn shorter than 25.8 million"
    assert not page.external and "<script" not in index.read_text(encoding="utf-8")


def test_a_year_without_a_value_is_a_stub_labelled_with_its_status():
    svg = bar_chart([Bar(2010, Decimal("5000000"), "ok", "CNY", 1),
                     Bar(2011, None, "multiple", "CNY", 1, "2000000 | 5000000")], "x")
    assert svg.count("<rect") == 2 and 'class="bar missing" data-year="2011" data-status="multiple"' in svg
    assert "2011: no single value (multiple); stated: 2000000 | 5000000" in svg and 'data-value="5000000"' in svg


@pytest.mark.parametrize(("rows", "expected"), [
    ([dict(value=Decimal("1.5e6"), status="ok", unit="CNY")], Bar(2012, Decimal("1500000"), "ok", "CNY", 1)),
    ([dict(value=None, status="multiple", unit="CNY", values_text="1000 | 3000")],
     Bar(2012, None, "multiple", "CNY", 1, "1000 | 3000")),
    ([dict(value=Decimal("1000"), status="ok", unit="CNY"), dict(value=2000.0, status="ok", unit="CNY")],
     Bar(2012, None, "2 rows", "CNY", 2, "1000 | 2000.0")),
])
def test_a_bar_is_the_one_value_of_its_year_never_a_sum(rows, expected):
    assert _bar(2012, rows) == expected


@pytest.mark.parametrize(("value", "label"), [
    (Decimal("32330000"), "32.3M"), (Decimal("950000"), "950k"), (Decimal("1200000000"), "1.2bn"), (Decimal("12"), "12"),
])
def test_bars_carry_short_labels(value, label):
    assert short(value) == label


@pytest.mark.browser
def test_the_browser_keeps_every_bar_in_the_page_it_lays_out(chromium, analyst, tmp_path):  # noqa: F811
    """The DOM Chromium builds from the index (no network, strict CSP) holds the same charts and bars."""
    import subprocess

    from test_review_browser import FLAGS

    index = write_report(analyst, tmp_path / "review")
    result = subprocess.run([chromium, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom",
                             index.resolve().as_uri()], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    in_browser = Charts(result.stdout).charts
    assert in_browser and in_browser == Charts(index.read_text(encoding="utf-8")).charts


from test_review_browser import chromium  # noqa: E402,F401  (session fixture: the browser or a skip)
