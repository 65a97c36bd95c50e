"""Benchmark: every app in Python — creation time and bytes, callback time and bytes per control.

No kernel and no browser: each widget's comm is replaced by one that only counts the bytes it would send
(JSON plus binary buffers), so the numbers are what the kernel would put on the websocket. For every app
exported by :mod:`immunolib.widgets` (lessons added later are included automatically):

* **create**: time to build the app and the bytes its widgets send when they open — with the course's
  figure transport (``figure_widget`` -> ``LiveFigure``) and, in the same run, with a stock
  ``go.FigureWidget`` (``IMMUNOLIB_FIGURE_TRANSPORT=stock``), the design it replaced;
* **callbacks**: a scripted sweep of every control (each option of a menu or toggle, slider steps,
  buttons), timing each change from ``control.value = ...`` until every observer returned, and the
  bytes sent; median and p95 per control;
* **naive baseline**, same run: rebuilding a ``go.Figure`` from the figure's dict and serialising it per
  change (what redrawing a fresh figure would cost), time and bytes.

Targets (issue 8): create <= 300 ms, callback median <= 16 ms and p95 <= 50 ms, bytes per interaction
median <= 50 KB. The script prints and asserts nothing.

Run:  python benchmarks/bench_apps.py [--quick] [--profile AppName] [--markdown out.md]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

import comm
import ipywidgets as widgets
import plotly.graph_objects as go
from comm.base_comm import BaseComm

# The widget types a student moves: what the benchmark walks through in each app.
CONTROLS = (
    widgets.Dropdown,
    widgets.ToggleButtons,
    widgets.RadioButtons,
    widgets.Select,
    widgets.IntSlider,
    widgets.FloatSlider,
    widgets.FloatLogSlider,
    widgets.SelectionSlider,
    widgets.Checkbox,
    widgets.ToggleButton,
    widgets.Button,
)


class _CountingComm(BaseComm):
    """A comm that sends nothing and counts the bytes it would have sent."""

    sent = 0

    def publish_msg(self, msg_type, data=None, metadata=None, buffers=None, **keys):
        n = len(json.dumps(data or {}, default=str, separators=(",", ":")).encode())
        n += sum(len(memoryview(b).cast("B")) for b in (buffers or []))
        _CountingComm.sent += n


@contextmanager
def counting_comms():
    original = comm.create_comm
    comm.create_comm = lambda *a, **k: _CountingComm(*a, **k)
    try:
        yield
    finally:
        comm.create_comm = original


@contextmanager
def transport(name: str):
    old = os.environ.get("IMMUNOLIB_FIGURE_TRANSPORT")
    os.environ["IMMUNOLIB_FIGURE_TRANSPORT"] = name
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("IMMUNOLIB_FIGURE_TRANSPORT", None)
        else:
            os.environ["IMMUNOLIB_FIGURE_TRANSPORT"] = old


def figure_apps() -> list[type]:
    """Every app class exported by immunolib.widgets that owns a figure (quizzes and wrappers left out)."""
    import immunolib.widgets as w

    apps = []
    for name in w.__all__:
        cls = getattr(w, name)
        if isinstance(cls, type) and issubclass(cls, w.App) and cls not in (w.App, w.SelectionApp):
            apps.append(cls)
    return apps


def controls_of(app) -> list[widgets.Widget]:
    """The app's controls, in document order (figure and output-only widgets left out)."""
    found, seen = [], set()

    def walk(w):
        if id(w) in seen:
            return
        seen.add(id(w))
        if isinstance(w, CONTROLS) and not getattr(w, "disabled", False):
            found.append(w)
        for child in getattr(w, "children", ()):
            walk(child)

    walk(app)
    return found


def sweep_values(control, quick: bool) -> list:
    """Values to set, in order, ending where it started (a student's walk through the control)."""
    n = 4 if quick else 12
    if isinstance(
        control,
        (widgets.Dropdown, widgets.ToggleButtons, widgets.RadioButtons, widgets.Select, widgets.SelectionSlider),
    ):
        values = [v for _, v in control._options_full] if hasattr(control, "_options_full") else list(control.options)
        start = values.index(control.value) if control.value in values else 0
        order = values[start + 1 :] + values[: start + 1]
        return (order * (1 + n // max(1, len(order))))[: max(n, len(order))]
    if isinstance(control, (widgets.IntSlider, widgets.FloatSlider, widgets.FloatLogSlider)):
        lo, hi, v0 = control.min, control.max, control.value
        if isinstance(control, widgets.FloatLogSlider):
            lo, hi = control.base**control.min, control.base**control.max
        steps = [lo + (hi - lo) * k / (n - 1) for k in range(n)]
        if isinstance(control, widgets.IntSlider):
            steps = [int(round(s)) for s in steps]
        return steps + [v0]
    if isinstance(control, (widgets.Checkbox, widgets.ToggleButton)):
        return [not control.value if k % 2 == 0 else control.value for k in range(n)]
    if isinstance(control, widgets.Button):
        return ["click"] * n
    return []


def label_of(control) -> str:
    text = control.description or getattr(control, "tooltip", "") or type(control).__name__
    return f"{type(control).__name__} {text!r}"[:48]


def p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]


@dataclass
class ControlResult:
    label: str
    times_ms: list[float] = field(default_factory=list)
    bytes: list[int] = field(default_factory=list)
    naive_ms: list[float] = field(default_factory=list)
    naive_bytes: list[int] = field(default_factory=list)


@dataclass
class AppResult:
    name: str
    create_ms: float = 0.0
    create_bytes: int = 0
    stock_create_ms: float = 0.0
    stock_create_bytes: int = 0
    controls: list[ControlResult] = field(default_factory=list)


def measure_app(cls, quick: bool) -> AppResult:
    res = AppResult(cls.__name__)
    with counting_comms():
        for name in ("stock", "live"):
            with transport(name):
                cls()  # warm-up: data loading, imports, caches
                _CountingComm.sent = 0
                t0 = time.perf_counter()
                app = cls()
                ms = 1e3 * (time.perf_counter() - t0)
                if name == "stock":
                    res.stock_create_ms, res.stock_create_bytes = ms, _CountingComm.sent
                else:
                    res.create_ms, res.create_bytes = ms, _CountingComm.sent
        for control in controls_of(app):
            cr = ControlResult(label_of(control))
            for value in sweep_values(control, quick):
                _CountingComm.sent = 0
                t0 = time.perf_counter()
                if value == "click":
                    control.click()
                else:
                    control.value = value
                cr.times_ms.append(1e3 * (time.perf_counter() - t0))
                cr.bytes.append(_CountingComm.sent)
                figure = getattr(app, "figure", None)
                if isinstance(figure, go.FigureWidget):
                    t0 = time.perf_counter()
                    payload = go.Figure(figure.to_dict()).to_json()
                    cr.naive_ms.append(1e3 * (time.perf_counter() - t0))
                    cr.naive_bytes.append(len(payload))
            if cr.times_ms:
                res.controls.append(cr)
    return res


def profile_app(name: str, quick: bool) -> None:
    cls = next(c for c in figure_apps() if c.__name__ == name)
    profiler = cProfile.Profile()
    profiler.enable()
    measure_app(cls, quick)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(35)
    print(out.getvalue())


def report(results: list[AppResult]) -> str:
    lines = [
        "| app | create ms (stock) | create KB (stock) | control | callback median / p95 ms "
        "| KB per change, median (max) | naive rebuild: ms / KB |",
        "| --- | ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    for r in results:
        first = True
        for c in r.controls or [ControlResult("(no control)")]:
            head = (
                (
                    f"| {r.name} | {r.create_ms:.0f} ({r.stock_create_ms:.0f}) | "
                    f"{r.create_bytes / 1e3:.0f} ({r.stock_create_bytes / 1e3:.0f}) |"
                )
                if first
                else "| | | |"
            )
            first = False
            if not c.times_ms:
                lines.append(head + " | | | |")
                continue
            naive = (
                f"{statistics.median(c.naive_ms):.1f} / {statistics.median(c.naive_bytes) / 1e3:.0f}"
                if c.naive_ms
                else ""
            )
            lines.append(
                f"{head} {c.label} | {statistics.median(c.times_ms):.1f} / {p95(c.times_ms):.1f} | "
                f"{statistics.median(c.bytes) / 1e3:.1f} ({max(c.bytes) / 1e3:.1f}) | {naive} |"
            )
    return "\n".join(lines)


def import_time_ms() -> float:
    import subprocess

    code = "import time; t=time.perf_counter(); import immunolib.widgets; print((time.perf_counter()-t)*1e3)"
    runs = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
        for _ in range(3)
    ]
    return statistics.median(runs)


def main(argv=None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer steps per control (CI)")
    parser.add_argument("--profile", metavar="APP", help="cProfile one app's sweep and print the top functions")
    parser.add_argument("--markdown", metavar="FILE", help="also write the table to FILE")
    args = parser.parse_args(argv)
    if args.profile:
        profile_app(args.profile, args.quick)
        return ""
    results = [measure_app(cls, args.quick) for cls in figure_apps()]
    text = f"`import immunolib.widgets`: {import_time_ms():.0f} ms (median of 3 fresh interpreters)\n\n" + report(
        results
    )
    print(text)
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    return text


if __name__ == "__main__":
    main()
