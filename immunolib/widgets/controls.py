"""What an app is made of, read from its widget tree: its controls, their labels and values, its figure and its
text alternative.

One place for the offline copies (:mod:`immunolib.widgets.offline`, which steps every control through its
values) and for an app's stored ``text/plain`` (:meth:`immunolib.widgets.base.App._repr_text`). It imports
nothing else from immunolib, so both can use it.
"""

from __future__ import annotations

import re
from html import unescape as html_unescape

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go

_OPTION_WIDGETS = (
    widgets.Dropdown,
    widgets.SelectionSlider,
    widgets.ToggleButtons,
    widgets.RadioButtons,
    widgets.Select,
)
_BOOL_WIDGETS = (widgets.Checkbox, widgets.ToggleButton)
_NUMBER_WIDGETS = (widgets.IntSlider, widgets.FloatSlider, widgets.FloatLogSlider)
_TAGS = re.compile(r"<[^>]+>")


def _walk(widget):
    stack = [widget]
    while stack:
        w = stack.pop(0)
        yield w
        if isinstance(w, widgets.Box):
            stack[:0] = list(w.children)


def _label_of(w) -> str:
    text = (getattr(w, "description", "") or "").strip().rstrip(":")
    return text or type(w).__name__


def _values(w, per_slider: int) -> list:
    """The values a control can take (sliders: at most ``per_slider`` evenly spaced)."""
    if isinstance(w, _OPTION_WIDGETS):
        return list(w._options_values)
    if isinstance(w, _BOOL_WIDGETS):
        return [w.value, not w.value]
    if isinstance(w, widgets.FloatLogSlider):
        return list(np.unique(np.round(np.logspace(w.min, w.max, per_slider, base=w.base), 12)))
    if isinstance(w, widgets.IntSlider) and (w.max - w.min) // max(w.step, 1) < 2 * per_slider:
        return list(range(w.min, w.max + 1, max(w.step, 1)))
    if isinstance(w, _NUMBER_WIDGETS):
        values = np.linspace(w.min, w.max, per_slider)
        if isinstance(w, widgets.IntSlider):
            values = np.unique(np.round(values).astype(int))
        return [type(w.value)(v) for v in values]
    return []


def _value_text(w, value) -> str:
    if isinstance(w, _OPTION_WIDGETS):
        values = list(w._options_values)
        return str(w._options_labels[values.index(value)]) if value in values else str(value)
    if isinstance(w, _BOOL_WIDGETS):
        return "yes" if value else "no"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _controls(app) -> list:
    found = []
    for w in _walk(app):
        # a control left unanswered (value None, e.g. a sorting question) is an input, not a setting
        if (
            isinstance(w, (_OPTION_WIDGETS, _BOOL_WIDGETS, _NUMBER_WIDGETS))
            and not isinstance(w, widgets.Play)
            and w.layout.display != "none"
            and w.value is not None
            and getattr(w, "_options_values", (1,)) != ()
        ):
            found.append(w)
    return found


def _figure_of(app) -> go.FigureWidget | None:
    return next((w for w in _walk(app) if isinstance(w, go.FigureWidget)), None)


def _alt_of(app) -> str:
    alt = getattr(app, "alt", None)
    text = html_unescape(" ".join(_TAGS.sub(" ", alt.value).split())) if alt is not None else ""
    return text.removeprefix("Figure description:").strip()
