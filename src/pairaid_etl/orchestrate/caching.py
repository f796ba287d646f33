"""Prefect's extraction cache: what a cached batch is keyed on, and how it is stored."""

from __future__ import annotations

import base64
import hashlib
import pickle
from functools import lru_cache
from pathlib import Path
from typing import Any

from prefect.serializers import Serializer

from .. import __version__
from . import ingest
from ..read import Document
from ..records import pack, unpack


def extraction_cache_key(_context: Any, parameters: dict) -> str:
    """The cache key of ``extract_batch(documents)`` (Prefect's ``cache_key_fn``)."""
    return extraction_key(parameters["documents"])


def extraction_key(documents: list[Document], fingerprint: str | None = None) -> str:
    """What an extraction batch depends on: the package's code and data files (``fingerprint``,
    default: the installed package's), and each document's path, content and year. Prefect
    caches extract tasks under it, so an unchanged batch is never extracted twice (a rebuilt
    database, a second database)."""
    digest = hashlib.sha256((fingerprint or code_fingerprint()).encode())
    for doc in documents:
        digest.update(f"\0{doc.path}\0{doc.sha256}\0{doc.bulletin_year}".encode())
    return f"extract-{digest.hexdigest()}"


PACKAGE_DIR = Path(__file__).resolve().parents[1]  # pairaid_etl/


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The fingerprint of the installed package (see ``package_fingerprint``), once per process."""
    return package_fingerprint(PACKAGE_DIR)


def package_fingerprint(package: Path) -> str:
    """What extraction results depend on: the package version, every file under ``data/``
    (rules, vocabularies, indicators, cues, regions, units ...), every ``.py`` file, and the
    versions of Python, spaCy and pint. A change to any of them is a new cache key."""
    import platform
    from importlib.metadata import version

    digest = hashlib.sha256(f"pairaid_etl={__version__}".encode())
    for name in ("spacy", "pint"):
        digest.update(f"\0{name}={version(name)}".encode())
    digest.update(f"\0python={platform.python_version()}".encode())
    for path in fingerprinted_files(package):
        digest.update(f"\0{path.relative_to(package).as_posix()}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def fingerprinted_files(package: Path) -> list[Path]:
    """Every data file and every Python source file of ``package``, in a stable order."""
    data = [p for p in (package / "data").rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    code = [p for p in package.rglob("*.py") if "__pycache__" not in p.parts]
    return sorted(set(data) | set(code))


class ExtractionBatchSerializer(Serializer):
    """A batch of extractions (or failures) as plain tuples, pickled.

    Pickling the records themselves cost a third of a millisecond a document, mostly in
    their Python-level ``__getstate__``; tuples pickle in C.
    """

    type: str = "pairaid-extraction-batch"

    def dumps(self, obj: list) -> bytes:  # text-safe: Prefect stores it inside a JSON record
        return base64.b64encode(pickle.dumps([_pack(item) for item in obj], protocol=pickle.HIGHEST_PROTOCOL))

    def loads(self, blob: bytes) -> list:
        return [_unpack(item) for item in pickle.loads(base64.b64decode(blob))]


def _pack(item) -> tuple:
    if isinstance(item, ingest.ExtractionFailure):
        return ("failure", item.code, item.message)
    return ("extraction", pack(item))


def _unpack(item: tuple):
    if item[0] == "failure":
        return ingest.ExtractionFailure(item[1], item[2])
    return unpack(item[1])
