"""Periods: the year each figure describes, whether it is cumulative, and base years."""

import pytest

from pairaid_etl.extract import extract_figures


def figure(text: str, number: str, year: int = 2010):
    ex = extract_figures(text, bulletin_year=year)
    found = [f for f in ex.figures if f.number_text == number]
    assert found, f"{number!r} not extracted from {text!r}: {[f.number_text for f in ex.figures]}"
    return found[0]


@pytest.mark.parametrize("text, number, year", [
    ("In 2011, the city built 9 schools.", "9", 2011),
    ("The city built 9 schools.", "9", 2010),
    ("It has 86 counties. In 2008, the poor numbered 4.4 million. It has 43 key villages.", "43", 2010),
    ("In 2008, the poor numbered 4.4 million. It has 43 key villages.", "43", 2008),
    ("The poor fell from 82.49 million in 2013 to 70.17 million.", "82.49 million", 2013),
    ("The poor fell from 6.3 million to 5.9 million.", "6.3 million", 2009),
    ("The poor fell from 6.3 million to 5.9 million.", "5.9 million", 2010),
    ("It set up planting bases of 50,000 mu in 2009.", "50,000", 2009),
    ("From 2001 to 2008, 8145 new villages were built.", "8145", 2008),
    ("Funds grew to 300 million Yuan, 20 million Yuan more than that in 2009.", "20 million", 2010),
])
def test_it_finds_the_year(text, number, year):
    """It dates a figure by its sentence, a year right after it, or the bulletin."""
    assert figure(text, number).year == year


@pytest.mark.parametrize("text, number, cumulative", [
    ("In 2010, Beijing donated a total of 24.48 million Yuan.", "24.48 million", False),
    ("As of the end of 2009, Zhejiang issued grants of 416 million Yuan in total.", "416 million", True),
    ("By the end of 2009, the region had a poor population of 917,000.", "917,000", False),
    ("From 2001 to 2010, the province put in a total of 13.46 billion Yuan.", "13.46 billion", True),
    ("Since 1996, the city has built 262 schools.", "262", True),
    ("Over the past 14 years, the city built 262 schools.", "262", True),
    # the perfect with the sentence's one year is that year's: analysts read "In 2010, ... had
    # donated" as 2010's aid (the dev gold marks it cumulative; the analysts' questions do not)
    ("In 2010, besides the 4 billion Yuan issued, Liaoning had donated 1.9 billion Yuan.", "1.9 billion", False),
    ("Liaoning had donated 1.9 billion Yuan to the paired areas.", "1.9 billion", True),
    ("From 2001 to 2008, per capita income rose by 21.8%.", "21.8", False),
    ("The city allocated annual relief funds of 100 million Yuan.", "100 million", False),
])
def test_it_knows_when_a_figure_totals_several_years(text, number, cumulative):
    """It marks flows over a multi-year period as cumulative, never levels or rates."""
    assert figure(text, number).cumulative is cumulative


def test_a_statistics_run_keeps_its_opening_period():
    """A sentence continuing a run of statistics keeps the cumulative period that opened it."""
    text = ("As of the end of 2009, the city built 280 villages in total. "
            "The 280 villages benefited 180,000 farmers.\n\n")
    assert figure(text, "180,000", 2009).cumulative is True


def test_a_paragraph_opener_governs_later_sentences():
    """A period named before any figure of a paragraph governs its period-less sentences."""
    text = "【Review】 From 2001 to 2008, the poor fell by 4.9 million. Per capita GDP grew 2.36 times."
    fig = figure(text, "2.36", 2009)
    assert (fig.year, fig.base_year) == (2008, 2001)


@pytest.mark.parametrize("text, number, year", [
    # "on the year before" is what a change is compared with, not the period of what follows it
    ("In 2010, Hebei invested 2.37 billion Yuan of anti-poverty funds, up 21.5% on the year before, "
     "of which 1.56 billion Yuan came from the central government.", "1.56 billion", 2010),
    # a year of prices is no period ("2009 constant prices")
    ("Measured by the line of 2,300 Yuan (2009 constant prices), the province had 1.1 million rural poor "
     "at the end of 2010, and the incidence of poverty went down from 9.1% to 8.2%.", "8.2", 2010),
    # a programme's range that ends after the bulletin's year does not date a reported level
    ("The province has 3,000 key poor villages selected for the 2011-2020 period.", "3,000", 2010),
])
def test_comparisons_and_programmes_do_not_date_figures(text, number, year):
    fig = figure(text, number)
    assert (fig.year, fig.cumulative) == (year, False)


def test_a_target_keeps_its_plan_end_year():
    fig = figure("The province plans to relocate 20,000 people in the 2011-2015 period.", "20,000")
    assert (fig.relation, fig.year) == ("target", 2015)


@pytest.mark.parametrize("text, number, year, cumulative", [
    # a plan's period after a lead is its five years
    ("During the 11th Five-Year Plan period the province reduced its rural poor by a total of 1.63 million.",
     "1.63 million", 2010, True),
    # ... but a plan naming a year, or a document's title, is no period
    ("In 2010, the last year of the 11th Five-Year Plan, the city built 20 schools.", "20", 2010, False),
    # a year in a since-clause after a figure is where the total starts, not its year
    ("By the end of 2010, the city had accumulated assistance of 231 million Yuan since the pairing started in "
     "1996.", "231 million", 2010, True),
])
def test_plan_periods_and_since_clauses(text, number, year, cumulative):
    fig = figure(text, number)
    assert (fig.year, fig.cumulative) == (year, cumulative)


def test_a_country_that_only_says_where_a_province_lies_is_not_a_place_of_the_figure():
    text = ("Jiangsu aid helps Qinghai\n\nXINING, Dec. 3, 2020 -- Over the past five years, east China's Jiangsu "
            "Province has provided 3.86 billion yuan in fiscal aid to northwest China's Qinghai Province.")
    fig = figure(text, "3.86 billion", 2020)
    assert (fig.donor, fig.province, fig.cumulative) == ("Jiangsu", "Qinghai", True)


NEWS = "Hebei news\n\nSHIJIAZHUANG, Dec. 9, 2020 -- "


@pytest.mark.parametrize("text, number, year, cumulative", [
    # "since the end of 2013" starts a total
    (NEWS + "Hebei has lifted 6.25 million registered poor people out of poverty since the end of 2013.",
     "6.25 million", 2020, True),
    # "so far this year" is this year's
    (NEWS + "So far this year, the province has trained 186,000 poor laborers.", "186,000", 2020, False),
    # "over the same period": the period of the levels before it
    (NEWS + "The rural poor fell from 99.6 million at the end of 2012 to 5.47 million at the end of last year, and "
     "the poverty incidence dropped from 10.4 percent to 0.6 percent over the same period.", "10.4", 2012, False),
    (NEWS + "The rural poor fell from 99.6 million at the end of 2012 to 5.47 million at the end of last year, and "
     "the poverty incidence dropped from 10.4 percent to 0.6 percent over the same period.", "0.6", 2019, False),
    # a day with no year in a dated article is of its year
    (NEWS + "The rural poor fell to 5.47 million at the end of last year. By Nov. 23, all 832 poor counties had "
     "been removed from the list.", "832", 2020, False),
    # a reduction between the levels of two years in a row is that year's
    ("By the end of 2010, the rural poor had decreased from 2.02 million at the end of 2009 to 1.688 million, a "
     "reduction of 332,000.", "332,000", 2010, False),
])
def test_news_periods(text, number, year, cumulative):
    fig = figure(text, number, year=None if text.startswith("Hebei news") else 2010)
    assert (fig.year, fig.cumulative) == (year, cumulative)


@pytest.mark.parametrize("text, number, year, cumulative", [
    # "last year" right after a figure dates it alone
    (NEWS + "This year alone, Hebei lifted 150,000 people out of poverty, after 180,000 last year.", "180,000",
     2019, False),
    # "in 2012" right after a figure is that year's, whatever else its sentence sums up
    ("Hebei relocated 21,460 households with 78,150 people in 2010; since 2008, it has relocated 141,600 people.",
     "78,150", 2010, False),
    # a since-clause after a semicolon starts a total; a since later in the clause makes a total
    ("The province relocated 12,000 people in 2010; since relocation began in 2004, the province has relocated "
     "293,400 people in total.", "293,400", 2010, True),
    (NEWS + "By the end of this year, a total of 628,000 poor people in Hebei had shaken off poverty since 2016.",
     "628,000", 2020, True),
    # a span after a clause that ended is the next figure's; it ends now, not at another figure's year
    (NEWS + "Together with the 255,000 people resettled last year, the number of poor residents relocated in the "
     "province over the past two years has reached 531,000.", "531,000", 2020, True),
    # a change compared with "the end of 2012" is not of 2012
    ("At the end of 2010 the rural poor numbered 5.23 million, 0.71 million less than at the end of 2009.",
     "0.71 million", 2010, False),
])
def test_figure_local_periods(text, number, year, cumulative):
    fig = figure(text, number, year=None if text.startswith("Hebei news") else 2010)
    assert (fig.year, fig.cumulative) == (year, cumulative)


def test_an_earlier_level_a_year_earlier_is_dated_by_its_own_words():
    fig = figure("The rural poor numbered 5.52 million at the end of 2010, down from 6.92 million a year earlier.",
                 "6.92 million")
    assert (fig.relation, fig.year, fig.period_rule) == ("from", 2009, "period.year_earlier")


@pytest.mark.parametrize("text, number, year", [
    # "at the end of 2013" opening a clause after a comma dates that clause
    ("According to the registration of poor households, at the end of 2013 the city had 402,100 poor people.",
     "402,100", 2013),
    # a quoted name glued to a heading's bracket ('Project"】') closes its quote: later years count
    ('【Relocation under the "Happy Homes Project"】In 2012, the province relocated 52,300 people. '
     'Up to the end of 2012, the "Happy Homes Project" had relocated 1.1 million people.', "1.1 million", 2012),
])
def test_clause_openers_and_quoted_names_in_headings(text, number, year):
    fig = figure(text, number, 2014)
    assert fig.year == year
    assert fig.cumulative == (number == "1.1 million")
