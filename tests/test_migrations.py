"""Migrations: one head, up/down/up on SQLite and PostgreSQL, no drift from the models."""

from __future__ import annotations

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from pairaid_etl.db import alembic_config, downgrade, make_engine, upgrade
from pairaid_etl.models import Base


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
