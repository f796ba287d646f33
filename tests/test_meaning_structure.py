"""Structural rules (meaning/structure.py, meaning/places.py): what the sentence's build says."""

from __future__ import annotations

import pytest

from pairaid_etl.extract import extract_figures

PAIRING = "Fujian-Ningxia Pairing-off Poverty Alleviation\n\n"
LOCAL = "Poverty Alleviation and Development in Hebei Province\n\n"


def figure(text: str, number: str, year: int = 2012):
    found = [f for f in extract_figures(text, bulletin_year=year).figures if f.number_text == number]
    assert found, f"no figure {number!r} in {text!r}"
    return found[0]


@pytest.mark.parametrize("title, sentence, number, indicator, relation", [
    # a decrease of a stock is the reduction, stated as a level
    (LOCAL, "The number of poor people fell to 2.1 million, a decline of 350,000 in 2012.", "350,000",
     "poverty_reduction", None),
    # a share of a stock is its rate
    (LOCAL, "At the end of 2012 the province had a poor population of 2.1 million, accounting for 9.4% of its rural population.",
     "9.4", "poverty_rate", None),
    # both ends of "reduced from X to Y" are levels of the stock
    (LOCAL, "The rural poor were reduced from 2.6 million in 2011 to 2.1 million in 2012.", "2.1 million",
     "poverty_headcount", None),
    # an income upper bound defines a line
    (LOCAL, "In 2012 there were 2.1 million rural poor with per capita net income below 2300 Yuan.", "2300",
     "poverty_line", None),
    # generic funds after the donor are aid given
    (PAIRING, "In 2012, Fujian Provincial government allocated 41 million Yuan for the aided counties.", "41 million",
     "aid_funds", None),
    # ... but the recipient's own allocation stays its fiscal funds
    (PAIRING, "In 2012, Ningxia allocated 12 million Yuan of matching anti-poverty funds.", "12 million",
     "gov_poverty_funds", None),
    # the figure's own "of" complement decides over the verb
    (LOCAL, "In 2012, Hebei invested 1.2 billion Yuan of central and provincial anti-poverty funds.", "1.2 billion",
     "gov_poverty_funds", None),
    # ... even when another figure follows the phrase
    (LOCAL, "In 2012, Hebei invested 1.2 billion Yuan of central and provincial anti-poverty funds and 0.3 billion "
     "Yuan of social anti-poverty funds.", "1.2 billion", "gov_poverty_funds", None),
    # a part that names another indicator is a level of that one, not a part
    (LOCAL, "In 2012, anti-poverty funds of 80 million Yuan were raised, of which material donations valued "
     "12 million Yuan.", "12 million", "social_donations_in_kind", None),
    (LOCAL, "Hebei has 168 counties, cities and districts, including 39 key counties.", "39", "counties", None),
    (LOCAL, "Hebei has 168 counties, cities and districts, including 39 key counties.", "168", "admin_counties", None),
    # ... but the bracketed form also names aided counties
    (PAIRING, "In 2012, Fujian donated 41 million Yuan to 9 counties (cities, districts) of Guyuan.", "9", "counties", None),
    # ... while a part that only says where it came from is a part of its whole
    (PAIRING, "In 2012, Fujian donated 60 million Yuan, of which 45 million Yuan came from the provincial government.",
     "45 million", "aid_funds", "part_of"),
    # a narrower group of people is a part of the whole
    (LOCAL, "Hebei has a total population of 72 million, including 40 million rural residents.", "40 million",
     "population", "included_in"),
    # ... also when the next sentence opens with the part cue
    (LOCAL, "As of the end of 2012, Hebei had a poor population of 3.2 million. Among them, 0.9 million people "
     "lived in deep poverty.", "0.9 million", "poverty_headcount", "included_in"),
    # ... but not across a paragraph
    (LOCAL, "As of the end of 2012, Hebei had a poor population of 3.2 million.\n\nAmong them, 0.9 million people "
     "lived in deep poverty.", "0.9 million", "poverty_headcount", None),
    # each part belongs to the whole counting the same thing: people to people, households to households
    (LOCAL, "In 2012, Hebei identified 1.1 million low-income households and 3.2 million low-income people, of whom 0.4 million "
     "households and 0.9 million people lived below the provincial poverty line.", "0.9 million",
     "poverty_headcount", "part_of"),
    # a part named after "was" is what it says
    (LOCAL, "In 2012, 4.5 billion Yuan of financial anti-poverty funds was issued, of which 1.1 billion Yuan was "
     "from the central government and 1.5 billion Yuan was social poverty alleviation funds.", "1.5 billion",
     "social_donations", None),
    (LOCAL, "In 2012, 4.5 billion Yuan of financial anti-poverty funds was issued, of which 1.1 billion Yuan was "
     "from the central government and 1.5 billion Yuan was social poverty alleviation funds.", "1.1 billion",
     "gov_poverty_funds", "part_of"),
    # households counted beside the people they hold are the same group: one value per question
    (LOCAL, "In 2012, 2,150 households and 8,730 people were relocated.", "2,150", "people_relocated", "same_group"),
    (LOCAL, "In 2012, 2,150 households and 8,730 people were relocated.", "8,730", "people_relocated", None),
    (LOCAL, "In 2012, the projects benefited 8,730 people in 2,150 households.", "2,150", "people_benefited",
     "same_group"),
    (LOCAL, "In 2012 the province identified 0.5 million low-income rural households and 1.6 million low-income "
     "people.", "0.5 million", "poverty_headcount", "same_group"),
    # an amount whose "of" complement ends in growth is how much something grew, not its level
    (LOCAL, "In 2012, Hebei aimed at 5,000 Yuan of income growth for the rural households in the mountain areas.",
     "5,000", "per_capita_income", "increase"),
    # national and provincial key counties are two lists
    (LOCAL, "The province identified 62 key counties for national poverty alleviation and development and 9 key "
     "counties for provincial poverty alleviation and development.", "9", "provincial_key_counties", None),
    (LOCAL, "The province identified 62 key counties for national poverty alleviation and development and 9 key "
     "counties for provincial poverty alleviation and development.", "62", "counties", None),
    # money naming its source after a larger total of the same indicator is included in it
    (LOCAL, "In 2012, 2.3 billion Yuan of financial anti-poverty funds was invested. The funds from the central "
     "government reached 1.6 billion Yuan, and the provincial matching funds reached 90 million Yuan.", "90 million",
     "gov_poverty_funds", "included_in"),
    (LOCAL, "In 2012, 2.3 billion Yuan of financial anti-poverty funds was invested. The funds from the central "
     "government reached 1.6 billion Yuan, and the provincial matching funds reached 90 million Yuan.", "2.3 billion",
     "gov_poverty_funds", None),
    # ... not without a total before it
    (LOCAL, "In 2012, the central government arranged anti-poverty funds of 1.6 billion Yuan.", "1.6 billion",
     "gov_poverty_funds", None),
    # ... nor across paragraphs
    (LOCAL, "In 2012, 2.3 billion Yuan of financial anti-poverty funds was invested.\n\nThe funds from the central "
     "government reached 1.6 billion Yuan.", "1.6 billion", "gov_poverty_funds", None),
    # a donation whose own words name a government is aid given, in a pairing bulletin
    (PAIRING, "In 2012, Xiamen City government donated funds and materials valued 8.2 million Yuan for Guyuan and "
     "all walks of society donated materials valued 3 million Yuan.", "8.2 million", "aid_funds", None),
    # ... society's donation of materials is a donation in kind
    (PAIRING, "In 2012, Xiamen City government donated funds and materials valued 8.2 million Yuan for Guyuan and "
     "all walks of society donated materials valued 3 million Yuan.", "3 million", "social_donations_in_kind", None),
    # ... "in kind and cash" is neither
    (PAIRING, "In 2012, Fujian mobilized social forces to donate 7.1 million Yuan in kind and cash.", "7.1 million",
     "social_donations", None),
    # donations listed beside a donation in kind are the cash
    (PAIRING, "In 2012, Fujian invested 30 million Yuan of government financial assistance funds, 420,000 Yuan of "
     "social donation funds and 2.5 million Yuan of relief materials.", "420,000", "social_donations_cash", None),
    (PAIRING, "In 2012, Fujian invested 30 million Yuan of government financial assistance funds, 420,000 Yuan of "
     "social donation funds and 2.5 million Yuan of relief materials.", "30 million", "aid_funds", None),
    # an income a line's phrase names right before it is the line
    (LOCAL, "Based on the new national poverty line of 2300 Yuan of per capita net income of farmers, Hebei "
     "counted its poor.", "2300", "poverty_line", None),
    (LOCAL, "In 2012 the per capita net income of farmers reached 5,000 Yuan.", "5,000", "per_capita_income", None),
    (LOCAL, "In 2011, the national poverty line was raised to a standard of 2300 Yuan per capita net income.", "2300",
     "poverty_line", None),
    # projects that each build a new village count villages built
    (LOCAL, "In 2012, Hebei completed 410 poverty relief new village projects.", "410", "villages_built", None),
    # a quoted name between a figure and its phrase is as near as one word
    (LOCAL, "In 2012, 31,200 poor labors received the \u201cRain Plan\u201d labor transfer trainings.", "31,200",
     "people_trained", None),
    # ... but not a total whose parts in cash and in kind follow it; those are levels of their own
    (PAIRING, "In 2012, Fujian raised social donations of 7.5 million Yuan, of which 5.6 million Yuan was in cash "
     "and 1.9 million Yuan was in kind.", "7.5 million", "social_donations", None),
    (PAIRING, "In 2012, Fujian raised social donations of 7.5 million Yuan, of which 5.6 million Yuan was in cash "
     "and 1.9 million Yuan was in kind.", "5.6 million", "social_donations_cash", None),
    # a province's own list of key counties, said after the number
    (LOCAL, "Hebei has 39 national key counties and another 12 key counties designated by the provincial government.",
     "12", "provincial_key_counties", None),
    # signed projects' agreed investment is their value
    (PAIRING, "In 2012, the two sides signed 31 economic cooperation projects with agreed investment of 2.4 billion "
     "Yuan.", "2.4 billion", "cooperation_project_value", None),
    # a decrease of a stock "by X to Y": X is the reduction
    (LOCAL, "In 2012, the poverty-stricken population decreased by 300,000 to 2.5 million.", "300,000",
     "poverty_reduction", None),
    (LOCAL, "In 2012, the poverty-stricken population decreased by 300,000 to 2.5 million.", "2.5 million",
     "poverty_headcount", None),
    # ... and so is a stock "reduced by X" with no comparison
    (LOCAL, "In 2012, the number of poor people was reduced by 300,000 in Hebei.", "300,000", "poverty_reduction",
     None),
    # a share of poor people a place had is the poverty rate
    (LOCAL, "At the end of 2012, the province had 3.2 million poor people, accounting for 12% of the rural "
     "population.", "12", "poverty_rate", None),
    # ... but not when they are different measures
    (LOCAL, "In 2012, 2,150 households were relocated, and 8,730 people were trained.", "2,150", "people_relocated",
     None),
])
def test_the_sentence_structure_decides(title, sentence, number, indicator, relation):
    fig = figure(title + sentence, number)
    assert (fig.indicator, fig.relation) == (indicator, relation)


@pytest.mark.parametrize("text, province", [
    ("Fujian-Guizhou Pairing-off Poverty Alleviation\n\nIn 2012, Fujian donated 5 million Yuan to Anshun City.", "Guizhou"),
    ("Fujian-Guizhou Pairing-off Poverty Alleviation\n\nIn 2012, Fujian donated 5 million Yuan to the aided areas.", "Guizhou"),
    ("East-West Pairing-off Cooperation for Poverty Reduction\n\nIn 2012, the eastern provinces donated 5 million Yuan.", "China"),
    # a place name two provinces share is the one under the bulletin's own regions
    ("Jiangsu-Shaanxi Pairing-off Poverty Alleviation\n\nIn 2012, Jiangsu donated 5 million Yuan to Yulin.", "Shaanxi"),
    ("Guangdong-Guangxi Pairing-off Poverty Alleviation\n\nIn 2012, Guangdong donated 5 million Yuan to Yulin.", "Guangxi"),
    ("Yearbook of China's Poverty Alleviation, 2013\n\nIn 2012, Hebei invested 5 million Yuan of anti-poverty funds. "
     "Hebei built roads. Hebei built schools. Hebei trained cadres.", "Hebei"),
    ("Yearbook of China's Poverty Alleviation, 2013\n\nIn 2012, the central government arranged 5 million Yuan of "
     "anti-poverty funds.", "China"),
])
def test_a_figure_keeps_the_province_it_is_for(text, province):
    assert figure(text, "5 million").province == province


def test_a_donor_city_that_is_the_subject_is_the_donor():
    fig = figure("Shandong-Chongqing Pairing-off Poverty Alleviation\n\nIn 2012, Qingdao provided 3 million Yuan "
                 "to Chongqing.", "3 million")
    assert (fig.donor, fig.indicator, fig.province) == ("Qingdao", "aid_funds", "Chongqing")


@pytest.mark.parametrize("sentence, number, year, base_year", [
    ("The number of poor people fell to 2.1 million, down 350,000 from 2011.", "350,000", 2012, 2011),
    ("The poor population was 2.1 million at the end of 2012, 350,000 less than in 2011.", "350,000", 2012, 2011),
    ("The number of poor people fell to 2.1 million, down 350,000 from 2011.", "2.1 million", 2012, None),
])
def test_a_year_a_change_is_measured_from_is_its_base_year_not_its_year(sentence, number, year, base_year):
    fig = figure(LOCAL + sentence, number)
    assert (fig.year, fig.base_year) == (year, base_year)


def test_figures_naming_places_in_two_provinces_have_no_province():
    fig = figure("Liaoning-Qinghai Pairing-off Poverty Alleviation\n\nIn 2012, Liaoning donated 5 million Yuan to "
                 "Nagqu and Fengjie.", "5 million")
    assert fig.province is None


@pytest.mark.parametrize("text, number, field, rule", [
    (LOCAL + "The number of poor people fell to 2.1 million, down 350,000 from 2011.", "350,000",
     "indicator_rule", "structure.decrease"),
    (PAIRING + "In 2012, Fujian donated 41 million Yuan to Ningxia.", "41 million", "indicator_rule",
     "indicator.strong:donated"),
    (LOCAL + "In 2012, Hebei invested 1.2 billion Yuan of central and provincial anti-poverty funds.", "1.2 billion",
     "indicator_rule", "indicator.complement:anti-poverty funds"),
    (PAIRING + "In 2012, Fujian donated 41 million Yuan to Guyuan.", "41 million", "place_rule", "place.named_after"),
    (PAIRING + "In 2012, Fujian donated 41 million Yuan.", "41 million", "place_rule", "place.title"),
    (PAIRING + "In 2012, Fujian donated 41 million Yuan.", "41 million", "donor_rule", "donor.title"),
    (PAIRING + "As of the end of 2012, Fujian had donated 41 million Yuan in total.", "41 million", "period_rule",
     "period.as_of"),
    (PAIRING + "Fujian donated 41 million Yuan.", "41 million", "period_rule", "period.bulletin"),
])
def test_every_attribution_names_the_rule_that_made_it(text, number, field, rule):
    assert getattr(figure(text, number), field) == rule


def test_an_unknown_indicator_has_no_rule():
    fig = figure(LOCAL + "In 2012 the committee met 14 times.", "14")
    assert fig.indicator is None and fig.indicator_rule is None


def test_a_national_cue_is_a_whole_word_of_the_title():
    """'the countryside' is not 'the country': a title naming no place and no national cue
    takes the province the text names most."""
    fig = figure("Poverty Alleviation in the Countryside\n\nIn 2012, Hebei invested 5 million Yuan of anti-poverty "
                 "funds in Hebei villages.", "5 million")
    assert fig.province == "Hebei"


def test_a_bare_decline_after_a_from_to_is_the_reduction():
    text = LOCAL + ("The rural poor were reduced from 26 million at the end of 2010 to 15.5 million at the end of "
                    "2014 in the survey of the statistics bureau, a decline of more than 10 million.")
    fig = figure(text, "10 million")
    assert (fig.kind, fig.item, fig.qualifier, fig.indicator) == ("count", "person", "more_than", "poverty_reduction")


def test_since_a_year_then_of_which_in_a_year_is_cumulative_then_annual():
    text = LOCAL + ("Since 2001, more than 7.2 million rural poor people in Hebei have been lifted out of poverty, "
                    "of which 1.1 million in 2012.")
    whole, part = figure(text, "7.2 million"), figure(text, "1.1 million")
    assert (whole.indicator, whole.year, whole.cumulative) == ("poverty_reduction", 2012, True)
    # the part of another period is that period's own level, not a part the views leave out
    assert (part.indicator, part.year, part.cumulative, part.relation) == ("poverty_reduction", 2012, False, None)


def test_a_strong_verb_after_its_subject_figure_decides_but_not_across_a_comma():
    text = LOCAL + "In 2012, 52,000 poor people in the mountain areas of Hebei were relocated."
    assert figure(text, "52,000").indicator == "people_relocated"
    text = LOCAL + "In 2012, the plan covered 52,000 poor people in the mountain areas, and villages were relocated."
    assert figure(text, "52,000").indicator != "people_relocated"


def test_a_national_standard_quoted_by_a_province_is_the_countrys():
    text = LOCAL + "Based on the new national poverty line of 2300 Yuan of per capita net income, Hebei counted its poor."
    fig = figure(text, "2300")
    assert (fig.indicator, fig.province, fig.recipient, fig.place_rule) == (
        "poverty_line", "China", "China", "place.national_measure")
    text = LOCAL + "Hebei set a provincial poverty line of 2800 Yuan of per capita net income."
    assert figure(text, "2800").province == "Hebei"


def test_money_issued_to_support_a_place_is_aid_and_a_total_over_provinces_is_no_ones():
    text = PAIRING + ("In 2012, besides the 2 billion Yuan issued to support Pengyang County of Ningxia, Fujian had "
                      "donated 900 million Yuan for the above areas, of which 300 million Yuan was for Guyuan of "
                      "Ningxia and 250 million Yuan for Naqu of Tibet.")
    assert figure(text, "2 billion").indicator == "aid_funds"
    whole = figure(text, "900 million")
    assert (whole.province, whole.recipient, whole.place_rule) == (None, None, "place.parts_in_several_provinces")
    assert figure(text, "250 million").province == "Tibet"


def test_in_a_national_bulletin_the_provinces_money_is_no_provinces_and_not_the_countrys():
    text = ("Review of Poverty Alleviation and Development in China, 2013\n\nIn 2013, the central government "
            "arranged special poverty-relief funds of 39.4 billion yuan, and the provincial governments arranged "
            "special anti-poverty funds of 20.9 billion yuan.")
    central, provincial = figure(text, "39.4 billion"), figure(text, "20.9 billion")
    assert (central.indicator, central.province) == ("gov_poverty_funds", "China")
    assert (provincial.province, provincial.place_rule) == (None, "place.subnational")


def test_a_bare_number_after_numbered_counts_the_people_said_before_not_yuan():
    text = LOCAL + "The rural poor with annual per capita net income below 1196 Yuan numbered 35.97 million."
    fig = figure(text, "35.97 million")
    assert (fig.kind, fig.item) == ("count", "person")
    assert fig.indicator != "per_capita_income"


@pytest.mark.parametrize("sentence, number, indicator, relation, year", [
    # "down from" after a level: the earlier level, a year before
    ("By the end of 2012, the number of poor people in rural Hebei stood at 3.83 million, down from 4.36 million "
     "a year earlier.", "4.36 million", "poverty_headcount", "from", 2011),
    # a part cue opening its sentence ("Of this, ...") divides the sentence before
    ("In 2012, a total of 2.65 billion Yuan of financial anti-poverty funds was arranged for Hebei. Of this, "
     "1.48 billion Yuan came from the central government.", "1.48 billion", "gov_poverty_funds", "included_in", 2012),
    # a part cue followed by a list of things, not by the figure, makes no part
    ("In 2012, donations in cash amounted to 4.72 million Yuan, and donations in kind, including clothes, quilts, "
     "books and medical equipment, were worth 2.31 million Yuan.", "2.31 million", "social_donations_in_kind", None,
     2012),
    # "was in materials" names a part in kind
    ("Hebei raised social donations of 11.8 million Yuan in 2012, of which 7.9 million Yuan was in cash and "
     "3.6 million Yuan was in materials.", "3.6 million", "social_donations_in_kind", None, 2012),
])
def test_more_sentence_structures(sentence, number, indicator, relation, year):
    fig = figure(LOCAL + sentence, number)
    assert (fig.indicator, fig.relation, fig.year) == (indicator, relation, year)


def test_a_sentence_opening_since_clause_does_not_date_the_paragraph_by_its_start_year():
    text = PAIRING + ("Since the pairing relationship between Fujian and Ningxia was set up in 1996, Fujian has "
                      "regarded the task as long-term. In 2012, Fujian allocated 63.5 million Yuan of aid funds to "
                      "Ningxia. With these funds, 14 schools were built.")
    assert figure(text, "14").year == 2012


@pytest.mark.parametrize("text, number, indicator, relation", [
    # an amount converted into another currency in brackets is the same amount
    (PAIRING + "In 2012, Fujian allocated 2.1 billion yuan (about 333 million U.S. dollars) of aid to Ningxia.",
     "333 million", "aid_funds", "same_group"),
    # money no phrase names and no verb of giving governs is not aid ("earning ... a month")
    (PAIRING + "In 2012, 18,000 workers from Ningxia found jobs in Fujian, earning an average of 3,100 yuan a month.",
     "3,100", None, None),
    # a share of a group ("600 of the key poor villages") counts the group
    (LOCAL + "Supported by these funds, 600 of the key poor villages launched entire village advancement in 2012.",
     "600", "villages_supported", None),
    # a count saying where another figure is gets no guessed indicator
    (LOCAL + "In 2012, drinking water projects brought safe tap water to about 2,100 people of 11 villages.",
     "11", None, None),
])
def test_what_a_figure_is_not(text, number, indicator, relation):
    fig = figure(text, number)
    assert (fig.indicator, fig.relation) == (indicator, relation)


def test_one_of_the_is_an_idiom_not_a_count():
    from pairaid_etl.extract import extract_figures
    text = LOCAL + "Support for Guizhou is one of the important tasks of the city."
    assert not [f for f in extract_figures(text, bulletin_year=2012).figures if f.number_text == "one"]


def test_poor_people_a_place_had_are_its_poor_population_but_not_poor_people_helped():
    text = LOCAL + "Hebei, home to rugged mountains, had 2.8 million rural poor people at the end of 2012."
    assert figure(text, "2.8 million").indicator == "poverty_headcount"
    text = LOCAL + "In 2012, the projects helped 280,000 rural poor people."
    assert figure(text, "280,000").indicator != "poverty_headcount"


@pytest.mark.parametrize("title, sentence, number, field, value", [
    # a charity's donation is a social donation, not the donor government's aid
    (PAIRING, "In 2012, the Xiamen Charity Federation donated 4.8 million Yuan to Ningxia.", "4.8 million",
     "indicator", "social_donations"),
    (PAIRING, "In 2012, Fujian donated 4.8 million Yuan to Ningxia.", "4.8 million", "indicator", "aid_funds"),
    # an amount in brackets in another currency is the same amount, and what follows is of the yuan
    (PAIRING, "In 2012, Fujian allocated 32.5 million Yuan (about US$5.2 million) of aid funds to Ningxia, "
     "of which 20.3 million Yuan went to industry.", "5.2 million", "relation", "same_group"),
    # "the rural poor numbered" is the poor population; "down from" is in the unit before it
    (LOCAL, "The rural poor of Hebei numbered 6.61 million at the end of 2012, down from 8.04 million at the "
     "end of 2011, measured by the line of 2,300 Yuan of per capita net income.", "6.61 million", "indicator",
     "poverty_headcount"),
    (LOCAL, "Measured by the line of 2,300 Yuan of per capita net income, the rural poor numbered 6.61 million "
     "at the end of 2012, down from 8.04 million at the end of 2011.", "8.04 million", "kind", "count"),
    # places given as examples of what a figure counts are not where it is
    (LOCAL, "Earlier this year, 26 counties, including Lankao in Henan Province and Jinggangshan in Jiangxi "
     "Province, were removed from the poverty list.", "26", "province", "Hebei"),
    # the perfect sums up nothing when the sentence names its one year
    (PAIRING, "In 2012, Fujian had donated 1.9 billion Yuan to Ningxia.", "1.9 billion", "cumulative", False),
    (PAIRING, "Since 2008, Fujian had donated 1.9 billion Yuan to Ningxia.", "1.9 billion", "cumulative", True),
])
def test_more_attributions(title, sentence, number, field, value):
    assert getattr(figure(title + sentence, number), field) == value


@pytest.mark.parametrize("sentence, number, expected", [
    # a part written before its cue ("1.43 million of whom") points at the whole before it and
    # takes its date and indicator
    ("Hebei still had 1.65 million poor people at the end of 2011, 1.43 million of whom lived in Zhangjiakou.",
     "1.43 million", ("poverty_headcount", "part_of", 2011)),
    # ... but "50 of which are national key counties" names a narrower scope: a level
    ("The province has 66 poverty-stricken counties, 50 of which are national key counties.", "50",
     ("counties", None, 2012)),
    # a government that spent money on poverty reduction spent its anti-poverty funds
    ("The provincial government spent 9.84 billion yuan on poverty reduction in 2012.", "9.84 billion",
     ("gov_poverty_funds", None, 2012)),
    # a count that is the subject of a target cue after it is a target
    ("Fourteen counties are expected to shed the poverty label this year.", "Fourteen", ("counties", "target", 2012)),
    # the head of a place's name ("Qiqihar City") is not what a part counts
    ("During the year Hebei lifted 312,000 people out of poverty, of which 86,400 were in Chengde City.", "86,400",
     ("poverty_reduction", "part_of", 2012)),
])
def test_parts_scopes_and_targets(sentence, number, expected):
    fig = figure(LOCAL + sentence, number)
    assert (fig.indicator, fig.relation, fig.year) == expected


@pytest.mark.parametrize("title, sentence, number, expected", [
    # words naming what is counted yield to a verb that settles what happened to it
    (LOCAL, "Since 2008, a total of 1.02 million rural people in the province have been lifted out of poverty.",
     "1.02 million", ("poverty_reduction", True, 2012)),
    # a weak cue ("in total") sums up nothing in a year's own words, nor alone
    (LOCAL, "In 2012, enterprises and citizens donated 42.6 million Yuan in total.", "42.6 million",
     ("social_donations", False, 2012)),
    (LOCAL, "Enterprises and citizens donated 42.6 million Yuan in total.", "42.6 million",
     ("social_donations", False, 2012)),
    # "in four years" is a span
    (LOCAL, "A total of 5.5 million people were lifted out of poverty in four years.", "5.5 million",
     ("poverty_reduction", True, 2012)),
    # "from 1996 to the end of 2012" is a range, and the next sentence's perfect sums it up too
    (PAIRING, "From 1996 to the end of 2011, Fujian provided 1.05 billion Yuan of aid funds to Ningxia. "
     "A total of 172,000 Ningxia labourers have been organized to work in Fujian.", "172,000",
     ("labour_transferred", True, 2011)),
    # a part whose own clause names one year is that year's
    (LOCAL, "Since 2008, the province has moved 176,000 people, of whom 62,800 people were relocated last year.",
     "62,800", ("people_relocated", False, 2011)),
    # a sentence with no period after one dated "last year" is of that year
    (LOCAL, "Hebei had 2.8 million rural poor people at the end of last year. The poverty incidence fell to 7.75 "
     "percent.", "7.75", ("poverty_rate", False, 2011)),
    (LOCAL, "Hebei had 2.8 million rural poor people at the end of 2010. It has 39 key counties.", "39",
     ("counties", False, 2012)),
])
def test_periods_of_parts_spans_and_sentences(title, sentence, number, expected):
    fig = figure(title + sentence, number)
    assert (fig.indicator, fig.cumulative, fig.year) == expected


@pytest.mark.parametrize("title, sentence, number, expected", [
    # things valued in money are donations in kind; a charity's cash is its cash
    (PAIRING, "Fujian enterprises and citizens also donated materials worth 3.2 million Yuan, including winter "
     "clothes, and cash of 1.85 million Yuan.", "3.2 million", ("social_donations_in_kind", None)),
    (PAIRING, "Fujian enterprises and citizens also donated materials worth 3.2 million Yuan, including winter "
     "clothes, and cash of 1.85 million Yuan.", "1.85 million", ("social_donations_cash", None)),
    (PAIRING, "The Xiamen Charity Federation donated 4.8 million Yuan, including teaching equipment and medicines "
     "worth 1.9 million Yuan.", "1.9 million", ("social_donations_in_kind", None)),
    # ... but a government's donation of things is still its aid
    (PAIRING, "Xiamen City government donated funds and materials valued 16.4 million Yuan.", "16.4 million",
     ("aid_funds", None)),
    # a national low-income standard is a poverty line; a province's fiscal aid is aid
    (LOCAL, "Under the national low-income standard of 1,274 Yuan, the province had 2.39 million poor.", "1,274",
     ("poverty_line", None)),
    (LOCAL, "The eastern provinces provided 6.28 billion yuan of fiscal aid to Hebei last year.", "6.28 billion",
     ("aid_funds", None)),
    # registered poor households and their people are the poor population
    (LOCAL, "Through the registration of poor households, the province identified 518,600 poor households with "
     "1.35 million people at the end of 2012.", "1.35 million", ("poverty_headcount", None)),
    # a village built is a village built
    (PAIRING, "It built 240 well-off demonstration villages in Ningxia.", "240", ("villages_built", None)),
    (LOCAL, "In 2012, the special financial funds for poverty alleviation invested in Hebei totaled 6.38 billion "
     "Yuan.", "6.38 billion", ("gov_poverty_funds", None)),
    (LOCAL, "At the end of 2012 the rural poor numbered 5.23 million, 0.71 million less than at the end of 2011.",
     "0.71 million", ("poverty_reduction", None)),
    (PAIRING, "All walks of life in Xiamen donated cash of 6.35 million Yuan to Ningxia.", "6.35 million",
     ("social_donations_cash", None)),
    (PAIRING, "Xiamen helped 3,210 poor laborers in Ningxia achieve employment, of whom 860 were transferred to "
     "Xiamen and other parts of Fujian.", "860", ("labour_transferred", None)),
    # "have" after a count is an auxiliary, not a population
    (LOCAL, "Over the past four years, 266,000 people have been moved to new homes.", "266,000",
     ("people_relocated", None)),
    # "N fewer than ..." after a count of the poor is the reduction, in the count's noun
    (LOCAL, "At the end of 2012 the province had 1.38 million rural poor, 212,000 fewer than at the end of 2011.",
     "212,000", ("poverty_reduction", None)),
    (LOCAL, "The rural poor fell to 6.25 million at the end of 2013, 1.25 million people fewer than a year earlier.",
     "1.25 million", ("poverty_reduction", None)),
    # an income taken "as" a line is the line
    (LOCAL, "Taking a per capita net income of 1,800 Yuan as the provincial poverty line, it identified 2,100 poor villages.",
     "1,800", ("poverty_line", None)),
    (LOCAL, "From 2006 to 2010, a total of 2.4 million rural poor people got rid of poverty.", "2.4 million",
     ("poverty_reduction", None)),
    # a verb before the number settles what the people it counts had done for them
    (LOCAL, "In 2012, the drinking water safety problem was solved for 640,000 rural people.", "640,000",
     ("drinking_water_people", None)),
    # a phrase inside the "of" complement of a strong head is not what the figure measures
    (LOCAL, "In 2010, the per capita net income of the poor households under assistance reached 3,400 Yuan.",
     "3,400", ("per_capita_income", None)),
    # "the figure" is what the figure before it measured
    (LOCAL, "The per capita net income of farmers in the 20 poor counties was 5,100 Yuan; in the 12 key "
     "counties the figure was 4,700 Yuan.", "4,700", ("per_capita_income", None)),
    # cash and materials together are the donations, not the part in kind
    (PAIRING, "In 2012, all sectors of Fujian society donated cash and materials worth 5.2 million Yuan.",
     "5.2 million", ("social_donations", None)),
    # the donor's own investment in a place it names is aid; its enterprises' is investment
    (PAIRING, "In 2012, Fujian invested a total of 64 million Yuan in Guyuan.", "64 million", ("aid_funds", None)),
    (PAIRING, "In 2012, 11 Fujian enterprises invested 64 million Yuan in Guyuan.", "64 million", ("investment", None)),
    (PAIRING, "For the cooperative industrial park in Guyuan, Fujian put in 64 million Yuan in infrastructure.",
     "64 million", ("investment", None)),
])
def test_donations_funds_lines_and_counts(title, sentence, number, expected):
    fig = figure(title + sentence, number)
    assert (fig.indicator, fig.relation) == expected


def test_another_province_giving_in_a_local_article_is_the_donor():
    text = ("Poverty Alleviation in Xinjiang\n\nAid from the paired provinces reached 16.8 billion yuan last year. "
            "Shanghai, which helps four counties in Kashgar Prefecture, provided 2.15 billion yuan.")
    fig = figure(text, "2.15 billion", 2019)
    assert (fig.indicator, fig.donor, fig.province, fig.year) == ("aid_funds", "Shanghai", "Xinjiang", 2018)


def test_where_people_found_jobs_is_not_where_the_figure_is():
    fig = figure(LOCAL + "The Rain Plan trained 63,800 young people, and 52,100 of the graduates found jobs in "
                 "Beijing, Tianjin and the coastal cities.", "52,100")
    assert (fig.indicator, fig.province) == ("labour_transferred", "Hebei")  # jobs in another province


@pytest.mark.parametrize("sentence, indicator", [
    ("In 2012, 27,190 people found jobs.", "jobs_provided"),
    ("In 2012, 27,190 relocated people found jobs outside the province.", "labour_transferred"),
    ("In 2012, 27,190 laborers of Chengde were employed in Suzhou enterprises.", "labour_transferred"),
])
def test_jobs_found_in_another_province_are_labour_transferred(sentence, indicator):
    assert figure(LOCAL + sentence, "27,190").indicator == indicator


@pytest.mark.parametrize("title, sentence, number, expected", [
    # a sentence opening "At the end of 2011," is dated by it
    (LOCAL, "At the end of 2011, measured by the new line, the province had 771,000 rural poor.", "771,000",
     ("poverty_headcount", None, 2011)),
    # the low-income population is the poor population; its decrease is the reduction
    (LOCAL, "Throughout the year, the low-income population decreased by 86,300.", "86,300",
     ("poverty_reduction", None, 2012)),
    # "of which 34 are key counties": a narrower scope, a level; "of which 86,400 were in X" is a part
    (LOCAL, "Hebei has 74 counties, of which 34 are key counties.", "34", ("counties", None, 2012)),
    # "33,500 of them", "including 92,000 last year": counts of what the count before counts
    (LOCAL, "The province trained 41,000 rural laborers in 2012, and 33,500 of them were transferred for "
     "employment.", "33,500", ("labour_transferred", None, 2012)),
    (LOCAL, "The province has relocated 256,000 people since 2008, including 92,000 last year.", "92,000",
     ("people_relocated", None, 2011)),  # a part of another period is that period's level
    (LOCAL, "Entire village advancement was carried out in 204 poor villages, 31 of them in Chengde.", "31",
     ("villages_supported", "included_in", 2012)),
    # registered on file, left the list, trainees, aid
    (LOCAL, "The province put 356,000 poor households with 704,000 people on file.", "704,000",
     ("poverty_headcount", None, 2012)),
    (LOCAL, "In 2012, a total of 2,015 poor villages in the province left the list.", "2,015",
     ("villages_lifted", None, 2012)),
    (LOCAL, "Beijing held 320 training sessions in Chengde, with 18,700 trainees.", "18,700",
     ("people_trained", None, 2012)),
    (LOCAL, "Zhejiang continued to help the poor areas of Hebei, providing 26 million Yuan of aid.", "26 million",
     ("aid_funds", None, 2012)),
])
def test_scopes_parts_and_phrases(title, sentence, number, expected):
    fig = figure(title + sentence, number)
    assert (fig.indicator, fig.relation, fig.year) == expected


def test_a_part_another_donor_gave_is_that_donor_s_level():
    from pairaid_etl.meaning import observe
    text = PAIRING + ("In 2012, Fujian provided 1.02 billion Yuan of financial aid funds to Ningxia, of which "
                      "Xiamen provided 513 million Yuan and Fuzhou 507 million Yuan.")
    ex = extract_figures(text, bulletin_year=2012)
    levels = {(o.donor, o.value) for o in observe(ex, text=text).observations
              if o.indicator == "aid_funds" and o.relation is None}
    assert levels == {("Fujian", 1_020_000_000), ("Xiamen", 513_000_000), ("Fuzhou", 507_000_000)}


@pytest.mark.parametrize("sentence, number, expected", [
    # money coming from a source after a larger total is included in it
    ("Hebei allocated 14.8 billion yuan of special poverty alleviation funds last year, with 6.27 billion yuan "
     "coming from the central government.", "6.27 billion", ("gov_poverty_funds", "included_in")),
    # "fell to A from B": B is the earlier level
    ("The poverty incidence fell to 1.2 percent from 2.3 percent a year earlier.", "2.3", ("poverty_rate", "from")),
    # households beside people, both parts of a total: one group
    ("Since 2008, Hebei has moved 4,620 households with 21,870 people, including 1,150 households with 5,480 "
     "people in 2012.", "1,150", ("people_relocated", "same_group")),
    # what enterprises invest in projects is cooperation
    ("Hebei enterprises signed 43 projects in Chengde with an investment of 9.7 billion Yuan.", "9.7 billion",
     ("cooperation_project_value", None)),
    ("Shandong companies invested 11.2 billion yuan in 286 projects in Hebei.", "286", ("cooperation_projects", None)),
    # ... but enterprises counted as partners do not make an investment theirs
    ("The province signed agreements with 454 enterprises for 2185 projects and an investment of 45.6 billion "
     "yuan.", "45.6 billion", ("investment", None)),
    # agriculture-related funds integrated are not the anti-poverty funds themselves
    ("The pilot counties integrated agriculture-related funds of 14.67 billion Yuan for poverty alleviation.",
     "14.67 billion", ("integrated_funds", None)),
    # "herdsmen households" counts households, the same group as the people beside it
    ("The province resettled 6,480 herdsmen households with 29,150 people in 2012.", "6,480",
     ("people_relocated", "same_group")),
    # the settling phrase before a counted noun's own name decides
    ("The city implemented entire village advancement projects in 216 key villages.", "216",
     ("villages_supported", None)),
    ("The province identified 5,000 key villages.", "5,000", ("key_villages", None)),
])
def test_sources_groups_cooperation_and_named_items(sentence, number, expected):
    fig = figure(LOCAL + sentence, number)
    assert (fig.indicator, fig.relation) == expected


@pytest.mark.parametrize("part, relation", [
    ("poor counties", "part_of"),
    # the national list of key counties is a list of its own (meaning/counties.py)
    ("key counties for national poverty alleviation", None),
])
def test_a_part_of_an_area_over_several_provinces_has_no_province_of_its_own(part, relation):
    fig = figure(LOCAL + "The contiguous areas of Guangxi and Guizhou involve 85 counties, of which 70 were "
                 f"{part}.", "70")
    assert (fig.relation, fig.province, fig.place_rule) == (relation, None, "place.part_of_area")


@pytest.mark.parametrize("sentence, number, indicator", [
    ("Last year, the province lifted 1.18 million people out of poverty, and its poverty headcount fell to 1.76 "
     "million by the end of the year.", "1.76 million", "poverty_headcount"),
    ("Since 2001, the region has relocated a total of 396,000 poor farmers and herdsmen.", "396,000",
     "people_relocated"),
    ("Entire village advancement was implemented in 420 poor villages, and 306 poor villages shed poverty upon "
     "acceptance.", "306", "villages_lifted"),
    ("It administers 101 banners, of which 31 are national key banners for poverty alleviation.", "31", "counties"),
    ("In 2012, 2,480 poor laborers were transferred to jobs in Guangdong, and another 3,150 poor people found work "
     "nearby.", "3,150", "jobs_provided"),
])
def test_more_indicators(sentence, number, indicator):
    fig = figure(LOCAL + sentence, number)
    assert fig.indicator == indicator and fig.province == "Hebei"


@pytest.mark.parametrize("title, sentence, number, expected", [
    # a government investing against poverty spends its anti-poverty funds
    (LOCAL, "This year, Hebei invested 26.9 billion yuan (about 4.1 billion U.S. dollars) of fiscal funds in "
     "poverty alleviation.", "26.9 billion", ("gov_poverty_funds", 2012)),
    # ... but money put into things named after poverty is not said to be against it
    (LOCAL, "From 2001 to 2010, Hebei put in a total of 13.46 billion Yuan for the construction of 10,491 key "
     "villages for poverty reduction.", "13.46 billion", ("investment", 2010)),
    # a gift of things valued in money is in kind
    (PAIRING, "In 2012, Xiamen hospitals sent 28 medical experts to Ningxia and donated medical equipment worth "
     "2.6 million Yuan.", "2.6 million", ("social_donations_in_kind", 2012)),
    # "at the end of 2014" a little further on dates the figure
    (LOCAL, "Through the registration of poor households, 148,000 households with 580,000 poor people were registered at the end of "
     "2011.", "580,000", ("poverty_headcount", 2011)),
])
def test_investments_gifts_and_registrations(title, sentence, number, expected):
    fig = figure(title + sentence, number)
    assert (fig.indicator, fig.year) == expected


def test_a_reduction_compared_with_the_year_before_is_that_year_s():
    fig = figure(LOCAL + "By the end of 2012, the rural poor numbered 5.23 million, 0.71 million less than at the end "
                 "of 2011.", "0.71 million")
    assert (fig.indicator, fig.year, fig.cumulative) == ("poverty_reduction", 2012, False)
