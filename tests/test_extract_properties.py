"""Properties that hold for any text: no exception, valid spans, finite values."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from pairaid_etl.extract import extract_figures

WORDS = st.sampled_from([
    "In", "2010", "over", "32.33", "million", "Yuan", "up", "3.8%", "up3.8%", "RMB10,000",
    "US$1.25", "8.9km2", "500-1,000", "person-times", "mu", "No.", "1", "+1", "(", ")",
    "nearly", "two", "thousand", "villages", "of", "the", "number", "\n", "，", "电话", "-",
    "1e400", "9" * 400, "heads", "livestock", "times", "km", "m", "to", "5", "percent",
    "points", "percentage", "May", "14", "12th", ":", "“", "”", "a", "dozen",
])


def check(text):
    extraction = extract_figures(text)
    for figure in extraction.figures:
        assert 0 <= figure.start < figure.end <= len(text)
        assert text[figure.start:figure.end] == figure.text
        assert math.isfinite(figure.value)
        assert figure.value_high is None or math.isfinite(figure.value_high)
        assert figure.canonical_value is None or math.isfinite(figure.canonical_value)
    for rejection in extraction.rejections:
        assert text[rejection.start:rejection.end] == rejection.text


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_it_never_raises_on_any_unicode_text(text):
    check(text)


@settings(max_examples=150, deadline=None)
@given(st.lists(WORDS, max_size=40).map(" ".join))
def test_bulletin_like_word_salad_gives_valid_figures(text):
    check(text)


def test_huge_numbers_are_not_figures():
    assert extract_figures("It gave " + "9" * 400 + " yuan.").figures == []
