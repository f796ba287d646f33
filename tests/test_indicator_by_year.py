"""v_indicator_by_year never invents a number (migration 0010), on SQLite and PostgreSQL.

The bulletin tests/data/views/shandong-chongqing-2011.txt (our own text) states a total with
its parts, a fact twice, two scopes of one indicator, two values that disagree, money a
donor city gave to a county, and one group counted as households and as people;
liaoning-qinghai-2012.txt parts for other provinces and donors and an earlier level: each
case has the answer below.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import text

from analyst_support import fresh_database
from pairaid_etl.store.db import make_engine, upgrade
from pairaid_etl.extract import extract_figures
from pairaid_etl.orchestrate.ingest import start_run
from pairaid_etl.store.load import load_document
from pairaid_etl.read import Document

BULLETIN = Path(__file__).parent / "data" / "views" / "shandong-chongqing-2011.txt"
# parts for another province or donor, and an earlier level its own words date
SECOND = Path(__file__).parent / "data" / "views" / "liaoning-qinghai-2012.txt"


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def views(request, tmp_path_factory):
    server = request.getfixturevalue("postgres_server_url") if request.param == "postgresql" else None
    url, drop = fresh_database(request.param, tmp_path_factory.mktemp("views"), server)
    engine = make_engine(url)
    upgrade(engine)
    run_id = start_run(engine)
    for path, year in ((BULLETIN, 2011), (SECOND, 2012)):
        body = path.read_text(encoding="utf-8")
        doc = Document(str(path), hashlib.sha256(body.encode()).hexdigest(), body, "utf-8",
                       body.splitlines()[0], year)
        with engine.begin() as conn:
            load_document(conn, run_id, doc, extract_figures(doc.text, bulletin_year=year))
    yield engine
    engine.dispose()
    drop()


def answer(engine, indicator: str, donor: str = "Shandong", recipient: str = "Chongqing", year: int = 2011) -> list[tuple]:
    with engine.connect() as conn:
        return [(r.value, r.status, r.values_text) for r in conn.execute(text(
            "SELECT value, status, values_text FROM v_indicator_by_year WHERE indicator = :i AND donor = :d "
            "AND recipient = :r AND year = :y AND NOT cumulative"),
            {"i": indicator, "d": donor, "r": recipient, "y": year})]


def test_a_total_with_its_parts_is_the_total_once(views):
    """60 million 'of which 45 million ... and 15 million': the parts stay out, never added."""
    assert [(float(v), s) for v, s, _ in answer(views, "aid_funds")] == [(60_000_000.0, "ok")]


def test_a_fact_stated_twice_counts_once(views):
    assert [(float(v), s) for v, s, _ in answer(views, "schools")] == [(12.0, "ok")]


def test_two_scopes_of_one_indicator_are_multiple_with_both_values_listed(views):
    """900 cadres and 3,000 farmers trained: two distinct values, no invented 3,900."""
    [(value, status, values)] = answer(views, "people_trained")
    assert value is None and status == "multiple"
    assert {float(v) for v in values.split(" | ")} == {900.0, 3000.0}


def test_two_sentences_that_disagree_are_a_conflict(views):
    [(value, status, values)] = answer(views, "hospitals")
    assert value is None and status == "conflict"
    assert "5" in values and "7" in values


def test_a_donor_city_gives_in_its_own_name_and_a_county_is_found_under_its_province(views):
    """'Jinan provided 8 million Yuan to Wanzhou District': donor Jinan, recipient Chongqing."""
    assert [(float(v), s) for v, s, _ in answer(views, "aid_funds", donor="Jinan")] == [(8_000_000.0, "ok")]


def test_households_beside_the_people_they_hold_are_one_group_answered_in_people(views):
    """'1,150 households and 4,620 people were relocated': the household count is same_group."""
    assert [(float(v), s) for v, s, _ in answer(views, "people_relocated")] == [(4620.0, "ok")]
    with views.connect() as conn:
        relation = conn.execute(text("SELECT relation FROM v_figures WHERE number_text = '1,150'")).scalar_one()
    assert relation == "same_group"


def test_a_part_for_another_province_is_that_province_s_level(views):
    """'900 million Yuan to the paired areas, of which 300 million Yuan was for Naqu of Tibet and
    200 million Yuan for Fengjie County of Chongqing': the total is no one province's."""
    assert [(float(v), s) for v, s, _ in answer(views, "aid_funds", "Liaoning", "Tibet", 2012)] == [(3e8, "ok")]
    assert [(float(v), s) for v, s, _ in answer(views, "aid_funds", "Liaoning", "Chongqing", 2012)] == [(2e8, "ok")]
    with views.connect() as conn:
        part = conn.execute(text("SELECT relation FROM v_figures WHERE number_text = '300 million'")).scalar_one()
    assert part == "part_of"  # it still points at its whole


def test_a_part_another_donor_gave_is_that_donor_s_level(views):
    """'500 million Yuan ... to Qinghai, of which Dalian provided 120 million Yuan': Liaoning's
    row is the total, Dalian's the part."""
    assert [(float(v), s) for v, s, _ in answer(views, "aid_funds", "Liaoning", "Qinghai", 2012)] == [(5e8, "ok")]
    assert [(float(v), s) for v, s, _ in answer(views, "aid_funds", "Dalian", "Qinghai", 2012)] == [(1.2e8, "ok")]


def test_an_earlier_level_its_own_words_date_is_that_year_s_level(views):
    """'fell from 1.9 million at the end of 2011 to 1.6 million at the end of 2012'."""
    assert [(float(v), s) for v, s, _ in answer(views, "poverty_headcount", "Liaoning", "Qinghai", 2011)] == \
        [(1.9e6, "ok")]
    assert [(float(v), s) for v, s, _ in answer(views, "poverty_headcount", "Liaoning", "Qinghai", 2012)] == \
        [(1.6e6, "ok")]


def test_no_ok_value_is_a_sum_of_stated_values(views):
    """Every ok value of the view is a value some figure of the bulletin states."""
    with views.connect() as conn:
        stated = {float(v) for (v,) in conn.execute(text("SELECT canonical_value FROM v_figures"))}
        ok = [float(v) for (v,) in conn.execute(text("SELECT value FROM v_indicator_by_year WHERE status = 'ok'"))]
    assert ok and all(v in stated for v in ok)


def test_v_figures_shows_the_rule_behind_each_attribution(views):
    with views.connect() as conn:
        rows = conn.execute(text("SELECT number_text, indicator_rule, place_rule, donor_rule, period_rule, province "
                                 "FROM v_figures ORDER BY start")).all()
    jinan = next(r for r in rows if r.number_text == "8 million")
    assert (jinan.indicator_rule, jinan.donor_rule, jinan.province) == ("structure.donor_money", "donor.subject", "Chongqing")
    assert all(r.place_rule and r.period_rule and r.indicator_rule for r in rows)
