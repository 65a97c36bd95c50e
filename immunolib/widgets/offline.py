"""Kernel-free copies of the apps, for the offline site (``make html``).

Without a kernel an ipywidgets app cannot run, so each app is turned into ONE plotly figure that carries its
own precomputed scenarios: the app is built, every value of its controls is set in turn (all combinations
when they are few, otherwise one control at a time from the app's starting state), and each resulting figure
becomes a plotly *frame*. Plotly's own buttons (or a drop-down menu when there are many scenarios) switch
between the frames in the browser, with no Python and no network. The figure's text alternative is kept for
every scenario and shown, updated, under the figure.

This works for every :class:`~immunolib.widgets.base.App` without per-app code: the controls are found in
the widget tree (menus, sliders, toggles, check boxes; "Next" buttons of steppers).

Example
-------
>>> from immunolib.widgets import InfectionSimulator
>>> scenes = scenarios(InfectionSimulator(second_exposure=None), max_states=6)
>>> len(scenes) <= 6 and scenes[0].label.startswith("Dose")
True
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from html import escape

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

from immunolib.widgets.controls import (
    _OPTION_WIDGETS,
    _TAGS,
    _alt_of,
    _controls,
    _figure_of,
    _label_of,
    _value_text,
    _values,
    _walk,
)

__all__ = ["Scenario", "scenarios", "kernel_free_figure", "kernel_free_html", "quiz_html", "enable"]


@dataclass(frozen=True)
class Scenario:
    """One precomputed state of an app: what was set, the figure it drew and its text alternative."""

    label: str
    figure: dict
    alt: str


def _round(obj, digits: int = 4):
    """Round floats in nested figure data to ``digits`` significant figures (smaller pages, same picture)."""
    if isinstance(obj, (float, np.floating)):
        return float(f"{float(obj):.{digits}g}") if np.isfinite(obj) else None
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, list):
        return [_round(v, digits) for v in obj]
    if isinstance(obj, tuple):
        return [_round(v, digits) for v in obj]
    if isinstance(obj, np.ndarray):
        return _round(obj.tolist(), digits)
    if isinstance(obj, dict):
        return {k: _round(v, digits) for k, v in obj.items()}
    return obj


def _capture(app, label: str) -> Scenario:
    fig = _figure_of(app)
    # Plain lists, not plotly's base64 typed arrays (which a live figure may hold): every frame stays
    # readable by plotly.js and comparable here.
    data = go.Figure(fig).to_plotly_json() if fig is not None else {}
    return Scenario(label, _round(data), _alt_of(app))


def scenarios(app, max_states: int = 24, per_slider: int = 6) -> list[Scenario]:
    """Every state the offline copy offers, starting with the app's own starting state.

    Parameters
    ----------
    app : App
        A freshly built app (its controls are moved; build a new one for the notebook).
    max_states : int
        At most this many scenarios. When all combinations of the controls are more, each control is varied
        alone from the starting state.
    per_slider : int
        Values taken from a numeric slider.
    """
    if not isinstance(max_states, int) or max_states < 1:
        raise ValueError(f"max_states must be a whole number ≥ 1; got {max_states!r}")
    controls = [w for w in _controls(app) if len(_values(w, per_slider)) > 1]
    start = {id(w): w.value for w in controls}

    def describe() -> str:
        return " · ".join(f"{_label_of(w)}: {_value_text(w, w.value)}" for w in controls) or "as shown"

    def settle(assignment) -> bool:
        """Set the controls; False when a value is no longer offered (menus whose options depend on
        another control)."""
        for w, v in assignment:
            if isinstance(w, _OPTION_WIDGETS) and v not in list(w._options_values):
                return False
            if w.value != v:
                w.value = v
        return True

    short = False
    out = [_capture(app, describe())]
    seen = {json.dumps(out[0].figure, sort_keys=True)}
    if controls:
        combos = list(itertools.product(*[_values(w, per_slider) for w in controls]))
        if len(combos) <= max_states:
            plan = [list(zip(controls, combo)) for combo in combos]
        else:  # one control at a time; the label names only what differs from the starting state
            plan = [
                [(w, v)] + [(o, start[id(o)]) for o in controls if o is not w]
                for w in controls
                for v in _values(w, per_slider)
            ]
            short = True
    else:  # a stepper driven only by buttons: press "Next" until nothing new appears
        nxt = next((w for w in _walk(app) if isinstance(w, widgets.Button) and "Next" in (w.description or "")), None)
        plan = [] if nxt is None else [nxt] * (max_states - 1)
    for item in plan:
        if len(out) >= max_states:
            break
        if isinstance(item, widgets.Button):
            item.click()
            label = f"after {len(out)} × Next"
        else:
            if not settle(item):
                continue
            w, v = item[0]
            label = f"{_label_of(w)}: {_value_text(w, v)} (the rest as at the start)" if short else describe()
        scene = _capture(app, label)
        key = json.dumps(scene.figure, sort_keys=True)
        if key not in seen:
            seen.add(key)
            out.append(scene)
    for w in controls:  # back to the starting state, first the controls others depend on
        settle([(w, start[id(w)])])
    return out


_FRAME_LAYOUT_KEYS = ("annotations", "shapes", "title", "xaxis", "yaxis", "xaxis2", "yaxis2", "images")


def kernel_free_figure(scenes: list[Scenario], title: str = "") -> go.Figure:
    """One plotly figure whose buttons (or menu) switch between the scenarios, as frames."""
    if not scenes:
        raise ValueError("scenes must hold at least one scenario")
    first = scenes[0].figure
    fig = go.Figure(first, skip_invalid=True)
    if len(scenes) == 1:
        return fig
    frames = []
    for k, s in enumerate(scenes):
        layout = {
            key: s.figure.get("layout", {}).get(key) for key in _FRAME_LAYOUT_KEYS if key in s.figure.get("layout", {})
        }
        frames.append(go.Frame(name=f"s{k}", data=go.Figure(s.figure, skip_invalid=True).data, layout=layout))
    fig.frames = frames
    buttons = [
        dict(
            label=s.label,
            method="animate",
            args=[[f"s{k}"], dict(mode="immediate", frame=dict(duration=0, redraw=True), transition=dict(duration=0))],
        )
        for k, s in enumerate(scenes)
    ]
    # The menu sits in its own band at the very top, above the title, so it never hides a label.
    band = 48
    top = (fig.layout.margin.t if fig.layout.margin.t is not None else 60) + band
    bottom = fig.layout.margin.b if fig.layout.margin.b is not None else 50
    height = (fig.layout.height or 450) + band
    plot_height = max(height - top - bottom, 100)
    fig.update_layout(
        height=height,
        margin=dict(t=top),
        autosize=True,
        width=None,
        updatemenus=[
            dict(
                type="dropdown",
                buttons=buttons,
                direction="down",
                showactive=True,
                x=0,
                xanchor="left",
                y=1 + (top - 6) / plot_height,
                yanchor="top",
                bgcolor="white",
                font=dict(size=13),
                name="immunolib-scenarios",
            )
        ],
    )
    if fig.layout.title.text:
        fig.update_layout(title=dict(yref="container", y=1 - (band + 8) / height, yanchor="top"))
    return fig


def kernel_free_html(app, title: str = "", max_states: int = 24) -> str:
    """HTML for the offline site: the kernel-free figure, a note, and a text alternative that follows it.

    The page must load plotly.js once (the site does, from a local file).
    """
    scenes = scenarios(app, max_states=max_states)
    fig = kernel_free_figure(scenes, title)
    div_id = f"immunolib-offline-{abs(hash(json.dumps(scenes[0].figure, sort_keys=True))) % 10**10}"
    plot = pio.to_html(
        fig,
        include_plotlyjs=False,
        full_html=False,
        div_id=div_id,
        config={"responsive": True, "displaylogo": False},
        auto_play=False,
    )
    alts = {f"s{k}": s.alt for k, s in enumerate(scenes)}
    note = (
        "Kernel-free copy: choose a precomputed scenario in the menu above the figure."
        if len(scenes) > 1
        else "Kernel-free copy of the app as it opens."
    )
    script = (
        "<script>(function(){var alts=%s;"  # noqa: UP031 - a JS template: an f-string would double every brace
        "function wire(){var el=document.getElementById(%s);"
        "var out=document.getElementById(%s);if(!el||!el.on){return setTimeout(wire,100);}"
        "el.on('plotly_buttonclicked',function(e){var n=e.button.args[0][0];"
        "if(alts[n]!==undefined){out.textContent='Figure description: '+alts[n];}});}"
        "if(document.readyState==='complete'){wire();}else{window.addEventListener('load',wire);}})();</script>"
        % (json.dumps(alts), json.dumps(div_id), json.dumps(div_id + "-alt"))
    )
    return (
        f'<div class="immunolib-offline" data-scenarios="{len(scenes)}">'
        f'<p style="margin:4px 0;color:#444"><em>{escape(note)}</em></p>{plot}'
        f'<p id="{div_id}-alt" class="immunolib-alt" aria-live="polite" style="margin:4px 0;color:#333">'
        f"Figure description: {escape(scenes[0].alt)}</p>{script}</div>"
    )


def quiz_html(quiz) -> str:
    """A kernel-free quiz: every option opens (a native ``<details>``) to show whether it is right and why."""
    parts = [
        f"<div class='immunolib-offline-quiz'><h3 style='margin:4px 0'>{escape(quiz.quiz.title)}</h3>"
        "<p style='margin:4px 0;color:#444'><em>Kernel-free copy: decide, then open an answer to see "
        "whether it is right and why.</em></p>"
    ]
    for number, view in enumerate(quiz.views, 1):
        q = view.question
        by_id = {o.id: o for o in q.options}
        shown = [by_id[i] for i in getattr(view, "order", tuple(by_id))]
        items = []
        for o in shown:
            verdict = "✔ Right." if o.correct else "✘ Not right."
            items.append(
                f"<li><details><summary>{escape(o.text)}</summary><p style='margin:2px 0 6px 0'>"
                f"<strong>{verdict}</strong> {escape(o.feedback)}</p></details></li>"
            )
        kind = " <em>(choose all that apply)</em>" if q.kind == "multiple" else ""
        parts.append(
            f"<div style='margin:8px 0'><p style='margin:4px 0'><strong>{number}.</strong> "
            f"{escape(q.prompt)}{kind}</p><ul style='list-style:none;padding-left:8px'>{''.join(items)}"
            f"</ul><details><summary>Why</summary><p>{escape(q.explanation)}</p></details></div>"
        )
    parts.append("</div>")
    return "".join(parts)


def _predict_html(p) -> str:
    choices = "".join(f"<li>{escape(t)}</li>" for t in p.choices.values())
    question = " ".join(_TAGS.sub(" ", p.question.value).split())
    return (
        f"<div class='immunolib-offline-predict' style='border-left:4px solid #0072B2;padding:4px 10px'>"
        f"<p style='margin:4px 0'>{escape(question)}</p><ul style='margin:2px 0'>{choices}</ul>"
        "<p style='margin:4px 0'><em>Decide on your prediction before you explore the scenarios below.</em>"
        f"</p></div>{kernel_free_html(p.app)}"
    )


def enable(ipython=None) -> None:
    """Show every app as its kernel-free copy in this kernel (what the offline site's build runs first)."""
    from IPython import get_ipython

    from immunolib.widgets.base import App
    from immunolib.widgets.predict import Predict
    from immunolib.widgets.quiz import Quiz

    ip = ipython or get_ipython()
    if ip is None:
        raise RuntimeError("enable() needs an IPython kernel")
    html = ip.display_formatter.formatters["text/html"]
    html.for_type(App, kernel_free_html)
    html.for_type(Predict, _predict_html)
    html.for_type(Quiz, quiz_html)
