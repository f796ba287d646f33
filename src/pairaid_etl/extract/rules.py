"""The fingerprint of the extraction knowledge (the data files are loaded by ``knowledge``)."""

from __future__ import annotations

import hashlib
from functools import lru_cache

from ..knowledge import DATA_FILES, read_data


@lru_cache(maxsize=1)
def rules_fingerprint() -> str:
    """First 12 hex digits of the sha256 over every data file (extraction and meaning)."""
    digest = hashlib.sha256()
    for name in DATA_FILES:
        digest.update(name.encode())
        digest.update(read_data(name).encode("utf-8"))
    return digest.hexdigest()[:12]
