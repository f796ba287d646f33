"""The event codes are a closed, documented list: docs/events.md matches events.EVENT_CODES."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pairaid_etl import events

ROOT = Path(__file__).resolve().parents[1]

DOC = ROOT / "docs" / "events.md"


def documented_codes() -> dict[str, str]:
    rows = re.findall(r"^\| `([a-z0-9_]+)` \| (\w+) \|", DOC.read_text(encoding="utf-8"), re.MULTILINE)
    return dict(rows)


def test_the_doc_is_generated_from_the_code():
    """It fails when docs/events.md is stale: regenerate with `python -m pairaid_etl.events`."""
    assert DOC.read_text(encoding="utf-8") == events.markdown()


def test_the_doc_lists_exactly_the_codes_with_their_levels():
    assert documented_codes() == {code: level for code, (level, _) in events.EVENT_CODES.items()}


@pytest.mark.parametrize("code", sorted(events.EVENT_CODES))
def test_every_code_is_snake_case_with_a_level_and_a_meaning(code):
    level, meaning = events.EVENT_CODES[code]
    assert re.fullmatch(r"[a-z][a-z0-9_]*", code)
    assert level in events.LEVELS
    assert meaning.strip()


@pytest.mark.parametrize(("reason", "code"), [
    ("year", "rejected_year"), ("name", "rejected_name"), ("made_up", "rejected_other"),
])
def test_rejection_reasons_map_into_the_closed_list(reason, code):
    assert events.rejection_code(reason) == code


@pytest.mark.parametrize(("reason", "code"), [
    ("empty", "doc_empty"), ("too_large", "doc_too_large"), ("made_up", "doc_internal_error"),
])
def test_document_errors_map_into_the_closed_list(reason, code):
    assert events.document_error_code(reason) == code
