"""Stated units -> canonical units, through the project's own pint registry.

The registry is built from ``data/units.pint`` only (never pint's stock definitions,
where "mu" is a milli-atomic-mass-unit and "ton" a US short ton), before any parse.
Canonical units: money stays CNY / USD, area -> ha, length -> km, weight -> kg,
volume -> m3; percent, times and count are dimensionless and map to themselves.
"""

from __future__ import annotations

import math
from functools import lru_cache

import pint

from ..knowledge import RuleDataError, load_units, read_data


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    """A fresh registry holding only the project's definitions."""
    ureg = pint.UnitRegistry(None, on_redefinition="raise", cache_folder=None)
    ureg.load_definitions(read_data("units.pint").splitlines())
    for code, record in load_units().items():
        for name in (record.get("pint"), load_units()[record["canonical"]].get("pint")):
            if name is not None and name not in ureg:
                raise RuleDataError(f"units.toml [{code}]: pint unit {name!r} "
                                    "is not defined in units.pint")
    return ureg


def unit_kind(unit_code: str) -> str:
    """'mu' -> 'area'; raises KeyError for an unknown code."""
    return load_units()[unit_code]["kind"]


@lru_cache(maxsize=64)
def _factor(unit_code: str) -> tuple[float, str]:
    record = load_units()[unit_code]
    canonical = record["canonical"]
    if record.get("pint") is None or canonical == unit_code:
        return 1.0, canonical
    ureg = registry()
    target = load_units()[canonical]["pint"]
    factor = ureg.Quantity(1.0, record["pint"]).to(target).magnitude
    return float(factor), canonical


@lru_cache(maxsize=64)
def unit_facts(unit_code: str) -> tuple[str, float, str]:
    """(kind, factor to the canonical unit, canonical unit) of a unit code, worked out once."""
    factor, canonical = _factor(unit_code)
    return unit_kind(unit_code), factor, canonical


def to_canonical(value: float, unit_code: str) -> tuple[float, str]:
    """``to_canonical(15, "mu") == (1.0, "ha")`` (up to float rounding).

    Raises KeyError for a unit code not in units.toml, ValueError for a non-finite value.
    """
    if not math.isfinite(value):
        raise ValueError(f"value must be finite, got {value!r}")
    factor, canonical = _factor(unit_code)
    return value * factor, canonical


def convert(value: float, from_code: str, to_code: str) -> float | None:
    """Value in another unit of the same canonical family, else None."""
    try:
        canonical_value, canonical = to_canonical(value, from_code)
        factor, target_canonical = _factor(to_code)
    except (KeyError, ValueError):
        return None
    if canonical != target_canonical:
        return None
    return canonical_value / factor
