"""Extraction: bulletin text in, figures out (pure: no file, database, environment or network).

Stages, each a module: ``pipeline`` (the spaCy tokenizer and the figure-parts matcher from
``data/patterns.jsonl``), ``tokens`` (token columns of a Doc), ``numbers`` and ``units``
(reading numbers and unit words), ``parts`` (matched spans as parts), ``exclusions`` (numbers
that are not figures: years, ordinals, codes ...), ``items`` (what is counted), ``assemble``
(parts -> ``records.Figure``), ``rules`` (the rules' fingerprint), and ``figures``, which runs
them and hands the Doc to the meaning layer.

>>> from pairaid_etl.extract import extract_figures
"""

from .figures import extract_figures

__all__ = ["extract_figures"]
