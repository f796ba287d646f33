"""Numeral parsing: digits, separators, decimals, scale words, spelled-out numbers."""

from decimal import Decimal

import pytest

from pairaid_etl.extract.numbers import is_ordinal, is_spelled, parse_digits, parse_number


@pytest.mark.parametrize("text, expected", [
    ("9,767", 9767),
    ("13300", 13300),
    ("85.50", Decimal("85.50")),
    ("1.215 million", 1215000),
    ("32.33 million", 32330000),
    ("1.987 billion", 1987000000),
    ("10 thousand", 10000),
    ("ten thousand", 10000),
    ("two", 2),
    ("two thousand", 2000),
    ("twenty - five", 25),
    ("one hundred twenty", 120),
    ("a dozen", 12),
    ("1,183,000", 1183000),
    ("one hundred and fifty", 150),
    ("two hundred fifty thousand", 250000),
    ("forty two", 42),
])
def test_it_parses_numerals(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["abc", "1,2,3", "", "1.2.3", "twelfth"])
def test_it_returns_none_for_non_numerals(text):
    assert parse_number(text) is None


def test_scale_words_are_exact_in_decimal():
    assert float(parse_number("32.33 million")) == 32330000.0


@pytest.mark.parametrize("word, expected", [
    ("12th", True), ("1st", True), ("first", True), ("Ninth", True), ("12", False), ("one", False),
])
def test_it_recognises_ordinals(word, expected):
    assert is_ordinal(word) is expected


def test_spelled_and_digit_words_are_told_apart():
    assert is_spelled("six") and is_spelled("Thousand") and not is_spelled("6")
    assert parse_digits("6") == 6 and parse_digits("six") is None
