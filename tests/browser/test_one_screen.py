"""One screen per app (issue 11): on a 1366×768 laptop, each app fits one screen.

For each notebook (the same list as ``test_notebooks_in_lab.py``), run in JupyterLab at a 1366×768 viewport,
and for every ``.immunolib-app`` with a plotly figure measure:

* from the top of its first visible control to the bottom of its figure: at most 600 px (a student moves a
  control and sees the whole effect without scrolling);
* (question sets, ``.immunolib-quiz`` and ``.immunolib-questions``, one control per question, are left out)
* where its numbers table or card (``.immunolib-numbers``, ``.immunolib-card-view``) is: beside the figure (it
  starts above the figure's bottom and to its right) or directly below it (it starts within 60 px under the
  figure's bottom).

The measurements are printed per app (``pytest -s``); a failure names the app and the numbers.
"""

from __future__ import annotations

import contextlib
import os
import urllib.parse

import pytest

from .labpage import open_notebook, restart_and_run_all, save_screenshot, wait_run_all
from .pagejs import script
from .test_notebooks_in_lab import NOTEBOOKS, NOTEBOOKS_ENV, serve_copy

VIEWPORT = {"width": 1366, "height": 768}
MAX_CONTROL_TO_FIGURE_BOTTOM = 600  # px
MAX_GAP_BELOW = 60  # px between the figure's bottom and a card "directly below" it


def one_screen_problems(m: dict) -> list[str]:
    """What is wrong with one app's measurements (empty when it fits)."""
    name = f"app {m['k'] + 1} ({m['label']!r})"
    problems = []
    if m["control_top"] is None:
        problems.append(f"{name}: no visible control")
    else:
        span = m["fig_bottom"] - m["control_top"]
        if span > MAX_CONTROL_TO_FIGURE_BOTTOM:
            problems.append(
                f"{name}: {span:.0f} px from the first control to the bottom of the figure; at most "
                f"{MAX_CONTROL_TO_FIGURE_BOTTOM} px at 1366×768"
            )
    card = m["card"]
    if card is not None:
        beside = card["top"] < m["fig_bottom"] and card["left"] >= m["fig_right"] - 5
        below = 0 <= card["top"] - m["fig_bottom"] + 5 <= MAX_GAP_BELOW + 5
        if not (beside or below):
            problems.append(
                f"{name}: its card/table starts at y={card['top']:.0f}, x={card['left']:.0f}; the figure "
                f"ends at y={m['fig_bottom']:.0f}, x={m['fig_right']:.0f}: put it beside or directly "
                "below the figure"
            )
    return problems


def test_measure_flags_a_tall_app_and_a_card_above():
    tall = dict(
        k=0,
        label="x",
        control_top=100,
        fig_top=150,
        fig_bottom=800,
        fig_left=0,
        fig_right=700,
        card={"top": 60, "left": 0, "bottom": 90},
    )
    problems = one_screen_problems(tall)
    assert len(problems) == 2 and "700 px" in problems[0] and "beside or directly below" in problems[1]
    fits = dict(tall, fig_bottom=600, card={"top": 620, "left": 0, "bottom": 700})
    assert one_screen_problems(fits) == []


@pytest.mark.browser
@pytest.mark.parametrize("notebook", NOTEBOOKS or [None], ids=[p.name for p in NOTEBOOKS] or ["no-notebooks"])
def test_each_app_fits_one_laptop_screen(notebook, request, artifacts_dir):
    if notebook is None:
        pytest.fail(f"no notebook matched {os.environ.get(NOTEBOOKS_ENV) or 'notebooks/*.ipynb'}", pytrace=False)
    browser = request.getfixturevalue("browser")
    lab = request.getfixturevalue("lab")
    copy = serve_copy(notebook, lab.root_dir)
    rel = copy.relative_to(lab.root_dir).as_posix()
    url = f"{lab.base_url}/lab/tree/{urllib.parse.quote(rel)}?reset"
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(30_000)
    try:
        page = context.new_page()
        open_notebook(page, url)
        restart_and_run_all(page)
        wait_run_all(page)
        page.locator(".jp-NotebookPanel .js-plotly-plot .main-svg").first.wait_for(timeout=60_000)
        page.wait_for_timeout(1500)  # plotly relayout after the last figure is drawn (no event to wait on)
        measured = page.evaluate(script("one_screen_measure"))
        problems = []
        for m in measured:
            span = None if m["control_top"] is None else round(m["fig_bottom"] - m["control_top"])
            card = "none" if m["card"] is None else f"at y={int(m['card']['top'])}"
            print(
                f"{notebook.name} app {m['k'] + 1} {m['label']!r}: first control → figure bottom {span} px; card {card}"
            )
            problems += one_screen_problems(m)
        if problems:
            with contextlib.suppress(Exception):  # never hide the real failure
                save_screenshot(page, artifacts_dir / f"{notebook.stem}.one-screen.png")
    finally:
        context.close()
    assert measured, f"{notebook.name}: no app with a figure was measured"
    assert not problems, f"{notebook.name}:\n  " + "\n  ".join(problems)
