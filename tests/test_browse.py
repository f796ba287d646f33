"""`pairaid browse`: Datasette on the database, read-only, with descriptions, questions and review links."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from analyst_support import load_bulletins
from pairaid_etl.orchestrate import ingest as ingest_stage
from pairaid_etl.browse import BrowseError, canned_queries, database_file, metadata, query_name, render_cell, sqlite_snapshot
from pairaid_etl.store.db import make_engine
from pairaid_etl.store.models import Base
from pairaid_etl.queries_doc import load_examples
from pairaid_etl.schema_doc import VIEW_DOCS
from test_review_browser import FLAGS, chromium  # noqa: F401  (session fixture: the browser or a skip)

SAMPLE = Path(__file__).resolve().parents[1] / "raw" / "zhejiang-sichuan-2010.txt"
AID_QUESTION = "1. How much aid did each donor give, year by year?"


# --- metadata and canned queries --------------------------------------------------------------

def test_every_question_of_the_doc_is_a_canned_query_with_its_sql():
    examples = load_examples()
    queries = canned_queries(examples)
    assert len(queries) == len(examples) >= 10
    assert [q["sql"] for q in queries.values()] == [e.sql for e in examples]
    assert queries["q01-how-much-aid-did-each-donor-give-year-by-year"]["title"] == AID_QUESTION
    assert "cumulative totals" in queries["q01-how-much-aid-did-each-donor-give-year-by-year"]["description"]


@pytest.mark.parametrize(("title", "name"), [
    ("1. How much aid did each donor give, year by year?", "q01-how-much-aid-did-each-donor-give-year-by-year"),
    ("12. Which figures did reviewers correct or reject?", "q12-which-figures-did-reviewers-correct-or-reject"),
    ("Untitled", "q-untitled"),
])
def test_a_question_gets_a_url_safe_name_numbered_as_in_the_doc(title, name):
    assert query_name(title) == name


def test_every_table_view_and_column_carries_the_schema_doc_description():
    tables = metadata("pairaid", [])["databases"]["pairaid"]["tables"]
    for name, (description, columns) in VIEW_DOCS.items():
        assert tables[name] == {"description": description, "columns": columns}
    figure = Base.metadata.tables["figure"]
    assert tables["figure"]["description"] == figure.comment
    assert tables["figure"]["columns"]["value"] == figure.c.value.comment


class FakeDatasette:
    def __init__(self, config):
        self.config = config

    def plugin_config(self, name):
        return self.config


@pytest.mark.parametrize(("row", "column", "table", "config", "link"), [
    ({"figure_id": 7, "document_id": 2}, "figure_id", "v_figures", {"review": "/review/"}, "/review/doc-2.html#fig-7"),
    ({"id": 7, "document_id": 2}, "id", "figure", {"review": "/review/"}, "/review/doc-2.html#fig-7"),
    ({"id": 7, "document_id": 2}, "id", "document", {"review": "/review/"}, None),
    ({"figure_id": 7}, "figure_id", None, {"review": "/review/"}, None),
    ({"figure_id": 7, "document_id": 2}, "figure_id", "v_figures", {"review": None}, None),
])
def test_a_figure_id_links_to_its_place_in_the_review_report(row, column, table, config, link):
    html = render_cell(row, row[column], column, table, "pairaid", FakeDatasette(config))
    assert (html is None) if link is None else f'href="{link}"' in str(html)


def test_a_missing_file_is_an_error_that_says_what_was_expected(tmp_path):
    with pytest.raises(BrowseError, match="no SQLite database at"):
        database_file(f"sqlite:///{tmp_path / 'nothing.sqlite3'}", tmp_path)


def test_a_write_ahead_log_is_checkpointed_so_the_immutable_file_holds_every_row(tmp_path):
    url = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    engine = make_engine(url)
    load_bulletins(engine)
    with engine.connect() as conn:
        figures = conn.execute(text("SELECT COUNT(*) FROM figure")).scalar_one()
    path = database_file(url, tmp_path)
    engine.dispose()
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    assert conn.execute("SELECT COUNT(*) FROM figure").fetchone()[0] == figures > 0
    conn.close()


@pytest.mark.postgres
def test_a_postgresql_database_is_browsed_through_a_sqlite_snapshot_with_every_row(postgres_url, tmp_path):
    source = make_engine(postgres_url)
    load_bulletins(source)
    path = sqlite_snapshot(source, tmp_path / "snap.sqlite3")
    copy = make_engine(f"sqlite:///{path}")
    with source.connect() as a, copy.connect() as b:
        for table in Base.metadata.sorted_tables:
            assert a.execute(select(func.count()).select_from(table)).scalar_one() == \
                   b.execute(select(func.count()).select_from(table)).scalar_one(), table.name
        query = "SELECT donor, year, value FROM v_indicator_by_year WHERE indicator = 'aid_funds' ORDER BY donor, year, value"
        assert [tuple(map(str, r)) for r in a.execute(text(query))] == [tuple(map(str, r)) for r in b.execute(text(query))]
    source.dispose()
    copy.dispose()


# --- in the browser ----------------------------------------------------------------------------

class Page(HTMLParser):
    """Table rows (cell texts), links and element ids of a page."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.links: list[str] = []
        self.ids: set[str] = set()
        self._cell: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "tr":
            self.rows.append([])
        elif tag == "td" and self.rows:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def browse_server(tmp_path):
    """`pairaid browse` on the test bulletins plus the Zhejiang sample, on a free port; always stopped."""
    url = f"sqlite:///{tmp_path / 'pairaid.sqlite3'}"
    engine = make_engine(url)
    load_bulletins(engine)
    run_id = ingest_stage.start_run(engine)
    ingest_stage.finish_run(engine, run_id, 1, ingest_stage.process_files(engine, run_id, [str(SAMPLE)], 10 * 1024 * 1024))
    engine.dispose()
    port = free_port()
    command = [str(Path(sys.executable).parent / "pairaid"), "browse", "--database-url", url, "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"{base}/-/versions.json", timeout=2).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"browse did not start: {server.communicate(timeout=5)[0].decode()[-2000:]}")
                time.sleep(0.3)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def dump_dom(chromium: str, url: str, profile: Path) -> Page:  # noqa: F811
    result = subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", url],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "<body" in result.stdout, result.stderr[-2000:]
    return Page(result.stdout)


@pytest.mark.browser
def test_the_browser_lists_the_views_and_answers_the_aid_question_for_zhejiang_2010(chromium, browse_server, tmp_path):  # noqa: F811
    database = dump_dom(chromium, f"{browse_server}/pairaid", tmp_path / "profile")
    for view in VIEW_DOCS:
        assert f"/pairaid/{view}" in database.links
    assert "/pairaid/q01-how-much-aid-did-each-donor-give-year-by-year" in database.links
    answer = dump_dom(chromium, f"{browse_server}/pairaid/q01-how-much-aid-did-each-donor-give-year-by-year",
                      tmp_path / "profile")
    assert ["Zhejiang", "Sichuan", "2010", "32330000", "ok"] in answer.rows
    assert ["Fujian", "Ningxia", "2011", "21400000", "ok"] in answer.rows


@pytest.mark.browser
def test_a_figure_in_the_browser_links_to_its_highlight_in_the_review_report(chromium, browse_server, tmp_path):  # noqa: F811
    page = dump_dom(chromium, f"{browse_server}/pairaid/v_figures?donor=Zhejiang&indicator=aid_funds",
                    tmp_path / "profile")
    links = [link for link in page.links if link.startswith("/review/doc-")]
    assert links, "no figure links to the review report"
    target, anchor = links[0].split("#")
    report = dump_dom(chromium, f"{browse_server}{target}", tmp_path / "profile")
    assert anchor in report.ids


def test_the_server_refuses_to_write(browse_server):
    """The file is served immutable: Datasette's SQL cannot change it."""
    from urllib.parse import quote

    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(f"{browse_server}/pairaid.json?sql={quote('DELETE FROM figure')}", timeout=10)
    with urllib.request.urlopen(f"{browse_server}/pairaid.json?sql={quote('SELECT COUNT(*) AS n FROM figure')}&_shape=array",
                                timeout=10) as r:
        assert b'"n"' in r.read()
