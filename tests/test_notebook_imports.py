"""One way to import, one way to show HTML: what a notebook's code cells may import from ``immunolib``.

Allowed (issue 9, item 8):

* ``immunolib.widgets`` — every app and component (``from immunolib.widgets import ResponseStepper``), never a
  lesson's module (``immunolib.widgets.cells``): the package is the one public address of an app;
* ``immunolib.lesson`` — every prose helper: glossary, references, folded blocks, parameter tables and the
  lessons' tables and panels (they display themselves through ``_repr_html_``);
* ``immunolib.content`` (or ``from immunolib import content``) — records for a References list or a loop over
  the course data; only the package itself, not its inner modules;
* ``immunolib.models`` and its modules — the one-line model call of a model app's "Further information"
  (DSAIRM) and the numbers a task's answer is computed from (``immunolib.models.regimens``).

Not allowed: ``immunolib.figures`` (a figure or table reaches a notebook through an app or ``immunolib.lesson``),
``immunolib.theme`` and any other module; and ``HTML(...)`` (or importing IPython's ``HTML``) in a notebook:
a table or card shows itself.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

#: Modules a notebook may import, exactly.
EXACT = {"immunolib.widgets", "immunolib.lesson", "immunolib.content"}
#: Packages a notebook may import, with their modules.
WITH_MODULES = {"immunolib.models"}


def allowed(module: str) -> bool:
    """Whether a notebook may import ``module`` (only ``immunolib`` modules are judged)."""
    if module != "immunolib" and not module.startswith("immunolib."):
        return True
    return module in EXACT or any(module == p or module.startswith(p + ".") for p in WITH_MODULES)


def problems(source: str) -> list[str]:
    """What a code cell's source does against the rules above, in words (empty when it follows them)."""
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]  # IPython magics
    tree = ast.parse("\n".join(lines))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if not allowed(a.name)]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "immunolib":
                found += [f"from immunolib import {a.name}" for a in node.names if not allowed(f"immunolib.{a.name}")]
            elif not allowed(node.module):
                found.append(f"from {node.module} import ...")
            if node.module.startswith("IPython") and any(a.name == "HTML" for a in node.names):
                found.append(f"from {node.module} import HTML")
        elif isinstance(node, ast.Call):
            f = node.func
            if (isinstance(f, ast.Name) and f.id == "HTML") or (isinstance(f, ast.Attribute) and f.attr == "HTML"):
                found.append("HTML(...)")
    return found


def code_cells(path: Path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for k, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            yield k, source


@pytest.mark.parametrize(
    "source, expected",
    [
        ("from immunolib.widgets import ResponseStepper\nResponseStepper()", []),
        ("from immunolib.lesson import folded, organ_table\nfolded(organ_table(), 'x')", []),
        ("from immunolib import content\nfrom immunolib.models.regimens import Regimen", []),
        ("from immunolib.widgets.cells import ResponseStepper", ["from immunolib.widgets.cells import ..."]),
        ("from immunolib.figures.body import organ_table", ["from immunolib.figures.body import ..."]),
        ("import immunolib.figures.antibody as ab", ["import immunolib.figures.antibody"]),
        ("from immunolib import figures, lesson", ["from immunolib import figures"]),
        ("from immunolib.content.records import Cell", ["from immunolib.content.records import ..."]),
        (
            "from IPython.display import HTML\nHTML('<table></table>')",
            ["from IPython.display import HTML", "HTML(...)"],
        ),
        ("import IPython.display as d\nd.HTML(table)", ["HTML(...)"]),
    ],
)
def test_the_rule_fails_on_what_it_forbids(source, expected):
    assert sorted(problems(source)) == sorted(expected)


def test_there_are_notebooks_to_check():
    assert len(NOTEBOOKS) >= 9


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_imports_apps_and_helpers_one_way(path):
    bad = [f"cell {k}: {p}" for k, source in code_cells(path) for p in problems(source)]
    assert not bad, (
        f"{path.name}: import apps from immunolib.widgets, prose helpers and tables from "
        f"immunolib.lesson (no HTML(...)): " + "; ".join(bad)
    )
