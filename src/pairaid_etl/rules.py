"""The fingerprint of the extraction knowledge (the data files are loaded by ``knowledge.py``)."""

from __future__ import annotations

import hashlib
from functools import lru_cache

from .knowledge import read_data

DATA_FILES = (
    "patterns.jsonl", "rules.toml", "tokenizer.toml", "units.toml", "units.pint",
    "vocab.toml", "items.csv",
)


@lru_cache(maxsize=1)
def rules_fingerprint() -> str:
    """First 12 hex digits of the sha256 over every data file the extractor reads."""
    digest = hashlib.sha256()
    for name in DATA_FILES:
        digest.update(name.encode())
        digest.update(read_data(name).encode("utf-8"))
    return digest.hexdigest()[:12]
