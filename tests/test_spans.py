"""The one longest-span filter shared by extraction and meaning (pairaid_etl.spans)."""

from __future__ import annotations

import pytest

from pairaid_etl.spans import longest_spans


@pytest.mark.parametrize("spans, expected", [
    ([], []),
    ([(0, 2, "a"), (3, 4, "b")], [(0, 2, "a"), (3, 4, "b")]),  # apart: as they are
    ([(0, 1, "a"), (0, 3, "b"), (2, 4, "c")], [(0, 3, "b")]),  # the longest wins
    ([(0, 2, "a"), (1, 3, "b"), (5, 6, "c")], [(0, 2, "a"), (5, 6, "c")]),  # first on a tie
    ([(4, 6, "a"), (0, 2, "b")], [(0, 2, "b"), (4, 6, "a")]),  # text order
    ([(1, 3, "x"), (1, 3, "y"), (0, 1, "z")], [(0, 1, "z"), (1, 3, "x")]),  # one copy of a span
])
def test_it_keeps_the_longest_of_overlapping_spans(spans, expected):
    assert longest_spans(spans) == expected
