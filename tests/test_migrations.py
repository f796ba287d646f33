"""Migrations: one head, up/down/up on SQLite and PostgreSQL, no drift from the models."""

from __future__ import annotations

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from pairaid_etl.store.db import alembic_config, downgrade, make_engine, upgrade
from pairaid_etl.store.models import Base


def test_there_is_a_single_head():
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1


def test_it_upgrades_downgrades_and_upgrades_again(database_url):
    engine = make_engine(database_url)
    upgrade(engine)
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_every_step_goes_down_and_up(database_url):
    """Each revision's downgrade undoes its upgrade, one step at a time."""
    engine = make_engine(database_url)
    script = ScriptDirectory.from_config(alembic_config())
    revisions = [r.revision for r in reversed(list(script.walk_revisions()))]
    for rev in revisions:
        upgrade(engine, rev)
        downgrade(engine, "-1")
        upgrade(engine, rev)
    engine.dispose()


def test_models_and_migrations_agree(database_url):
    """`alembic check`: autogenerate finds nothing to add."""
    engine = make_engine(database_url)
    upgrade(engine)
    cfg = alembic_config(database_url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.check(cfg)
    engine.dispose()


def test_0008_fills_in_the_text_of_events_recorded_before_it(database_url):
    """Events logged before extraction_event.text existed get their span's text from the document."""
    from datetime import datetime, timezone

    from sqlalchemy import MetaData, insert, select

    engine = make_engine(database_url)
    upgrade(engine, "0007")
    old = MetaData()
    old.reflect(engine, only=["extraction_run", "document", "extraction_event"])
    run, doc, event = (old.tables[name] for name in ("extraction_run", "document", "extraction_event"))
    text = "In 2011 Hangzhou built 24 schools — 1.5 million yuan."
    now = datetime.now(timezone.utc)
    with engine.begin() as conn:
        run_id = conn.execute(insert(run).values(started_at=now, status="completed", pipeline_version="t",
                                                 n_documents=1, n_loaded=1, n_skipped=0, n_failed=0,
                                                 n_figures=1).returning(run.c.id)).scalar_one()
        doc_id = conn.execute(insert(doc).values(path="a.txt", sha256="0" * 64, language="en", encoding="utf-8",
                                                 text=text, n_chars=len(text), status="loaded", is_current=True,
                                                 loaded_at=now, run_id=run_id).returning(doc.c.id)).scalar_one()
        conn.execute(insert(event), [
            dict(run_id=run_id, document_id=doc_id, path="a.txt", level="info", code="figure_accepted",
                 message="m", start=text.index("1.5"), end=text.index(" yuan") + 5, rule_id="r"),
            dict(run_id=run_id, document_id=doc_id, path="a.txt", level="info", code="document_loaded",
                 message="1 figures", start=None, end=None, rule_id=None),
            dict(run_id=run_id, document_id=None, path="b.txt", level="error", code="file_empty", message="empty",
                 start=None, end=None, rule_id=None),
        ])
    upgrade(engine)
    with engine.connect() as conn:
        rows = conn.execute(select(Base.metadata.tables["extraction_event"].c.text)
                            .order_by(Base.metadata.tables["extraction_event"].c.id)).scalars().all()
    assert rows == ["1.5 million yuan", None, None]
    engine.dispose()


def copy_rows(source, target) -> None:
    """Every row of ``source`` into ``target``, in the tables and columns of ``target``'s (older) schema."""
    from decimal import Decimal

    from sqlalchemy import MetaData, select

    schema = MetaData()
    schema.reflect(target)
    with source.connect() as src, target.begin() as dst:
        for table in schema.sorted_tables:
            if table.name == "alembic_version":
                continue
            mine = Base.metadata.tables[table.name]
            rows = src.execute(select(*[mine.c[c.name] for c in table.columns]).order_by(*mine.primary_key.columns))
            values = [{k: float(v) if isinstance(v, Decimal) else v for k, v in row.items()} for row in rows.mappings()]
            if values:
                dst.execute(table.insert(), values)


def test_0009_keeps_every_row_and_value_and_reads_them_back_as_decimals(database_url, tmp_path):
    """Retyping the value columns keeps figures, observations, their meanings and mentions, value for value."""
    from decimal import Decimal

    from sqlalchemy import select, text as sql

    from analyst_support import load_bulletins

    source = make_engine(f"sqlite:///{tmp_path / 'source.sqlite3'}")
    load_bulletins(source)
    engine = make_engine(database_url)
    upgrade(engine, "0008")
    copy_rows(source, engine)
    source.dispose()
    counts = "SELECT (SELECT COUNT(*) FROM figure_meaning), (SELECT COUNT(*) FROM observation_mention), " \
             "(SELECT COUNT(*) FROM figure_meaning WHERE relates_to_id IS NOT NULL), (SELECT COUNT(*) FROM v_figures)"
    values = "SELECT id, value, value_high, canonical_value, corrected_value FROM figure ORDER BY id"
    observations = "SELECT id, value FROM observation ORDER BY id"
    with engine.connect() as conn:
        before = conn.execute(sql(counts)).one()
        old = conn.execute(sql(values)).all() + conn.execute(sql(observations)).all()
    assert min(before) > 0
    upgrade(engine, "0009")
    with engine.connect() as conn:
        assert conn.execute(sql(counts)).one() == before
        new = conn.execute(sql(values)).all() + conn.execute(sql(observations)).all()
        figure = Base.metadata.tables["figure"]
        stored = conn.execute(select(figure.c.value, figure.c.canonical_value, figure.c.corrected_value)).all()
    assert [r[0] for r in new] == [r[0] for r in old]
    assert [[None if v is None else float(v) for v in r] for r in new] == [[None if v is None else float(v) for v in r] for r in old]
    assert stored and all(isinstance(v, Decimal) for row in stored for v in row if v is not None)
    assert any(row[2] is not None for row in stored), "a reviewer's corrected value is among the rows"
    engine.dispose()
