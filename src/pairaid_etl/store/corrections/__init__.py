"""Reviewer corrections: a version-controlled YAML file, applied to the figures on every ingest.

A correction names a figure by the sha256 of its document and its span, remembers the span's
text, and says what to do: ``reject``, ``set_value``, ``set_unit`` or ``set_indicator``.
The extracted columns are never overwritten; corrections fill ``figure.corrected_*``,
``rejected_by_review`` and ``reviewed``. A correction whose span no longer holds a figure
(or whose text differs) is reported as a ``correction_unmatched`` event, never dropped.

    reviews/corrections.yaml
    version: 1
    corrections:
    - sha256: 9f86d081...            # document content hash
      start: 1204                    # span of the figure, as in figure.start/end
      end: 1215
      text: 3 hospitals              # the figure as written, checked on apply
      action: set_value              # reject | set_value | set_unit | set_indicator
      value: 7
      reviewer: ana
      note: the infrastructure section says 7
      date: '2026-11-29'

The package: ``file`` (the records and the YAML file), ``apply`` (bringing the loaded
figures in line, with events), ``resolve`` (a reviewer's figure key to its figure).
"""

from __future__ import annotations

from .apply import (STATE_COLUMNS, UNCORRECTED, apply_corrections, apply_to_document,
                    corrected_state)
from .file import (ACTIONS, ALLOWED_KEYS, HEADER, REQUIRED_KEYS, Correction, CorrectionsError,
                   figure_key, load_corrections, record_correction, unit_codes, validate,
                   withdraw_corrections)
from .resolve import make_correction, resolve_key

__all__ = [
    "ACTIONS", "ALLOWED_KEYS", "HEADER", "REQUIRED_KEYS", "STATE_COLUMNS", "UNCORRECTED",
    "Correction", "CorrectionsError", "apply_corrections", "apply_to_document",
    "corrected_state", "figure_key", "load_corrections", "make_correction",
    "record_correction", "resolve_key", "unit_codes", "validate", "withdraw_corrections",
]
