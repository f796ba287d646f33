"""The one place that reads the environment and validates it; everything else takes parameters.

Settings (all optional):

==========================  =================================  ===============================
variable                    default                            meaning
==========================  =================================  ===============================
PAIRAID_DATABASE_URL        sqlite:///data/pairaid.sqlite3     SQLAlchemy URL of the database
PAIRAID_RAW_DIR             raw                                folder ingested when none named
PAIRAID_LOG_DIR             logs                               run logs (run-<id>.jsonl)
PAIRAID_CORRECTIONS         reviews/corrections.yaml           reviewers' corrections
PAIRAID_MAX_BYTES           10MB                               larger files are not read
PAIRAID_DATABASE_SECRET     (none)                             name of a Prefect Secret block
                                                               holding the database URL
==========================  =================================  ===============================

``PAIRAID_MAX_BYTES`` is a number of bytes or a size with a unit: ``10MB``, ``512 KB``,
``1GiB`` (KB, MB and GB count in 1024s, like KiB, MiB and GiB).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from .errors import ConfigurationError

DEFAULT_DATABASE_URL = "sqlite:///data/pairaid.sqlite3"
_UNITS = {"": 1, "B": 1, "K": 1024, "KB": 1024, "KIB": 1024, "M": 1024**2, "MB": 1024**2, "MIB": 1024**2,
          "G": 1024**3, "GB": 1024**3, "GIB": 1024**3}
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*")


class Settings(BaseSettings):
    """Validated settings; build with ``load_settings``."""

    model_config = SettingsConfigDict(env_prefix="PAIRAID_", frozen=True, extra="ignore", populate_by_name=True)

    database_url: str = DEFAULT_DATABASE_URL
    raw_dir: Path = Path("raw")
    log_dir: Path = Path("logs")
    corrections_path: Path = Field(Path("reviews/corrections.yaml"), validation_alias="PAIRAID_CORRECTIONS")
    max_bytes: int = Field(10 * 1024**2, gt=0)
    database_secret: str | None = None

    @field_validator("max_bytes", mode="before")
    @classmethod
    def _size(cls, value):
        return parse_size(value) if isinstance(value, str) else value


ENV_NAMES = {"database_url": "PAIRAID_DATABASE_URL", "raw_dir": "PAIRAID_RAW_DIR", "log_dir": "PAIRAID_LOG_DIR",
             "corrections_path": "PAIRAID_CORRECTIONS", "max_bytes": "PAIRAID_MAX_BYTES",
             "database_secret": "PAIRAID_DATABASE_SECRET"}


def parse_size(text: str) -> int:
    """``"10MB"`` -> 10485760; a plain number is bytes. Raises ValueError with what is expected."""
    match = _SIZE.fullmatch(text)
    unit = match and match.group(2).upper()
    if not match or unit not in _UNITS:
        raise ValueError(f"{text!r} is not a size: expected bytes (10485760) or a number with KB, MB or GB (10MB)")
    return int(float(match.group(1)) * _UNITS[unit])


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from ``environ`` (default: the process environment), or ConfigurationError
    naming each bad variable and what was expected (never a traceback)."""
    env = os.environ if environ is None else environ
    values = {field: env[name] for field, name in ENV_NAMES.items() if env.get(name, "") != ""}
    try:
        return Settings.model_validate(values)
    except ValidationError as exc:
        problems = "; ".join(f"{ENV_NAMES[str(e['loc'][0])]}={env.get(ENV_NAMES[str(e['loc'][0])])!r}: "
                             f"{_reason(e)}" for e in exc.errors())
        raise ConfigurationError(f"invalid setting: {problems}") from None


def _reason(error: dict) -> str:
    ctx_error = (error.get("ctx") or {}).get("error")
    return str(ctx_error) if ctx_error else error["msg"]
