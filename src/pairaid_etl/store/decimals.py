"""Exact decimal values: figures and observations as ``Decimal`` in Python, NUMERIC in the database.

Bulletin numbers are parsed exactly (``numbers.parse_number`` returns a ``Decimal``); the
columns holding them (``figure.value`` and the other value columns, ``observation.value``)
are NUMERIC since migration 0009, and read back as ``Decimal`` on both databases through
``ExactNumber``:

- PostgreSQL stores NUMERIC exactly, so sums of Yuan do not drift.
- SQLite has no decimal type: NUMERIC is stored as an integer when the value is whole, else
  as a double. ``ExactNumber`` turns what SQLite returns into the shortest decimal that reads
  back as the same double (``exact(0.1) == Decimal("0.1")``), which is the stated value for
  any number written with 15 significant digits or fewer. The figure as written stays in
  ``figure.text`` and ``figure.number_text``.

The extraction core hands figures over as floats (``records.Figure.value``), and the bulk
loader sends them to the driver as they are (``load_meaning.insert_rows``). PostgreSQL casts
a double to NUMERIC with 15 significant digits, which gives back exactly the decimal the
bulletin states (up to 15 digits); values written through the models (reviewer corrections)
go through ``exact`` and keep the shortest round-trip digits (up to 17).

>>> exact(32330000.0), exact(0.1), exact(None)
(Decimal('32330000'), Decimal('0.1'), None)
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.types import Numeric, TypeDecorator


def exact(value) -> Decimal | None:
    """The decimal a number stands for: a float by its shortest round-trip digits."""
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(int(value)) if value.is_integer() else Decimal(repr(value))
    return Decimal(value)


class ExactNumber(TypeDecorator):
    """NUMERIC in the database, ``Decimal`` in Python on PostgreSQL and SQLite alike."""

    impl = Numeric
    cache_ok = True

    def load_dialect_impl(self, dialect):
        # SQLite returns doubles: take them raw and convert them in process_result_value,
        # rather than through SQLAlchemy's fixed ten-decimal-place conversion.
        return dialect.type_descriptor(Numeric(asdecimal=dialect.name != "sqlite"))

    def process_bind_param(self, value, dialect):
        if dialect.name == "sqlite":
            return float(value) if isinstance(value, Decimal) else value
        return exact(value)

    def process_result_value(self, value, dialect):
        return exact(value)


__all__ = ["ExactNumber", "exact"]
