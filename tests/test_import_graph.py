"""No import circle inside immunolib, and every module imports on its own, first, in a fresh interpreter.

An import circle (``outcomes`` importing the tumour models inside a function while they import from
``outcomes``) works until someone moves an import to the top of a file or imports the modules in another
order; then it fails with "partially initialized module". The graph is read from the source with ``ast``
(every ``import``, at module level or inside a function, except under ``if TYPE_CHECKING:``), so a circle
is caught before it bites; the import tests then check what actually happens at run time.
"""

from __future__ import annotations

import ast
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "immunolib"


def module_names(package: Path = PACKAGE) -> dict[str, Path]:
    """Dotted module name -> file, for every ``.py`` file of ``package`` (``__init__`` is the package)."""
    out = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(tree: ast.AST):
    """Every Import/ImportFrom of ``tree`` (functions included), skipping ``if TYPE_CHECKING:`` bodies."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        children = list(ast.iter_child_nodes(node))
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            children = list(node.orelse)
        stack.extend(children)


def imports_of(name: str, path: Path, modules) -> set[str]:
    """The modules of ``modules`` that the module ``name`` (file ``path``) imports, directly."""
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()

    def nearest(dotted: str) -> str | None:  # the module itself, or the package that holds the name
        while dotted and dotted not in modules:
            dotted = dotted.rpartition(".")[0]
        return dotted or None

    for node in _import_nodes(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            if node.level:  # relative import: resolve against this module's package
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            targets = [
                f"{source}.{alias.name}" if f"{source}.{alias.name}" in modules else source for alias in node.names
            ]
        for target in targets:
            hit = nearest(target)
            if hit and hit != name:
                found.add(hit)
    return found


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """Module -> modules of the same package it imports (the implicit import of parent packages aside)."""
    modules = module_names(package)
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle of ``graph`` as a path ``[a, b, ..., a]``, or None if the graph is acyclic."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state:
                cycle = visit(nxt)
                if cycle:
                    return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return None


def test_the_cycle_finder_finds_a_circle_and_accepts_a_tree():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_the_graph_reader_sees_imports_inside_functions(tmp_path):
    """The old circle was a function-level import: the reader must see it (and resolve relative imports)."""
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "low.py").write_text("from pkg.sub.high import thing\n")
    (pkg / "sub" / "high.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import other\n"
        "def thing():\n    from . import low\n    return low\n"
    )
    (pkg / "other.py").write_text("import pkg.sub.high\n")
    graph = import_graph(pkg)
    assert graph["pkg.sub.high"] == {"pkg.sub.low"}  # TYPE_CHECKING import left out
    assert graph["pkg.other"] == {"pkg.sub.high"}
    assert find_cycle(graph) == ["pkg.sub.high", "pkg.sub.low", "pkg.sub.high"]


#: Imports that run back up on purpose, as (importing module or package prefix, imported module). None today:
#: the notebook display of a data problem lives in ``content.notebook`` (``lesson`` only re-exports it).
ALLOWED_UPWARD: set[tuple[str, str]] = set()


def _allowed(source: str, target: str) -> bool:
    return any((source == s or source.startswith(s + ".")) and target == t for s, t in ALLOWED_UPWARD)


def test_immunolib_has_no_import_circle():
    graph = import_graph()
    assert "immunolib.models.stability" in graph and "immunolib.models.outcomes" in graph
    graph = {src: {dst for dst in dsts if not _allowed(src, dst)} for src, dsts in graph.items()}
    cycle = find_cycle(graph)
    assert cycle is None, "import circle: " + " -> ".join(cycle)


def test_stability_is_below_the_tumour_models_and_outcomes_above():
    graph = import_graph()
    for model in ("kuznetsov", "kirschner", "depillis"):
        deps = graph[f"immunolib.models.{model}"]
        assert "immunolib.models.stability" in deps
        assert "immunolib.models.outcomes" not in deps and "immunolib.models.registry" not in deps
    assert "immunolib.models.registry" in graph["immunolib.models.outcomes"]
    # the solver needs nothing of immunolib but the plan of a run, which needs nothing at all
    assert graph["immunolib.models.solver"] <= {"immunolib.models.breaks"}
    assert graph["immunolib.models.breaks"] <= set()


_IMPORT_EACH_FIRST = """
import importlib, json, sys, traceback
names, orders = json.loads(sys.argv[1]), json.loads(sys.argv[2])
def purge():
    for key in [k for k in sys.modules if k == "immunolib" or k.startswith("immunolib.")]:
        del sys.modules[key]
failures = []
for order in [[n] for n in names] + orders:
    purge()
    for n in order:
        try:
            importlib.import_module(n)
        except Exception:
            failures.append({"order": order[:order.index(n) + 1], "error": traceback.format_exc(limit=3)})
            break
print(json.dumps(failures))
"""


def test_every_module_imports_first_and_in_any_order():
    """In a fresh interpreter: each module imported first (with no immunolib module loaded), then the
    whole package in three shuffled orders (seeded)."""
    names = sorted(module_names())
    orders = []
    for seed in range(3):
        order = names[:]
        random.Random(seed).shuffle(order)
        orders.append(order)
    proc = subprocess.run(
        [sys.executable, "-c", _IMPORT_EACH_FIRST, json.dumps(names), json.dumps(orders)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    failures = json.loads(proc.stdout.strip().splitlines()[-1])
    assert not failures, "\n".join(f"{' -> '.join(f['order'][-3:])}:\n{f['error']}" for f in failures)


@pytest.mark.parametrize(
    "name",
    ["immunolib.models.kuznetsov", "immunolib.models.outcomes", "immunolib.models.stability", "immunolib.models.core"],
)
def test_a_model_module_imports_alone_in_a_new_interpreter(name):
    """The model modules that were in the circle, each in a truly new interpreter."""
    proc = subprocess.run(
        [sys.executable, "-c", f"import {name}"], capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
