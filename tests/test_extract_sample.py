"""The sample bulletin is extracted completely, with no false positives."""

from pathlib import Path

import pytest

from pairaid_etl.extract import extract_figures

SAMPLE = Path(__file__).parents[1] / "raw" / "zhejiang-sichuan-2010.txt"


@pytest.fixture(scope="module")
def extraction():
    if not SAMPLE.exists():
        pytest.skip("sample bulletin not present")
    return extract_figures(SAMPLE.read_text(encoding="utf-8"), source_name=str(SAMPLE))


def test_at_least_thirty_figures(extraction):
    assert len(extraction.figures) >= 30


@pytest.mark.parametrize("number_text, value, unit, qualifier", [
    ("32.33 million", 32330000, "CNY", "exact"),
    ("50,000", 50000, "mu", "more_than"),
    ("66.9", 66.9, "km", "exact"),
    ("9,767", 9767, "count", "exact"),
])
def test_key_figures(extraction, number_text, value, unit, qualifier):
    assert any((f.number_text, f.value, f.unit, f.qualifier) == (number_text, value, unit,
                                                                  qualifier)
               for f in extraction.figures)


def test_no_years_names_or_footer_numbers(extraction):
    texts = {f.text for f in extraction.figures}
    assert not texts & {"2009", "2010", "2011", "1", "10", "84419655", "84419658"}
    assert all(f.year == 2010 for f in extraction.figures)
