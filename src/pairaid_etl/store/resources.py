"""Shared resources chosen at one edge: one engine per database URL per process."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import Engine

from .db import make_engine


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    return make_engine(url)
