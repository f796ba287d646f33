"""The meaning tables and views, loaded from hand-written bulletins and the sample."""

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import text as sql

from pairaid_etl.store.db import make_engine, upgrade
from pairaid_etl.extract import extract_figures
from pairaid_etl.orchestrate.ingest import start_run
from pairaid_etl.store.load import load_document
from pairaid_etl.store.load_meaning import load_meaning
from pairaid_etl.read import Document

ROOT = Path(__file__).resolve().parents[1]
BULLETINS = [ROOT / "raw" / "zhejiang-sichuan-2010.txt", *sorted((ROOT / "tests" / "bulletins").glob("*.txt"))]


def load_file(engine, run_id: int, path: Path) -> int:
    text = path.read_text(encoding="utf-8")
    year = int("".join(c for c in path.stem if c.isdigit())[-4:])
    extraction = extract_figures(text, bulletin_year=year)
    doc = Document(str(path), hashlib.sha256(text.encode()).hexdigest(), text, "utf-8", extraction.title, year)
    with engine.begin() as conn:
        result = load_document(conn, run_id, doc, extraction)
        load_meaning(conn, result.document_id, run_id, extraction)
        load_meaning(conn, result.document_id, run_id, extraction)  # idempotent
    return result.document_id


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('meaning') / 'db.sqlite3'}")
    upgrade(engine)
    run_id = start_run(engine)
    for path in BULLETINS:
        load_file(engine, run_id, path)
    return engine


def one(engine, query: str, **params):
    with engine.connect() as conn:
        return conn.execute(sql(query), params).all()


def test_sample_aid_funds_for_2010(engine):
    rows = one(engine, "SELECT value FROM v_indicator_by_year WHERE indicator = 'aid_funds' "
                       "AND donor = 'Zhejiang' AND year = 2010")
    assert rows == [(32330000.0,)]


def test_sample_schools_and_hospitals(engine):
    assert one(engine, "SELECT value FROM v_indicator_by_year WHERE indicator = 'schools' "
                       "AND donor = 'Zhejiang' AND year = 2010") == [(7.0,)]
    assert one(engine, "SELECT status, values_text FROM v_observations WHERE indicator = 'hospitals' "
                       "AND donor = 'Zhejiang'") == [("conflict", "3 | 7")]


def test_part_whole_checks_are_stored(engine):
    rows = one(engine, "SELECT donor, value, parts_status FROM v_observations "
                       "WHERE indicator = 'aid_funds' AND parts_status IS NOT NULL ORDER BY donor")
    assert rows == [("Anhui", 18600000.0, "pass"), ("Zhejiang", 32330000.0, "pass")]


def test_repeated_mentions_are_not_double_counted(engine):
    assert one(engine, "SELECT value, n_observations FROM v_indicator_by_year WHERE indicator = 'schools' "
                       "AND donor = 'Anhui' AND year = 2012 AND NOT cumulative") == [(4.0, 1)]


def test_cumulative_and_changes_are_kept_apart(engine):
    assert one(engine, "SELECT value FROM v_indicator_by_year WHERE indicator = 'aid_funds' AND donor = 'Anhui' "
                       "AND cumulative") == [(150000000.0,)]
    assert one(engine, "SELECT value, base_year FROM v_observations WHERE indicator = 'aid_funds' "
                       "AND relation = 'increase'") == [(12.0, 2011)]


def test_every_figure_has_a_section_and_most_an_indicator(engine):
    total, with_indicator, with_section = one(engine, "SELECT count(*), count(indicator), count(section) "
                                                      "FROM v_figures")[0]
    assert with_section == total
    assert with_indicator >= 0.9 * total
