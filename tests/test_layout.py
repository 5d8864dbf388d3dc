"""The package stays a house a newcomer can find their way in (issue #12).

These are measured on the source itself: the import graph of ``thp_cli`` (imports
at module level and inside functions alike) has no cycle, nothing but the command
line imports the command line, and no module or function grows past the size a
reader can hold in mind.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "thp_cli"
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The thp_cli modules ``name`` imports, anywhere in its body (``TYPE_CHECKING`` blocks aside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(n) for child in node.body for n in ast.walk(child))
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # each name is a submodule (``from . import files``) or a name the module defines
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                found.add(submodule if submodule in known else target)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    found.discard(name)
    return found & known


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(name, path, known) for name, path in modules.items()}


def test_the_import_graph_has_no_cycle() -> None:
    graph = _graph()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    assert cycles == []


def test_nothing_outside_the_command_line_imports_it() -> None:
    graph = _graph()
    outside = {
        name: sorted(t for t in targets if t == "thp_cli.cli" or t.startswith("thp_cli.cli."))
        for name, targets in graph.items()
        if not (name == "thp_cli.cli" or name.startswith("thp_cli.cli.") or name == "thp_cli.__main__")
    }
    assert {k: v for k, v in outside.items() if v} == {}


@pytest.mark.parametrize("name", sorted(_modules()))
def test_each_module_and_function_is_small_enough_to_read(name: str) -> None:
    path = _modules()[name]
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_MODULE_LINES
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == []


@pytest.mark.parametrize(
    "name", sorted(n for n, p in _modules().items() if p.name == "__init__.py" and n != "thp_cli")
)
def test_a_package_init_holds_only_its_docstring(name: str) -> None:
    """Import from the module that does the job: a package's ``__init__`` imports nothing, so
    reading one part of a package never loads the rest (nor pydantic behind it). The top
    package holds ``__version__`` too."""
    body = ast.parse(_modules()[name].read_text(encoding="utf-8")).body
    assert len(body) <= 1 and all(isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant) for n in body)
