"""Loading: one transaction per document, idempotent by content hash, versions by path."""

from __future__ import annotations

import hashlib

from sqlalchemy import func, select

from pairaid_etl.orchestrate.ingest import start_run
from pairaid_etl.store.load import known_hashes, load_document
from pairaid_etl.store.models import DocumentRow, ExtractionEvent, FigureRow
from pairaid_etl.read import Document
from pairaid_etl.records import Extraction, Figure, Rejection

TEXT = "Pairing Note\n\nIn 2012 the city gave 5 million yuan and built 3 schools.\n"


def make_doc(text: str = TEXT, path: str = "raw/note-2012.txt") -> Document:
    return Document(path, hashlib.sha256(text.encode()).hexdigest(), text, "utf-8", "Pairing Note", 2012)


def make_extraction(text: str = TEXT) -> Extraction:
    money = text.index("5 million yuan")
    schools = text.index(" schools") - 1
    year = text.index("2012")
    return Extraction(
        figures=[
            Figure(money, money + 14, "5 million yuan", "5 million", 5e6, "CNY", "money", "money.after",
                   canonical_value=5e6, canonical_unit="CNY", year=2012),
            Figure(schools, schools + 1, "3", "3", 3, "count", "count", "count.noun", item="school",
                   canonical_value=3, canonical_unit="count", year=2012),
        ],
        rejections=[Rejection(year, year + 4, "2012", "year", "reject.year")],
        title="Pairing Note", bulletin_year=2012,
    )


def count(conn, model) -> int:
    return conn.execute(select(func.count()).select_from(model)).scalar_one()


def test_it_loads_a_document_its_figures_and_its_log(engine):
    run_id = start_run(engine)
    with engine.begin() as conn:
        result = load_document(conn, run_id, make_doc(), make_extraction())
    assert result.n_figures == 2
    with engine.connect() as conn:
        text = conn.execute(select(DocumentRow.text)).scalar_one()
        spans = conn.execute(select(FigureRow.start, FigureRow.end, FigureRow.text)).all()
        codes = sorted(conn.execute(select(ExtractionEvent.code)).scalars())
    assert text == TEXT
    assert all(text[s:e] == t for s, e, t in spans)
    assert codes == ["document_loaded", "figure_accepted", "figure_accepted", "rejected_year"]


def test_loading_the_same_bytes_twice_adds_nothing(engine):
    run_id = start_run(engine)
    for _ in range(2):
        with engine.begin() as conn:
            load_document(conn, run_id, make_doc(), make_extraction())
    with engine.connect() as conn:
        assert count(conn, DocumentRow) == 1
        assert count(conn, FigureRow) == 2
        assert known_hashes(conn, [make_doc().sha256, "f" * 64]) == {make_doc().sha256}


def test_a_changed_file_becomes_a_new_current_version(engine):
    run_id = start_run(engine)
    changed = TEXT.replace("3 schools", "4 schools")
    with engine.begin() as conn:
        first = load_document(conn, run_id, make_doc(), make_extraction())
        second = load_document(conn, run_id, make_doc(changed), make_extraction(changed))
    with engine.connect() as conn:
        rows = dict(conn.execute(select(DocumentRow.id, DocumentRow.is_current)).all())
        assert rows == {first.document_id: False, second.document_id: True}
        assert count(conn, FigureRow) == 4  # the old version's figures stay for history


def test_a_failure_inside_the_transaction_leaves_nothing_behind(engine):
    run_id = start_run(engine)
    broken = make_extraction()
    broken.figures.append(broken.figures[0])  # same span twice violates the unique key
    try:
        with engine.begin() as conn:
            load_document(conn, run_id, make_doc(), broken)
    except Exception:  # noqa: BLE001 - the database's integrity error type differs by backend
        pass
    with engine.connect() as conn:
        assert count(conn, DocumentRow) == 0
        assert count(conn, FigureRow) == 0
