"""extract_figures on short hand-written sentences: units, qualifiers, ranges, items."""

import pytest

from pairaid_etl.extract import extract_figures
from pairaid_etl.extract.figures import year_from_name


def figures(text, year=2010):
    return extract_figures(text, bulletin_year=year).figures


def only(text):
    found = figures(text)
    assert len(found) == 1, [f.text for f in found]
    return found[0]


@pytest.mark.parametrize("text, number_text, value, unit, kind", [
    ("The city gave 32.33 million Yuan to the county.", "32.33 million", 32330000, "CNY", "money"),
    ("The city gave RMB 200 million to the county.", "200 million", 200000000, "CNY", "money"),
    ("The city gave RMB10,000 to each family.", "10,000", 10000, "CNY", "money"),
    ("The bank lent US$1.25 million to the county.", "1.25 million", 1250000, "USD", "money"),
    ("The bank lent $ 60 million to the county.", "60 million", 60000000, "USD", "money"),
    ("The bank lent 60 million dollars to the county.", "60 million", 60000000, "USD", "money"),
    ("Each household got ten thousand yuan.", "ten thousand", 10000, "CNY", "money"),
    ("Farmland of over 50,000 mu was improved.", "50,000", 50000, "mu", "area"),
    ("Forest of 120 hectares was planted.", "120", 120, "ha", "area"),
    ("Housing of 3,000 square meters was built.", "3,000", 3000, "m2", "area"),
    ("The reserve covers 8.9km2 in the hills.", "8.9", 8.9, "km2", "area"),
    ("The province covers 454,000 square kilometers in all.", "454,000", 454000, "km2", "area"),
    ("Roads of 66.9 kilometers were paved.", "66.9", 66.9, "km", "length"),
    ("Dikes of 800 linear meters were built.", "800", 800, "m", "length"),
    ("Grain of 389 kilograms per head was stored.", "389", 389, "kg", "weight"),
    ("It harvested 1,200 tons of grain.", "1,200", 1200, "t", "weight"),
    ("It sold 300 jin of tea.", "300", 300, "jin", "weight"),
    ("Tanks of 2,000 cubic meters were dug.", "2,000", 2000, "m3", "volume"),
    ("Income rose up3.8% over the year.", "3.8", 3.8, "percent", "percent"),
    ("Income rose 12 percent over the year.", "12", 12, "percent", "percent"),
    ("The rate fell 1.3 percentage points in the year.", "1.3", 1.3, "percent", "percent"),
    ("Output was 3.9 times the old level.", "3.9", 3.9, "times", "ratio"),
    ("Output was six times that of the old level.", "six", 6, "times", "ratio"),
])
def test_it_reads_value_and_unit(text, number_text, value, unit, kind):
    figure = only(text)
    assert (figure.number_text, figure.value, figure.unit, figure.kind) == (
        number_text, value, unit, kind)
    assert text[figure.start:figure.end] == figure.text == number_text


@pytest.mark.parametrize("text, item", [
    ("It built 24 new villages last spring.", "village"),
    ("It sent doctors for 815 person-times last spring.", "person-time"),
    ("It gave 154,600 heads of livestock to herders.", "livestock"),
    ("It signed 22 economic and trade cooperative projects.", "project"),
    ("It helped transfer 1.215 million labors last spring.", "labor"),
    ("It found jobs for 9,767 people last spring.", "person"),
    ("It covered 14 key poor counties last spring.", "county"),
    ("It supported 926 key towns last spring.", "town"),
    ("It built six schools last spring.", "school"),
    ("It trained 21 cadre trainings last spring.", "training"),
    ("It helped the 250,000 rural poor last spring.", "person"),
    ("It built 60,900 biogas digesters last spring.", "digester"),
    ("It delivered a dozen of thematic lectures.", "lecture"),
    ("There was a decline of 4,000 in the number of poor people.", "person"),
    ("The region has a population of 2.38 million, mostly farmers.", "person"),
    ("It set up 37 seedbeds last spring.", "seedbed"),
])
def test_it_names_the_counted_item(text, item):
    figure = only(text)
    assert (figure.unit, figure.kind, figure.item) == ("count", "count", item)


@pytest.mark.parametrize("text, qualifier", [
    ("It trained over 200 cadres.", "more_than"),
    ("It trained more than 200 cadres.", "more_than"),
    ("Funds exceeding 2 billion yuan were used.", "more_than"),
    ("It trained nearly 200 cadres.", "nearly"),
    ("It trained almost 200 cadres.", "nearly"),
    ("It trained close to 200 cadres.", "nearly"),
    ("It trained about 200 cadres.", "approx"),
    ("It trained some 200 cadres.", "approx"),
    ("It trained at least 200 cadres.", "at_least"),
    ("It trained no less than 200 cadres.", "at_least"),
    ("It trained up to 200 cadres.", "up_to"),
    ("It trained no more than 200 cadres.", "up_to"),
    ("It trained less than 200 cadres.", "less_than"),
    ("Incomes below 1,196 yuan were counted.", "less_than"),
    ("Income rose up 21.8% in the year.", "exact"),
    ("It gave over RMB 200 million to schools.", "more_than"),
])
def test_it_reads_qualifiers(text, qualifier):
    assert only(text).qualifier == qualifier


def test_spelled_out_number_with_scale_and_qualifier():
    figure = only("It trained nearly two thousand farmers.")
    assert (figure.number_text, figure.value, figure.qualifier, figure.item) == (
        "two thousand", 2000, "nearly", "farmer")


@pytest.mark.parametrize("text, value, high, unit", [
    ("Incomes rose 500-1,000 Yuan per person.", 500, 1000, "CNY"),
    ("The course takes 3 to 5 years in all.", 3, 5, "count"),
    ("Each project got 3-5 million yuan.", 3000000, 5000000, "CNY"),
])
def test_a_range_is_one_figure(text, value, high, unit):
    figure = only(text)
    assert (figure.value, figure.value_high, figure.unit, figure.qualifier) == (
        value, high, unit, "range")


def test_from_to_is_two_figures():
    found = figures("Income rose from 2,988 yuan to 3,450 yuan in the year.")
    assert [(f.value, f.qualifier) for f in found] == [(2988, "exact"), (3450, "exact")]


def test_implicit_money_in_a_funds_sentence():
    found = figures("Funds of 85 million Yuan were pooled (of which 10.50 million was "
                    "allocated by the office).")
    assert [(f.value, f.unit, f.rule) for f in found][1] == (10500000, "CNY", "money.implicit")


def test_canonical_values_come_from_pint():
    figure = only("Farmland of 15 mu was improved.")
    assert (figure.canonical_value, figure.canonical_unit) == (1.0, "ha")


def test_every_figure_carries_a_rule_and_the_bulletin_year():
    for figure in figures("It built 24 schools and gave 3 million yuan.", year=2012):
        assert figure.rule and figure.year == 2012


@pytest.mark.parametrize("name, year", [
    ("raw/zhejiang-sichuan-2010.txt", 2010), ("zj-sc-2009-a", 2009), ("notes.txt", None),
    ("/tmp/2011/x.txt", None), (None, None),
])
def test_year_from_source_name(name, year):
    assert year_from_name(name) == year


def test_year_inferred_from_text_when_not_given():
    found = extract_figures("In 2011, it built 24 schools. In 2011, it paved roads.").figures
    assert found[0].year == 2011


def test_from_to_gives_the_first_number_the_second_ones_unit():
    found = figures("Incomes rose from 500 to 1,000 yuan per person.")
    assert [(f.value, f.unit, f.qualifier) for f in found] == [
        (500, "CNY", "exact"), (1000, "CNY", "exact")]


def test_between_and_is_a_range():
    figure = only("Each project got between 3 and 5 million yuan.")
    assert (figure.value, figure.value_high, figure.qualifier) == (3000000, 5000000, "range")


def test_a_heading_in_brackets_does_not_hide_the_number():
    found = figures("【Overview】Five enterprises invested in the park.")
    assert [(f.text, f.item) for f in found] == [("Five", "enterprise")]


def test_more_between_number_and_noun():
    assert only("It created 2,000 more jobs in the year.").item == "job"


def test_coordinated_counts_share_their_noun():
    found = figures("It covered 2 national-level and 5 provincial-level key counties.")
    assert [(f.value, f.item) for f in found] == [(2, "county"), (5, "county")]
