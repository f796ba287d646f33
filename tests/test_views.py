"""The analyst views (migration 0005) on SQLite and PostgreSQL: corrections, originals, must-shows."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import text

from analyst_support import analyst_engine
from conftest import SAMPLE
from pairaid_etl.store.corrections import figure_key
from pairaid_etl.extract import extract_figures
from pairaid_etl.orchestrate.ingest import start_run
from pairaid_etl.store.load import load_document
from pairaid_etl.read import Document


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def analyst(request, tmp_path_factory):
    yield from analyst_engine(request, tmp_path_factory)


def rows(engine, query: str, **params) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(query), params)]


def truth(row: tuple) -> tuple:
    """Booleans read back as 0/1 on SQLite and False/True on PostgreSQL; compare them as bool."""
    return tuple(bool(v) if isinstance(v, bool) or v in (0, 1) and type(v) is int else v for v in row)


def test_v_figures_has_one_row_per_figure_that_review_kept(analyst):
    assert rows(analyst, "SELECT COUNT(*), COUNT(DISTINCT figure_id) FROM v_figures") == rows(analyst, """
        SELECT COUNT(*), COUNT(*) FROM figure f JOIN document d ON d.id = f.document_id
        WHERE d.is_current AND NOT f.rejected_by_review""")


def test_a_corrected_value_shows_with_its_original(analyst):
    got = rows(analyst, """
        SELECT value, unit, canonical_value, canonical_unit, extracted_value, extracted_canonical_value, reviewed
        FROM v_figures WHERE path LIKE '%guangdong%' AND indicator = 'hospitals' AND section = 'Overview'""")
    assert [truth(r) for r in got] == [(4.0, "count", 4.0, "count", 3.0, 3.0, True)]


def test_a_corrected_indicator_reaches_figures_and_observations(analyst):
    assert rows(analyst, "SELECT indicator, extracted_indicator, indicator_label FROM v_figures "
                         "WHERE text = '45'") == [("volunteers", "personnel_exchanged", "Volunteers sent")]
    assert rows(analyst, "SELECT indicator, extracted_indicator, value FROM v_observations "
                         "WHERE extracted_indicator = 'personnel_exchanged' AND donor = 'Fujian' AND year = 2011"
                ) == [("volunteers", "personnel_exchanged", 45.0)]


def test_a_rejected_figure_leaves_the_views_but_not_the_figure_table(analyst):
    assert rows(analyst, "SELECT COUNT(*) FROM v_figures WHERE item = 'gorge'") == [(0,)]
    assert rows(analyst, "SELECT COUNT(*) FROM v_observations WHERE item = 'gorge'") == [(0,)]
    assert [truth(r) for r in rows(analyst, "SELECT rejected_by_review, reviewed FROM figure WHERE item = 'gorge'")
            ] == [(True, True)]


def test_a_corrected_conflict_becomes_one_value_everywhere(analyst):
    got = rows(analyst, """
        SELECT status, value, value_min, value_max, extracted_status, extracted_value, n_mentions, n_reviewed,
               n_rejected, reviewed
        FROM v_observations WHERE indicator = 'hospitals' AND donor = 'Guangdong'""")
    assert [truth(r) for r in got] == [("ok", 4.0, 4.0, 4.0, "conflict", None, 2, 1, 0, True)]
    got = rows(analyst, "SELECT value, status, reviewed FROM v_indicator_by_year "
                        "WHERE indicator = 'hospitals' AND donor = 'Guangdong' AND year = 2013")
    assert [truth(r) for r in got] == [(4.0, "ok", True)]


def test_unreviewed_rows_are_as_extracted(analyst):
    assert rows(analyst, """
        SELECT COUNT(*) FROM v_figures WHERE NOT reviewed AND (value <> extracted_value
            OR unit <> extracted_unit OR canonical_value <> extracted_canonical_value
            OR COALESCE(indicator, '-') <> COALESCE(extracted_indicator, '-'))""") == [(0,)]
    assert rows(analyst, """
        SELECT COUNT(*) FROM v_observations WHERE NOT reviewed AND (status <> extracted_status
            OR COALESCE(value, -1) <> COALESCE(extracted_value, -1))""") == [(0,)]


def test_keys_and_context_point_into_the_text(analyst):
    got = rows(analyst, """
        SELECT f.figure_key, d.sha256, f.start, f."end", f.text, f.context,
               substr(d.text, f.start + 1, f."end" - f.start)
        FROM v_figures f JOIN document d ON d.id = f.document_id""")
    assert got
    for key, sha, start, end, figure, context, sliced in got:
        assert key == figure_key(sha, start, end)
        assert sliced == figure and figure in context


def test_conflicting_mentions_keep_their_spread(analyst):
    got = rows(analyst, "SELECT value, value_min, value_max, status FROM v_indicator_by_year "
                        "WHERE indicator = 'hospitals' AND donor = 'Anhui' AND year = 2012")
    assert got == [(None, 2.0, 5.0, "conflict")]


def test_the_sample_bulletin_must_shows_hold(engine):
    """Aid funds 32330000, 7 schools and the 3-or-7 hospitals conflict, on both databases."""
    body = SAMPLE.read_text(encoding="utf-8")
    extraction = extract_figures(body, bulletin_year=2010)
    doc = Document(str(SAMPLE), hashlib.sha256(body.encode()).hexdigest(), body, "utf-8", extraction.title, 2010)
    run_id = start_run(engine)
    with engine.begin() as conn:
        load_document(conn, run_id, doc, extraction)
    by_year = "SELECT value FROM v_indicator_by_year WHERE indicator = :i AND donor = 'Zhejiang' AND year = 2010"
    assert rows(engine, by_year, i="aid_funds") == [(32330000.0,)]
    assert rows(engine, by_year + " AND NOT cumulative", i="schools") == [(7.0,)]
    assert rows(engine, "SELECT status, value_min, value_max, values_text FROM v_observations "
                        "WHERE indicator = 'hospitals' AND donor = 'Zhejiang'") == [("conflict", 3.0, 7.0, "3 | 7")]
    assert rows(engine, "SELECT parts_status FROM v_observations WHERE indicator = 'aid_funds' "
                        "AND donor = 'Zhejiang' AND value = 32330000") == [("pass",)]
