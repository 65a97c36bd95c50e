"""Escape mechanisms: one term of the Kuznetsov model changed, the paper's nullclines and run as grey ghosts."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import plotly.graph_objects as go

from immunolib import theme
from immunolib.figures.immunoediting.common import (
    _Y_RANGE,
    E_SCALE,
    _below,
    _caption_annotation,
    _days_of,
    _log10_cells,
    _wrap,
    cells,
    model_caption,
)
from immunolib.figures.immunoediting.plane import (
    _add_equilibria,
    _add_model_lines,
    _equilibria,
    _plane_base,
    _update_equilibria,
    _update_model_lines,
)
from immunolib.models import kuznetsov
from immunolib.models.core import Trajectory

__all__ = ["escape_figure", "update_escape_figure", "describe_escape"]


def escape_figure(
    baseline: Trajectory, run: Trajectory, params: Mapping[str, float], mapping: str, height: int = 520
) -> go.Figure:
    """Phase plane and time course with one escape mechanism applied; the paper's nullclines as ghosts.

    Parameters
    ----------
    baseline : Trajectory
        The run with the paper's parameters (drawn faded in the time course).
    run : Trajectory
        The run with the mechanism (same start).
    params : mapping
        The parameter overrides of the mechanism (``{}`` for none).
    mapping : str
        The sentence that states the assumed mapping (the figure's title).
    """
    fig = _plane_base(height, ("the phase plane", "tumour cells over time"), top=80)
    _add_model_lines(fig, ghost=True)
    _add_model_lines(fig)
    _add_equilibria(fig)
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="lines",
            meta="run_plane",
            name="this run",
            line=dict(color=theme.OKABE_ITO["blue"], width=2.5),
            hoverinfo="skip",
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="markers",
            meta="start",
            name="start: the dormant state (✚)",
            marker=dict(symbol="cross-thin", size=16, line=dict(width=3, color=theme.OKABE_ITO["black"])),
            hoverinfo="skip",
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="lines",
            meta="ghost_course",
            name="before: the paper's parameters",
            showlegend=False,
            line=dict(color="#AAAAAA", width=3),
            hoverinfo="skip",
        ),
        row=1,
        col=2,
    )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="lines",
            meta="course",
            name="with the mechanism",
            showlegend=False,
            line=dict(color=theme.OKABE_ITO["blue"], width=2.5),
            hovertemplate="day %{x:.0f}: 10^%{y:.2f} cells<extra></extra>",
        ),
        row=1,
        col=2,
    )
    traces = {t.meta: t for t in fig.data}
    _update_model_lines(fig, traces, {}, ghost=True)
    traces["ghost_course"].x = _days_of(baseline)
    traces["ghost_course"].y = _log10_cells(baseline["T"])
    update_escape_figure(fig, run, params, mapping)
    return fig


def update_escape_figure(fig, run: Trajectory, params: Mapping[str, float], mapping: str):
    """Redraw a figure made by :func:`escape_figure` for another mechanism (in place)."""
    traces = {t.meta: t for t in fig.data}
    _update_model_lines(fig, traces, params)
    _update_equilibria(traces, _equilibria(tuple(sorted(params.items()))))
    lx = _log10_cells(run["T"])
    traces["run_plane"].x, traces["run_plane"].y = lx, np.round(np.asarray(run["E"]) / E_SCALE, 4)
    traces["start"].x, traces["start"].y = [float(lx[0])], [round(float(run["E"][0]) / E_SCALE, 4)]
    traces["course"].x, traces["course"].y = _days_of(run), lx
    titles = [a for a in fig.layout.annotations if a.text in ("the phase plane", "tumour cells over time")]
    top = max(_Y_RANGE[1], float(np.nanmax(run["E"])) / E_SCALE * 1.05)
    fig.layout.yaxis.range = [0.0, round(top, 2)]
    fig.layout.annotations = list(titles) + [
        _caption_annotation(_wrap(model_caption(kuznetsov.MODEL_ID)), y=_below(fig, 72))
    ]
    fig.layout.title = dict(text=_wrap(mapping, 80), font=dict(size=15))
    return fig


def describe_escape(record, baseline: Trajectory, run: Trajectory, params: Mapping[str, float], outcome: str) -> str:
    """The text alternative of :func:`escape_figure`."""
    eqs = _equilibria(tuple(sorted(params.items())))
    stable = [e for e in eqs if e.stable and e.state["T"] > 0]
    states = ", ".join(f"{e.name} at {cells(e.state['T'])} tumour cells" for e in stable) or "none with a tumour"
    T = run["T"]
    if outcome == "escape":
        what = f"grows to about {cells(T[-1])} cells"
    elif outcome == "elimination":
        what = "falls below one cell"
    else:
        alive = T[T > 0]
        what = f"stays held in check, between about {cells(alive.min())} and {cells(alive.max())} cells"
    return (
        f"{record.name}. Phase plane and time course of the Kuznetsov model starting from the dormant "
        f"state (about {cells(baseline['T'][0])} tumour cells); the paper's nullclines and run are shown "
        f"in grey. Stable states with a tumour now: {states}. Over {run.t[-1]:.0f} days the tumour {what} "
        f"({outcome})."
    )
