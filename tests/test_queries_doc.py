"""Every SQL block of docs/queries.md runs on SQLite and PostgreSQL and gives the answer beside it.

The answers are the tables under each block, computed on the test database of
tests/analyst_support.py (hand-written bulletins plus three reviews).
"""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from analyst_support import analyst_engine
from pairaid_etl.queries_doc import load_examples

DOC = Path(__file__).resolve().parents[1] / "docs" / "queries.md"


EXAMPLES = load_examples(DOC)


def same(expected: str, actual) -> bool:
    """A result cell equals the written one: NULL, true/false, numbers to rounding, text."""
    if actual is None or expected == "NULL":
        return actual is None and expected == "NULL"
    if expected in ("true", "false"):
        return isinstance(actual, (bool, int)) and bool(actual) == (expected == "true")
    try:
        return math.isclose(float(expected), float(actual), rel_tol=1e-9, abs_tol=1e-9)
    except (TypeError, ValueError):
        return " ".join(str(actual).split()) == expected


def shown(value) -> str:
    if isinstance(value, (float, Decimal)):
        return f"{float(value):g}"
    return "NULL" if value is None else " ".join(str(value).split())


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def analyst(request, tmp_path_factory):
    yield from analyst_engine(request, tmp_path_factory)


def test_there_are_at_least_ten_questions_each_with_a_distinct_title():
    assert len(EXAMPLES) >= 10
    assert len({e.title for e in EXAMPLES}) == len(EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.title.split(".")[0] for e in EXAMPLES])
def test_the_query_gives_the_documented_answer(analyst, example):
    with analyst.connect() as conn:
        result = conn.execute(text(example.sql))
        columns, rows = list(result.keys()), [list(r) for r in result]
    assert columns == example.columns, example.title
    got = [[shown(v) for v in row] for row in rows]
    assert len(rows) == len(example.rows), f"{example.title}: got {got}"
    for n, (want, row) in enumerate(zip(example.rows, rows), start=1):
        assert len(want) == len(row) and all(same(w, v) for w, v in zip(want, row)), \
            f"{example.title}, row {n}: expected {want}, got {[shown(v) for v in row]}"


@pytest.mark.parametrize(("expected", "actual", "equal"), [
    ("NULL", None, True), ("0", None, False), ("true", 1, True), ("false", True, False),
    ("18600000", 18600000.0, True), ("20.6", Decimal("20.6"), True), ("21", "21", True),
    ("3 | 4", "3 | 4", True), ("people. In 2013,", "people.\n\n      In 2013,", True), ("Yunnan", "Lijiang", False),
])
def test_cells_compare_as_documented(expected, actual, equal):
    assert same(expected, actual) is equal
