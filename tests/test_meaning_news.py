"""News articles about the same programmes: headline pairings, dates relative to the article's year."""

from __future__ import annotations

import pytest

from pairaid_etl.extract import extract_figures

ARTICLE = """Fujian aid helps Ningxia villages out of poverty

YINCHUAN, April 9 (Xinhua) -- Fujian province provided 410 million yuan of assistance funds to Ningxia last year, officials said on Monday.
This year, Fujian plans to train 5,000 rural workers from the region.
Since 2016, a total of 640,000 people in Ningxia have been lifted out of poverty.
By the end of 2018, the number of poor people in Ningxia had dropped to 180,000, down from 420,000 at the end of 2016.
About 2100 people attended a job fair in Guyuan on Sunday.
"""


@pytest.fixture(scope="module")
def figures():
    return {f.number_text: f for f in extract_figures(ARTICLE, bulletin_year=2019).figures}


@pytest.mark.parametrize("number, year, cumulative, donor, province", [
    ("410 million", 2018, False, "Fujian", "Ningxia"),   # "last year" in a 2019 article
    ("5,000", 2019, False, "Fujian", "Ningxia"),        # "This year"
    ("640,000", 2019, True, "Fujian", "Ningxia"),       # "Since 2016 ... a total of"
    ("180,000", 2018, False, "Fujian", "Ningxia"),      # "By the end of 2018": a level
    ("420,000", 2016, False, "Fujian", "Ningxia"),      # its own date, "at the end of 2016"
])
def test_a_news_figure_gets_its_year_pairing_and_province(figures, number, year, cumulative, donor, province):
    fig = figures[number]
    assert (fig.year, bool(fig.cumulative), fig.donor, fig.province) == (year, cumulative, donor, province)


def test_about_2100_people_is_a_count_not_a_year(figures):
    assert figures["2100"].kind == "count" and figures["2100"].year == 2019


def test_a_headline_with_the_receiver_first_names_the_giver_after_from():
    fig = extract_figures("Ningxia receives aid from Fujian\n\nFujian provided 410 million yuan to Ningxia in 2018.",
                          bulletin_year=2018).figures[0]
    assert (fig.donor, fig.province) == ("Fujian", "Ningxia")


DATED = """Guangdong aid helps Guangxi villages shake off poverty

NANNING, March 12, 2019 -- Guangdong province provided 2.9 billion yuan in aid to Guangxi last year, up 35 percent year on year, officials said on Tuesday.
Since 2016, Guangdong has invested a total of 7.4 billion yuan in the region, helping 1.2 million people shake off poverty.
In the first two months of this year, 15,000 workers from Guangxi found jobs in Guangdong factories.
The two provinces plan to build 300 schools by 2020.
"""


@pytest.fixture(scope="module")
def dated():
    """No year given: the article's dateline dates it (not the latest year it names, 2020)."""
    return {f.number_text: f for f in extract_figures(DATED).figures}


@pytest.mark.parametrize("number, year, cumulative, indicator, relation", [
    ("2.9 billion", 2018, False, "aid_funds", None),      # "last year", not the dateline's 2019
    ("7.4 billion", 2019, True, "investment", None),      # since 2016, up to the article's year
    ("1.2 million", 2019, True, "poverty_reduction", None),
    ("15,000", 2019, False, "labour_transferred", None),  # "this year"; jobs in another province
    ("300", 2020, False, "schools", "target"),            # a plan's figure is no result
])
def test_a_dated_article_counts_from_its_dateline(dated, number, year, cumulative, indicator, relation):
    fig = dated[number]
    assert (fig.year, bool(fig.cumulative), fig.indicator, fig.relation) == (year, cumulative, indicator, relation)


def test_a_target_stays_out_of_the_levels_but_a_result_beside_a_plan_word_does_not():
    text = ("Poverty Alleviation and Development in Hebei Province\n\n"
            "In 2012, the annual task of reducing the rural poor by at least 400,000 was overfulfilled. "
            "The rural poor were reduced by 520,000 in 2012.")
    figs = {f.number_text: f for f in extract_figures(text, bulletin_year=2012).figures}
    assert figs["400,000"].relation == "target"
    assert figs["520,000"].relation is None


def test_a_task_said_to_be_done_reports_a_result():
    text = ("Poverty Alleviation and Development in Hebei Province\n\n"
            "In 2012, Hebei completed the task of relocating 31,000 people from the mountains.")
    fig = next(f for f in extract_figures(text, bulletin_year=2012).figures if f.number_text == "31,000")
    assert (fig.indicator, fig.relation) == ("people_relocated", None)


PAIRED = """East-west pairing lifts incomes in Yunnan

KUNMING, Jan. 8, 2020 -- Over the past five years, Shanghai has sent 1,100 teachers and doctors to Yunnan, local officials said.
Last year alone, Shanghai provided 4.5 billion yuan in assistance funds to Yunnan.
So far this year, Shanghai enterprises have bought 1.9 billion yuan of farm produce from Wenshan.
In 2019, 38,000 rural laborers from Yunnan found jobs in Shanghai.
"""


def test_a_title_naming_only_the_receiver_takes_the_giver_the_text_keeps_naming():
    ex = extract_figures(PAIRED)
    assert (ex.donor, ex.recipient) == ("Shanghai", "Yunnan")
    figs = {f.number_text: f for f in ex.figures}
    assert (figs["4.5 billion"].indicator, figs["4.5 billion"].donor, figs["4.5 billion"].year) == (
        "aid_funds", "Shanghai", 2019)
    assert figs["1,100"].province == "Yunnan"
    # money whose "of" complement says what it bought is no aid fund
    assert figs["1.9 billion"].indicator is None


def test_a_one_place_title_without_a_pairing_word_takes_no_giver():
    text = ("Guizhou lifts 300,000 out of poverty\n\nGUIYANG, Jan. 8, 2020 -- Guizhou sold farm produce to "
            "Guangdong, Guangzhou and Shenzhen buyers. In 2019, Guizhou lifted 300,000 people out of poverty.")
    assert extract_figures(text).donor is None


def test_a_city_in_a_relative_clause_is_not_the_subject_and_since_ends_now():
    text = ("Fujian aid helps Ningxia\n\nYINCHUAN, Jan. 8, 2020 -- Fujian provided 410 million yuan of "
            "assistance funds to Ningxia last year.\n"
            "Xiamen, which is paired with Guyuan and Wuzhong, has built 41 schools in the two cities over the "
            "past three years.\nNingxia has moved 110,000 people out of remote villages since 2016, and plans "
            "to relocate a total of 150,000 by 2020.")
    figs = {f.number_text: f for f in extract_figures(text).figures}
    assert (figs["41"].donor, figs["41"].province) == ("Xiamen", "Ningxia")
    assert (figs["110,000"].year, figs["110,000"].cumulative) == (2020, True)
    assert figs["150,000"].relation == "target"


def test_a_figure_without_its_own_date_takes_its_sentences_dated_level():
    text = ("Poverty Alleviation and Development in Anhui Province\n\nThe rural poor population of the province "
            "dropped from 5.43 million at the end of 2011 to 4.38 million at the end of 2012, a decrease of 1.05 "
            "million, and the incidence of rural poverty went down from 10.3% to 8.2%.")
    figs = {f.number_text: f for f in extract_figures(text, bulletin_year=2013).figures}
    assert {n: figs[n].year for n in ("5.43 million", "4.38 million", "1.05 million", "10.3", "8.2")} == {
        "5.43 million": 2011, "4.38 million": 2012, "1.05 million": 2012, "10.3": 2011, "8.2": 2012}
    text = ("Guizhou news\n\nGUIYANG, March 12, 2019 -- The number of poor people in Guizhou fell to 1.4 million "
            "at the end of 2018, down from 2.67 million at the end of 2016, and the poverty rate dropped to 3.7 "
            "percent.")
    figs = {f.number_text: f for f in extract_figures(text).figures}
    assert (figs["2.67 million"].relation, figs["2.67 million"].year, figs["3.7"].year) == ("from", 2016, 2018)


def test_an_expectation_is_a_target_and_people_living_in_poverty_are_counted():
    text = ("Zhejiang-Sichuan aid program bears fruit\n\nCHENGDU, Nov. 20, 2017 -- The number of people living in "
            "poverty in Liangshan dropped by 120,000 in 2016, and the prefecture expects to lift another 100,000 "
            "out of poverty this year.")
    figs = {f.number_text: f for f in extract_figures(text).figures}
    assert (figs["120,000"].indicator, figs["120,000"].year, figs["120,000"].relation) == ("poverty_reduction", 2016, None)
    assert (figs["100,000"].year, figs["100,000"].relation) == (2017, "target")


@pytest.mark.parametrize("sentence, number, year", [
    # "last year's" opens the figure's own words: that year's level
    ("The central government allocated 51.2 billion yuan this year, up 8 percent from last year's 47.4 billion yuan.",
     "47.4 billion", 2016),
    # "in the same year" takes the year the sentence before dated its levels with
    ("The province moved 54,300 rural residents out of mountain villages last year. In the same year it also "
     "took the poverty label off the 12 counties in its north.", "12", 2016),
    # a level followed by "a year earlier" is the year before the sentence's
    ("Provincial poverty funds reached 2.1 billion yuan last year, compared with 1.8 billion yuan a year earlier.",
     "1.8 billion", 2015),
])
def test_a_figure_s_own_words_name_its_relative_year(sentence, number, year):
    text = "Poverty funds grow\n\nJINAN, Feb. 3, 2017 -- " + sentence
    fig = {f.number_text: f for f in extract_figures(text).figures}[number]
    assert (fig.year, fig.cumulative) == (year, False)


@pytest.mark.parametrize("sentence, number, indicator", [
    ("The county's 1,200 poverty-alleviation workshops employed 31,000 poor people so far this year.",
     "31,000", "jobs_provided"),
    ("A total of 1.9 million registered poor people have risen above the poverty line since 2016.",
     "1.9 million", "poverty_reduction"),
    # "moved" settles it over the words naming who was moved
    ("The province moved 54,300 rural residents out of remote mountain villages last year.", "54,300",
     "people_relocated"),
    # a change of an amount takes what the amount measures, not what its conversion in brackets did
    ("This year, budgets at the provincial level have put 9.2 billion yuan (about 1.3 billion U.S. dollars) "
     "into poverty alleviation, up 14 percent from last year.", "14", "gov_poverty_funds"),
])
def test_news_phrasing_names_the_indicator(sentence, number, indicator):
    text = "Poverty work advances\n\nJINAN, Dec. 3, 2018 -- " + sentence
    fig = {f.number_text: f for f in extract_figures(text).figures}[number]
    assert fig.indicator == indicator


def test_a_since_clause_with_in_late_sums_up_years():
    text = ("Poverty work advances\n\nBEIJING, Oct. 12, 2015 -- Since the targeted strategy was put forward in "
            "late 2013, more than 21 million rural people have escaped poverty, the office said.")
    fig = {f.number_text: f for f in extract_figures(text).figures}["21 million"]
    assert (fig.indicator, fig.cumulative, fig.year) == ("poverty_reduction", True, 2015)
