"""The extraction cache key covers every file that can change what extraction produces."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pairaid_etl.orchestrate import caching
from pairaid_etl.orchestrate.caching import extraction_key, fingerprinted_files, package_fingerprint
from pairaid_etl.read import Document

PACKAGE = Path(caching.__file__).resolve().parents[1]  # pairaid_etl/
DOCS = [Document(path="raw/a-2011.txt", sha256="0" * 64, text="x", encoding="utf-8", title=None, bulletin_year=2011)]


@pytest.fixture(scope="module")
def package_copy(tmp_path_factory) -> Path:
    """A copy of the package's source and data, to edit without touching the real one."""
    target = tmp_path_factory.mktemp("pkg") / "pairaid_etl"
    shutil.copytree(PACKAGE, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def _key(package: Path) -> str:
    return extraction_key(DOCS, fingerprint=package_fingerprint(package))


def test_the_running_package_is_keyed_by_its_own_files_wherever_it_lies(package_copy):
    assert caching.code_fingerprint() == package_fingerprint(PACKAGE) == package_fingerprint(package_copy)
    assert extraction_key(DOCS) == _key(package_copy)


def test_every_data_file_is_part_of_the_key():
    data = {p.relative_to(PACKAGE / "data").as_posix() for p in (PACKAGE / "data").rglob("*") if p.is_file()}
    covered = {p.relative_to(PACKAGE).as_posix() for p in fingerprinted_files(PACKAGE)}
    assert {"indicators.toml", "meaning_cues.toml", "regions.csv", "rules.toml"} <= data
    assert {f"data/{name}" for name in data} <= covered


def _data_files() -> list[str]:
    return sorted(p.relative_to(PACKAGE).as_posix() for p in (PACKAGE / "data").rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts)


@pytest.mark.parametrize("name", _data_files() + ["extract/figures.py", "meaning/indicators.py"])
def test_editing_a_file_that_shapes_extraction_changes_the_key(package_copy, name):
    """E.g. removing "donated" from indicators.toml must not reuse the cached extraction."""
    before = _key(package_copy)
    path = package_copy / name
    original = path.read_bytes()
    try:
        path.write_bytes(original.replace(b"donated", b"gave", 1) if b"donated" in original else original + b"\n")
        assert _key(package_copy) != before
    finally:
        path.write_bytes(original)
    assert _key(package_copy) == before


def test_a_new_data_file_changes_the_key(package_copy):
    before = _key(package_copy)
    extra = package_copy / "data" / "extra_words.toml"
    extra.write_text("words = ['aided']\n", encoding="utf-8")
    try:
        assert _key(package_copy) != before
    finally:
        extra.unlink()
