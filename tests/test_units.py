"""Unit conversion through the project's own pint registry."""

import math

import pytest

from pairaid_etl.extract.units import convert, registry, to_canonical


@pytest.mark.parametrize("value, unit, expected, canonical", [
    (15, "mu", 1.0, "ha"),
    (1, "km2", 100.0, "ha"),
    (10000, "m2", 1.0, "ha"),
    (3, "ha", 3.0, "ha"),
    (66.9, "km", 66.9, "km"),
    (800, "m", 0.8, "km"),
    (2, "t", 2000.0, "kg"),
    (10, "jin", 5.0, "kg"),
    (7, "kg", 7.0, "kg"),
    (4, "m3", 4.0, "m3"),
    (5, "CNY", 5.0, "CNY"),
    (5, "USD", 5.0, "USD"),
    (5, "HKD", 5.0, "HKD"),
    (5, "EUR", 5.0, "EUR"),
    (21.8, "percent", 21.8, "percent"),
    (3.9, "times", 3.9, "times"),
    (12, "count", 12.0, "count"),
])
def test_it_converts_to_canonical_units(value, unit, expected, canonical):
    got, unit_out = to_canonical(value, unit)
    assert unit_out == canonical
    assert math.isclose(got, expected, rel_tol=1e-12)


def test_mu_is_an_area_not_an_atomic_mass():
    ureg = registry()
    assert ureg.Quantity(1, "mu").dimensionality == ureg.Quantity(1, "m2").dimensionality


def test_a_tonne_is_metric():
    assert to_canonical(1, "t") == (1000.0, "kg")


def test_yuan_and_dollars_do_not_convert():
    assert convert(1, "CNY", "USD") is None
    assert math.isclose(convert(1, "ha", "mu"), 15.0)


def test_unknown_units_and_infinite_values_raise():
    with pytest.raises(KeyError):
        to_canonical(1, "furlong")
    with pytest.raises(ValueError):
        to_canonical(float("inf"), "km")
