"""The JavaScript the browser tests run in the page: one function per file in ``tests/browser/js/``.

Each file holds one JavaScript function expression (comments above it say what it returns). Pass its text to
Playwright with the values it needs as the argument, never by formatting them into the text::

    app.evaluate(script("tag_controls"), [CONTROL_SELECTOR, "app0"])

Playwright evaluates the text and calls the function with the argument (an element's ``evaluate`` passes
the element first).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

JS_DIR = Path(__file__).with_name("js")


@cache
def script(name: str) -> str:
    """The text of ``tests/browser/js/<name>.js``; a name without a file is an error that lists the names."""
    path = JS_DIR / f"{name}.js"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in JS_DIR.glob("*.js")))
        raise FileNotFoundError(f"no browser-test script {name!r} ({path}); the scripts are: {known}")
    return path.read_text(encoding="utf-8").strip()
