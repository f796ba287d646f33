"""Key county lists (meaning/counties.py) and running totals (meaning/running_totals.py)."""

import pytest

from pairaid_etl.extract import extract_figures

TITLE = "Poverty Alleviation in Qinghai Province\n\n"


def _by_number(text: str, year: int = 2012) -> dict:
    return {f.number_text: f for f in extract_figures(TITLE + text, bulletin_year=year).figures}


@pytest.mark.parametrize("text, expected", [
    # the sum of the two lists, restated later, is both lists together
    ("The province has 17 key counties for national poverty alleviation and development and 5 key "
     "counties for provincial poverty alleviation and development. The per capita net income of "
     "farmers in the 22 key counties reached 4,300 Yuan.",
     {"17": ("counties", None), "5": ("provincial_key_counties", None),
      "22": ("key_counties_all", "counties.list_sum")}),
    # a count qualified by the province itself, beside a national one, is the province's list
    ("Qinghai has 46 counties, including 15 key counties for national poverty alleviation, 6 key "
     "counties of Qinghai, 21 in total.",
     {"15": ("counties", None), "6": ("provincial_key_counties", "counties.own_list")}),
    # words that name both lists
    ("The per capita net income in the 21 national and provincial key counties was 4,900 Yuan, "
     "while that of the 15 national key counties alone was 4,600 Yuan.",
     {"21": ("key_counties_all", "counties.both_lists"), "15": ("counties", None)}),
    # a total whose parts are the two lists: the parts stand on their own
    ("It focused on the 9 key counties, including 7 national key counties and 2 municipal key counties.",
     {"9": ("key_counties_all", "counties.list_sum"), "7": ("counties", None),
      "2": ("provincial_key_counties", None)}),
    # the national list inside a count of all county-level divisions
    ("It administers 8 prefectures and 44 banners (counties, cities and districts), of which 15 are "
     "national key banners (counties) and 6 are key banners (counties) designated by the province.",
     {"44": ("admin_counties", None), "15": ("counties", "counties.national_list"),
      "6": ("provincial_key_counties", None)}),
])
def test_key_county_lists(text, expected):
    figs = _by_number(text)
    for number, (code, rule) in expected.items():
        assert figs[number].indicator == code, (number, figs[number].indicator_rule)
        if rule:
            assert figs[number].indicator_rule == rule
    for number in expected:
        assert figs[number].relation is None


@pytest.mark.parametrize("text, other, key", [
    ("Qinghai covers 720,000 square kilometers and has eight prefectures and 46 counties (cities, districts). "
     "It has 15 national key counties for poverty alleviation.", "46", "15"),
    ("The mutual fund projects covered 19 counties. The per capita net income in the 15 key counties "
     "rose by 12%.", "19", "15"),
    ("Qinghai has 39 poverty-stricken counties, of which 15 are key counties for national poverty alleviation.",
     "39", "15"),
])
def test_other_counts_of_counties_beside_the_key_list_are_another_scope(text, other, key):
    figs = _by_number(text)
    assert (figs[other].indicator, figs[other].indicator_rule) == ("counties_other", "counties.other_scope")
    assert figs[key].indicator == "counties"


def test_counties_that_leave_poverty_stay_counties():
    figs = _by_number("Qinghai has 15 key counties for national poverty alleviation. In 2012, four counties "
                      "(cities) were announced to have shaken off poverty.")
    assert figs["four"].indicator == "counties"


def test_counts_of_counties_stay_when_the_key_counties_are_two_values():
    figs = _by_number("It has 15 key counties and 20 counties; last year it had 14 key counties.")
    assert figs["20"].indicator == "counties"


@pytest.mark.parametrize("text", [
    # one list only: an unqualified count is not moved
    "The province has 15 key counties for national poverty alleviation. The 15 key counties received funds.",
    # equal lists cannot be told apart by their sum
    "It has 6 national key counties and 6 provincial key counties; the 12 key counties got 9 million Yuan.",
])
def test_counties_stay_without_two_distinct_lists(text):
    figs = _by_number(text)
    assert all(f.indicator_rule is None or not f.indicator_rule.startswith("counties.")
               for f in figs.values() if f.indicator in ("counties", "key_counties_all"))


def test_running_total_beside_new_ones_is_cumulative():
    figs = _by_number("In 2011, the province newly launched 120 mutual fund project villages, and the "
                      "number of mutual fund project villages reached 655.")
    assert (figs["120"].cumulative, figs["655"].cumulative) == (False, True)
    assert figs["655"].period_rule == "period.running_total"
    assert figs["655"].year == 2011


def test_number_reached_alone_keeps_its_year():
    figs = _by_number("In 2011, the number of mutual fund project villages reached 655.")
    assert figs["655"].cumulative is False
