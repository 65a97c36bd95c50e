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

import copy
from collections.abc import Mapping
from typing import Any

import numpy as np
import plotly.graph_objects as go
from plotly.basedatatypes import Undefined

__all__ = ["apply_changes", "set_if_changed"]

_CACHE = "_immunolib_applied"
_LAST = "_immunolib_last_set"
_MISSING = object()


def apply_changes(
    fig,
    traces: Mapping[int, Mapping[str, Any]] | None = None,
    annotations: Mapping[int, Mapping[str, Any]] | None = None,
    layout: Mapping[str, Any] | None = None,
    whole_annotations: bool = True,
) -> int:
    """Set ``fig.data[i][path] = value`` / ``fig.layout.annotations[j][path]`` / ``fig.layout[path]`` where
    the value differs from the one this function last set on ``fig``. Returns how many were set.

    Paths are plotly property paths (``"line.width"``, ``"marker.line.color"``). Values are scalars
    (numbers, strings, booleans, None), arrays for traces (numpy arrays, lists: stored as given, without
    plotly's validation, so pass values of the property's type), or a whole list of annotation or shape dicts
    at a layout path (``"annotations"``). A property changed by other code behind this function's back is not
    noticed. Works on a ``go.Figure`` and on a ``go.FigureWidget``, inside or outside ``batch_update()``; inside,
    the changes join the batch (sent and applied when it ends, in the batch's one message).

    A changed annotation is sent whole (one relayout key, cheaper in Python); ``whole_annotations=False``
    sends only its changed properties (cheaper in plotly.js, which redraws a replaced annotation from
    scratch: 10 ms more per update of the body map in Chromium), for figures with a few annotations.
    """
    applied = fig.__dict__.setdefault(_CACHE, {})

    def changed(key, value) -> bool:
        old = applied.get(key, _MISSING)
        if old is not _MISSING and _same(old, value):
            return False
        applied[key] = value
        return True

    # One restyle per property path (all traces that change it) and one relayout for everything else: plotly
    # validates each value once and a FigureWidget sends one message per call (setting properties one by
    # one inside batch_update validates them twice).
    by_path: dict[str, tuple[list, list]] = {}
    for index, props in (traces or {}).items():
        for path, value in props.items():
            if changed(("t", index, path), value):
                indexes, values = by_path.setdefault(path, ([], []))
                indexes.append(index)
                values.append(value)
    relayout = {}
    n_annotation_values = 0
    current = _raw_annotations(fig)
    for index, props in (annotations or {}).items():
        edits = {path: value for path, value in props.items() if changed(("a", index, path), value)}
        if not edits:
            continue
        n_annotation_values += len(edits)
        if whole_annotations and current is not None and index < len(current):
            # One key per annotation (its whole new value) instead of one per property: plotly checks every
            # key's path against the layout, which costs more than the annotation itself (issue 8).
            whole = copy.deepcopy(current[index])
            for path, value in edits.items():
                _set_path(whole, path, value)
            relayout[f"annotations[{index}]"] = whole
        else:
            relayout.update({f"annotations[{index}].{path}": value for path, value in edits.items()})
    layout_keys, arrays = [], {}
    for path, value in (layout or {}).items():
        if changed(("l", path), value):
            if isinstance(value, (list, tuple)) and (not value or isinstance(value[0], Mapping)):
                arrays[path] = value  # a whole list of annotations/shapes: assigned below
            else:
                relayout[path] = value
                layout_keys.append(path)
    if getattr(fig, "_in_batch_mode", False) and (by_path or relayout):
        # Inside ``batch_update()``: join the batch, so that the whole callback reaches the browser as ONE
        # plotly_update when the batch ends (a second message is a second full redraw in plotly.js: issue 8).
        # Like every batched edit, the values are applied to the figure when the batch ends.
        for path, (indexes, values) in by_path.items():
            for i, v in zip(indexes, values):
                fig._batch_trace_edits.setdefault(i, {})[path] = v
        fig._batch_layout_edits.update(relayout)
    elif by_path:
        # All of it in ONE plotly_update: one message to the browser instead of one per property path (a
        # trace that keeps a property gets Undefined, which plotly leaves alone).
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
    return sum(len(i) for i, _ in by_path.values()) + n_annotation_values + len(layout_keys) + len(arrays)


def _same(old, value) -> bool:
    """Equal values of the same type; arrays compare element by element (NaN equals NaN)."""
    if isinstance(value, np.ndarray) or isinstance(old, np.ndarray):
        return (
            isinstance(value, np.ndarray)
            and isinstance(old, np.ndarray)
            and old.dtype == value.dtype
            and np.array_equal(old, value, equal_nan=value.dtype.kind in "fc")
        )
    return type(old) is type(value) and old == value


def set_if_changed(fig, key, value, setter) -> bool:
    """On a live figure (``go.FigureWidget``), call ``setter(value)`` unless ``value`` equals the value last
    set under ``key`` on that figure; on a ``go.Figure``, always call it. Returns whether it was called.

    For whole arrays and lists (curves, marker texts, shapes): an unchanged array is neither validated by
    plotly nor sent to the browser. NaN equals NaN here. A value changed behind this function's back is not
    noticed.

    Example
    -------
    >>> import numpy as np, plotly.graph_objects as go
    >>> fig = go.FigureWidget([go.Scatter(x=[0, 1], y=[0, 1])])
    >>> put = lambda v: setattr(fig.data[0], "y", v)
    >>> set_if_changed(fig, "y", np.array([1.0, np.nan]), put), set_if_changed(fig, "y", np.array([1.0, np.nan]), put)
    (True, False)
    """
    if isinstance(fig, go.FigureWidget):
        last = fig.__dict__.setdefault(_LAST, {})
        old = last.get(key, _MISSING)
        if old is not _MISSING and _same(old, value):
            return False
        last[key] = value
    setter(value)
    return True


def _raw_annotations(fig):
    """The figure's annotations as plain dicts (plotly's own storage, not copied), or None if unavailable."""
    raw = getattr(fig, "_layout", None)
    if not isinstance(raw, dict):
        return None
    notes = raw.get("annotations")
    return notes if isinstance(notes, list) else None


def _set_path(target: dict, path: str, value) -> None:
    """``target["a"]["b"] = value`` for ``path == "a.b"`` (intermediate dicts created as needed)."""
    *parents, last = path.split(".")
    for key in parents:
        target = target.setdefault(key, {})
    target[last] = value
