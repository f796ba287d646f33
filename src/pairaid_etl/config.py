"""The one place that reads the environment; everything else takes parameters."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATABASE_URL = "sqlite:///data/pairaid.sqlite3"


@dataclass(frozen=True)
class Settings:
    database_url: str
    raw_dir: Path
    log_dir: Path
    corrections_path: Path
    max_bytes: int


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    return Settings(
        database_url=env.get("PAIRAID_DATABASE_URL", DEFAULT_DATABASE_URL),
        raw_dir=Path(env.get("PAIRAID_RAW_DIR", "raw")),
        log_dir=Path(env.get("PAIRAID_LOG_DIR", "logs")),
        corrections_path=Path(env.get("PAIRAID_CORRECTIONS", "reviews/corrections.yaml")),
        max_bytes=int(env.get("PAIRAID_MAX_BYTES", str(10 * 1024 * 1024))),
    )
