"""Read-only database roles for analysts (PostgreSQL)."""

from __future__ import annotations

import re

from sqlalchemy import Engine, text

from ..errors import ConfigurationError

_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def create_reader(engine: Engine, name: str, password: str | None = None) -> None:
    """A login role that can SELECT every table and view in the public schema, and nothing else."""
    if engine.dialect.name != "postgresql":
        raise ConfigurationError(
            "reader roles need PostgreSQL; for SQLite open the file read-only: "
            "sqlite:///file:data/pairaid.sqlite3?mode=ro&uri=true")
    if not _ROLE_NAME.match(name):
        raise ConfigurationError(f"role name {name!r}: expected lower-case letters, digits and _ (max 63)")
    with engine.begin() as conn:
        database = conn.execute(text("select current_database()")).scalar_one()
        exists = conn.execute(text("select 1 from pg_roles where rolname = :n"), {"n": name}).first()
        login = "LOGIN" + (" PASSWORD :pw" if password else "")
        verb = "ALTER" if exists else "CREATE"
        statement = f'{verb} ROLE "{name}" {login} NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT'
        if password:
            statement = statement.replace(":pw", "'" + password.replace("'", "''") + "'")
        conn.execute(text(statement))
        for sql in (
            f'GRANT CONNECT ON DATABASE "{database}" TO "{name}"',
            f'REVOKE CREATE ON SCHEMA public FROM "{name}"',
            f'GRANT USAGE ON SCHEMA public TO "{name}"',
            f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{name}"',
            f'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO "{name}"',
        ):
            conn.execute(text(sql))


def drop_role(engine: Engine, name: str) -> None:
    with engine.begin() as conn:
        conn.execute(text(f'DROP OWNED BY "{name}"'))
        conn.execute(text(f'DROP ROLE IF EXISTS "{name}"'))
