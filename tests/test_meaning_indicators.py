"""Indicators: every example in indicators.toml picks its indicator; unknown phrasing is noted."""

import pytest

from pairaid_etl.extract import extract_figures
from pairaid_etl.knowledge import LexiconError, parse_indicators
from pairaid_etl.meaning.lexicon import load_lexicon

EXAMPLES = [(ind.code, ex) for ind in load_lexicon().indicators.values() for ex in ind.examples]


@pytest.mark.parametrize("code, sentence", EXAMPLES)
def test_each_example_picks_its_indicator(code, sentence):
    """It finds the example's indicator on at least one figure of the example sentence."""
    ex = extract_figures(sentence, bulletin_year=2010)
    assert code in {f.indicator for f in ex.figures}, [(f.number_text, f.indicator) for f in ex.figures]


@pytest.mark.parametrize("text, number, code", [
    ("Beijing built 29 schools, 86 hospitals and highroads of 312 kilometers.", "86", "hospitals"),
    ("Beijing built 29 schools, 86 hospitals and highroads of 312 kilometers.", "312", "roads_length"),
    ("It raised donations of 5.9 million Yuan in cash and 3.5 million Yuan in kind.", "3.5 million",
     "social_donations_in_kind"),
    ("It solved the drinking water problem of 320,000 people and 650,000 head of livestock.", "320,000",
     "drinking_water_people"),
    ("It organized trainings for 3,884 people and labor transfer for 3,119 people.", "3,119",
     "labour_transferred"),
    ("Henan Province lifted 1.033 million rural poor residents out of poverty.", "1.033 million",
     "poverty_reduction"),
])
def test_it_reads_the_clause(text, number, code):
    ex = extract_figures(text, bulletin_year=2010)
    assert {f.number_text: f.indicator for f in ex.figures}[number] == code


def test_unknown_phrasing_gets_no_indicator_and_a_note():
    ex = extract_figures("The town newly built six diagnostic rooms.", bulletin_year=2010)
    fig = ex.figures[0]
    assert fig.indicator is None
    assert any(n.code == "indicator_unknown" and n.start == fig.start for n in ex.notes)


def test_loading_rejects_unknown_keys():
    bad = '[[indicator]]\ncode="x"\nlabel="X"\nkind="count"\nunit="count"\nmeasure="flow"\n' \
          'description="d"\ncolour="red"\n'
    with pytest.raises(LexiconError, match="unknown keys.*colour"):
        parse_indicators(bad)


def test_every_indicator_is_well_formed():
    for ind in load_lexicon().indicators.values():
        assert ind.kind in ("money", "area", "length", "weight", "count", "percent", "ratio", "volume")
        assert ind.examples, f"{ind.code} has no example"
        assert set(ind.default_for) <= set(ind.items)


@pytest.mark.parametrize("text, number, code", [
    # the set a count is drawn from ("600 of the key poor villages") is not what it measures
    ("Supported by these funds, 600 of the key poor villages launched entire village advancement.", "600",
     "villages_supported"),
    ("The province identified 3,000 key poor villages.", "3,000", "key_villages"),
    # a verb after the item says what happened, not the word describing the item
    ("In Xingyi City, 2,150 relocated residents found factory jobs this year.", "2,150", "jobs_provided"),
    ("In 2010, 2,150 relocated residents moved into new apartments.", "2,150", "people_relocated"),
])
def test_a_count_is_what_its_verb_says(text, number, code):
    ex = extract_figures(text, bulletin_year=2010)
    assert [f.indicator for f in ex.figures if f.number_text == number] == [code]
