"""v_indicator_by_year never invents a number; figures and facts keep their province

Until now v_indicator_by_year added up the distinct facts of one document that shared a key:
a population plus a count of ethnic groups, central plus provincial plus total funds. A value
with status ``ok`` must be a value a bulletin states (or a reviewer set). From this revision:

- ``figure.province`` / ``observation.province``: the province-level region a figure is for
  (the province of a named city or county; China for national figures); NULL when the named
  places lie in several provinces. The stated places stay in ``recipient`` / ``region``.
- v_indicator_by_year: one row per indicator x donor x province x year x cumulative x unit,
  from the levels of v_observations (no parts, shares or changes). ``status`` is ``ok`` when
  every fact under the key states the same value (``value`` is that value), ``multiple``
  when a document states several distinct values (a total and its parts, two scopes:
  ``value`` is NULL, ``values_text`` lists them), ``conflict`` when a fact's mentions
  disagree or documents state different single values. ``recipient`` is now the province,
  and ``places`` the named places below it.
- v_figures and v_observations show ``province``.

Schema only (views by op.execute; autogenerate ignores them).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 19:40:00
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import sqlalchemy as sa
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def _sibling(prefix: str):
    """A migration of this folder by its file-name prefix (the views of 0005 are restored from it)."""
    path = next(Path(__file__).parent.glob(f"{prefix}_*.py"))
    spec = importlib.util.spec_from_file_location(f"_migration_{prefix}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_0005 = _sibling("20261129_0005")
_0009 = _sibling("20261203_0009")  # children_kept(): SQLite batch recreates keep the child rows

V_FIGURES = (_0005.V_FIGURES
             .replace("f.donor, f.recipient,", "f.donor, f.recipient, f.province,")
             .replace("f.reviewed, f.rule_id,",
                      "f.reviewed, f.rule_id, f.indicator_rule, f.place_rule, f.donor_rule, f.period_rule,"))
V_OBSERVATIONS = (_0005.V_OBSERVATIONS
                  .replace("o.donor, o.recipient, o.region,", "o.donor, o.recipient, o.region, o.province,")
                  .replace("c.donor, c.recipient, c.region,", "c.donor, c.recipient, c.region, c.province,"))
assert V_FIGURES.count("f.province") == 1 and V_FIGURES.count("f.period_rule") == 1 and V_OBSERVATIONS.count("province") == 2

# Values are equal within 1e-9 relative. {values}, {places} and {items} are the dialect's
# "distinct values joined by ' | '" aggregate (group_concat on SQLite, string_agg on PostgreSQL).
V_INDICATOR_BY_YEAR = """
CREATE VIEW v_indicator_by_year AS
WITH fact AS (
    SELECT o.indicator, o.donor, o.province AS recipient, o.region, o.year, o.cumulative, o.unit,
           o.item, o.document_id, o.status, o.reviewed,
           COALESCE(CAST(o.value AS TEXT), o.values_text) AS value_text,
           COALESCE(o.value, o.value_min) AS lo, COALESCE(o.value, o.value_max) AS hi
    FROM v_observations o
    WHERE o.relation IS NULL AND o.indicator IS NOT NULL AND o.province IS NOT NULL
),
per_document AS (
    SELECT fact.*,
           MIN(lo) OVER (PARTITION BY indicator, donor, recipient, year, cumulative, unit, document_id) AS doc_lo,
           MAX(hi) OVER (PARTITION BY indicator, donor, recipient, year, cumulative, unit, document_id) AS doc_hi
    FROM fact
),
per_key AS (
    SELECT indicator, donor, recipient, year, cumulative, unit,
           MIN(lo) AS value_min, MAX(hi) AS value_max,
           MAX(CASE WHEN status = 'conflict' THEN 1 ELSE 0 END) AS has_conflict,
           MAX(CASE WHEN doc_hi - doc_lo > 1e-9 * ABS(doc_hi) THEN 1 ELSE 0 END) AS has_multiple,
           {values} AS values_text, {places} AS places, {items} AS items,
           COUNT(DISTINCT document_id) AS n_documents, COUNT(*) AS n_observations,
           SUM(CASE WHEN reviewed THEN 1 ELSE 0 END) > 0 AS reviewed
    FROM per_document
    GROUP BY indicator, donor, recipient, year, cumulative, unit
)
SELECT k.indicator, i.label AS indicator_label, k.donor, k.recipient, k.places, k.year, k.cumulative,
       k.unit, k.items,
       CASE WHEN k.has_conflict = 0 AND k.value_max - k.value_min <= 1e-9 * ABS(k.value_max)
            THEN k.value_max END AS value,
       k.value_min, k.value_max, k.values_text,
       CASE WHEN k.has_conflict = 1 THEN 'conflict'
            WHEN k.value_max - k.value_min <= 1e-9 * ABS(k.value_max) THEN 'ok'
            WHEN k.has_multiple = 0 THEN 'conflict'
            ELSE 'multiple' END AS status,
       k.n_documents, k.n_observations, k.reviewed
FROM per_key k
LEFT JOIN indicator i ON i.code = k.indicator
"""

AGGREGATES = {
    "sqlite": "REPLACE(group_concat(DISTINCT {col}), ',', ' | ')",
    "postgresql": "string_agg(DISTINCT {col}, ' | ' ORDER BY {col})",
}


def indicator_by_year_sql(dialect: str) -> str:
    agg = AGGREGATES.get(dialect, AGGREGATES["sqlite"])
    return V_INDICATOR_BY_YEAR.format(values=agg.format(col="value_text"), places=agg.format(col="region"),
                                      items=agg.format(col="item"))


_FIGURES_DOC, _FIGURE_COLUMNS = _0005.COMMENTS["v_figures"]
_OBS_DOC, _OBS_COLUMNS = _0005.COMMENTS["v_observations"]
PROVINCE = ("Province-level region the figure is for: the province of a named city or county, "
            "China for national figures; NULL when the named places lie in several provinces.")


def _insert_after(columns: dict[str, str], after: str, name: str, comment: str) -> dict[str, str]:
    out = {}
    for key, value in columns.items():
        out[key] = value
        if key == after:
            out[name] = comment
    return out


RULE_COLUMNS = {
    "indicator_rule": "Id of the meaning rule that chose the indicator (indicator.strong:donated, structure.decrease ...).",
    "place_rule": "Id of the rule that found the recipient and province (place.named_after, place.title ...).",
    "donor_rule": "Id of the rule that found the donor (donor.title, donor.subject).",
    "period_rule": "Id of the rule that set year and cumulative (period.year, period.as_of, period.governing ...).",
}


def _rule_columns(columns: dict[str, str]) -> dict[str, str]:
    for name, comment in reversed(RULE_COLUMNS.items()):
        columns = _insert_after(columns, "rule_id", name, comment)
    return columns


COMMENTS = {
    "v_figures": (_FIGURES_DOC, _rule_columns(_insert_after(_FIGURE_COLUMNS, "recipient", "province", PROVINCE))),
    "v_observations": (_OBS_DOC, _insert_after(_OBS_COLUMNS, "region", "province", PROVINCE)),
    "v_indicator_by_year": (
        "Indicator x donor x province x year from the levels of v_observations. status ok: every "
        "fact under the key states one value, and value is that value; multiple: a document states "
        "several distinct values (a total and its parts, two scopes), value NULL, values_text lists "
        "them; conflict: mentions or documents disagree. Values are never added up.",
        {
            "indicator": "Indicator code.",
            "indicator_label": "Label of the indicator.",
            "donor": "Donor region as the bulletin names it (a province or a city).",
            "recipient": "Province-level region the facts are for (the province of a named city or county; China for national facts).",
            "places": "Places below the province named for the facts, ' | '-separated; NULL when none.",
            "year": "Year (end year when cumulative).",
            "cumulative": "True for totals over several years.",
            "unit": "Canonical unit of the value.",
            "items": "For counts: what is counted, ' | '-separated.",
            "value": "The one value stated; NULL unless status is ok.",
            "value_min": "Smallest value stated.",
            "value_max": "Largest value stated.",
            "values_text": "Every distinct value stated, ' | '-separated.",
            "status": "ok, multiple or conflict.",
            "n_documents": "Number of current documents stating it.",
            "n_observations": "Number of facts (observations) under the key.",
            "reviewed": "True when a reviewer touched one of its mentions.",
        },
    ),
}


# Rows loaded before this revision: the province of a recipient that names one gazetteer place
# (figures naming several places, and names the gazetteer lacks, stay NULL until re-extracted).
PROVINCE_OF = """(SELECT CASE WHEN r.level IN ('province', 'country') THEN r.name
                     WHEN p.level = 'province' THEN p.name ELSE p.parent_name END
              FROM region r LEFT JOIN region p ON p.id = r.parent_id
              WHERE r.name = {place}
              ORDER BY CASE r.level WHEN 'country' THEN 0 WHEN 'province' THEN 1 WHEN 'prefecture' THEN 2 ELSE 3 END
              LIMIT 1)"""
BACKFILL = (
    f"UPDATE figure SET province = {PROVINCE_OF.format(place='figure.recipient')}",
    f"UPDATE observation SET province = {PROVINCE_OF.format(place='COALESCE(observation.region, observation.recipient)')}",
)


def _drop_views() -> None:
    for name in ("v_indicator_by_year", "v_observations", "v_figures"):  # dependants first
        op.execute(f"DROP VIEW IF EXISTS {name}")


def _comment_views(comments: dict) -> None:
    for view, (description, columns) in comments.items():
        op.execute(f"COMMENT ON VIEW {view} IS {_0005._literal(description)}")
        for column, comment in columns.items():
            op.execute(f'COMMENT ON COLUMN {view}."{column}" IS {_0005._literal(comment)}')


def upgrade() -> None:
    _drop_views()
    with _0009.children_kept():
        with op.batch_alter_table('figure', schema=None) as batch_op:
            batch_op.add_column(sa.Column('province', sa.String(length=128), nullable=True, comment=(
                "Province-level region of the recipient (the province of a named city or county; China for "
                "national figures); NULL when the named places lie in several provinces or none is known.")))
            batch_op.add_column(sa.Column('indicator_rule', sa.String(length=128), nullable=True, comment=(
                'Id of the meaning rule that chose the indicator: indicator.plain/strong/complement:<phrase>, indicator.item_default:<item>, indicator.inherited:<relation>, structure.*; NULL when unknown.')))
            batch_op.add_column(sa.Column('place_rule', sa.String(length=128), nullable=True, comment=(
                "Id of the rule that found the recipient: place.named_after, place.named_before (a place named next to the figure), place.title, place.text_province, place.national_title, place.most_named (the document's).")))
            batch_op.add_column(sa.Column('donor_rule', sa.String(length=128), nullable=True, comment=(
                "Id of the rule that found the donor: donor.title (the pairing in the title) or donor.subject (a donor city the sentence's subject).")))
            batch_op.add_column(sa.Column('period_rule', sa.String(length=128), nullable=True, comment=(
                'Id of the rule that set year and cumulative: period.local, period.year, period.range, period.since, period.as_of, period.by, period.span, period.governing, period.bulletin, period.from_level.')))
        with op.batch_alter_table('observation', schema=None) as batch_op:
            batch_op.add_column(sa.Column('province', sa.String(length=128), nullable=True, comment=(
                "Province-level region the fact is for (China for national facts); NULL when unknown or several.")))
    for sql in BACKFILL:
        op.execute(sql)
    dialect = op.get_context().dialect.name
    op.execute(V_FIGURES)
    op.execute(V_OBSERVATIONS)
    op.execute(indicator_by_year_sql(dialect))
    if dialect == "postgresql":
        _comment_views(COMMENTS)


def downgrade() -> None:
    _drop_views()
    with _0009.children_kept():
        with op.batch_alter_table('observation', schema=None) as batch_op:
            batch_op.drop_column('province')
        with op.batch_alter_table('figure', schema=None) as batch_op:
            for column in ('period_rule', 'donor_rule', 'place_rule', 'indicator_rule', 'province'):
                batch_op.drop_column(column)
    for sql in _0005.VIEWS.values():
        op.execute(sql)
    if op.get_context().dialect.name == "postgresql":
        _comment_views(_0005.COMMENTS)
