"""Prefect's extraction cache: what a cached batch is keyed on, and how it is stored."""

from __future__ import annotations

import base64
import pickle
from typing import Any

from prefect.serializers import Serializer

from . import ingest
from .records import pack, unpack


def extraction_cache_key(_context: Any, parameters: dict) -> str:
    """The cache key of ``extract_batch(documents)``: see ``ingest.extraction_key``."""
    return ingest.extraction_key(parameters["documents"])


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
