"""Reader roles: SELECT only, on PostgreSQL."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import ProgrammingError

from pairaid_etl.store.db import make_engine, upgrade
from pairaid_etl.errors import ConfigurationError
from pairaid_etl.store.roles import create_reader, drop_role


@pytest.mark.postgres
def test_a_reader_can_select_but_not_write_or_change_the_schema(postgres_url):
    owner = make_engine(postgres_url)
    upgrade(owner)
    name = f"reader_{uuid.uuid4().hex[:8]}"
    create_reader(owner, name)
    reader = create_engine(make_engine(postgres_url).url.set(username=name, password=None))
    try:
        with reader.connect() as conn:
            assert conn.execute(text("select count(*) from document")).scalar_one() == 0
            assert conn.execute(text("select count(*) from figure")).scalar_one() == 0
        for sql in (
            "insert into extraction_run (started_at, status, pipeline_version, n_documents, n_loaded, n_skipped, n_failed, n_figures) values (now(), 'x', 'x', 0, 0, 0, 0, 0)",
            "update document set title = 'x'",
            "delete from figure",
            "create table intruder (id int)",
            "drop table figure",
            "alter table figure add column x int",
        ):
            with reader.connect() as conn, pytest.raises(ProgrammingError):
                conn.execute(text(sql))
    finally:
        reader.dispose()
        drop_role(owner, name)
        owner.dispose()


def test_it_explains_that_sqlite_has_no_roles(sqlite_url):
    with pytest.raises(ConfigurationError, match="mode=ro"):
        create_reader(make_engine(sqlite_url), "reader")
