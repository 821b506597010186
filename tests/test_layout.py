"""The package's layout stays one-way: no module imports, however indirectly, a module that imports it.

Imports are read from the source (``ast``), function-level imports included, type-checking
imports left out. An import of a package means the modules its ``__init__`` hands on.
"""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "exposure"


def _module(path: Path) -> str:
    parts = path.relative_to(PKG.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module(p): p for p in PKG.rglob("*.py")}
PACKAGES = {m for m, p in MODULES.items() if p.name == "__init__.py"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = _module(path)
    base = here if path.name == "__init__.py" else here.rpartition(".")[0]
    skip = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            for n in ast.walk(node)}
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            mod = node.module or ""
            if node.level:
                mod = ".".join(base.split(".")[: len(base.split(".")) - node.level + 1] + ([mod] if mod else []))
            for a in node.names:
                found.add(f"{mod}.{a.name}" if f"{mod}.{a.name}" in MODULES else mod)
    return {m for m in found if m in MODULES and m != here}


def _graph() -> dict[str, set[str]]:
    direct = {m: _imports(p) for m, p in MODULES.items()}

    def through(m: str, seen: frozenset = frozenset()) -> set[str]:
        # a package stands for the modules its __init__ imports (its own face is not a node)
        if m not in PACKAGES:
            return {m}
        out: set[str] = set()
        for d in direct[m] - seen:
            out |= through(d, seen | {m})
        return out

    return {m: set().union(*(through(d) for d in deps)) - {m} if deps else set()
            for m, deps in direct.items() if m not in PACKAGES}


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> list[str]:
        state[m] = 1
        stack.append(m)
        for d in sorted(graph.get(m, ())):
            if state.get(d) == 1:
                return stack[stack.index(d):] + [d]
            if d not in state:
                found = visit(d)
                if found:
                    return found
        state[m] = 2
        stack.pop()
        return []

    for m in sorted(graph):
        if m not in state:
            found = visit(m)
            if found:
                return found
    return []


def test_no_module_imports_itself_through_others():
    graph = _graph()
    assert len(graph) > 100
    assert _cycle(graph) == [], " -> ".join(_cycle(graph))


def test_the_cycle_finder_finds_one():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) == []


def test_the_core_reads_no_files_and_writes_no_report():
    # the pure core never reaches the readers of file layouts or the report writers
    core = ["exposure.risk", "exposure.impact", "exposure.linkage", "exposure.indicators", "exposure.scenarios.shocks",
            "exposure.scoring.run", "exposure.uncertainty.montecarlo", "exposure.countermeasures.apply",
            "exposure.monitor.alerts"]
    graph = _graph()
    for m in core:
        seen, todo = set(), [m]
        while todo:
            x = todo.pop()
            for d in graph.get(x, ()):
                if d not in seen:
                    seen.add(d)
                    todo.append(d)
        bad = sorted(d for d in seen if d.startswith(("exposure.report", "exposure.cli", "exposure.pipeline")))
        assert not bad, f"{m} reaches {bad}"
