"""analyst views: corrected values and reviewed flag in v_figures/v_observations/v_indicator_by_year; view comments

Reviewer corrections (figure.corrected_*, rejected_by_review, reviewed; migration 0003) now
reach every analyst view, and the extracted values stay beside them as ``extracted_*``:

- v_figures: one flat row per figure of the current documents; ``value``, ``unit``,
  ``canonical_value``, ``canonical_unit`` and ``indicator`` as corrected, the originals as
  ``extracted_*``; figures rejected by review are left out (they stay in ``figure``).
- v_observations: value and status recomputed from the corrected mentions when a reviewer
  touched one; an observation whose mentions were all rejected is left out.
- v_indicator_by_year: built on v_observations, so it counts corrected facts, still once.

On PostgreSQL every view and view column carries a comment (SQLite has none). Schema only:
views are created with op.execute; autogenerate ignores them (migrations/env.py).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 00:00:00.000000
"""
from __future__ import annotations

from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


# --- the views as of this revision ------------------------------------------------------------

V_FIGURES = """
CREATE VIEW v_figures AS
SELECT f.id AS figure_id,
       d.sha256 || ':' || CAST(f.start AS TEXT) || '-' || CAST(f."end" AS TEXT) AS figure_key,
       f.document_id, d.path, d.title AS document_title, d.bulletin_year,
       COALESCE(s.title, f.section) AS section, s.ordinal AS section_ordinal,
       COALESCE(f.corrected_indicator, f.indicator) AS indicator, i.label AS indicator_label,
       f.indicator AS extracted_indicator,
       f.donor, f.recipient, f.year, f.cumulative, f.base_year, fm.relation, fm.relates_to_id,
       f.text, f.number_text, f.qualifier, f.kind, f.item,
       COALESCE(f.corrected_value, f.value) AS value,
       CASE WHEN f.corrected_value IS NULL THEN f.value_high END AS value_high,
       COALESCE(f.corrected_unit, f.unit) AS unit,
       CASE WHEN f.corrected_value IS NULL AND f.corrected_unit IS NULL THEN f.canonical_value
            ELSE f.corrected_canonical_value END AS canonical_value,
       CASE WHEN f.corrected_value IS NULL AND f.corrected_unit IS NULL THEN f.canonical_unit
            ELSE f.corrected_canonical_unit END AS canonical_unit,
       f.value AS extracted_value, f.value_high AS extracted_value_high, f.unit AS extracted_unit,
       f.canonical_value AS extracted_canonical_value, f.canonical_unit AS extracted_canonical_unit,
       f.reviewed, f.rule_id, f.start, f."end",
       substr(d.text, CASE WHEN f.start > 80 THEN f.start - 79 ELSE 1 END,
              f."end" + 80 - CASE WHEN f.start > 80 THEN f.start - 80 ELSE 0 END) AS context,
       (SELECT MIN(om.observation_id) FROM observation_mention om WHERE om.figure_id = f.id) AS observation_id
FROM figure f
JOIN document d ON d.id = f.document_id
LEFT JOIN figure_meaning fm ON fm.figure_id = f.id
LEFT JOIN section s ON s.id = fm.section_id
LEFT JOIN indicator i ON i.code = COALESCE(f.corrected_indicator, f.indicator)
WHERE d.is_current AND NOT f.rejected_by_review
"""

# A mention's value as its observation counts it (observations.canonical(): the canonical value
# when there is one, else the stated value), after the reviewer's value/unit correction.
V_OBSERVATIONS = """
CREATE VIEW v_observations AS
WITH mention AS (
    SELECT om.observation_id, f.rejected_by_review, f.reviewed, f.corrected_indicator,
           CASE WHEN f.corrected_value IS NULL AND f.corrected_unit IS NULL THEN
                     CASE WHEN f.canonical_value IS NOT NULL AND f.canonical_unit IS NOT NULL
                          THEN f.canonical_value ELSE f.value END
                WHEN f.corrected_canonical_value IS NOT NULL AND f.corrected_canonical_unit IS NOT NULL
                     THEN f.corrected_canonical_value
                ELSE COALESCE(f.corrected_value, f.value) END AS value,
           CASE WHEN f.corrected_value IS NULL AND f.corrected_unit IS NULL THEN
                     CASE WHEN f.canonical_value IS NOT NULL AND f.canonical_unit IS NOT NULL
                          THEN f.canonical_unit ELSE f.unit END
                WHEN f.corrected_canonical_value IS NOT NULL AND f.corrected_canonical_unit IS NOT NULL
                     THEN f.corrected_canonical_unit
                ELSE COALESCE(f.corrected_unit, f.unit) END AS unit
    FROM observation_mention om
    JOIN figure f ON f.id = om.figure_id
),
summary AS (
    SELECT observation_id, COUNT(*) AS n_all,
           SUM(CASE WHEN rejected_by_review THEN 0 ELSE 1 END) AS n_kept,
           SUM(CASE WHEN reviewed THEN 1 ELSE 0 END) AS n_reviewed,
           MIN(CASE WHEN NOT rejected_by_review THEN value END) AS value_min,
           MAX(CASE WHEN NOT rejected_by_review THEN value END) AS value_max,
           MIN(CASE WHEN NOT rejected_by_review THEN unit END) AS unit_min,
           MAX(CASE WHEN NOT rejected_by_review THEN unit END) AS unit_max,
           COUNT(CASE WHEN NOT rejected_by_review THEN corrected_indicator END) AS n_indicator_set,
           MIN(CASE WHEN NOT rejected_by_review THEN corrected_indicator END) AS indicator_min,
           MAX(CASE WHEN NOT rejected_by_review THEN corrected_indicator END) AS indicator_max
    FROM mention
    GROUP BY observation_id
),
corrected AS (
    SELECT o.id AS observation_id, o.document_id, o.indicator AS extracted_indicator,
           CASE WHEN m.n_indicator_set = m.n_kept AND m.indicator_min = m.indicator_max
                THEN m.indicator_min ELSE o.indicator END AS indicator,
           o.donor, o.recipient, o.region, o.year, o.cumulative, o.base_year, o.relation,
           CASE WHEN m.n_reviewed > 0 AND m.unit_min = m.unit_max THEN m.unit_min ELSE o.unit END AS unit,
           o.item, m.value_min, m.value_max, o.values_text, o.value AS extracted_value,
           o.status AS extracted_status, o.parts_status, m.n_kept, m.n_reviewed,
           m.n_all - m.n_kept AS n_rejected,
           CASE WHEN m.n_reviewed = 0 THEN o.status
                WHEN m.unit_min = m.unit_max AND m.value_max - m.value_min <= 1e-6 * ABS(m.value_max) THEN 'ok'
                ELSE 'conflict' END AS status
    FROM observation o
    JOIN summary m ON m.observation_id = o.id
    WHERE m.n_kept > 0
)
SELECT c.observation_id, c.document_id, d.path, d.bulletin_year, c.indicator,
       i.label AS indicator_label, c.extracted_indicator, c.donor, c.recipient, c.region, c.year,
       c.cumulative, c.base_year, c.relation, c.unit, c.item,
       CASE WHEN c.n_reviewed = 0 THEN c.extracted_value
            WHEN c.status = 'ok' THEN c.value_min END AS value,
       c.value_min, c.value_max, c.values_text, c.status, c.extracted_value, c.extracted_status,
       c.parts_status, c.n_kept AS n_mentions, c.n_reviewed, c.n_rejected,
       c.n_reviewed > 0 AS reviewed
FROM corrected c
JOIN document d ON d.id = c.document_id
LEFT JOIN indicator i ON i.code = c.indicator
WHERE d.is_current
"""

# One row per indicator x donor x recipient x year (x cumulative, unit, item) from the levels
# (relation IS NULL: no parts, changes or shares) of v_observations, so corrections count.
# Within a document the distinct observations add up; across documents equal values are one
# fact, different ones a conflict (value NULL, value_min/value_max show the spread).
V_INDICATOR_BY_YEAR = """
CREATE VIEW v_indicator_by_year AS
WITH per_document AS (
    SELECT o.indicator, o.donor, o.recipient, o.year, o.cumulative, o.unit, o.item, o.document_id,
           SUM(o.value) AS value, SUM(o.value_min) AS value_min, SUM(o.value_max) AS value_max,
           COUNT(*) AS n_observations,
           SUM(CASE WHEN o.status = 'conflict' THEN 1 ELSE 0 END) AS n_conflicts,
           SUM(CASE WHEN o.reviewed THEN 1 ELSE 0 END) AS n_reviewed
    FROM v_observations o
    WHERE o.relation IS NULL AND o.indicator IS NOT NULL
    GROUP BY o.indicator, o.donor, o.recipient, o.year, o.cumulative, o.unit, o.item, o.document_id
)
SELECT p.indicator, i.label AS indicator_label, p.donor, p.recipient, p.year, p.cumulative,
       p.unit, p.item,
       CASE WHEN SUM(p.n_conflicts) > 0 OR MIN(p.value) <> MAX(p.value) THEN NULL ELSE MAX(p.value) END AS value,
       MIN(p.value_min) AS value_min, MAX(p.value_max) AS value_max,
       CASE WHEN SUM(p.n_conflicts) > 0 OR MIN(p.value) <> MAX(p.value) THEN 'conflict' ELSE 'ok' END AS status,
       COUNT(*) AS n_documents, SUM(p.n_observations) AS n_observations,
       SUM(p.n_reviewed) > 0 AS reviewed
FROM per_document p
LEFT JOIN indicator i ON i.code = p.indicator
GROUP BY p.indicator, i.label, p.donor, p.recipient, p.year, p.cumulative, p.unit, p.item
"""

VIEWS = {"v_figures": V_FIGURES, "v_observations": V_OBSERVATIONS, "v_indicator_by_year": V_INDICATOR_BY_YEAR}

# PostgreSQL comments (COMMENT ON VIEW / COLUMN); docs/schema.md shows the same text
# (pairaid_etl.schema_doc.VIEW_DOCS; tests/test_comments.py compares them with the catalog).
COMMENTS = {
    "v_figures": (
        "One flat row per figure of the current documents, with reviewer corrections applied; "
        "figures rejected by review are left out (they stay in table figure).",
        {
            "figure_id": "Figure id (figure.id).",
            "figure_key": "Stable key of the figure for reviewers: document sha256, start and end offsets.",
            "document_id": "Document the figure is in.",
            "path": "Path of the bulletin file.",
            "document_title": "First line of the bulletin.",
            "bulletin_year": "Year the bulletin reports on.",
            "section": "Heading of the section the figure is in.",
            "section_ordinal": "Position of that section in the document, from 1.",
            "indicator": "Indicator code as corrected by a reviewer, else as extracted; NULL when unknown.",
            "indicator_label": "Label of the indicator.",
            "extracted_indicator": "Indicator code as extracted, before review.",
            "donor": "Donor region of the pairing.",
            "recipient": "Recipient region named for the figure, else the document's.",
            "year": "Calendar year the figure describes.",
            "cumulative": "True when the figure totals several years.",
            "base_year": "For changes and comparisons: the year compared against.",
            "relation": "part_of, share, increase, decrease ... ; NULL for a plain level.",
            "relates_to_id": "Figure this one qualifies or is part of.",
            "text": "The figure as written.",
            "number_text": "The numeral with its scale word as written.",
            "qualifier": "exact, approx, more_than, at_least, less_than, up_to, nearly, range.",
            "kind": "money, area, length, weight, volume, percent, ratio, count (as extracted).",
            "item": "For counts: singular head noun of what is counted.",
            "value": "Stated value as corrected by a reviewer, else as extracted (scale applied).",
            "value_high": "Upper end of a range; NULL when a reviewer set the value.",
            "unit": "Stated unit code as corrected by a reviewer, else as extracted.",
            "canonical_value": "Value in the canonical unit of its kind, after correction.",
            "canonical_unit": "Canonical unit, after correction.",
            "extracted_value": "Stated value as extracted, before review.",
            "extracted_value_high": "Upper end of a range as extracted.",
            "extracted_unit": "Stated unit code as extracted.",
            "extracted_canonical_value": "Canonical value as extracted.",
            "extracted_canonical_unit": "Canonical unit as extracted.",
            "reviewed": "True when a reviewer correction applies to the figure.",
            "rule_id": "Id of the rule that produced the figure.",
            "start": "Start offset (Python str index) into document.text.",
            "end": "End offset into document.text.",
            "context": "The figure with up to 80 characters of text either side.",
            "observation_id": "Observation the figure is a mention of.",
        },
    ),
    "v_observations": (
        "One row per distinct fact of the current documents; value and status follow reviewer "
        "corrections of its mentions; facts whose mentions were all rejected are left out.",
        {
            "observation_id": "Observation id.",
            "document_id": "Document stating the fact.",
            "path": "Path of the bulletin file.",
            "bulletin_year": "Year the bulletin reports on.",
            "indicator": "Indicator code; a reviewer's when every kept mention has the same corrected one.",
            "indicator_label": "Label of the indicator.",
            "extracted_indicator": "Indicator code as extracted, before review.",
            "donor": "Donor region of the document's pairing.",
            "recipient": "Recipient region of the document.",
            "region": "Specific recipient region(s) named by a mention, '; '-separated.",
            "year": "Year the fact describes (end year when cumulative).",
            "cumulative": "True when the fact totals several years.",
            "base_year": "Year compared against, for changes.",
            "relation": "NULL for a level; part_of, share, increase, decrease ... as on the figures.",
            "unit": "Canonical unit of the value.",
            "item": "For counts: what is counted.",
            "value": "The value in the canonical unit, after review; NULL when the mentions conflict.",
            "value_min": "Smallest value stated by a kept mention, after review.",
            "value_max": "Largest value stated by a kept mention, after review.",
            "values_text": "Every distinct value extracted, ' | '-separated (before review).",
            "status": "ok or conflict, after review.",
            "extracted_value": "The value as extracted; NULL when the mentions conflicted.",
            "extracted_status": "ok or conflict as extracted.",
            "parts_status": "pass or mismatch when listed parts were checked against this whole (as extracted).",
            "n_mentions": "Number of figures stating it, not counting figures rejected by review.",
            "n_reviewed": "Number of its mentions a reviewer corrected or rejected.",
            "n_rejected": "Number of its mentions rejected by review.",
            "reviewed": "True when a reviewer touched at least one mention.",
        },
    ),
    "v_indicator_by_year": (
        "Indicator x donor x recipient x year from the levels of v_observations: each fact counted "
        "once; distinct facts of one document add up; different values across documents conflict.",
        {
            "indicator": "Indicator code.",
            "indicator_label": "Label of the indicator.",
            "donor": "Donor region.",
            "recipient": "Recipient region of the documents.",
            "year": "Year (end year when cumulative).",
            "cumulative": "True for totals over several years.",
            "unit": "Canonical unit of the value.",
            "item": "For counts: what is counted.",
            "value": "The value; NULL when a mention or document disagrees (status conflict).",
            "value_min": "Smallest value stated.",
            "value_max": "Largest value stated.",
            "status": "ok or conflict.",
            "n_documents": "Number of current documents stating it.",
            "n_observations": "Number of observations summed or compared.",
            "reviewed": "True when a reviewer touched one of its mentions.",
        },
    ),
}


# --- the views as of 0004, restored by downgrade ----------------------------------------------

V_FIGURES_0004 = """
CREATE VIEW v_figures AS
SELECT f.id AS figure_id, f.document_id, d.path, d.title AS document_title, d.bulletin_year,
       COALESCE(s.title, f.section) AS section,
       COALESCE(f.corrected_indicator, f.indicator) AS indicator, i.label AS indicator_label,
       f.donor, f.recipient, f.year, f.cumulative, f.base_year, fm.relation, fm.relates_to_id,
       f.text, f.number_text, f.qualifier, f.value, f.value_high, f.unit,
       COALESCE(f.corrected_canonical_value, f.canonical_value) AS canonical_value,
       COALESCE(f.corrected_canonical_unit, f.canonical_unit) AS canonical_unit,
       f.kind, f.item, f.start, f."end", om.observation_id
FROM figure f
JOIN document d ON d.id = f.document_id
LEFT JOIN figure_meaning fm ON fm.figure_id = f.id
LEFT JOIN section s ON s.id = fm.section_id
LEFT JOIN indicator i ON i.code = COALESCE(f.corrected_indicator, f.indicator)
LEFT JOIN observation_mention om ON om.figure_id = f.id
WHERE d.is_current AND NOT f.rejected_by_review
"""

V_OBSERVATIONS_0004 = """
CREATE VIEW v_observations AS
SELECT o.id AS observation_id, o.document_id, d.path, d.bulletin_year, o.indicator,
       i.label AS indicator_label, o.donor, o.recipient, o.region, o.year, o.cumulative,
       o.base_year, o.relation, o.unit, o.item, o.value, o.values_text, o.status,
       o.parts_status, o.n_mentions
FROM observation o
JOIN document d ON d.id = o.document_id
LEFT JOIN indicator i ON i.code = o.indicator
WHERE d.is_current
"""

V_INDICATOR_BY_YEAR_0004 = """
CREATE VIEW v_indicator_by_year AS
WITH per_document AS (
    SELECT o.indicator, o.donor, o.recipient, o.year, o.cumulative, o.unit, o.item, o.document_id,
           SUM(o.value) AS value, COUNT(*) AS n_observations,
           SUM(CASE WHEN o.status = 'conflict' THEN 1 ELSE 0 END) AS n_conflicts
    FROM observation o
    JOIN document d ON d.id = o.document_id
    WHERE d.is_current AND o.relation IS NULL AND o.indicator IS NOT NULL
    GROUP BY o.indicator, o.donor, o.recipient, o.year, o.cumulative, o.unit, o.item, o.document_id
)
SELECT indicator, donor, recipient, year, cumulative, unit, item,
       CASE WHEN SUM(n_conflicts) > 0 OR MIN(value) <> MAX(value) THEN NULL ELSE MAX(value) END AS value,
       MIN(value) AS value_min, MAX(value) AS value_max,
       CASE WHEN SUM(n_conflicts) > 0 OR MIN(value) <> MAX(value) THEN 'conflict' ELSE 'ok' END AS status,
       COUNT(*) AS n_documents, SUM(n_observations) AS n_observations
FROM per_document
GROUP BY indicator, donor, recipient, year, cumulative, unit, item
"""

VIEWS_0004 = {"v_figures": V_FIGURES_0004, "v_observations": V_OBSERVATIONS_0004,
              "v_indicator_by_year": V_INDICATOR_BY_YEAR_0004}


def _drop_views() -> None:
    for name in ("v_indicator_by_year", "v_observations", "v_figures"):  # dependants first
        op.execute(f"DROP VIEW IF EXISTS {name}")


def _literal(text: str) -> str:
    # op.execute() reads ":name" as a bind parameter; escape colons, double quotes for SQL.
    return "'" + text.replace("'", "''").replace(":", "\\:") + "'"


def _comment_views() -> None:
    for view, (description, columns) in COMMENTS.items():
        op.execute(f"COMMENT ON VIEW {view} IS {_literal(description)}")
        for column, comment in columns.items():
            op.execute(f'COMMENT ON COLUMN {view}."{column}" IS {_literal(comment)}')


def upgrade() -> None:
    _drop_views()
    for sql in VIEWS.values():
        op.execute(sql)
    if op.get_context().dialect.name == "postgresql":
        _comment_views()


def downgrade() -> None:
    _drop_views()
    for sql in VIEWS_0004.values():
        op.execute(sql)
