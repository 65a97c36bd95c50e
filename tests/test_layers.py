"""The import direction of DESIGN.md: widgets -> figures -> models, and only immunolib.content opens data/."""

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "immunolib"


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def modules(sub: str) -> list[Path]:
    return sorted((PKG / sub).rglob("*.py"))


@pytest.mark.parametrize("path", modules("models"), ids=lambda p: p.name)
def test_models_import_no_plotting_or_widgets(path):
    bad = {
        n
        for n in imports_of(path)
        if n.split(".")[0] in ("plotly", "ipywidgets", "anywidget")
        or n.startswith(("immunolib.figures", "immunolib.widgets"))
    }
    assert not bad, f"{path.name} imports {bad}"


@pytest.mark.parametrize("path", modules("figures"), ids=lambda p: p.name)
def test_figures_import_no_widgets(path):
    bad = {
        n
        for n in imports_of(path)
        if n.split(".")[0] in ("ipywidgets", "anywidget") or n.startswith("immunolib.widgets")
    }
    assert not bad, f"{path.name} imports {bad}"


def test_only_content_opens_data_files():
    offenders = []
    for path in PKG.rglob("*.py"):
        if path.relative_to(PKG).parts[0] == "content":  # the immunolib/content/ package
            continue
        text = path.read_text()
        if "open(" in text or "read_text(" in text or "yaml.safe_load" in text or '"data"' in text:
            offenders.append(path.name)
    assert not offenders, f"only immunolib.content may read data/: {offenders}"


#: No module of immunolib is over this many lines (issue 9: one idea per module, so none grows past it). A
#: module that reaches it holds more than one idea: give one its own module, and do not cram to fit.
MAX_LINES = 550


@pytest.mark.parametrize("path", sorted(PKG.rglob("*.py")), ids=lambda p: str(p.relative_to(PKG)))
def test_no_module_is_over_550_lines(path):
    lines = len(path.read_text().splitlines())
    assert lines <= MAX_LINES, f"immunolib/{path.relative_to(PKG)} has {lines} lines, over {MAX_LINES}"


def test_the_size_rule_sees_every_layer():
    """A test that can fail: the rule above covers every package of immunolib, sub-packages included."""
    found = {p.relative_to(PKG).parts[0] for p in PKG.rglob("*.py")}
    assert {"content", "figures", "models", "widgets", "theme.py", "lesson.py"} <= found
    assert (PKG / "figures" / "antibody" / "structure.py") in set(PKG.rglob("*.py"))


def test_layer_lists_are_not_empty():
    assert modules("models") and modules("figures") and modules("widgets")


def test_every_app_is_exported_from_immunolib_widgets():
    import immunolib.widgets as w

    apps = set()
    for path in modules("widgets"):
        tree = ast.parse(path.read_text())
        apps |= {
            n.name
            for n in tree.body
            if isinstance(n, ast.ClassDef) and any(getattr(b, "id", None) in ("App", "SelectionApp") for b in n.bases)
        }
    assert apps and apps <= set(w.__all__), f"not exported: {sorted(apps - set(w.__all__))}"
