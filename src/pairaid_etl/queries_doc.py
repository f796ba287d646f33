"""The analyst questions of docs/queries.md, parsed: the one source of the doc test and of browse.

Each question is a ``## N. Title?`` heading, a paragraph saying what it answers, a ```sql
block, and the expected answer on the test database as a Markdown table under it.
``tests/test_queries_doc.py`` runs every query and compares; ``pairaid browse`` offers them
as Datasette canned queries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

QUERIES_DOC = Path(__file__).resolve().parents[2] / "docs" / "queries.md"


@dataclass(frozen=True)
class Example:
    title: str
    sql: str
    columns: list[str]
    rows: list[list[str]]
    description: str = ""


def split_row(line: str) -> list[str]:
    """The cells of a Markdown table row; ``\\|`` is a pipe inside a cell."""
    cells = re.split(r"(?<!\\)\|", line.strip().strip("|")) if line.strip() != "||" else [""]
    return [c.strip().replace("\\|", "|") for c in cells]


def parse_table(lines: list[str]) -> tuple[list[str], list[list[str]]] | None:
    rows = [line for line in lines if line.startswith("|")]
    if len(rows) < 2 or not re.fullmatch(r"\|(\s*-+\s*\|)+", rows[1].strip()):
        return None
    return split_row(rows[0]), [split_row(r) for r in rows[2:]]


def examples(markdown: str, name: str = "queries.md") -> list[Example]:
    """Each ```sql block with the heading above it, the prose between them and the first table below it."""
    out, title = [], None
    parts = re.split(r"^```sql\n(.*?)^```\n", markdown, flags=re.MULTILINE | re.DOTALL)
    for i in range(1, len(parts), 2):
        before, sql, after = parts[i - 1], parts[i], parts[i + 1]
        headings = re.findall(r"^## (.+)$", before, flags=re.MULTILINE)
        title = headings[-1] if headings else title
        prose = re.split(r"^## .+$", before, flags=re.MULTILINE)[-1] if headings else ""
        below = after.split("\n## ")[0].splitlines()
        table = parse_table(below)
        if table is None:
            raise AssertionError(f"{name}: the query under {title!r} has no expected-result table below it")
        out.append(Example(title, sql.strip(), *table, description=" ".join(prose.split())))
    return out


def load_examples(path: Path = QUERIES_DOC) -> list[Example]:
    return examples(path.read_text(encoding="utf-8"), path.name)


__all__ = ["QUERIES_DOC", "Example", "examples", "load_examples"]
