"""The word lists and settings: ``vocab.toml`` (the extractor's) and ``meaning_cues.toml``
(the meaning layer's), tables whose every key is required and read by a rule; and the
knowledge derived from them that several rules share: what a year is (``is_year``) and
the unit words a figure may end with (``unit_words``).

A year is a 4-digit integer from ``vocab.toml [dates] year_min`` to ``year_max`` (1900 to
2100), written without separators ("2010", not "2,010"). The same test decides everywhere:
a bare number that is a year is not a figure (exclusions), the year in a file name is the
bulletin's year (extract, read), and the meaning layer's periods and base years.
"""

from __future__ import annotations

import tomllib
from contextlib import contextmanager
from functools import lru_cache

from .files import RuleDataError, check_keys, read_data

# table -> its keys (every key is required: each is read by a rule)
VOCAB_KEYS = {
    "numbers": {"ones", "teens", "tens", "scales", "dozen", "ordinals", "ordinal_suffixes"},
    "dates": {"year_min", "year_max"},
    "references": {"determiners"},
    "items": {"boundaries", "containers", "skip_phrases", "number_of", "population_words",
              "population_item", "not_plural", "nominal_people", "nominal_item", "near_window",
              "far_window", "continuers", "change_of", "count_change_after", "part_of_before", "part_of_after", "compound_heads", "people_verbs", "count_verbs"},
    "qualifiers": {"referring"},
    "money": {"cues", "amount_cues", "amount_min_value", "implicit_unit", "min_value"},
    "footer": {"cjk_ranges"},
    "cutoff": {"chars"},
    "units": {"trailing_words"},
    "names": {"prefixes", "joiners"},
    "ranges": {"connector_words", "blockers"},
}
CUE_KEYS = {
    "period": {"last_year", "this_year", "cumulative", "weak_cumulative", "as_of", "since", "range_mid", "range_end_fillers",
               "plan_leads", "plan_ordinals", "plan_first_start", "plan_words",
               "local_range_mid", "span_lead", "span_unit", "comparison_lead", "ignored_lead", "opening_lead", "same_period", "year_earlier",
               "continuation", "perfect_aux", "perfect_irregular", "name_blockers", "annual_words",
               "running_total_verbs", "running_total_leads", "new_words", "price_words"},
    "change": {"before", "after", "complement_growth", "relative_units", "weak_before", "previous_year",
               "non_temporal", "down_words", "strong_amount_words", "comparison_words", "item_comparatives"},
    "relation": {"people_items", "part", "exhaustive_part", "share", "plan", "from_to", "from_back", "to", "named_part_link", "partitive_determiners", "scope_copulas", "postposed_part",
                 "phrase_ends", "household_items", "same_group_links", "conversion_links", "scope_preps", "named_part_copula", "source_scope",
                 "target", "target_done", "own_words_end"},
    "place": {"pairing_title", "pairing_one_side", "pairing_source", "relative_words", "example_words", "designated_title", "destination_words", "destination_preps", "labour_destination_words", "national_title", "country", "source_words",
              "national_indicators", "national_words", "subnational_words", "landform_words"},
    "structure": {"donor_money", "donor_money_from", "giving_verbs", "aid_purpose", "possession_verbs", "poor_words", "naming_words", "figure_anaphora",
                  "poor_population", "poor_numbered", "poor_level_to", "jobs_elsewhere", "enterprise_investment", "enterprise_words", "poverty_investment", "poverty_purpose", "donation", "donation_cash", "donation_in_kind", "valued_words", "government", "social_givers", "donation_words"},
    "counties": {"codes", "key_words", "national_words", "own_list_words", "own_place_words", "own_words_span", "exit_words"},
}

# --- which keys the rules read (tests/test_knowledge.py) -----------------------------

_reads: set[tuple[str, str, str]] | None = None


class _Recorded(dict):
    """A table whose key look-ups are recorded as (file, table, key)."""

    def __init__(self, name: str, table: str, values: dict):
        super().__init__(values)
        self._where = (name, table)

    def __getitem__(self, key):
        if _reads is not None:
            _reads.add((*self._where, key))
        return super().__getitem__(key)

    def get(self, key, default=None):
        return self[key] if key in self else default


@contextmanager
def record_reads():
    """Record every key of vocab.toml and meaning_cues.toml a rule looks up. Only loads made
    inside the block are recorded: use it in a fresh process, before anything is extracted."""
    global _reads
    _reads = set()
    load_vocab.cache_clear()
    load_cues.cache_clear()
    try:
        yield _reads
    finally:
        _reads = None


def parse_tables(name: str, text: str, schema: dict[str, set[str]]) -> dict[str, dict]:
    """A TOML file of tables whose keys are all listed in ``schema``."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleDataError(f"{name}: not TOML ({exc})") from exc
    check_keys(f"{name}: tables", data, set(schema), set(schema))
    out = {}
    for table, keys in schema.items():
        check_keys(f"{name} [{table}]", data[table], keys, keys)
        out[table] = _Recorded(name, table, data[table]) if _reads is not None else data[table]
    return out


@lru_cache(maxsize=1)
def load_vocab() -> dict[str, dict]:
    """The extractor's word lists and settings (vocab.toml)."""
    return parse_tables("vocab.toml", read_data("vocab.toml"), VOCAB_KEYS)


@lru_cache(maxsize=1)
def load_cues() -> dict[str, dict[str, list[str]]]:
    """The meaning layer's phrase lists (meaning_cues.toml)."""
    return parse_tables("meaning_cues.toml", read_data("meaning_cues.toml"), CUE_KEYS)


@lru_cache(maxsize=1)
def year_bounds() -> tuple[int, int]:
    """(first, last) year, from vocab.toml [dates]."""
    dates = load_vocab()["dates"]
    return dates["year_min"], dates["year_max"]


def is_year(text: str) -> bool:
    """'2010' -> True; '2,010', '201', '20100', '1899' -> False (see the module docstring)."""
    if len(text) != 4 or not text.isdigit():
        return False
    first, last = year_bounds()
    return first <= int(text) <= last


@lru_cache(maxsize=1)
def unit_words() -> frozenset[str]:
    """The unit words a figure ends after (vocab.toml [units] trailing_words)."""
    return frozenset(load_vocab()["units"]["trailing_words"])
