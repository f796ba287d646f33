"""Hand-written bulletins and hand-made extractions for the review, corrections and run-log tests.

The text is invented for the tests (never the sample bulletin's prose); offsets are computed
from it, so ``text[start:end] == figure.text`` holds by construction.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import Engine, insert

from pairaid_etl.store.load import load_document, utcnow
from pairaid_etl.store.models import ExtractionRun
from pairaid_etl.read import Document
from pairaid_etl.records import Extraction, Figure, Note, Rejection

HILLSIDE = """Hillside-Riverland Pairing Bulletin

【Overview】 In 2019, Hillside Province gave 12.5 million Yuan to 4 counties of Riverland. It built 5 clinics and 9 schools, and trained 1,200 farmers through the "2+2" mentoring scheme <with> R&D staff.

【Health】 In 2019, the province built 6 clinics and paved roads of 14.2 kilometers.

Tel: 010-5550123
"""

# (surface, occurrence, value, unit, kind, item, indicator, canonical value, canonical unit)
HILLSIDE_FIGURES = [
    ("12.5 million Yuan", 0, 12_500_000, "CNY", "money", None, "aid_funds", 12_500_000, "CNY"),
    ("4 counties", 0, 4, "count", "count", "county", "counties_supported", 4, "count"),
    ("5 clinics", 0, 5, "count", "count", "clinic", "clinics_built", 5, "count"),
    ("9 schools", 0, 9, "count", "count", "school", "schools_built", 9, "count"),
    ("1,200 farmers", 0, 1200, "count", "count", "farmer", None, 1200, "count"),
    ("6 clinics", 0, 6, "count", "count", "clinic", "clinics_built", 6, "count"),
    ("14.2 kilometers", 0, 14.2, "km", "length", None, "roads_built", 14.2, "km"),
]
# (surface, occurrence, reason)
HILLSIDE_REJECTIONS = [("2019", 0, "year"), ("2019", 1, "year"), ("2+2", 0, "name"), ("010-5550123", 0, "footer")]


def span(text: str, surface: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(surface, start + 1)
    return start, start + len(surface)


def hillside_extraction(text: str = HILLSIDE) -> Extraction:
    figures = []
    for surface, occ, value, unit, kind, item, indicator, cvalue, cunit in HILLSIDE_FIGURES:
        start, end = span(text, surface, occ)
        figures.append(Figure(start, end, surface, surface.rsplit(" ", 1)[0], float(value), unit, kind,
                              rule=f"test_{kind}", item=item, indicator=indicator, canonical_value=float(cvalue),
                              canonical_unit=cunit, year=2019, section="Overview" if start < text.index("【Health】") else "Health"))
    rejections = [Rejection(*span(text, s, occ), s, reason, f"test_reject_{reason}") for s, occ, reason in HILLSIDE_REJECTIONS]
    five, six = span(text, "5 clinics"), span(text, "6 clinics")
    notes = [
        Note("conflict", "clinics built in 2019: '5 clinics' (Overview) disagrees with '6 clinics' (Health)",
             "warning", *five, "test_conflict"),
        Note("conflict", "clinics built in 2019: '6 clinics' (Health) disagrees with '5 clinics' (Overview)",
             "warning", *six, "test_conflict"),
        Note("indicator_unknown", "'1,200 farmers' matches no indicator", "warning", *span(text, "1,200 farmers"), None),
    ]
    return Extraction(figures, rejections, notes, [], "Hillside-Riverland Pairing Bulletin", 2019, "Hillside", "Riverland")


def document(text: str = HILLSIDE, path: str = "raw/hillside-riverland-2019.txt") -> Document:
    return Document(path, hashlib.sha256(text.encode("utf-8")).hexdigest(), text, "utf-8", text.splitlines()[0], 2019)


def open_run(engine: Engine) -> int:
    with engine.begin() as conn:
        return conn.execute(insert(ExtractionRun).values(
            started_at=utcnow(), status="running", pipeline_version="test", n_documents=0, n_loaded=0,
            n_skipped=0, n_failed=0, n_figures=0).returning(ExtractionRun.id)).scalar_one()


def ingest(engine: Engine, docs: list[tuple[Document, Extraction]], corrections=None) -> int:
    """One run: load each document in its own transaction, corrections applied on load."""
    run_id = open_run(engine)
    for doc, extraction in docs:
        with engine.begin() as conn:
            load_document(conn, run_id, doc, extraction, corrections)
    return run_id
