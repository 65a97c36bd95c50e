"""Drive one notebook in JupyterLab through Playwright, the way a student would.

Actions (open, restart and run all, choose an option, click, press keys) go through
the user interface.  Observations use the DOM and, read-only, the ``window.jupyterapp``
object that the server exposes (``--LabApp.expose_app_in_browser``) to know the kernel
status and the notebook's output model.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .pagejs import script

# ---------------------------------------------------------------------------
# Timeouts (milliseconds).  Generous for a 2-core CI machine, always bounded.
# ---------------------------------------------------------------------------
OPEN_TIMEOUT = 90_000  # page load + kernel start
RUN_ALL_TIMEOUT = int(float(os.environ.get("IMMUNOLIB_BROWSER_RUN_TIMEOUT", "240")) * 1000)  # restart + every cell run
RENDER_TIMEOUT = 45_000  # widgets and figures drawn after the run
REACT_TIMEOUT = 20_000  # a figure reacts to one control change
SETTLE_TIMEOUT = 20_000

# Console errors that mean a widget or a figure failed to render.  Other console
# errors (for example the debugger's "Could not restore the debugger state" during a
# kernel restart) are recorded in the log artifact but do not fail the test.
WIDGET_CONSOLE_ERROR = re.compile(
    r"widget|anywidget|plotly|Could not (create|render)|Failed to (load|render|create)"
    r"|Error displaying|not found in (module|registry)|model not found",
    re.IGNORECASE,
)

# What immunolib's figure front end logs when it cannot load plotly's bundle from the Jupyter server
# (immunolib.widgets.transport.FALLBACK_WARNING; kept literal so the harness does not import the package).
FIGURE_BUNDLE_FALLBACK = "[immunolib] plotly widget bundle not served by the Jupyter server"

# ---------------------------------------------------------------------------
# JavaScript run in the page (observation only): tests/browser/js/*.js, read by name (pagejs.script).
# ---------------------------------------------------------------------------
CONTROL_SELECTOR = (
    "select, .widget-toggle-button, input[type=radio], .noUi-handle, input[type=checkbox], button.jupyter-button"
)

# Finds the controls a test should move in an app and tags them with data-bt-control; call it as
# app.evaluate(JS_TAG_CONTROLS, [CONTROL_SELECTOR, prefix]) -> [{tag, kind, label}] (js/tag_controls.js).
JS_TAG_CONTROLS = script("tag_controls")


@dataclass
class ConsoleLog:
    """Console messages and page errors of one page."""

    lines: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    widget_errors: list[str] = field(default_factory=list)
    bundle_fallbacks: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)

    def _on_console(self, msg) -> None:
        text = msg.text
        self.lines.append(f"[{msg.type}] {text}")
        if msg.type == "error" and WIDGET_CONSOLE_ERROR.search(text):
            self.widget_errors.append(text[:500])
        if FIGURE_BUNDLE_FALLBACK in text:
            # The test server enables immunolib.server: a figure that fetched plotly's bundle from the kernel
            # means the server extension is broken (every student would then get 5 MB per page again).
            self.bundle_fallbacks.append(text[:500])

    def _on_page_error(self, err) -> None:
        text = f"{getattr(err, 'name', '')}: {getattr(err, 'message', err)}"
        stack = getattr(err, "stack", "") or ""
        self.lines.append(f"[pageerror] {text}\n{stack}")
        self.page_errors.append(text[:500])


def open_notebook(page: Page, url: str) -> None:
    """Open a notebook URL and wait for its kernel to be idle."""
    page.goto(url, wait_until="domcontentloaded", timeout=OPEN_TIMEOUT)
    page.locator(".jp-NotebookPanel .jp-Notebook").first.wait_for(timeout=OPEN_TIMEOUT)
    dismiss_blocking_dialogs(page)
    page.wait_for_function(script("kernel_idle"), timeout=OPEN_TIMEOUT, polling=250)


def dismiss_blocking_dialogs(page: Page) -> None:
    """Accept a kernel-selection dialog if one shows up (it should not: autoStartDefaultKernel)."""
    dialog = page.locator(".jp-Dialog")
    if dialog.count() and dialog.first.is_visible():
        text = dialog.first.inner_text()
        if "Select Kernel" in text or "kernel" in text.lower():
            dialog.first.locator(".jp-mod-accept").click()


def restart_and_run_all(page: Page) -> None:
    """Kernel menu > Restart Kernel and Run All Cells…, then confirm the dialog."""
    page.locator(".jp-NotebookPanel .jp-Notebook").first.click(position={"x": 5, "y": 5})
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Kernel$")).click()
    page.locator(".lm-Menu-item", has_text="Restart Kernel and Run All Cells").click()
    dialog = page.locator(".jp-Dialog")
    dialog.wait_for(timeout=15_000)
    dialog.locator(".jp-Dialog-button.jp-mod-accept").click()
    dialog.wait_for(state="detached", timeout=15_000)


def wait_run_all(page: Page, timeout_ms: int = RUN_ALL_TIMEOUT) -> dict:
    """Wait until no cell is queued/running, the kernel is idle and every non-empty code
    cell has an execution number (or an error output stopped the run).  Returns the
    final progress snapshot."""
    deadline = time.monotonic() + timeout_ms / 1000
    stable = 0
    progress: dict = {}
    while time.monotonic() < deadline:
        progress = page.evaluate(script("run_progress"))
        if run_finished(progress):
            stable += 1
            if stable >= 3:  # 3 consecutive polls: not a gap between two cells
                return progress
        else:
            stable = 0
        page.wait_for_timeout(300)
    raise PlaywrightTimeout(f"cells still running after {timeout_ms / 1000:.0f} s: {describe_progress(progress)}")


def run_finished(progress: dict) -> bool:
    code = [c for c in progress["cells"] if c["type"] == "code"]
    if progress["kernel"] != "idle" or any(c["prompt"] == "[*]:" for c in code):
        return False
    stopped_by_error = any("error" in c["outputs"] for c in code)
    return stopped_by_error or all(re.fullmatch(r"\[\d+\]:", c["prompt"]) for c in code if c["source"].strip())


def describe_progress(progress: dict) -> str:
    cells = progress.get("cells", [])
    prompts = " ".join(c["prompt"] or "-" for c in cells if c["type"] == "code")
    return f"kernel {progress.get('kernel')!r}, code-cell prompts: {prompts}"


def unexecuted_cells(progress: dict) -> list[int]:
    """1-based numbers of non-empty code cells without an execution number."""
    return [
        c["index"] + 1
        for c in progress["cells"]
        if c["type"] == "code" and c["source"].strip() and not re.fullmatch(r"\[\d+\]:", c["prompt"])
    ]


def output_problems(page: Page, timeout_ms: int = RENDER_TIMEOUT) -> list[str]:
    """Wait (bounded) for widgets and figures to render; return every output problem."""
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        result = page.evaluate(script("output_problems"))
        if not result["pending"] or time.monotonic() > deadline:
            return result["problems"] + [f"{p} (after {timeout_ms / 1000:.0f} s)" for p in result["pending"]]
        page.wait_for_timeout(500)


def wait_kernel_idle(page: Page, timeout_ms: int = SETTLE_TIMEOUT) -> None:
    page.wait_for_function(script("kernel_idle"), timeout=timeout_ms, polling=200)


def wait_settled(page: Page, app: Locator, timeout_ms: int = SETTLE_TIMEOUT) -> None:
    """Kernel idle and the app's figures/alt text unchanged over two polls 400 ms apart."""
    deadline = time.monotonic() + timeout_ms / 1000
    previous = None
    while time.monotonic() < deadline:
        try:
            wait_kernel_idle(page, timeout_ms=max(1000, int((deadline - time.monotonic()) * 1000)))
        except PlaywrightTimeout:
            break
        state = app_state(app)
        if state == previous:
            return
        previous = state
        page.wait_for_timeout(400)


def app_state(app: Locator) -> tuple[str, str]:
    """What a student sees of the app now: (its figures as drawn, its text alternative) (js/app_state.js)."""
    return tuple(app.evaluate(script("app_state")))


def wait_until_changed(
    page: Page, app: Locator, before: tuple[str, str], need_alt: bool, timeout_ms: int = REACT_TIMEOUT
) -> tuple[bool, bool]:
    """Wait (in the page, at most ``timeout_ms``) until the figure (and, if need_alt, the alt text) differ from
    *before*.  Returns (figure_changed, alt_changed)."""
    fig, alt = app.evaluate(script("app_state"), {"before": list(before), "needAlt": need_alt, "timeout": timeout_ms})
    return fig != before[0], alt != before[1]


def click_radio(radio: Locator) -> None:
    """Choose a radio option by clicking its text, as a student does (in a narrow window a wrapped label
    covers the small circle, and Playwright refuses a click that another element would receive)."""
    label = radio.locator("xpath=ancestor::label[1]")
    (label if label.count() else radio).click()


def act_on_control(page: Page, control: Locator, kind: str, presses: int = 3) -> str:
    """Change a control like a user; return a description of what was done.

    A slider is moved with the arrow key, ``presses`` times in a row (the tests use 3, for a change large
    enough to see; the benchmark uses 1: one key press is one student action). If the slider still shows its
    old value 300 ms later (a step too small to register), the key is pressed again, up to 3 presses in all,
    then Home/End jumps to the end. The description ends with how many keys were pressed:
    ``"(keyboard ArrowRight, 1 press)"`` (``benchmarks/bench_browser.py`` reads it).
    """
    if kind == "select":
        select = control.locator("select").first if control.locator("select").count() else control
        options = select.locator("option")
        n = options.count()
        if n < 2:
            raise AssertionError(f"dropdown has {n} option(s), nothing to change")
        current = select.evaluate("s => s.selectedIndex")
        target = (current + 1) % n
        label = options.nth(target).inner_text()
        select.select_option(index=target)
        return f"selected {label!r}"
    if kind == "toggle":
        buttons = control.locator(".widget-toggle-button")
        if not buttons.count():
            buttons = control
        inactive = [
            k for k in range(buttons.count()) if "mod-active" not in (buttons.nth(k).get_attribute("class") or "")
        ]
        button = buttons.nth(inactive[0] if inactive else 0)
        label = button.inner_text().strip()
        button.click()
        return f"clicked toggle {label!r}"
    if kind == "radio":
        radios = control.locator("input[type=radio]")
        unchecked = [k for k in range(radios.count()) if not radios.nth(k).is_checked()]
        if not unchecked:
            raise AssertionError("radio buttons: no unchecked option")
        radio = radios.nth(unchecked[0])
        label = radio.evaluate("r => (r.closest('label') || r.parentElement).innerText.trim()")
        click_radio(radio)
        return f"chose radio {label!r}"
    if kind == "slider":
        handle = control.locator(".noUi-handle").first if control.locator(".noUi-handle").count() else control
        readout = control.locator(".widget-readout").first if control.locator(".widget-readout").count() else None

        def shown():
            # noUiSlider writes aria-valuenow with one decimal (toFixed(1)), so a 0.01 step does not move it;
            # the readout shows the value as the app formats it. Either changing means the value changed.
            text = readout.inner_text().strip() if readout is not None else ""
            return handle.get_attribute("aria-valuenow"), text

        now = handle.get_attribute("aria-valuenow")
        top = handle.get_attribute("aria-valuemax")
        key = "ArrowLeft" if now is not None and top is not None and float(now) >= float(top) else "ArrowRight"
        before = shown()
        handle.focus()
        pressed = 0
        for _ in range(max(1, presses)):
            handle.press(key)
            pressed += 1
        after = shown()
        for _ in range(6):  # the slider may show its new value a moment after the key press
            if after != before:
                break
            page.wait_for_timeout(50)
            after = shown()
        while after == before and pressed < 3:  # a step too small to register: press again
            handle.press(key)
            pressed += 1
            after = shown()
        if after == before:  # still nothing: jump to the end
            handle.press("Home" if key == "ArrowLeft" else "End")
            pressed += 1
            after = shown()
        return (
            f"slider {before[1] or before[0]} -> {after[1] or after[0]} "
            f"(keyboard {key}, {pressed} press{'' if pressed == 1 else 'es'})"
        )
    if kind == "checkbox":
        box = (
            control.locator("input[type=checkbox]").first
            if control.locator("input[type=checkbox]").count()
            else control
        )
        box.click()
        return "clicked checkbox"
    if kind == "button":
        button = control.locator("button").first if control.locator("button").count() else control
        label = button.inner_text().strip()
        button.click()
        return f"clicked button {label!r}"
    raise AssertionError(f"no supported control found (kind {kind!r})")


def lock_in_prediction(page: Page, app: Locator, name: str, notes: list[str]) -> list[str]:
    """If the app sits inside a ``Predict``, choose the first prediction and lock it in, as a student would.

    The app's controls must be disabled before and enabled after, and the result line must appear.
    """
    wrapper = app.locator(
        "xpath=ancestor::*[contains(concat(' ', normalize-space(@class), ' '), ' immunolib-predict ')][1]"
    )
    if not wrapper.count():
        return []
    button = wrapper.locator(".immunolib-predict-lock button, button.immunolib-predict-lock").first
    if "Locked" in (button.inner_text() or ""):
        return []
    problems: list[str] = []
    enabled_before = app.locator("select:enabled, input:enabled").count()
    if enabled_before:
        problems.append(f"{name}: {enabled_before} control(s) usable before the prediction was locked in")
    click_radio(wrapper.locator("input[type=radio]").first)
    button.click()
    result = wrapper.locator(".immunolib-predict-result").first
    try:
        page.wait_for_function(
            "el => el.innerText.includes('You predicted')",
            arg=result.element_handle(),
            timeout=REACT_TIMEOUT,
            polling=200,
        )
    except PlaywrightTimeout:
        problems.append(f"{name}: locked in a prediction but no 'You predicted …' line appeared")
    notes.append(f"{name}: prediction locked in -> {result.inner_text().strip()[:80]!r}")
    return problems


def check_figure_app(page: Page, app: Locator, name: str, index: int, notes: list[str]) -> list[str]:
    """Move the app's control(s); the figure (and alt text) must change."""
    problems: list[str] = []
    if app.locator(".js-plotly-plot").count() == 0:
        return [f"{name}: no plotly figure (.js-plotly-plot) inside the app"]
    problems += lock_in_prediction(page, app, name, notes)
    has_alt = app.locator(".immunolib-alt").count() > 0
    controls = app.evaluate(JS_TAG_CONTROLS, [CONTROL_SELECTOR, f"app{index}"])
    if not controls:
        return [f"{name}: no control found (expected one of: {CONTROL_SELECTOR})"]
    for control in controls:
        if control["tag"] is None:
            problems.append(f"{name}: .immunolib-control {control['label']!r} holds no supported control")
            continue
        wait_settled(page, app)
        before = app_state(app)
        locator = app.locator(f'[data-bt-control="{control["tag"]}"]')
        try:
            did = act_on_control(page, locator, control["kind"])
        except (AssertionError, PlaywrightError) as exc:
            problems.append(f"{name}: could not use {control['kind']} {control['label']!r}: {exc}")
            continue
        fig_changed, alt_changed = wait_until_changed(page, app, before, has_alt)
        notes.append(
            f"{name}: {control['kind']}: {did} -> figure "
            f"{'changed' if fig_changed else 'UNCHANGED'}"
            + (f", alt text {'changed' if alt_changed else 'UNCHANGED'}" if has_alt else ", no alt text")
        )
        if not fig_changed:
            problems.append(f"{name}: {did} but the figure did not change within {REACT_TIMEOUT / 1000:.0f} s")
        if has_alt and not alt_changed:
            problems.append(f"{name}: {did} but the .immunolib-alt text did not change (still {before[1][:120]!r})")
    # The same controls again, now with the keyboard alone (Tab to reach, keys to operate).
    from .a11y import keyboard_problems

    problems += keyboard_problems(page, app, name, controls, notes, app_state, wait_until_changed, wait_settled)
    return problems


def check_quiz_app(page: Page, app: Locator, name: str, notes: list[str]) -> list[str]:
    """Choose an answer, click Check…, feedback must appear."""
    radios = app.locator("input[type=radio]")
    toggles = app.locator(".widget-toggle-button")
    if radios.count():
        click_radio(radios.first)
        chose = "first radio answer"
    elif toggles.count():
        toggles.first.click()
        chose = "first toggle answer"
    else:
        return [f"{name}: quiz has no radio or toggle-button answers"]
    check = app.locator("button", has_text="Check")
    if not check.count():
        return [f"{name}: quiz has no button whose text contains 'Check'"]
    check.first.click()
    feedback = app.locator(".immunolib-feedback")
    if not feedback.count():
        return [f"{name}: quiz has no .immunolib-feedback element"]
    try:
        page.wait_for_function(
            "el => el.innerText.trim().length > 0",
            arg=feedback.first.element_handle(),
            timeout=REACT_TIMEOUT,
            polling=200,
        )
    except PlaywrightTimeout:
        return [f"{name}: chose the {chose}, clicked Check, but .immunolib-feedback stayed empty"]
    notes.append(
        f"{name}: quiz: chose the {chose}, clicked Check -> feedback {feedback.first.inner_text().strip()[:80]!r}"
    )
    return []


def check_interactives(page: Page, notes: list[str]) -> tuple[int, list[str]]:
    """Exercise every .immunolib-app of the open notebook.  Returns (number of apps, problems)."""
    apps = page.locator(".jp-NotebookPanel .immunolib-app")
    count = apps.count()
    problems: list[str] = []
    stray = page.evaluate(script("stray_widgets"))
    if stray["figures"]:
        problems.append(
            f"{stray['figures']} plotly FigureWidget(s) outside any .immunolib-app (cells {stray['figure_cells']}): "
            "an interactive figure must live in an app the test can exercise; use go.Figure for a static one"
        )
    if stray["controls"]:
        notes.append(f"note: controls outside any .immunolib-app (not exercised) in cells {stray['control_cells']}")
    for k in range(count):
        app = apps.nth(k)
        app.scroll_into_view_if_needed()
        classes = app.get_attribute("class") or ""
        name = f"app {k + 1}/{count}"
        label = app.evaluate(script("app_label"))
        if label:
            name += f" ({label!r})"
        if "immunolib-quiz" in classes:
            problems += check_quiz_app(page, app, name, notes)
        else:
            problems += check_figure_app(page, app, name, k, notes)
    return count, problems


def save_screenshot(page: Page, path) -> None:
    """Grow the viewport to the notebook's full height, then take a full-page screenshot."""
    try:
        height = page.evaluate(script("notebook_height"))
        width = (page.viewport_size or {"width": 1400})["width"]
        page.set_viewport_size({"width": width, "height": int(min(max(height + 250, 800), 16000))})
        page.wait_for_timeout(500)  # let the layout follow the new size (no condition to wait on)
        page.evaluate(script("scroll_notebook_to_top"))
    except PlaywrightError:
        pass
    page.screenshot(path=str(path), full_page=True)


# ---------------------------------------------------------------------------
# Fit: figures fill the notebook's width, nothing scrolls sideways, no text outside its figure.
# ---------------------------------------------------------------------------


def show_file_browser(page: Page) -> None:
    """Open JupyterLab's file browser in the left side bar (a student's usual layout), if it is closed."""
    tab = page.locator('.jp-SideBar.jp-mod-left [data-id="filebrowser"]').first
    if tab.count() and "lm-mod-current" not in (tab.get_attribute("class") or ""):
        tab.click()
    page.locator(".jp-FileBrowser").first.wait_for(state="visible", timeout=10_000)


def fit_problems(page: Page, width: int, height: int = 900, settle_ms: int = 1200) -> tuple[list[str], list[dict]]:
    """Resize the window to ``width`` px, let the figures re-fit, and return (problems, figure widths)."""
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_timeout(settle_ms)  # ResizeObserver -> requestAnimationFrame -> Plotly.Plots.resize
    result = page.evaluate(script("fit_problems"))
    return [f"at {width} px: {p}" for p in result["problems"]], result["figures"]
