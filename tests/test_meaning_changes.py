"""Changes and relations: base years, parts of a whole, shares."""

import pytest

from pairaid_etl.extract import extract_figures


def by_number(text: str, year: int = 2010):
    ex = extract_figures(text, bulletin_year=year)
    return {f.number_text: f for f in ex.figures}


@pytest.mark.parametrize("text, number, base_year", [
    ("Aid reached 872.2 million yuan, up 3.8% over 2011.", "3.8", 2011),
    ("Output was 3.9 times that of 2005.", "3.9", 2005),
    ("Funds were 1.1 billion Yuan, 162 million Yuan more than that of the previous year, up 17%.", "162 million", 2009),
    ("Funds were 1.1 billion Yuan, 162 million Yuan more than that of the previous year, up 17%.", "17", 2009),
    ("Income reached 4,100 Yuan, up 15%.", "15", 2009),
    ("Income rose from 2988 Yuan to 3450 Yuan, 462 Yuan more and 15.5% up over the previous year.", "462", 2009),
    ("There was a reduction of 150,000 in the number of rural poor.", "150,000", None),
    ("The rate was 2.8 percentage points above the planned task.", "2.8", None),
    ("Income reached 3617 Yuan, up 222% over 2000 and up 12.4% over the previous year.", "222", 2000),
    ("Income reached 3617 Yuan, up 222% over 2000 and up 12.4% over the previous year.", "12.4", 2009),
    ("The rate was 27.3%.", "27.3", None),
])
def test_it_finds_the_base_year(text, number, base_year):
    """It links a change to the year compared against, defaulting to the previous year."""
    assert by_number(text)[number].base_year == base_year


def test_parts_of_a_whole_point_at_the_whole():
    figs = by_number("The city donated 32.33 million Yuan, of which 3.47 million Yuan was from units "
                     "and 28.86 million Yuan was from cities.")
    whole = figs["32.33 million"]
    assert [(figs[n].relation, figs[n].relates_to) for n in ("3.47 million", "28.86 million")] == \
        [("part_of", whole.start)] * 2
    assert whole.relation is None


@pytest.mark.parametrize("text, number, relation", [
    ("It has 26.28 million people, including 17.8 million rural people, accounting for 67.8% of the total.",
     "67.8", "share"),
    ("It trained 68,200 people, 113.67% of the scheduled tasks.", "113.67", "plan_completion"),
    ("The poor fell from 6.3 million to 5.9 million.", "6.3 million", "from"),
    ("Funds rose to 1.74 billion Yuan, up 16.1%.", "16.1", "increase"),
    ("The rate was down 1.3 percentage points.", "1.3", "decrease"),
])
def test_it_names_the_relation(text, number, relation):
    assert by_number(text)[number].relation == relation
