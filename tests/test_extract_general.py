"""Constructions beyond the dev bulletins, in hand-written bulletin-style sentences:
irregular plurals and mass nouns, wider qualifier, currency and unit spellings, glued and
hyphenated forms, spelled-out numbers, ranges with a repeated unit, post-posed
qualifiers, implicit money, and the common forms of years, dates, names and footers."""

import pytest

from pairaid_etl.extract import extract_figures


def outcome(text):
    extraction = extract_figures(text, bulletin_year=2012)
    return extraction.figures, {r.text: r.code for r in extraction.rejections}


def only(text):
    found = outcome(text)[0]
    assert len(found) == 1, [(f.text, f.unit, f.item) for f in found]
    return found[0]


KIND = {"CNY": "money", "USD": "money", "HKD": "money", "EUR": "money", "mu": "area",
        "ha": "area", "m2": "area", "km2": "area", "km": "length", "m": "length",
        "m3": "volume", "kg": "weight", "t": "weight", "jin": "weight", "percent": "percent",
        "times": "ratio", "count": "count"}


# text, number_text, value, unit, qualifier, item
CASES = [
    # irregular plurals, mass nouns and -men compounds
    ("The county enrolled 1,450 children in new kindergartens.", "1,450", 1450, "count",
     "exact", "child"),
    ("Each township hired 35 staff for its clinic.", "35", 35, "count", "exact", "staff"),
    ("The bureau sent 64 staff members to the villages.", "64", 64, "count", "exact", "member"),
    ("Herders received 2,300 head of cattle on credit.", "2,300", 2300, "count", "exact",
     "cattle"),
    ("The county handed out 5,600 sheep to relocated families.", "5,600", 5600, "count",
     "exact", "sheep"),
    ("Cooperatives raised 48,000 poultry this season.", "48,000", 48000, "count", "exact",
     "poultry"),
    ("The reservoir was stocked with 90,000 fish this spring.", "90,000", 90000, "count",
     "exact", "fish"),
    ("Breeders sold 740 calves at the autumn market.", "740", 740, "count", "exact", "calf"),
    ("The programme trained 860 herdsmen and their families.", "860", 860, "count", "exact",
     "herdsman"),
    ("A loan fund helped 215 fishermen buy boats.", "215", 215, "count", "exact", "fisherman"),
    ("Night classes reached 3,120 women in the mountain towns.", "3,120", 3120, "count",
     "exact", "woman"),
    ("The county deployed 410 medical personnel to clinics.", "410", 410, "count", "exact",
     "person"),
    ("Growers planted 1.6 million tea seedlings on the slopes.", "1.6 million", 1600000,
     "count", "exact", "seedling"),
    ("The fund paid fees for 520 poor college students.", "520", 520, "count", "exact",
     "student"),
    ("Relief grain went to 2,700 elderly in remote hamlets.", "2,700", 2700, "count", "exact",
     "person"),
    ("The county bought 18 buses for school routes.", "18", 18, "count", "exact", "bus"),
    ("Farmers harvested 40,000 potatoes from the trial plots.", "40,000", 40000, "count",
     "exact", "potato"),
    ("Workshops taught 95 craftsmen new weaving skills.", "95", 95, "count", "exact",
     "craftsman"),
    # spelled-out numbers
    ("The team built twenty-seven check dams along the gully.", "twenty-seven", 27, "count",
     "exact", "dam"),
    ("The hospital received forty two nurses from the coast.", "forty two", 42, "count",
     "exact", "nurse"),
    ("The county sent one hundred and fifty doctors to the valley.",
     "one hundred and fifty", 150, "count", "exact", "doctor"),
    ("Partner cities sent two hundred volunteers to teach.", "two hundred", 200, "count",
     "exact", "volunteer"),
    ("It relocated three thousand households from the gorge.", "three thousand", 3000,
     "count", "exact", "household"),
    ("The mission held a dozen seminars for village doctors.", "a dozen", 12, "count",
     "exact", "seminar"),
    # qualifiers
    ("The scheme lent in excess of 7,000 households seed money.", "7,000", 7000, "count",
     "more_than", "household"),
    ("Clinics screened upwards of 12,500 villagers.", "12,500", 12500, "count", "more_than",
     "villager"),
    ("The drive vaccinated roughly 31,000 children.", "31,000", 31000, "count", "approx",
     "child"),
    ("An estimated 9,400 migrants returned to farm.", "9,400", 9400, "count", "approx",
     "migrant"),
    ("Each cooperative has a minimum of 15 member households.", "15", 15, "count", "at_least",
     "household"),
    ("Each class takes a maximum of 40 trainees.", "40", 40, "count", "up_to", "trainee"),
    ("Loans not exceeding 50,000 yuan went to each household.", "50,000", 50000, "CNY",
     "up_to", None),
    ("The county relocated 600 families or more from the flood plain.", "600", 600, "count",
     "at_least", "family"),
    ("Each trainee received 800 yuan or so in allowances.", "800", 800, "CNY", "approx", None),
    ("Households earning 2,300 yuan and below were listed.", "2,300", 2300, "CNY", "up_to",
     None),
    ("The fund covered fewer than 90 villages last year.", "90", 90, "count", "less_than",
     "village"),
    ("It paid approximately RMB 4.6 million in wages.", "4.6 million", 4600000, "CNY",
     "approx", None),
    # money spellings
    ("The partner city gave CNY 18.5 million to the prefecture.", "18.5 million", 18500000,
     "CNY", "exact", None),
    ("The partner city gave 7.2 million RMB to the prefecture.", "7.2 million", 7200000,
     "CNY", "exact", None),
    ("The partner city gave Rmb3.4 million to the prefecture.", "3.4 million", 3400000, "CNY",
     "exact", None),
    ("Each pupil got ¥1,500 for books.", "1,500", 1500, "CNY", "exact", None),
    ("The bank lent USD 3 million for irrigation.", "3 million", 3000000, "USD", "exact",
     None),
    ("The foundation gave 2.5 million U.S. dollars for clinics.", "2.5 million", 2500000,
     "USD", "exact", None),
    ("A charity donated HK$4 million for schools.", "4 million", 4000000, "HKD", "exact",
     None),
    ("A charity donated 900,000 Hong Kong dollars for schools.", "900,000", 900000, "HKD",
     "exact", None),
    ("A European fund granted 1.2 million euros for water supply.", "1.2 million", 1200000,
     "EUR", "exact", None),
    ("Each family got a 3,000-yuan housing subsidy.", "3,000", 3000, "CNY", "exact", None),
    ("Tax revenue of the county hit 640 million.", "640 million", 640000000, "CNY", "exact",
     None),
    ("Per capita net income of herders reached 4,150 in the year.", "4,150", 4150, "CNY",
     "exact", None),
    # units
    ("The county built 6,800 sq. m of new classrooms.", "6,800", 6800, "m2", "exact", None),
    ("The county built 2,400sq.m of clinic floor space.", "2,400", 2400, "m2", "exact", None),
    ("Terraces covering 1,750 hectares were repaired.", "1,750", 1750, "ha", "exact", None),
    ("The reserve spans 36 sq km of grassland.", "36", 36, "km2", "exact", None),
    ("The county laid 14 kms of water pipe.", "14", 14, "km", "exact", None),
    ("Engineers laid 3,500 metres of drainage pipe.", "3,500", 3500, "m", "exact", None),
    ("The tea base covers a 2,000-mu slope.", "2,000", 2000, "mu", "exact", None),
    ("Cellars store 4,800 cubic metres of rainwater.", "4,800", 4800, "m3", "exact", None),
    ("Orchards yielded 860 metric tons of apples.", "860", 860, "t", "exact", None),
    ("Farmers sold 12tons of walnuts at the fair.", "12", 12, "t", "exact", None),
    ("Each household kept 150 kilogrammes of seed grain.", "150", 150, "kg", "exact", None),
    ("The mill bought 30,000 catties of buckwheat.", "30,000", 30000, "jin", "exact", None),
    ("Enrolment rose by 4.5 per-cent this year.", "4.5", 4.5, "percent", "exact", None),
    ("The poverty rate fell down2.6% in the year.", "2.6", 2.6, "percent", "exact", None),
    ("Coverage reached 98.2％ in the county.", "98.2", 98.2, "percent", "exact", None),
    ("Output value grew 2.4-fold over the decade.", "2.4", 2.4, "times", "exact", None),
    # a run of compound heads counts its last noun
    ("The city held 31 vocational skills training courses in the county.", "31", 31, "count", "exact", "course"),
    ("The county resettled 2,140 herdsmen households.", "2,140", 2140, "count", "exact", "household"),
]


@pytest.mark.parametrize("text, number_text, value, unit, qualifier, item", CASES,
                         ids=[c[0][:40] for c in CASES])
def test_it_reads_the_figure(text, number_text, value, unit, qualifier, item):
    figure = only(text)
    assert (figure.number_text, figure.value, figure.unit, figure.kind, figure.qualifier,
            figure.item) == (number_text, value, unit, KIND[unit], qualifier, item)
    assert text[figure.start:figure.end] == number_text


# text, value, value_high, unit
RANGES = [
    ("Yields rose 8%-12% on the trial plots.", 8, 12, "percent"),
    ("Each household got RMB 800-1,200 for roofing.", 800, 1200, "CNY"),
    ("Each township got RMB 2-3 million for roads.", 2000000, 3000000, "CNY"),
    ("Wages of 1,500 yuan-2,000 yuan a month were paid.", 1500, 2000, "CNY"),
    ("Each village dug 4~6 ponds for the dry season.", 4, 6, "count"),
]


@pytest.mark.parametrize("text, value, high, unit", RANGES, ids=[r[0][:40] for r in RANGES])
def test_a_range_with_a_repeated_or_leading_unit_is_one_figure(text, value, high, unit):
    figure = only(text)
    assert (figure.value, figure.value_high, figure.unit, figure.qualifier) == (
        value, high, unit, "range")


# text, number as written, rejection code
REJECTIONS = [
    ("During 2011~2015 the county paved roads.", "2015", "year"),
    ("In the 1990's the county paved roads.", "1990", "year"),
    ("On 23 June the partners met in the capital.", "23", "date"),
    ("On June 23, 2012 the partners met in the capital.", "23", "date"),
    ("In March 2012 the partners met in the capital.", "2012", "date"),
    ("In the Eleventh Five-Year Plan the county grew.", "Five", "name"),
    ("Under Document No.5 the county set up a fund.", "5", "name"),
    ("Pupils of Grade 3 received new desks.", "3", "name"),
    ("In Phase 2 the county expanded the park.", "2", "name"),
    ("The county copied the \"3+2\" pairing model.", "3", "name"),
    ("Contact the office\n地址: 成都市 邮编 610041", "610041", "footer"),
    ("The 21st meeting of the partners was held.", "21st", "ordinal"),
]


@pytest.mark.parametrize("text, number, code", REJECTIONS, ids=[r[0][:40] for r in REJECTIONS])
def test_it_rejects_non_figures(text, number, code):
    found, rejected = outcome(text)
    assert number not in [f.text for f in found]
    assert rejected.get(number) == code


def test_the_above_refers_back_and_qualifies_nothing():
    figure = only("The above 4 projects were finished on time.")
    assert (figure.value, figure.qualifier, figure.item) == (4, "exact", "project")


def test_a_post_qualifier_followed_by_than_belongs_to_the_next_number():
    found = outcome("It helped 300 households or more than 1,100 people.")[0]
    assert [(f.value, f.qualifier, f.item) for f in found] == [
        (300, "exact", "household"), (1100, "more_than", "person")]


def test_income_of_a_group_is_money_not_a_count_of_the_group():
    figure = only("Per capita income of rural residents rose to 3,860 last year.")
    assert (figure.unit, figure.kind, figure.item) == ("CNY", "money", None)


def test_a_count_of_people_with_income_is_still_a_count():
    figure = only("Income support reached 3,860 rural residents last year.")
    assert (figure.unit, figure.item) == ("count", "resident")
