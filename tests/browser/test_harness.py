"""The browser harness itself, without a browser: its JavaScript lives in ``js/*.js`` (one function per file,
read by name through :func:`pagejs.script`), and without Playwright the browser tests say that they did not run."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from . import conftest
from .pagejs import JS_DIR, script

HARNESS = [
    p
    for p in sorted(Path(__file__).parent.glob("*.py")) + sorted((conftest.REPO_ROOT / "benchmarks").glob("*.py"))
    if p.name != Path(__file__).name
]
SCRIPTS = sorted(p.stem for p in JS_DIR.glob("*.js"))
# A function expression: `() =>`, `el =>`, `(el, [a, b]) =>`, `async (el, wait) =>`.
FUNCTION_HEAD = re.compile(r"(async\s+)?(\w+|\([^)]*\))\s*=>")
JAVASCRIPT = re.compile(r"(\w|\))\s*=>|querySelector|document\.")


def _named_scripts() -> set[str]:
    """Every name passed to script("...") in the harness, the browser tests and the benchmarks."""
    names = set()
    for path in HARNESS:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "script"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                names.add(node.args[0].value)
    return names


def _code(name: str) -> str:
    """The script without its leading comment lines."""
    lines = script(name).splitlines()
    while lines and lines[0].lstrip().startswith("//"):
        lines.pop(0)
    return "\n".join(lines)


def test_every_script_named_exists_and_every_script_is_used():
    named = _named_scripts()
    assert named, "no script(...) call found: has the harness stopped using tests/browser/js/?"
    assert not named - set(SCRIPTS), f"script(...) names a missing js/ file: {sorted(named - set(SCRIPTS))}"
    assert not set(SCRIPTS) - named, f"js/ files that nothing runs: {sorted(set(SCRIPTS) - named)}"


@pytest.mark.parametrize("name", SCRIPTS)
def test_each_script_is_one_function_that_says_what_it_does(name):
    text = script(name)
    assert text.startswith("//"), f"js/{name}.js: start with a comment that says what the function returns"
    code = _code(name)
    assert FUNCTION_HEAD.match(code), f"js/{name}.js must hold one function expression, not {code[:60]!r}"
    assert not code.rstrip().endswith(";"), f"js/{name}.js: no ';' after the function (wait_for_function wraps it)"
    node = shutil.which("node")
    if node:  # a real parse where Node.js is installed: the text evaluates to a function
        check = "const s = require('fs').readFileSync(0, 'utf8'); if (typeof eval(s) !== 'function') process.exit(3);"
        out = subprocess.run([node, "-e", check], input=text, capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, f"js/{name}.js does not evaluate to a function: {out.stderr[-500:]}"


def test_javascript_is_not_formatted_into_python_strings():
    """Values reach a script as evaluate()'s argument; an f-string holding JavaScript is how they used not to."""
    found = []
    for path in HARNESS:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
                if JAVASCRIPT.search(text):
                    found.append(f"{path.name}:{node.lineno}")
    assert not found, f"JavaScript in an f-string (move it to tests/browser/js/, pass values as the argument): {found}"


def test_an_unknown_script_name_is_a_clear_error():
    with pytest.raises(FileNotFoundError, match=r"no browser-test script 'no_such_script'.*app_state"):
        script("no_such_script")


def test_browser_tests_are_collected_where_playwright_is_installed():
    if not conftest.HAVE_PLAYWRIGHT:
        pytest.skip(
            "the 'playwright' package is not installed: the browser tests of tests/browser were not "
            "collected (pip install -e '.[test]' and Debian's chromium run them)"
        )
    assert conftest.collect_ignore == []
