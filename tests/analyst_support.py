"""The analysts' test database: hand-written bulletins, extracted and loaded, plus three reviews.

docs/queries.md states its expected answers against exactly this database, on SQLite and
PostgreSQL: the four bulletins below (text of our own, never a real bulletin's prose) loaded in
one run, with REVIEWS applied as reviewers would record them in reviews/corrections.yaml.
"""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

from sqlalchemy import Engine, create_engine, text

from pairaid_etl.store.corrections import Correction
from pairaid_etl.store.db import make_engine, upgrade
from pairaid_etl.extract import extract_figures
from pairaid_etl.orchestrate.ingest import start_run
from pairaid_etl.store.load import load_document
from pairaid_etl.read import Document

ROOT = Path(__file__).resolve().parents[1]
BULLETINS = ("anhui-yunnan-2012.txt", "fujian-ningxia-2011.txt", "fujian-ningxia-2012.txt",
             "guangdong-sichuan-2013.txt")

# (bulletin, anchor text, figure text at the anchor's start, action, value, note)
REVIEWS = (
    ("guangdong-sichuan-2013.txt", "3 hospitals", "3", "set_value", 4.0,
     "the infrastructure section counts 4 hospitals"),
    ("fujian-ningxia-2011.txt", "45 teachers", "45", "set_indicator", "volunteers",
     "the teachers and doctors went as volunteers"),
    ("fujian-ningxia-2012.txt", "3 Gorges", "3", "reject", None, "the Three Gorges is a name"),
)


def read_bulletin(name: str) -> Document:
    """A bulletin of tests/bulletins as a Document, its year taken from the file name."""
    body = (ROOT / "tests" / "bulletins" / name).read_text(encoding="utf-8")
    year = int(Path(name).stem.rsplit("-", 1)[-1])
    return Document(f"tests/bulletins/{name}", hashlib.sha256(body.encode("utf-8")).hexdigest(), body,
                    "utf-8", body.splitlines()[0].strip(), year)


def reviews() -> list[Correction]:
    out = []
    for name, anchor, figure_text, action, value, note in REVIEWS:
        doc = read_bulletin(name)
        start = doc.text.index(anchor)
        out.append(Correction(doc.sha256, start, start + len(figure_text), figure_text, action,
                              "test-reviewer", value, note, "2026-11-29", doc.path))
    return out


def load_bulletins(engine: Engine) -> int:
    """Migrate ``engine``'s database and load the bulletins with the reviews; returns the run id."""
    upgrade(engine)
    run_id = start_run(engine)
    corrections = reviews()
    for name in BULLETINS:
        doc = read_bulletin(name)
        extraction = extract_figures(doc.text, bulletin_year=doc.bulletin_year)
        with engine.begin() as conn:
            load_document(conn, run_id, doc, extraction, corrections=corrections)
    return run_id


def fresh_database(backend: str, folder: Path, postgres_server_url: str | None) -> tuple[str, callable]:
    """A new empty database URL for ``backend`` and a function that removes it."""
    if backend == "sqlite":
        return f"sqlite:///{folder / 'analyst.sqlite3'}", lambda: None
    admin = create_engine(postgres_server_url, isolation_level="AUTOCOMMIT")
    name = f"pairaid_a_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return admin.url.set(database=name).render_as_string(hide_password=False), drop


def analyst_engine(request, tmp_path_factory):
    """Body of a module-scoped fixture parametrised over "sqlite" and "postgresql"."""
    server = request.getfixturevalue("postgres_server_url") if request.param == "postgresql" else None
    url, drop = fresh_database(request.param, tmp_path_factory.mktemp("analyst"), server)
    engine = make_engine(url)
    load_bulletins(engine)
    yield engine
    engine.dispose()
    drop()
