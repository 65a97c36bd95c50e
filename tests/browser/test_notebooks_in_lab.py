"""Every lesson notebook, run in JupyterLab in a real Chromium, must render and respond.

For each ``notebooks/*.ipynb`` (or the glob in ``IMMUNOLIB_BROWSER_NOTEBOOKS``):

1. a clean copy (outputs, execution counts and widget state stripped) is served by the
   session's JupyterLab; the stored notebook is never touched;
2. it is opened at ``/lab/tree/...``, Kernel > Restart Kernel and Run All Cells… is
   clicked and confirmed, and the test waits until every code cell has run;
3. it fails on an error or stderr output, "Error displaying widget", a page error, a
   widget-related console error, a widget still "Loading widget..." or a plotly figure
   (FigureWidget or static) that was not drawn;
4. every ``.immunolib-app`` is exercised like a user would (see README.md): the figure,
   and its ``.immunolib-alt`` text, must change; quizzes must give feedback.

On failure a full-page screenshot and the browser console log are written to
``test-artifacts/browser/``.
"""

from __future__ import annotations

import glob
import os
import shutil
import time
import urllib.parse
from pathlib import Path

import nbformat
import pytest

from .a11y import axe_problems
from .conftest import REPO_ROOT
from .labpage import (
    ConsoleLog,
    check_interactives,
    describe_progress,
    fit_problems,
    open_notebook,
    output_problems,
    restart_and_run_all,
    save_screenshot,
    show_file_browser,
    unexecuted_cells,
    wait_run_all,
)

NOTEBOOKS_ENV = "IMMUNOLIB_BROWSER_NOTEBOOKS"
SCREENSHOTS_ENV = "IMMUNOLIB_BROWSER_SCREENSHOTS"  # "always": also save them for passing notebooks

# Notebooks allowed to have no .immunolib-app (file names, e.g. "99_glossary.ipynb").
# Every lesson is meant to be interactive: add a name here only with a reason.
NO_INTERACTIVE_ALLOWED: set[str] = set()

# The window the notebook is run in (a small laptop), and the widths at which the fit rules are checked.
VIEWPORT = {"width": 1024, "height": 900}
FIT_WIDTHS = (1024, 1920)


def discover_notebooks() -> list[Path]:
    """notebooks/*.ipynb, sorted; or the glob in $IMMUNOLIB_BROWSER_NOTEBOOKS
    (absolute, or relative to the repository root)."""
    pattern = os.environ.get(NOTEBOOKS_ENV) or "notebooks/*.ipynb"
    if not os.path.isabs(pattern):
        pattern = str(REPO_ROOT / pattern)
    return sorted(
        Path(p).resolve()
        for p in glob.glob(pattern, recursive=True)
        if p.endswith(".ipynb") and ".ipynb_checkpoints" not in p
    )


NOTEBOOKS = discover_notebooks()
_served: dict[Path, Path] = {}


def serve_copy(notebook: Path, root: Path) -> Path:
    """Copy the notebook's folder (images, sibling files) under the server root once,
    then strip outputs, execution counts and widget state from the notebook's copy so
    that everything on the page comes from this run.  Returns the copy's path."""
    folder = notebook.parent
    if folder not in _served:
        target = root / f"d{len(_served)}-{folder.name}"
        shutil.copytree(folder, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", ".git"))
        _served[folder] = target
    copy = _served[folder] / notebook.name
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, copy)
    return copy


def exercise_notebook(page, url: str, notebook: Path, console: ConsoleLog, notes: list[str]) -> list[str]:
    """Open, restart + run all, inspect outputs, use every interactive.  Returns problems."""
    problems: list[str] = []
    clock = time.monotonic()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.monotonic()
        notes.append(f"{step}: {now - clock:.1f} s")
        clock = now

    open_notebook(page, url)
    show_file_browser(page)  # the narrowest layout a student meets: 1024 px window, file browser open
    lap("open + kernel idle")
    restart_and_run_all(page)
    progress = wait_run_all(page)
    lap("restart + run all cells")
    missing = unexecuted_cells(progress)
    if missing:
        problems.append(f"code cells not executed (run stopped?): {missing}; {describe_progress(progress)}")
    problems += output_problems(page)
    lap("outputs rendered")
    if not problems:  # exercising apps of a broken notebook would only add noise
        n_apps, app_problems = check_interactives(page, notes)
        lap(f"{n_apps} interactive(s) exercised (mouse and keyboard)")
        problems += app_problems
        # The course's own content only: JupyterLab's chrome is not ours (see a11y.KNOWN_UPSTREAM).
        problems += axe_problems(
            page, [".jp-NotebookPanel .jp-MarkdownOutput", ".jp-NotebookPanel .jp-OutputArea-output"], notes
        )
        lap("axe-core scan")
        # Fit rules (issue 8): figures fill the notebook's width, nothing scrolls sideways, no text outside
        # its figure, from a 1024 px window with the file browser open up to 1920 px.
        for width in FIT_WIDTHS:
            fit, figures = fit_problems(page, width)
            problems += fit
            notes.append(
                f"fit at {width} px: figure widths "
                + ", ".join(f"cell {f['cell']}: {f['width']}/{f['room']}" for f in figures)
            )
        page.set_viewport_size(VIEWPORT)
        if n_apps == 0 and notebook.name not in NO_INTERACTIVE_ALLOWED:
            problems.append(
                "no .immunolib-app in this notebook: every lesson must have at least one "
                "interactive (or be listed in NO_INTERACTIVE_ALLOWED with a reason)"
            )
    dialogs = page.locator(".jp-Dialog")
    if dialogs.count() and dialogs.first.is_visible():
        problems.append(f"a dialog is open: {dialogs.first.inner_text()[:300]!r}")
    return problems


@pytest.mark.browser
@pytest.mark.parametrize("notebook", NOTEBOOKS or [None], ids=[p.name for p in NOTEBOOKS] or ["no-notebooks"])
def test_notebook_runs_and_responds_in_jupyterlab(notebook, request, artifacts_dir):
    if notebook is None:  # before the fixtures: an empty list fails even without Chromium
        pytest.fail(
            f"no notebook matched {os.environ.get(NOTEBOOKS_ENV) or 'notebooks/*.ipynb'}: there is nothing to test",
            pytrace=False,
        )
    browser = request.getfixturevalue("browser")  # skips (or fails when CI=true) without Chromium
    lab = request.getfixturevalue("lab")
    copy = serve_copy(notebook, lab.root_dir)
    rel = copy.relative_to(lab.root_dir).as_posix()
    # ?reset: start from an empty workspace, so tabs of earlier notebooks are not reopened.
    url = f"{lab.base_url}/lab/tree/{urllib.parse.quote(rel)}?reset"

    context = browser.new_context(viewport=dict(VIEWPORT))
    context.set_default_timeout(30_000)
    try:
        page = context.new_page()
        console = ConsoleLog()
        console.attach(page)
        notes: list[str] = []
        crash = None
        try:
            problems = exercise_notebook(page, url, notebook, console, notes)
        except Exception as exc:  # noqa: BLE001 - a timeout or a broken page: report it with the rest
            crash = exc
            problems = [f"{type(exc).__name__}: {exc}"]
        problems += [f"page error: {e}" for e in console.page_errors]
        problems += [f"console error from widget rendering: {e}" for e in console.widget_errors]
        problems += [
            f"figure bundle fell back to the kernel (server extension immunolib.server not working): {e}"
            for e in console.bundle_fallbacks[:1]
        ]
        print(f"{notebook.name}:\n  " + "\n  ".join(notes))
        always = os.environ.get(SCREENSHOTS_ENV) == "always"
        if not problems and not always:
            return
        shot = artifacts_dir / f"{notebook.stem}.png"
        log = artifacts_dir / f"{notebook.stem}.console.log"
        try:
            save_screenshot(page, shot)
        except Exception as shot_exc:  # noqa: BLE001 - never hide the real failure
            shot = f"(screenshot failed: {shot_exc})"
        log.write_text(
            "\n".join(console.lines) + "\n\n--- JupyterLab server log (tail) ---\n" + lab.log_tail(), encoding="utf-8"
        )
    finally:
        context.close()
        lab.shutdown_sessions()
    if not problems:
        return
    message = (
        f"{notebook.name}: {len(problems)} problem(s) in JupyterLab:\n  - "
        + "\n  - ".join(problems)
        + f"\nscreenshot: {shot}\nconsole log: {log}"
    )
    if crash is not None:
        raise AssertionError(message) from crash
    pytest.fail(message, pytrace=False)
