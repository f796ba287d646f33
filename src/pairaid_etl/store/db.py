"""Engines and migrations: SQLite pragmas, Alembic upgrade from code, the schema check."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from ..errors import ConfigurationError, SchemaOutOfDate

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"  # shipped inside the package


def make_engine(url: str) -> Engine:
    """An engine with the settings every connection needs (FKs, WAL and a busy timeout on SQLite)."""
    try:
        parsed = make_url(url)
    except Exception as exc:  # noqa: BLE001 - SQLAlchemy raises several types here
        raise ConfigurationError("not a database URL (expected e.g. sqlite:///data/pairaid.sqlite3 or "
                                 "postgresql+psycopg://user@host:5432/db)") from exc
    if parsed.drivername.startswith("sqlite"):
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"timeout": 60})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=60000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Checkpoint the write-ahead log every 10,000 pages (40 MB) rather than SQLite's 1,000:
    # each checkpoint syncs the file to disk, a cost worth paying rarely during a bulk load.
    cursor.execute("PRAGMA wal_autocheckpoint=10000")
    cursor.close()


def masked(url: str | object) -> str:
    """A database URL fit to print or log: the password, if any, as ``***``."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - not a URL: say so without echoing it
        return "<not a database URL>"


def alembic_config(url: str | None = None):
    """Alembic's config for the migrations shipped in the package, pointed at ``url`` when given.

    Needs no alembic.ini and no checkout: an installed wheel migrates the same way.
    """
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("file_template", "%%(year)d%%(month).2d%%(day).2d_%%(rev)s_%%(slug)s")
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run Alembic migrations on ``engine`` up to ``revision``."""
    from alembic import command

    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, revision)


def schema_revision(engine: Engine) -> tuple[str | None, str]:
    """The database's Alembic revision (None: never migrated) and the code's head revision."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    return current, head


def check_schema(engine: Engine) -> None:
    """Raise SchemaOutOfDate unless the database is at the code's head revision.

    A scheduled run never migrates by surprise: upgrading is the operator's step.
    """
    current, head = schema_revision(engine)
    if current != head:
        raise SchemaOutOfDate(
            f"the database {masked(engine.url)} is at revision {current or 'none (empty)'}, this code needs "
            f"{head}: run `pairaid db upgrade` (or `make migrate`) first, then ingest again")
