"""The layout's rules (docs/architecture.md), read from the source with ``ast``.

Every ``import`` counts, also those inside functions: a lazy import is still a dependency.
An import of ``a.b.c`` (or ``from a.b import c`` when ``c`` is a module) is an edge to the
module ``a.b.c``; a package's ``__init__`` is the module named for the package.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import pairaid_etl

PACKAGE = Path(pairaid_etl.__file__).resolve().parent
NAME = "pairaid_etl"

CORE = ("extract", "meaning", "knowledge", "records", "spans")
NOT_FROM_CORE = ("store", "orchestrate", "review", "cli")
EXTERNAL_NOT_FROM_CORE = ("prefect", "sqlalchemy", "alembic")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join([NAME, *parts])


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.relative_to(PACKAGE).parts or "__pycache__" in path.parts:
            continue
        found[module_name(path)] = path
    return found


MODULES = modules()


def imports(name: str, path: Path) -> tuple[set[str], set[str]]:
    """(package modules, external top-level packages) that ``name`` imports anywhere."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    inside, outside = set(), set()

    def add(target: str) -> None:
        if target == NAME or target.startswith(NAME + "."):
            while target not in MODULES and "." in target:  # an attribute of a module
                target = target.rpartition(".")[0]
            inside.add(target)
        else:
            outside.add(target.partition(".")[0])

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(base + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            for alias in node.names:
                full = f"{base}.{alias.name}"
                add(full if full in MODULES else base)
    inside.discard(name)
    return inside, outside


GRAPH = {name: imports(name, path)[0] for name, path in MODULES.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def in_part(name: str, parts: tuple[str, ...]) -> bool:
    rest = name[len(NAME) + 1:]
    return any(rest == p or rest.startswith(p + ".") for p in parts)


def test_the_graph_sees_the_package():
    """It finds the parts and their edges (a parser that saw nothing would pass every rule)."""
    assert {"pairaid_etl.extract.figures", "pairaid_etl.meaning", "pairaid_etl.store.models",
            "pairaid_etl.orchestrate.flow", "pairaid_etl.cli"} <= set(MODULES)
    assert "pairaid_etl.meaning" in GRAPH["pairaid_etl.extract.figures"]
    assert "pairaid_etl.store.base" in GRAPH["pairaid_etl.store.models"]


def test_no_module_imports_itself_in_a_circle():
    """It rejects any import circle, lazy imports included."""
    assert cycles(GRAPH) == []


def test_cycles_finds_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("name", sorted(n for n in MODULES if in_part(n, CORE)))
def test_the_core_imports_no_storage_orchestration_review_or_cli(name):
    """The core (extract/, meaning/, knowledge, records) reads text and data files only."""
    inside, outside = imports(name, MODULES[name])
    assert sorted(m for m in inside if in_part(m, NOT_FROM_CORE)) == []
    assert sorted(outside & set(EXTERNAL_NOT_FROM_CORE)) == []


def test_token_columns_know_the_sentencizers_marks():
    """``tokens.SENTENCE_FINALS`` (the extraction road's sentence ends) are the pipeline's."""
    from pairaid_etl.extract.pipeline import get_nlp
    from pairaid_etl.extract.tokens import SENTENCE_FINALS

    assert frozenset(get_nlp().get_pipe("sentencizer").punct_chars) == SENTENCE_FINALS
