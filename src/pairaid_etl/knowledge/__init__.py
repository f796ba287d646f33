"""The knowledge of the extractor, loaded from ``pairaid_etl/data`` and validated on load.

One place reads the data files. Each loader rejects unknown keys with a message naming the
allowed ones (a typo fails loudly instead of silently matching nothing):

* ``patterns.jsonl``  Matcher patterns ``{label, pattern, id, example?, counter_example?}``;
* ``rules.toml``      rules decided in code, by id, with a message and examples;
* ``tokenizer.toml``  tokenizer prefixes, suffixes, infixes and special cases;
* ``units.toml``      unit codes (kind, pint name, canonical code); ``units.pint`` their
                      pint definitions (read by ``units.registry``);
* ``items.csv``       word forms of counted nouns;
* ``vocab.toml``      the extractor's word lists and settings (``VOCAB_KEYS``);
* ``meaning_cues.toml`` the meaning layer's phrases (``CUE_KEYS``);
* ``indicators.toml`` the controlled vocabulary of indicators (``Indicator`` records);
* ``regions.csv``     the gazetteer (``Region`` records, parents listed before children).

``meaning/lexicon.py`` bundles the last three into the meaning layer's ``Lexicon``.

The modules, one per kind of file: ``files`` (reading a file, checking keys, the errors),
``tables`` (vocab.toml and meaning_cues.toml, with ``is_year`` and ``unit_words`` derived
from them), ``rule_files`` (the extractor's rule files), ``indicators``, ``regions``.
Import from ``pairaid_etl.knowledge``; the names below are the public ones.
"""

from __future__ import annotations

from .files import DATA_FILES, LexiconError, RuleDataError, check_keys, read_data
from .indicators import (INDICATOR_KEYS, INDICATOR_REQUIRED, MEASURES, Indicator,
                         load_indicators, parse_indicators)
from .regions import REGION_COLUMNS, REGION_LEVELS, Region, load_regions, parse_regions
from .rule_files import (ITEM_COLUMNS, ITEM_NUMBERS, LABELS, PATTERN_KEYS, PATTERN_REQUIRED,
                         QUALIFIER_CODES, RULE_KEYS, TOKENIZER_KEYS, UNIT_KEYS, ItemForm,
                         load_items, load_patterns, load_rules, load_tokenizer_rules,
                         load_units, parse_items, parse_patterns, parse_rules,
                         parse_tokenizer_rules, parse_units)
from .tables import (CUE_KEYS, VOCAB_KEYS, is_year, load_cues, load_vocab, parse_tables,
                     record_reads, unit_words, year_bounds)

__all__ = [
    "CUE_KEYS", "DATA_FILES", "INDICATOR_KEYS", "INDICATOR_REQUIRED", "ITEM_COLUMNS",
    "ITEM_NUMBERS", "LABELS", "MEASURES", "PATTERN_KEYS", "PATTERN_REQUIRED",
    "QUALIFIER_CODES", "REGION_COLUMNS", "REGION_LEVELS", "RULE_KEYS", "TOKENIZER_KEYS",
    "UNIT_KEYS", "VOCAB_KEYS", "Indicator", "ItemForm", "LexiconError", "Region",
    "RuleDataError", "check_keys", "is_year", "load_cues", "load_indicators", "load_items",
    "load_patterns", "load_regions", "load_rules", "load_tokenizer_rules", "load_units",
    "load_vocab", "parse_indicators", "parse_items", "parse_patterns", "parse_regions",
    "parse_rules", "parse_tables", "parse_tokenizer_rules", "parse_units", "read_data",
    "record_reads", "unit_words", "year_bounds",
]
