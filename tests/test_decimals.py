"""Exact decimals: the value a float stands for, and NUMERIC columns read back as Decimal."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from pairaid_etl.store.decimals import exact
from pairaid_etl.store.models import FigureRow
from pairaid_etl.extract.numbers import parse_number


@pytest.mark.parametrize(("value", "expected"), [
    (32330000.0, "32330000"), (0.1, "0.1"), (18.6e6, "18600000"), (1.5, "1.5"),
    (7, "7"), ("12.50", "12.50"), (Decimal("3.3"), "3.3"), (None, None),
])
def test_a_number_becomes_the_decimal_it_stands_for(value, expected):
    assert exact(value) == (None if expected is None else Decimal(expected))
    assert expected is None or str(exact(value)) == expected


@pytest.mark.parametrize("words", ["32.33 million", "0.1", "123,456,789.12", "2.5 billion", "66.9", "999999999999.999"])
def test_a_parsed_number_survives_the_float_of_the_extraction_exactly(words):
    """A stated number of up to 15 significant digits comes back exactly from its float."""
    parsed = parse_number(words)
    assert exact(float(parsed)) == parsed


def test_value_columns_read_back_as_decimals_on_both_databases(engine):
    from pairaid_etl.orchestrate.ingest import start_run
    from pairaid_etl.store.load import load_document
    from pairaid_etl.extract import extract_figures
    from analyst_support import read_bulletin

    doc = read_bulletin("fujian-ningxia-2011.txt")
    with engine.begin() as conn:
        load_document(conn, start_run(engine), doc, extract_figures(doc.text, bulletin_year=doc.bulletin_year))
    with engine.connect() as conn:
        values = conn.execute(select(FigureRow.number_text, FigureRow.value).where(FigureRow.unit == "CNY")).all()
    assert values and all(isinstance(v, Decimal) for _, v in values)
    assert [v for _, v in values] == [parse_number(text) for text, _ in values]
