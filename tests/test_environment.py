"""environment.yml (Binder, conda) and pyproject.toml must name the same runtime packages."""

import re
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
# conda-forge names that differ from PyPI names.
CONDA_TO_PYPI = {}


def _name(spec: str) -> str:
    return re.split(r"[<>=!~ \[;]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _bound(spec: str) -> str:
    m = re.search(r">=\s*([0-9][0-9.]*)", spec)
    return m.group(1) if m else ""


def runtime_from_pyproject() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {_name(d): _bound(d) for d in project["dependencies"]}


def runtime_from_environment() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    out = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):  # a pip: section
            for spec in dep.get("pip", []):
                out[_name(spec)] = _bound(spec)
            continue
        name = _name(dep)
        if name in ("python", "pip"):
            continue
        out[CONDA_TO_PYPI.get(name, name)] = _bound(dep)
    return out


def test_environment_names_the_same_packages_as_pyproject():
    py, env = runtime_from_pyproject(), runtime_from_environment()
    assert set(py) == set(env), (
        f"only in pyproject.toml: {sorted(set(py) - set(env))}; only in environment.yml: {sorted(set(env) - set(py))}")


def test_environment_has_the_same_lower_bounds_as_pyproject():
    py, env = runtime_from_pyproject(), runtime_from_environment()
    differ = {k: (py[k], env.get(k)) for k in py if py[k] != env.get(k)}
    assert not differ, f"lower bounds differ (pyproject, environment.yml): {differ}"


def test_environment_pins_python_and_uses_conda_forge():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
    pythons = [d for d in env["dependencies"] if isinstance(d, str) and _name(d) == "python"]
    assert pythons and re.fullmatch(r"python=3\.\d+", pythons[0].replace(" ", "")), pythons


def test_postbuild_installs_immunolib_without_dependencies():
    text = (ROOT / "postBuild").read_text()
    assert "set -e" in text
    assert "pip install --no-deps -e ." in text
    assert not (ROOT / "binder").exists(), "a binder/ folder would make Binder ignore the top-level files"


def test_declared_runtime_dependencies_meet_the_issue():
    py = runtime_from_pyproject()
    for pkg in ("ipywidgets", "plotly", "anywidget", "numpy", "scipy", "pyyaml", "jsonschema", "jupyterlab"):
        assert pkg in py and py[pkg], f"{pkg} must be a runtime dependency with a lower bound"
    assert tuple(map(int, py["plotly"].split(".")[:2])) >= (6, 1)
    assert py["ipywidgets"].startswith("8")
    test_extra = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["test"]
    assert {_name(d) for d in test_extra} >= {"pytest", "nbval", "playwright", "hypothesis"}


def test_environment_check_requires_what_pyproject_declares():
    from immunolib.lesson import REQUIREMENTS
    py = runtime_from_pyproject()
    assert {r.package: r.minimum for r in REQUIREMENTS} == py


def test_branch_comparison_shows_every_row_it_promises():
    from immunolib import content
    from immunolib.lesson import branch_comparison
    html = branch_comparison().data
    for row in ("Speed", "Specificity", "Memory", "Receptors", "Barriers", "Members"):
        assert f">{row}</th>" in html
    assert content.branch("innate").barriers[0].split()[0] in html


# -- the oldest supported Python: one number, stated the same everywhere (issue 10) ---------------------

def _minimum_python_statements() -> dict[str, str]:
    """Every place that states the oldest supported Python, and the version it states there."""
    from immunolib import lesson

    out = {}
    req = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    out["pyproject.toml requires-python"] = re.fullmatch(r">=\s*(3\.\d+)", req.strip()).group(1)
    readme = re.findall(r"Python (3\.\d+) or newer", (ROOT / "README.md").read_text(encoding="utf-8"))
    assert readme, "README.md no longer says 'Python 3.x or newer'"
    for i, v in enumerate(readme):
        out[f"README.md statement {i + 1}"] = v
    makefile = re.findall(r"Python (3\.\d+)\+", (ROOT / "Makefile").read_text(encoding="utf-8"))
    assert makefile, "the Makefile's header no longer says 'Python 3.x+'"
    out["Makefile header"] = makefile[0]
    out["immunolib.lesson.MIN_PYTHON (notebook 00's environment check)"] = ".".join(map(str, lesson.MIN_PYTHON))
    return out


def test_the_oldest_supported_python_is_stated_the_same_everywhere():
    stated = _minimum_python_statements()
    assert len(set(stated.values())) == 1, f"the minimum Python differs between places: {stated}"


def test_no_stale_python_minimum_is_left_in_the_docs():
    minimum = next(iter(_minimum_python_statements().values()))
    stale = []
    for path in [ROOT / "README.md", ROOT / "Makefile", *sorted((ROOT / "docs").rglob("*.md"))]:
        for m in re.finditer(r"Python (3\.\d+)(?:\+| or newer| or later)", path.read_text(encoding="utf-8")):
            if m.group(1) != minimum:
                stale.append(f"{path.relative_to(ROOT)}: {m.group(0)!r}")
    assert not stale, f"these still state another minimum than Python {minimum}: {stale}"


def test_this_interpreter_meets_the_minimum_and_environment_yml_pins_a_supported_python():
    from immunolib import lesson

    assert sys.version_info >= lesson.MIN_PYTHON
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pin = next(d for d in env["dependencies"] if isinstance(d, str) and _name(d) == "python")
    pinned = tuple(int(x) for x in pin.split("=")[-1].split(".")[:2])
    assert pinned >= lesson.MIN_PYTHON, f"environment.yml pins {pin}, older than the minimum {lesson.MIN_PYTHON}"


def test_the_environment_check_reports_an_old_python(monkeypatch):
    from immunolib import lesson

    monkeypatch.setattr(sys, "version_info", (3, 10, 14, "final", 0))
    problems = lesson.check_environment(())
    assert any("too old" in p and "3.11" in p for p in problems), problems
