"""Prefect's extraction cache: what a cached batch is keyed on, and how it is stored."""

from __future__ import annotations

import base64
import hashlib
import pickle
from functools import lru_cache
from pathlib import Path
from typing import Any

from prefect.serializers import Serializer

from . import ingest
from .read import Document
from .records import pack, unpack


def extraction_cache_key(_context: Any, parameters: dict) -> str:
    """The cache key of ``extract_batch(documents)`` (Prefect's ``cache_key_fn``)."""
    return extraction_key(parameters["documents"])


def extraction_key(documents: list[Document]) -> str:
    """What an extraction batch depends on: the code and rules, and each document's path,
    content and year. Prefect caches extract tasks under it, so an unchanged batch is never
    extracted twice (a rebuilt database, a second database)."""
    digest = hashlib.sha256(code_fingerprint().encode())
    for doc in documents:
        digest.update(f"\0{doc.path}\0{doc.sha256}\0{doc.bulletin_year}".encode())
    return f"extract-{digest.hexdigest()}"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The package (version, rules, source files) and what its results depend on (Python,
    spaCy, pint): an upgrade of any of them must not reuse cached extractions."""
    import platform
    from importlib.metadata import version

    digest = hashlib.sha256(ingest.pipeline_version().encode())
    for name in ("spacy", "pint"):
        digest.update(f"\0{name}={version(name)}".encode())
    digest.update(f"\0python={platform.python_version()}".encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


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
