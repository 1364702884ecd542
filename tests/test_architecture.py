"""The source tree's shape: no import cycle between iammock's modules, and no module imports another's
``_private`` names (issue 15: "modules get the collaborators they use; never import another module's
``_private`` names; no import cycles").

Decision: an import inside a function counts as an edge. Deferring an import keeps a cycle from
failing at import time, but the two modules still need each other to work; the only imports left out
are those under ``if TYPE_CHECKING:``, which never run.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "iammock"

# Runtime import edges allowed despite closing a cycle (importer, imported). Empty: the engine's shared
# records live in engine/named.py, so decide and index no longer need each other.
ALLOWED_EDGES: frozenset[tuple[str, str]] = frozenset()


def _modules(root: Path) -> dict[str, tuple[Path, bool]]:
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        package = parts[-1] == "__init__"
        if package:
            parts.pop()
        found[".".join(parts)] = (path, package)
    return found


def _runtime_nodes(node: ast.AST) -> Iterator[ast.AST]:
    """Every node that runs, leaving out ``if TYPE_CHECKING:`` bodies (their ``else`` runs)."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
            for other in child.orelse:
                yield other
                yield from _runtime_nodes(other)
            continue
        yield child
        yield from _runtime_nodes(child)


def _imports(name: str, path: Path, package: bool) -> Iterator[tuple[str, str | None, int]]:
    """(module imported, name imported from it or None, line) for every runtime import of ``name``."""
    base = name if package else name.rpartition(".")[0]
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = base.split(".")
                parts = parts[: len(parts) - node.level + 1]
                module = ".".join(parts + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for alias in node.names:
                yield module, alias.name, node.lineno


def import_graph(root: Path) -> dict[str, set[str]]:
    """Module -> the modules of the same tree it imports at run time (function-level imports included)."""
    modules = _modules(root)
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for name, (path, package) in modules.items():
        for module, imported, _ in _imports(name, path, package):
            target = f"{module}.{imported}" if imported and f"{module}.{imported}" in modules else module
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name and (name, target) not in ALLOWED_EDGES:
                graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def private_imports(root: Path) -> list[str]:
    """``from m import _name`` and ``m._name`` where ``m`` is another module of the tree."""
    modules = _modules(root)
    top = root.name
    found = []
    for name, (path, package) in modules.items():
        bound: dict[str, str] = {}  # local name -> module of the tree it is bound to
        for module, imported, line in _imports(name, path, package):
            if not (module == top or module.startswith(top + ".")):
                continue
            if imported is None:
                continue
            if imported.startswith("_") and not imported.startswith("__"):
                found.append(f"{path.relative_to(root.parent)}:{line}: from {module} import {imported}")
            if f"{module}.{imported}" in modules:
                bound[imported] = f"{module}.{imported}"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases = {
            (a.asname or a.name): a.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            for a in node.names
            if a.name in bound
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                module = bound[aliases[node.value.id]]
                found.append(f"{path.relative_to(root.parent)}:{node.lineno}: {module}.{node.attr}")
    return found


def test_no_import_cycle_in_src() -> None:
    assert cycles(import_graph(SRC)) == []


def test_no_module_imports_another_modules_private_names() -> None:
    assert private_imports(SRC) == []


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "pkg"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_the_checks_find_what_they_look_for(tmp_path: Path) -> None:
    """Each check fails on a tree that has what it forbids (and passes when it is only typed)."""
    root = _tree(
        tmp_path,
        {
            "__init__.py": "",
            "a.py": "from . import b\n",
            "b.py": "def f():\n    from .c import _hidden\n    return _hidden\n",
            "c.py": "from . import a\n_hidden = 1\n",
            "d.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import e\n",
            "e.py": "from . import c\nfrom . import d\nx = c._hidden\n",
        },
    )
    assert cycles(import_graph(root)) == [["pkg.a", "pkg.b", "pkg.c"]]  # d <-> e is only typed
    assert private_imports(root) == ["pkg/b.py:2: from pkg.c import _hidden", "pkg/e.py:3: pkg.c._hidden"]
