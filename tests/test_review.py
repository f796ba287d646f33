"""The review report: an index and one offline page per document, with every figure marked."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from typer.testing import CliRunner

from pairaid_etl.cli import app
from pairaid_etl.store.corrections import validate
from pairaid_etl.review import ReviewError, write_report
from pairaid_etl.review.render import Mark, segments

from review_support import HILLSIDE, HILLSIDE_FIGURES, document, hillside_extraction, ingest, span


class Page(HTMLParser):
    """The parts of a report page the tests look at: marks, list items by list id, links."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.marks: list[dict] = []
        self.items: dict[str, list[str]] = {}
        self.urls: list[str] = []
        self.tags: set[str] = set()
        self._mark: dict | None = None
        self._list: str | None = None
        self._item: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.add(tag)
        self.urls += [attrs[a] for a in ("href", "src") if attrs.get(a)]
        if tag == "mark" and "data-start" in attrs:
            self._mark = {**attrs, "text": ""}
        elif tag == "ul":
            self._list = attrs.get("id")
        elif tag == "li" and self._list:
            self._item = []

    def handle_endtag(self, tag):
        if tag == "mark" and self._mark is not None:
            self.marks.append(self._mark)
            self._mark = None
        elif tag == "li" and self._item is not None:
            self.items.setdefault(self._list, []).append("".join(self._item).strip())
            self._item = None

    def handle_data(self, data):
        if self._mark is not None:
            self._mark["text"] += data
        if self._item is not None:
            self._item.append(data)


def write(engine, tmp_path, corrections=None, run_id=None):
    ingest(engine, [(document(), hillside_extraction())], corrections)
    index = write_report(engine, tmp_path / "review", run_id=run_id)
    return index, Page(index.read_text(encoding="utf-8")), Page((index.parent / "doc-1.html").read_text(encoding="utf-8"))


def test_every_figure_is_marked_by_kind_with_its_detail(engine, tmp_path):
    _, _, page = write(engine, tmp_path)
    figures = [m for m in page.marks if "fig" in m["class"].split()]
    assert [m["text"] for m in figures] == [f[0] for f in HILLSIDE_FIGURES]
    money = figures[0]
    assert "kind-money" in money["class"] and money["data-kind"] == "money"
    for detail in ("12,500,000 CNY", "canonical 12,500,000 CNY", "qualifier exact", "indicator aid_funds",
                   "period 2019", "rule test_money"):
        assert detail in money["data-tip"]
    assert "item county" in figures[1]["data-tip"]


def test_rejected_candidates_are_marked_differently(engine, tmp_path):
    _, _, page = write(engine, tmp_path)
    rejected = {(m["text"], m["class"]) for m in page.marks if "rej" in m["class"].split()}
    assert rejected == {("2019", "rej rejected_year"), ("2+2", "rej rejected_name"),
                        ("010-5550123", "rej rejected_footer")}
    assert "rejected_name: '2+2' rejected as name" in next(m["data-tip"] for m in page.marks if m["text"] == "2+2")


def test_conflicts_and_warnings_are_listed_and_link_to_their_figure(engine, tmp_path):
    _, _, page = write(engine, tmp_path)
    assert page.items["conflicts"] == [
        "conflict 5 clinics: clinics built in 2019: '5 clinics' (Overview) disagrees with '6 clinics' (Health)",
        "conflict 6 clinics: clinics built in 2019: '6 clinics' (Health) disagrees with '5 clinics' (Overview)",
    ]
    assert page.items["warnings"] == ["indicator_unknown 1,200 farmers: '1,200 farmers' matches no indicator"]
    flagged = [m["text"] for m in page.marks if "flagged" in m["class"]]
    assert flagged == ["5 clinics", "6 clinics"]


def test_the_index_counts_figures_warnings_and_errors(engine, tmp_path):
    index, _, _ = write(engine, tmp_path)
    html = index.read_text(encoding="utf-8")
    row = re.search(r'<tr class="document">(.*?)</tr>', html, re.S).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    assert 'href="doc-1.html"' in cells[0]
    assert [c.strip() for c in cells[2:]] == ["7", "4", "2", "3", "0", "0"]


def test_it_escapes_the_document_text_and_uses_no_external_assets(engine, tmp_path):
    _, index, page = write(engine, tmp_path)
    html = (tmp_path / "review" / "doc-1.html").read_text(encoding="utf-8")
    assert "&lt;with&gt; R&amp;D" in html and "<with>" not in html
    assert "with" not in page.tags and "script" not in page.tags and "link" not in page.tags
    for url in page.urls + index.urls:
        assert not re.match(r"[a-z]+:", url), f"external or absolute reference {url}"
    assert "Content-Security-Policy" in html


def test_reviewed_figures_show_their_correction(engine, tmp_path):
    start, end = span(HILLSIDE, "4 counties")
    fix = validate(dict(sha256=document().sha256, start=start, end=end, text="4 counties", action="set_value",
                        value=3, reviewer="ana"))
    _, _, page = write(engine, tmp_path, [fix])
    mark = next(m for m in page.marks if m["text"] == "4 counties")
    assert "reviewed" in mark["class"].split() and "REVIEW: value → 3" in mark["data-tip"]
    assert any("correction_applied" in item for item in page.items["corrections"])


@pytest.mark.parametrize(("text", "marks", "expected"), [
    ("ab cd ef", [Mark(3, 5, "fig", "", "f1")], ["ab ", "[cd]", " ef"]),
    ("abcdef", [Mark(0, 2, "fig", "", "f1"), Mark(1, 3, "rej", "", "e1"), Mark(4, 6, "rej", "", "e2")],
     ["[ab]", "cd", "[ef]"]),
    ("abc", [Mark(1, 9, "fig", "", "f1")], ["abc"]),
])
def test_segments_give_the_text_back_and_never_overlap(text, marks, expected):
    cut = segments(text, marks)
    assert "".join(s.text for s in cut) == text
    assert [f"[{s.text}]" if s.mark else s.text for s in cut] == expected


def test_a_run_filter_shows_only_the_documents_that_run_touched(engine, tmp_path):
    ingest(engine, [(document(), hillside_extraction())])
    later = ingest(engine, [])
    index = write_report(engine, tmp_path / "r", run_id=later)
    assert "doc-1.html" not in index.read_text(encoding="utf-8")
    with pytest.raises(ReviewError, match="no run 99"):
        write_report(engine, tmp_path / "r", run_id=99)


def test_an_empty_database_says_to_ingest_first(engine, tmp_path):
    with pytest.raises(ReviewError, match="run `pairaid ingest`"):
        write_report(engine, tmp_path / "r")


def test_the_review_command_writes_the_report(engine, database_url, tmp_path):
    ingest(engine, [(document(), hillside_extraction())])
    result = CliRunner().invoke(app, ["review", "--out", str(tmp_path / "out"), "--database-url", database_url])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "index.html").is_file() and (tmp_path / "out" / "doc-1.html").is_file()
