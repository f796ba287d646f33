"""docs/schema.md, generated from the models' metadata and the analyst views' descriptions.

Every table with its comment, and every column with its type, nullability, keys and comment;
then the views analysts query, with what each column means. A test fails when the checked-in
page differs from what this module writes:

    .venv/bin/python -m pairaid_etl.schema_doc > docs/schema.md

Views are created by migrations (SQL, not models); ``VIEW_DOCS`` describes the views of the
latest migration that defines them (0010) in the same words as its PostgreSQL
``COMMENT ON VIEW/COLUMN`` statements, and tests check both against the database.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKeyConstraint, MetaData, Table, UniqueConstraint
from sqlalchemy.dialects import postgresql

from .store.models import Base

# view -> (description, {column: meaning}), in the views' column order.
VIEW_DOCS: dict[str, tuple[str, dict[str, str]]] = {
    "v_figures": (
        "One flat row per figure of the current documents, with reviewer corrections applied; figures"
        " rejected by review are left out (they stay in table figure).",
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
            "province": "Province-level region the figure is for: the province of a named city or county, China for national figures; NULL when the named places lie in several provinces.",
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
            "indicator_rule": "Id of the meaning rule that chose the indicator (indicator.strong:donated, structure.decrease ...).",
            "place_rule": "Id of the rule that found the recipient and province (place.named_after, place.title ...).",
            "donor_rule": "Id of the rule that found the donor (donor.title, donor.subject).",
            "period_rule": "Id of the rule that set year and cumulative (period.year, period.as_of, period.governing ...).",
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
            "province": "Province-level region the figure is for: the province of a named city or county, China for national figures; NULL when the named places lie in several provinces.",
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
        "Indicator x donor x province x year from the levels of v_observations. status ok: every fact"
        " under the key states one value, and value is that value; multiple: a document states "
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

INTRO = """\
# Database schema

Generated from the SQLAlchemy models (`pairaid_etl.store.models`, `pairaid_etl.store.models_meaning`)
and the views of the migrations; do not edit by hand. Regenerate with
`.venv/bin/python -m pairaid_etl.schema_doc > docs/schema.md` (a test fails when this page
is stale). Every table, column and view also carries its comment in PostgreSQL's catalog
(`\\d+ figure`, `obj_description`, `col_description`); SQLite keeps no comments.

Types are shown as PostgreSQL spells them. Offsets are Python string indices:
`substr(document.text, start + 1, "end" - start)` is a figure's text on both databases.

Analysts start from the views: `v_figures` (one row per figure), `v_observations` (one row
per distinct fact) and `v_indicator_by_year` (indicator x donor x recipient x year, never
double counted). Reviewer corrections (`reviews/corrections.yaml`) show in all three; the
extracted values stay beside them as `extracted_*`, and figures rejected by review are left
out of the views but kept in `figure` (`rejected_by_review`). Example questions with their
SQL: [queries.md](queries.md).

Values are exact decimals (migration 0009): `figure.value`, `value_high`, `canonical_value`,
`corrected_value`, `corrected_canonical_value` and `observation.value` are `NUMERIC`. On
PostgreSQL they are stored exactly, and sums of Yuan in the views do not drift. SQLite has
no decimal type: it keeps a `NUMERIC` as an integer when whole, else as a double, which
holds any number written with up to 15 significant digits (every bulletin figure) but sums
in SQL are double arithmetic there. Python code reading the tables (`pairaid_etl.store.models`)
gets `decimal.Decimal` on both databases; the figure as written stays in `figure.text` and
`figure.number_text`. Canonical values of converted units (mu to ha, jin to kg) are
conversions, exact only to about 16 digits.

## What `v_indicator_by_year` answers

One row per indicator x donor x recipient x year x cumulative x unit, built from the levels
of `v_observations` (parts, shares and changes stay out). `recipient` is the province-level
region: a figure stated for a city or county counts under its province (the named places are
in `places`), national figures under `China`. A value with status `ok` is always a value a
bulletin states (or a reviewer set): the view never adds facts up. Worked examples, from the
test bulletins `tests/data/views/shandong-chongqing-2011.txt` and `liaoning-qinghai-2012.txt`
(tests/test_indicator_by_year.py):

| the bulletin says | the row for 2011 | why |
|---|---|---|
| "Shandong donated 60 million Yuan ..., of which 45 million Yuan ... and 15 million Yuan ..." | `aid_funds`: value 60000000, `ok` | the parts are `part_of` the total and stay out |
| "Shandong built 12 schools" and later "the 12 schools" | `schools`: value 12, `ok` | one fact stated twice counts once |
| "trained 900 cadres and 3,000 farmers" | `people_trained`: value NULL, `multiple`, values_text "900 \\| 3000" | two distinct values of one indicator (two scopes): never 3,900 |
| "built 5 hospitals" and, in another sentence, "built 7 hospitals" | `hospitals`: value NULL, `conflict` | the bulletin contradicts itself |
| "1,150 households and 4,620 people ... were relocated" | `people_relocated`: value 4620, `ok` | the household count is the same group (`same_group`) and stays out |
| "Jinan provided 8 million Yuan to Wanzhou District" | donor `Jinan`, recipient `Chongqing`: 8000000, `ok` | a donor city gives in its own name; a county counts under its province |
| "900 million Yuan to the paired areas, of which 300 million Yuan was for Naqu of Tibet and 200 million Yuan for Fengjie County of Chongqing" (2012) | `aid_funds` for `Tibet`: 300000000, `ok`; for `Chongqing`: 200000000, `ok` | a part named for another province than its whole is that province's level (it stays `part_of` its whole); a total over several provinces has no province |
| "500 million Yuan ... to Qinghai, of which Dalian provided 120 million Yuan" (2012) | donor `Liaoning`: 500000000, `ok`; donor `Dalian`: 120000000, `ok` | a part another donor gave is that donor's level |
| "fell from 1.9 million at the end of 2011 to 1.6 million at the end of 2012" | `poverty_headcount` 2011: 1900000, `ok`; 2012: 1600000, `ok` | an earlier level that its own words date is that year's level; one dated only by "from ... to" is not |

A part of a stated total for the same province and donor ("of which 1.5 billion Yuan came
from the central government") is not a row of its own: the row is the total. An analyst who
wants the central part reads the parts in `v_figures` (`relation = 'part_of'`, `relates_to_id`).

Two documents stating different single values for one key also give `conflict`; a document
stating several gives `multiple`. Filter on `status = 'ok'` for numbers you can use as they
are, and read `values_text` (and `v_observations`) for the others.
"""


def cell(text: str | None) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join((text or "").split()).replace("|", "\\|")


def column_type(column: Column) -> str:
    return column.type.compile(dialect=postgresql.dialect())


def column_key(column: Column) -> str:
    keys = ["PK"] if column.primary_key else []
    keys += [f"FK → `{fk.target_fullname}`" for fk in sorted(column.foreign_keys, key=lambda fk: fk.target_fullname)]
    return ", ".join(keys)


def table_section(table: Table) -> list[str]:
    lines = [f"### `{table.name}`", "", cell(table.comment), "",
             "| column | type | null | key | comment |", "|---|---|---|---|---|"]
    lines += [f"| `{c.name}` | {column_type(c)} | {'yes' if c.nullable else 'no'} | {column_key(c)} | {cell(c.comment)} |"
              for c in table.columns]
    extras = table_extras(table)
    return lines + ([""] + extras if extras else []) + [""]


def table_extras(table: Table) -> list[str]:
    """Unique constraints, indexes and ON DELETE rules, one bullet each."""
    out = []
    for uq in sorted((c for c in table.constraints if isinstance(c, UniqueConstraint)), key=lambda c: str(c.name)):
        out.append(f"- unique `{uq.name}`: ({', '.join(c.name for c in uq.columns)})")
    for ix in sorted(table.indexes, key=lambda i: str(i.name)):
        out.append(f"- index `{ix.name}`: ({', '.join(c.name for c in ix.columns)})")
    for fk in sorted((c for c in table.constraints if isinstance(c, ForeignKeyConstraint) and c.ondelete),
                     key=lambda c: str(c.name)):
        out.append(f"- `{', '.join(fk.column_keys)}` → `{fk.referred_table.name}`: ON DELETE {fk.ondelete}")
    return out


def view_section(name: str, description: str, columns: dict[str, str]) -> list[str]:
    lines = [f"### `{name}`", "", cell(description), "", "| column | meaning |", "|---|---|"]
    lines += [f"| `{column}` | {cell(meaning)} |" for column, meaning in columns.items()]
    return lines + [""]


def markdown(metadata: MetaData = Base.metadata) -> str:
    """The whole of docs/schema.md."""
    lines = [INTRO, "## Views", ""]
    for name, (description, columns) in VIEW_DOCS.items():
        lines += view_section(name, description, columns)
    lines += ["## Tables", ""]
    for table in metadata.sorted_tables:
        lines += table_section(table)
    return "\n".join(lines).rstrip("\n") + "\n"


__all__ = ["VIEW_DOCS", "markdown"]

if __name__ == "__main__":
    import sys

    sys.stdout.write(markdown())
