"""Apply only what changed to a live figure (issue 8: every callback must fit a 16 ms frame).

Setting a property of a plotly figure validates the value and, on a ``FigureWidget``, queues a message,
even when the value is the one already drawn. A highlight that restyles every trace and annotation of a
large diagram spends most of its time re-setting unchanged values. :func:`apply_changes` takes the values a
figure should have, compares them with the values it last applied to *that* figure (remembered on the
figure object), and sets only the differences, in one ``plotly_update`` (one message to the browser).

Example
-------
>>> import plotly.graph_objects as go
>>> fig = go.Figure([go.Scatter(x=[0], y=[0]), go.Scatter(x=[1], y=[1])])
>>> apply_changes(fig, traces={0: {"opacity": 0.5}, 1: {"opacity": 0.5}})
2
>>> apply_changes(fig, traces={0: {"opacity": 0.5}, 1: {"opacity": 1.0}})
1
"""

from __future__ import annotations

from typing import Any, Mapping

from plotly.basedatatypes import Undefined

__all__ = ["apply_changes"]

_CACHE = "_immunolib_applied"
_MISSING = object()


def apply_changes(fig, traces: Mapping[int, Mapping[str, Any]] | None = None,
                  annotations: Mapping[int, Mapping[str, Any]] | None = None,
                  layout: Mapping[str, Any] | None = None) -> int:
    """Set ``fig.data[i][path] = value`` / ``fig.layout.annotations[j][path]`` / ``fig.layout[path]`` where
    the value differs from the one this function last set on ``fig``. Returns how many were set.

    Paths are plotly property paths (``"line.width"``, ``"marker.line.color"``). Values are scalars (numbers,
    strings, booleans, None), lists compared by ``==`` (a trace's ``x``, an axis ``range``), or a whole list of
    annotation or shape dicts at a layout path (``"annotations"``); a property changed by other code behind
    this function's back is not noticed. Works on a ``go.Figure`` and on a ``go.FigureWidget`` (inside or
    outside ``batch_update()``).
    """
    applied = fig.__dict__.setdefault(_CACHE, {})

    def changed(key, value) -> bool:
        old = applied.get(key, _MISSING)
        if old is not _MISSING and old == value and type(old) is type(value):
            return False
        applied[key] = value
        return True

    # Grouped by property path (all traces that change it), layout apart: plotly validates each value once and
    # a FigureWidget sends one message for the whole call (setting properties one by one inside batch_update
    # validates them twice).
    by_path: dict[str, tuple[list, list]] = {}
    for index, props in (traces or {}).items():
        for path, value in props.items():
            if changed(("t", index, path), value):
                indexes, values = by_path.setdefault(path, ([], []))
                indexes.append(index)
                values.append(value)
    relayout = {}
    for index, props in (annotations or {}).items():
        for path, value in props.items():
            if changed(("a", index, path), value):
                relayout[f"annotations[{index}].{path}"] = value
    arrays = {}
    for path, value in (layout or {}).items():
        if changed(("l", path), value):
            if isinstance(value, (list, tuple)) and (not value or isinstance(value[0], Mapping)):
                arrays[path] = value   # a whole list of annotations/shapes: see below
            else:
                relayout[path] = value
    if by_path:
        # All of it in ONE plotly_update: one message to the browser instead of one per property path (a
        # trace that keeps a property gets Undefined, which plotly leaves alone and sends as "_undefined_").
        touched = sorted({i for indexes, _ in by_path.values() for i in indexes})
        slot = {i: k for k, i in enumerate(touched)}
        restyle = {}
        for path, (indexes, values) in by_path.items():
            column = [Undefined] * len(touched)
            for i, v in zip(indexes, values):
                column[slot[i]] = v
            restyle[path] = column
        fig.plotly_update(restyle_data=restyle, relayout_data=relayout or None, trace_indexes=touched)
    elif relayout:
        fig.plotly_relayout(relayout)
    # A list of annotations or shapes is assigned, not relaid out: plotly_relayout would change the figure's
    # dict but leave ``fig.layout.annotations`` returning the old tuple.
    for path, value in arrays.items():
        fig.layout[path] = value
    return sum(len(i) for i, _ in by_path.values()) + len(relayout) + len(arrays)
