"""Observations: repeated mentions merge, disagreements conflict, parts add up."""

from pathlib import Path

from pairaid_etl.extract import extract_figures
from pairaid_etl.meaning import observe

SAMPLE = Path(__file__).resolve().parents[1] / "raw" / "zhejiang-sichuan-2010.txt"


def observed(text: str, year: int = 2010):
    ex = extract_figures(text, bulletin_year=year)
    return ex, observe(ex, text=text)


def test_sample_hospitals_conflict_and_parts_pass():
    text = SAMPLE.read_text(encoding="utf-8")
    ex, obs = observed(text)
    hospitals = [o for o in obs.observations if o.indicator == "hospitals"]
    assert [(o.status, sorted(o.values)) for o in hospitals] == [("conflict", [3.0, 7.0])]
    schools = [o for o in obs.observations if o.indicator == "schools"]
    assert [(o.value, len(o.mentions)) for o in schools] == [(7.0, 2)]
    aid = [o for o in obs.observations if o.indicator == "aid_funds" and o.relation is None]
    assert [(o.value, o.parts_status) for o in aid] == [(32330000.0, "pass")]
    assert any(n.code == "conflict" for n in ex.notes)
    assert any(n.code == "part_whole_ok" for n in ex.notes)


def test_equal_mentions_in_one_sentence_stay_two_facts():
    _, obs = observed("It held 21 cadre trainings for 550 person-times and 28 technician trainings "
                      "for 550 person-times.")
    trained = [o for o in obs.observations if o.indicator == "people_trained"]
    assert len(trained) == 2


def test_a_mismatching_part_whole_is_flagged():
    ex, obs = observed("The province donated 50 million Yuan, of which 30 million Yuan was from the "
                       "province and 25 million Yuan was from cities.")
    assert [c.status for c in obs.checks] == ["mismatch"]
    assert any(n.code == "part_whole_mismatch" for n in ex.notes)


def test_different_named_regions_do_not_conflict():
    _, obs = observed("Zhejiang-Sichuan Pairing-off\n\nIn 2010, it built 3 schools for Guangyuan. "
                      "In 2010, it built 5 schools for Nanchong.")
    assert {o.status for o in obs.observations if o.indicator == "schools"} == {"ok"}


def test_a_part_for_another_province_than_its_whole_is_that_province_s_level():
    text = ("Liaoning-Qinghai Pairing-off Poverty Alleviation\n\nIn 2010, Liaoning donated 1.9 billion Yuan for "
            "the above areas, of which 400 million Yuan was for Naqu of Tibet and 160 million Yuan for Fengjie "
            "County of Chongqing.")
    ex, obs = observed(text)
    parts = [f for f in ex.figures if f.number_text in ("400 million", "160 million")]
    assert [(f.relation, f.province) for f in parts] == [("part_of", "Tibet"), ("part_of", "Chongqing")]
    levels = {o.province: o.value for o in obs.observations if o.indicator == "aid_funds" and o.relation is None}
    assert levels == {None: 1_900_000_000, "Tibet": 400_000_000, "Chongqing": 160_000_000}


def test_a_part_in_its_whole_s_province_stays_a_part():
    _, obs = observed("Poverty Alleviation in Hebei Province\n\nIn 2010, Hebei invested 2.3 billion Yuan of "
                      "anti-poverty funds, of which 1.5 billion Yuan was central funds.")
    levels = [o.value for o in obs.observations if o.indicator == "gov_poverty_funds" and o.relation is None]
    assert levels == [2_300_000_000]
