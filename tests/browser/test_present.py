"""Presentation mode (``make present``): each lesson as a clean Voilà app, tested like the notebooks.

The session's Jupyter server also serves Voilà (its server extension is enabled by installing ``voila``),
so each lesson is opened at ``/voila/render/...`` in a 1280×720 window — a projector's resolution. The
page must show no code and no error, every app must respond to each of its controls (a prediction is
locked in first, as a student would), and nothing may be cut off: no sideways scrolling, and every
figure inside the window.
"""

from __future__ import annotations

import time
import urllib.parse
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .labpage import (
    CONTROL_SELECTOR,
    JS_TAG_CONTROLS,
    act_on_control,
    app_state,
    lock_in_prediction,
    wait_until_changed,
)
from .pagejs import script
from .test_notebooks_in_lab import NOTEBOOKS, serve_copy

VIEWPORT = {"width": 1280, "height": 720}
LOAD_TIMEOUT = 240_000

JS_CODE_SHOWN = "() => document.querySelectorAll('.jp-InputArea-editor, .jp-CodeMirrorEditor, .cm-editor').length"


def settle(page, app, timeout_ms: int = 15_000) -> None:
    """Wait until the app's figure and text alternative stop changing (two polls 400 ms apart)."""
    deadline = time.monotonic() + timeout_ms / 1000
    previous = None
    while time.monotonic() < deadline:
        state = app_state(app)
        if state == previous:
            return
        previous = state
        page.wait_for_timeout(400)


@pytest.mark.browser
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_lesson_presents_in_voila(notebook: Path, request, artifacts_dir):
    browser = request.getfixturevalue("browser")
    lab = request.getfixturevalue("lab")
    copy = serve_copy(notebook, lab.root_dir)
    rel = copy.relative_to(lab.root_dir).as_posix()
    url = f"{lab.base_url}/voila/render/{urllib.parse.quote(rel)}"
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(30_000)
    problems: list[str] = []
    notes: list[str] = []
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(url, timeout=LOAD_TIMEOUT, wait_until="domcontentloaded")
        try:  # Voilà shows the page once every cell has run
            page.wait_for_selector(".immunolib-app .js-plotly-plot .main-svg", timeout=LOAD_TIMEOUT)
        except PlaywrightTimeout:
            problems.append("no app figure was drawn")
        page.wait_for_timeout(500)
        if page.evaluate(JS_CODE_SHOWN):
            problems.append("code is shown: presentation mode must hide every code cell")
        problems += [f"error output: {e}" for e in page.evaluate(script("present_errors"))]
        apps = page.locator(".immunolib-app")
        for k in range(apps.count()):
            app = apps.nth(k)
            name = f"app {k + 1}/{apps.count()}"
            app.scroll_into_view_if_needed()
            if "immunolib-quiz" in (app.get_attribute("class") or "") or not app.locator(".js-plotly-plot").count():
                continue
            problems += lock_in_prediction(page, app, name, notes)
            for control in app.evaluate(JS_TAG_CONTROLS, [CONTROL_SELECTOR, f"v{k}"]):
                if control["tag"] is None:
                    continue
                settle(page, app)
                before = app_state(app)
                did = act_on_control(page, app.locator(f'[data-bt-control="{control["tag"]}"]'), control["kind"])
                ok, _ = wait_until_changed(page, app, before, need_alt=False)
                notes.append(f"{name}: {did} -> {'changed' if ok else 'UNCHANGED'}")
                if not ok:
                    problems.append(f"{name}: {did} but the figure did not change")
        fit = page.evaluate(script("present_fit"))
        if fit["scroll"] > fit["client"] + 1:
            problems.append(f"the page scrolls sideways at 1280 px ({fit['scroll']} > {fit['client']})")
        cut = [f for f in fit["figs"] if f["right"] > VIEWPORT["width"] or f["left"] < 0]
        if cut:
            problems.append(f"{len(cut)} figure(s) reach outside the 1280 px window: {cut[:3]}")
        problems += [f"page error: {e}" for e in errors]
        print(f"{notebook.name} in Voilà:\n  " + "\n  ".join(notes))
        if problems:
            page.screenshot(path=str(artifacts_dir / f"{notebook.stem}.voila.png"), full_page=True)
    finally:
        context.close()
        lab.shutdown_sessions()
    assert not problems, f"{notebook.name} in presentation mode:\n  - " + "\n  - ".join(problems)
