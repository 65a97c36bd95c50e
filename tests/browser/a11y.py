"""Accessibility checks used by the browser tests: an axe-core scan and keyboard-only use of every control.

* :func:`axe_problems` runs axe-core (bundled with ``axe-playwright-python``, nothing is fetched) on the
  course's own content only — markdown cells and cell outputs in JupyterLab, the lesson pages of the
  offline site — and reports every *critical* or *serious* violation. Violations that belong to JupyterLab
  or plotly themselves are listed in ``KNOWN_UPSTREAM`` with their upstream issue, and are not ours to fix.
* :func:`keyboard_problems` reaches each control of an app with the Tab key alone (from the app's start)
  and operates it with keys alone (arrows, Space, Enter); the figure must change, as it does for a mouse.
"""

from __future__ import annotations

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page

#: axe rule id -> why it is not the course's to fix (checked selectors match only elements plotly draws).
KNOWN_UPSTREAM = {
    # plotly draws its mode bar buttons as <a> elements that the keyboard cannot reach (plotly/plotly.js#6940).
    ("link-name", ".modebar-btn"): "plotly.js mode bar buttons: keyboard and names (plotly/plotly.js#6940)",
    # plotly's SVG has no accessible name (plotly/plotly.js#6920); the course puts a text alternative beside it.
    ("svg-img-alt", ".main-svg"): "plotly.js SVG has no accessible name (plotly/plotly.js#6920)",
    # ipywidgets' sliders do not tie their description to the noUiSlider handle, and the Play widget's
    # buttons are icons without names (jupyter-widgets/ipywidgets#2650, "ARIA labels").
    ("aria-input-field-name", "noUi-handle"): "ipywidgets slider handles have no accessible name "
    "(jupyter-widgets/ipywidgets#2650)",
    ("button-name", "fa fa-play"): "ipywidgets Play buttons are icons without names (jupyter-widgets/ipywidgets#2650)",
    ("button-name", "fa fa-pause"): "ipywidgets Play buttons are icons without names (jupyter-widgets/ipywidgets#2650)",
    ("button-name", "fa fa-stop"): "ipywidgets Play buttons are icons without names (jupyter-widgets/ipywidgets#2650)",
    (
        "button-name",
        "fa fa-retweet",
    ): "ipywidgets Play buttons are icons without names (jupyter-widgets/ipywidgets#2650)",
}
SERIOUS = ("critical", "serious")


def _upstream(rule: str, html: str, target: str) -> str | None:
    for (rule_id, marker), why in KNOWN_UPSTREAM.items():
        if rule == rule_id and (marker.lstrip(".") in html or marker in target):
            return why
    return None


def axe_problems(page: Page, include: list[str], notes: list[str] | None = None) -> list[str]:
    """Critical and serious axe violations inside the elements matched by ``include`` (CSS selectors)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    present = [sel for sel in include if page.locator(sel).count()]
    if not present:
        return [f"axe: nothing to scan (none of {include} is on the page)"]
    result = axe.run(page, context={"include": [[sel] for sel in present]}, options={"resultTypes": ["violations"]})
    problems = []
    for violation in result.response.get("violations", []):
        if violation.get("impact") not in SERIOUS:
            continue
        for node in violation.get("nodes", []):
            target = " ".join(map(str, node.get("target", [])))
            why = _upstream(violation["id"], node.get("html", ""), target)
            if why:
                if notes is not None:
                    notes.append(f"axe (upstream, not ours): {violation['id']}: {why}")
                continue
            problems.append(
                f"axe {violation['impact']} {violation['id']}: {violation.get('help', '')}: "
                f"{node.get('html', '')[:160]}"
            )
    return problems


JS_FOCUS_INSIDE = "(el) => el.contains(document.activeElement)"


def tab_to(page: Page, start: Locator, target: Locator, max_presses: int = 80) -> int | None:
    """Press Tab from the start of ``start`` until focus is inside ``target``; return the presses needed."""
    start.evaluate("el => { el.setAttribute('tabindex', '-1'); el.focus(); }")
    for presses in range(1, max_presses + 1):
        page.keyboard.press("Tab")
        if target.evaluate(JS_FOCUS_INSIDE):
            return presses
    return None


def operate_by_keyboard(page: Page, control: Locator, kind: str) -> str:
    """Change the focused control with keys only; return what was pressed."""
    if kind == "select":
        # A collapsed menu's own arrow keys are taken by JupyterLab's notebook shortcuts
        # (jupyter-widgets/ipywidgets#3912); Alt+ArrowDown opens it, where arrows and Enter choose.
        select = control.locator("select").first if control.locator("select").count() else control
        at_end = select.evaluate("s => s.selectedIndex >= s.options.length - 1")
        step = "ArrowUp" if at_end else "ArrowDown"  # the last option has nothing below it
        for key in ("Alt+ArrowDown", step, "Enter"):
            page.keyboard.press(key)
            page.wait_for_timeout(100)
        return f"Alt+ArrowDown, {step}, Enter on a menu"
    if kind == "slider":
        handle = control.locator(".noUi-handle").first if control.locator(".noUi-handle").count() else control
        now, top = handle.get_attribute("aria-valuenow"), handle.get_attribute("aria-valuemax")
        key = "ArrowLeft" if now is not None and top is not None and float(now) >= float(top) else "ArrowRight"
        for _ in range(3):
            page.keyboard.press(key)
        return f"{key} ×3 on a slider"
    if kind == "toggle":
        # Tab on to a button that is not the active one, then press Space.
        for _ in range(12):
            active = page.evaluate("() => document.activeElement && document.activeElement.className || ''")
            if "mod-active" not in str(active) and control.evaluate(JS_FOCUS_INSIDE):
                page.keyboard.press("Space")
                return "Space on a toggle button"
            page.keyboard.press("Tab")
        raise AssertionError("no inactive toggle button could be reached with Tab")
    if kind == "radio":
        radios = control.locator("input[type=radio]")
        at_end = radios.count() and radios.nth(radios.count() - 1).is_checked()
        key = "ArrowUp" if at_end else "ArrowDown"
        page.keyboard.press(key)
        return f"{key} on radio buttons"
    if kind in ("checkbox",):
        page.keyboard.press("Space")
        return "Space on a check box"
    if kind == "button":
        page.keyboard.press("Enter")
        return "Enter on a button"
    raise AssertionError(f"no keyboard action for a {kind!r} control")


def keyboard_problems(
    page: Page, app: Locator, name: str, controls: list[dict], notes: list[str], state, wait_until_changed, wait_settled
) -> list[str]:
    """Reach and operate each tagged control of ``app`` with the keyboard alone; the figure must change.

    ``controls`` are the tagged controls of the harness (``data-bt-control`` tags and kinds); ``state``,
    ``wait_until_changed`` and ``wait_settled`` are the harness's own functions, passed in to keep one
    definition of "the figure changed".
    """
    problems = []
    for control in controls:
        if control.get("tag") is None:
            continue
        locator = app.locator(f'[data-bt-control="{control["tag"]}"]')
        wait_settled(page, app)
        presses = tab_to(page, app, locator)
        if presses is None:
            problems.append(f"{name}: {control['kind']} {control['label']!r} cannot be reached with the Tab key")
            continue
        before = state(app)
        try:
            did = operate_by_keyboard(page, locator, control["kind"])
        except (AssertionError, PlaywrightError) as exc:
            problems.append(f"{name}: {control['kind']} {control['label']!r} cannot be operated by keyboard: {exc}")
            continue
        changed, _ = wait_until_changed(page, app, before, False)
        notes.append(f"{name}: keyboard: {presses} × Tab, {did} -> figure {'changed' if changed else 'UNCHANGED'}")
        if not changed:
            problems.append(f"{name}: {did} (reached by {presses} × Tab) did not change the figure")
    return problems
