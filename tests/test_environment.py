"""environment.yml (Binder, conda) and pyproject.toml must name the same packages: the runtime, and the test
tools that run on Binder; the linters of `make lint` are pinned the same in pyproject.toml and pre-commit."""

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


# The test extra's packages that environment.yml leaves out, and why (its comment must name each of them).
NOT_ON_BINDER = {
    "playwright": "browser tests: no Chromium that runs in the Binder container",
    "axe-playwright-python": "browser tests (axe-core through Playwright)",
    "voila": "browser tests (presentation mode)",
    "ruff": "linter of `make lint`; no test needs it",
    "nbqa": "linter of `make lint`; no test needs it",
}


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def runtime_from_pyproject() -> dict[str, str]:
    return {_name(d): _bound(d) for d in _project()["dependencies"]}


def tools_from_test_extra() -> dict[str, str]:
    return {_name(d): _bound(d) for d in _project()["optional-dependencies"]["test"]}


def expected_in_environment() -> dict[str, str]:
    """What environment.yml must hold: the runtime, and the test tools that run on Binder."""
    tools = {k: v for k, v in tools_from_test_extra().items() if k not in NOT_ON_BINDER}
    return {**tools, **runtime_from_pyproject()}


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
    py, env = expected_in_environment(), runtime_from_environment()
    assert set(py) == set(env), (
        f"only in pyproject.toml: {sorted(set(py) - set(env))} (add them to environment.yml, or to NOT_ON_BINDER "
        f"with the reason); only in environment.yml: {sorted(set(env) - set(py))}"
    )


def test_environment_has_the_same_lower_bounds_as_pyproject():
    py, env = expected_in_environment(), runtime_from_environment()
    differ = {k: (py[k], env.get(k)) for k in py if py[k] != env.get(k)}
    assert not differ, f"lower bounds differ (pyproject, environment.yml): {differ}"


def test_environment_has_the_tools_to_run_the_notebook_regression_tests_on_binder():
    env = runtime_from_environment()
    assert {"pytest", "nbval"} <= set(env), sorted(env)
    # The command environment.yml gives a Binder user is the README's nbval command.
    text = (ROOT / "environment.yml").read_text()
    assert "--nbval" in text and "--nbval-sanitize-with tests/nbval_sanitize.cfg" in text
    assert "--nbval-sanitize-with tests/nbval_sanitize.cfg" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_environment_says_why_it_leaves_each_test_tool_out():
    text = (ROOT / "environment.yml").read_text()
    comment = "\n".join(line for line in text.splitlines() if line.lstrip().startswith("#"))
    assert set(NOT_ON_BINDER) <= set(tools_from_test_extra()), "NOT_ON_BINDER names a package pyproject lacks"
    unexplained = [name for name in NOT_ON_BINDER if not re.search(rf"\b{re.escape(name)}\b", comment)]
    assert not unexplained, f"environment.yml's comment must say why it leaves out {unexplained}"


def test_files_named_in_environment_yml_exist():
    """Its comment once named binder/postBuild, which does not exist (and a binder/ folder must not)."""
    text = (ROOT / "environment.yml").read_text()
    named = set(re.findall(r"[\w./-]*postBuild\b|tests/[\w./-]+", text))
    assert "postBuild" in named
    missing = sorted(p for p in named if not (ROOT / p).exists())
    assert not missing, f"environment.yml names files that do not exist: {missing}"


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
    assert set(tools_from_test_extra()) >= {"pytest", "nbval", "playwright", "hypothesis", "ruff", "nbqa"}


# -- the linters: one version, in pyproject.toml's test extra (make lint) and in .pre-commit-config.yaml -------


def _pinned(package: str) -> str:
    specs = [d for d in _project()["optional-dependencies"]["test"] if _name(d) == package]
    assert specs, f"{package} is not in pyproject.toml's test extra"
    m = re.fullmatch(rf"{re.escape(package)}\s*==\s*([0-9][0-9.]*)", specs[0].strip())
    assert m, f"pin {package} exactly in the test extra (a new release can add lint findings): {specs[0]!r}"
    return m.group(1)


def test_pre_commit_runs_the_linters_make_lint_runs_at_the_same_versions():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    repos = {r["repo"].rstrip("/").rsplit("/", 1)[-1]: r for r in config["repos"]}
    ruff, nbqa = _pinned("ruff"), _pinned("nbqa")
    assert repos["ruff-pre-commit"]["rev"] == f"v{ruff}"
    assert {h["id"] for h in repos["ruff-pre-commit"]["hooks"]} == {"ruff", "ruff-format"}
    assert repos["nbQA"]["rev"] == nbqa
    (hook,) = [h for h in repos["nbQA"]["hooks"] if h["id"] == "nbqa-ruff"]
    assert f"ruff=={ruff}" in hook["additional_dependencies"]


def test_make_test_runs_the_linters_first():
    import shutil
    import subprocess

    make = shutil.which("make")
    assert make, "make is needed for the README's commands"
    out = subprocess.run([make, "-n", "test"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    at = {
        cmd: next((i for i, line in enumerate(lines) if cmd in line), None)
        for cmd in ("ruff check .", "ruff format --check .", "nbqa ruff notebooks", "-m pytest")
    }
    assert None not in at.values(), f"make test must run {[c for c, i in at.items() if i is None]}:\n{out.stdout}"
    linters = max(at[c] for c in ("ruff check .", "ruff format --check .", "nbqa ruff notebooks"))
    assert at["-m pytest"] > linters, f"make test must lint before it runs pytest:\n{out.stdout}"


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
