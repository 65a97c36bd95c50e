"""Cancer and the immune system (lesson 06): three outcomes, a phase plane, escape mechanisms, missing self.

Figures drawn from :mod:`immunolib.models.phase_plane`, :mod:`immunolib.models.kuznetsov` and
:mod:`immunolib.models.depillis`. Conventions shared by every figure here:

* tumour sizes are drawn on a log scale as the exponent of ten (the axis shows 1, 10, 100, 10³ … cells),
  so that a tumour of ten cells and one of a hundred million fit on one axis; a tumour that fell below one
  cell is gone (the curve stops, with a ✕ and the words "gone");
* every model figure carries a caption naming the paper, what its parameters were fitted to, and that it
  shows mechanisms, not any patient's future (:func:`model_caption`);
* meaning is never carried by colour alone: runs differ by dash pattern and number, steady states by
  filled (stable) or hollow (unstable) markers, regions and curves by words on the figure.

Each figure is built once with fixed traces (``trace.meta`` names each) and redrawn in place by its
``update_*`` function, so that an app can update a live ``FigureWidget`` inside ``batch_update()``.

Example
-------
>>> from immunolib.models import phase_plane
>>> fig = phase_plane_figure(phase_plane.portrait())
>>> [t.meta for t in fig.data][:4]
['regions', 'flow', 'tumour_nullcline', 'effector_nullcline']
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from immunolib import content, theme
from immunolib.models import kuznetsov, phase_plane
from immunolib.models.core import Trajectory
from immunolib.models.outcomes import Equilibrium

__all__ = ["escape_parameter_table", "kuznetsov_compartments", "describe_kuznetsov_compartments", "model_caption", "cells", "OUTCOME_WORDS", "PlaneRun", "outcome_figure", "update_outcome_figure",
           "describe_outcomes", "phase_plane_figure", "update_phase_plane", "describe_phase_plane",
           "escape_figure", "update_escape_figure", "describe_escape", "missing_self_figure",
           "update_missing_self", "describe_missing_self", "MAX_RUNS", "E_SCALE", "parameter_table"]

_O = theme.OKABE_ITO
#: Effector cells are drawn in units of a million cells.
E_SCALE = 1e6
#: At most this many trajectories on the phase plane at once.
MAX_RUNS = 3
#: The three outcomes in words a first-year student can use.
OUTCOME_WORDS = {
    "elimination": "elimination: the tumour falls below one cell (gone)",
    "equilibrium": "equilibrium: the tumour is held in check, rising and falling",
    "escape": "escape: the tumour grows to the largest size its space allows",
}
_SHORT = {"elimination": "elimination", "equilibrium": "equilibrium (held in check)", "escape": "escape"}
_REGION_FILL = {"elimination": "#CDEFE3", "equilibrium": "#E4F1FA", "escape": "#FBE5CC"}
_RUN_STYLE = ((_O["blue"], "solid"), (_O["vermillion"], "dash"), (_O["reddish_purple"], "dot"))
_SUPER = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_X_RANGE = [-0.4, 9.1]
_Y_RANGE = [0.0, 5.3]
_LOG_TICKS = list(range(0, 10))


def _tick(k: int) -> str:
    return {0: "1", 1: "10", 2: "100"}.get(k, f"10{str(k).translate(_SUPER)}")


def cells(x: float) -> str:
    """A number of cells in words-friendly digits: ``'8.2 million'``, ``'320 thousand'``, ``'10'``.

    Example
    -------
    >>> cells(8.186e6), cells(315534), cells(10), cells(4.47e8), cells(0)
    ('8.2 million', '320 thousand', '10', '450 million', '0')
    """
    if not (math.isfinite(x) and x > 0):
        return "0"
    digits = int(math.floor(math.log10(x)))
    rounded = round(x, 1 - digits)
    for size, word in ((1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
        if rounded >= size:
            v = rounded / size
            text = f"{v:.1f}".rstrip("0").rstrip(".") if v < 10 else f"{v:.0f}"
            return f"{text} {word}"
    return f"{rounded:.0f}" if rounded >= 1 else f"{x:.2g}"


def model_caption(model_id: str, parameter_set: str = "default") -> str:
    """The caption every model figure carries: paper, what it was fitted to, mechanisms not futures.

    Example
    -------
    >>> "not any patient's future" in model_caption("kuznetsov1994")
    True
    """
    spec = content.model(model_id)
    paper = spec.title.split(":")[0]
    fitted = spec.parameter_set(parameter_set).label
    return f"Model: {paper}. {fitted}. It shows mechanisms, not any patient's future."


def _caption_annotation(text: str, y: float = -0.2) -> dict:
    return dict(text=f"<i>{text}</i>", x=0, y=y, xref="paper", yref="paper", xanchor="left", yanchor="top",
                showarrow=False, align="left", font=dict(size=11, color="#444444"))


def _below(fig, px: float) -> float:
    """The paper y coordinate ``px`` pixels below the plot area (so that legends and captions keep their place
    in pixels whatever the figure's height)."""
    m = fig.layout.margin
    return -px / max(1.0, fig.layout.height - m.t - m.b)


def _wrap(text: str, width: int = 86) -> str:  # 86 characters of 11 px italic fit a 592 px notebook
    words, lines, line = text.split(), [], ""
    for w in words:
        if len(line) + len(w) + 1 > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    return "<br>".join(lines)


def _log10_cells(values) -> np.ndarray:
    """Cell numbers as exponents of ten for the log axis; below one cell (gone) becomes a gap (NaN)."""
    v = np.asarray(values, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(v >= 1.0, np.round(np.log10(np.maximum(v, 1.0)), 4), np.nan)


def _days_of(tr) -> np.ndarray:
    return np.round(np.asarray(tr.t if hasattr(tr, "t") else tr, dtype=float), 4)


def _last_drawn(y: np.ndarray) -> int:
    ok = np.nonzero(~np.isnan(y))[0]
    return int(ok[-1]) if len(ok) else 0


def _log_axis(fig: go.Figure, row: int, col: int, title: str, which: str = "x") -> None:
    kw = dict(title_text=title, tickvals=_LOG_TICKS, ticktext=[_tick(k) for k in _LOG_TICKS], fixedrange=True)
    if which == "x":
        fig.update_xaxes(row=row, col=col, range=_X_RANGE, **kw)
    else:
        fig.update_yaxes(row=row, col=col, range=[-0.6, 9.3], **kw)


# --------------------------------------------------------------------------------------------------
# 1. Pre-training: three time courses, three outcomes
# --------------------------------------------------------------------------------------------------

def outcome_figure(runs: Mapping[str, Trajectory], selected: str, labels: Mapping[str, str],
                   height: int = 520) -> go.Figure:
    """Tumour cells over time from three starts (A, B, C); the selected one bold with its effector cells.

    Parameters
    ----------
    runs : mapping
        Start key -> Kuznetsov trajectory (three of them).
    selected : str
        The start to highlight.
    labels : mapping
        Start key -> its short label (for example ``"A"``).
    """
    fig = go.Figure()
    for key in runs:
        fig.add_trace(go.Scatter(x=[], y=[], mode="lines", name=f"start {labels[key]}: tumour cells",
                                 meta=f"tumour:{key}",
                                 hovertemplate="day %{x:.0f}: 10^%{y:.2f} tumour cells<extra></extra>"))
    fig.add_trace(go.Scatter(x=[], y=[], mode="lines", name="effector cells (selected start)", meta="effector",
                             line=dict(width=2.5, **theme.series_style("effector")),
                             hovertemplate="day %{x:.0f}: 10^%{y:.2f} effector cells<extra></extra>"))
    fig.add_trace(go.Scatter(x=[], y=[], mode="markers+text", name="tumour gone (below one cell)",
                             meta="gone", text=[], textposition="top center",
                             marker=dict(symbol="x", size=13, color=_O["black"]), hoverinfo="skip"))
    fig.update_layout(template=theme.TEMPLATE_NAME, height=height, margin=dict(l=80, r=40, t=70, b=190),
                      legend=dict(orientation="h", x=0, y=-0.21, yanchor="top", font=dict(size=13),
                                  entrywidth=0.5, entrywidthmode="fraction"),
                      hovermode="closest")
    fig.update_xaxes(title_text="days", fixedrange=True)
    fig.update_yaxes(title_text="cells (log scale)", tickvals=_LOG_TICKS, ticktext=[_tick(k) for k in _LOG_TICKS],
                     range=[-0.6, 9.3], fixedrange=True)
    update_outcome_figure(fig, runs, selected, labels)
    return fig


def update_outcome_figure(fig, runs: Mapping[str, Trajectory], selected: str, labels: Mapping[str, str]):
    """Highlight another start in a figure made by :func:`outcome_figure` (in place)."""
    from immunolib.models.outcomes import classify_outcome

    traces = {t.meta: t for t in fig.data}
    gone_x, gone_y, gone_text = [], [], []
    labels_at = []
    for key, tr in runs.items():
        t = traces[f"tumour:{key}"]
        on = key == selected
        y = _log10_cells(tr["T"])
        if t.x is None or len(t.x) != len(y):   # the runs never change within an app: data set once
            t.x, t.y = _days_of(tr), y
        last = _last_drawn(y)
        labels_at.append(dict(text=f"<b>{labels[key]}</b>" if on else labels[key], x=float(tr.t[last]),
                              y=float(y[last]), xref="x", yref="y", xanchor="left", yanchor="middle",
                              xshift=4, showarrow=False,
                              font=dict(size=15 if on else 12, color=_O["black"] if on else "#6B6B6B")))
        t.line = dict(color=_O["black"] if on else theme.MUTED, width=4 if on else 2,
                      dash=("solid", "dash", "dot")[list(runs).index(key) % 3])
        extinct = tr.meta.get("extinct")
        if extinct is not None:
            gone_x.append(float(extinct))
            gone_y.append(0.0)
            gone_text.append(f"{labels[key]} gone")
    chosen = runs[selected]
    traces["effector"].x = _days_of(chosen)
    traces["effector"].y = _log10_cells(chosen["E"])
    traces["gone"].x, traces["gone"].y, traces["gone"].text = gone_x, gone_y, gone_text
    outcome = classify_outcome(chosen)
    fig.layout.title = dict(text=f"Start {labels[selected]}: {_SHORT[outcome]}")
    fig.layout.xaxis.range = [0, float(chosen.t[-1]) * 1.06]
    fig.layout.shapes = [dict(type="line", xref="paper", x0=0, x1=1, yref="y", y0=0, y1=0,
                              line=dict(color="#555555", width=1.5, dash="dot"))]
    fig.layout.annotations = labels_at + [
        dict(text="1 cell: below this line the tumour is gone", x=1, y=0, xref="paper", yref="y",
             xanchor="right", yanchor="bottom", showarrow=False, font=dict(size=12, color="#444444")),
        _caption_annotation(_wrap(model_caption(kuznetsov.MODEL_ID)), y=-0.47)]
    return fig


def describe_outcomes(runs: Mapping[str, Trajectory], selected: str, labels: Mapping[str, str],
                      starts: Mapping[str, str]) -> str:
    """The text alternative of :func:`outcome_figure`, with the outcome of every start."""
    from immunolib.models.outcomes import classify_outcome

    parts = []
    for key, tr in runs.items():
        outcome = classify_outcome(tr)
        extinct = tr.meta.get("extinct")
        T = tr["T"]
        if extinct is not None:
            what = f"the tumour falls below one cell on day {extinct:.0f} (elimination)"
        elif outcome == "escape":
            what = f"the tumour grows to about {cells(T[-1])} cells and stays there (escape)"
        else:
            alive = T[T > 0]
            what = (f"the tumour rises and falls between about {cells(alive.min())} and {cells(alive.max())} "
                    f"cells and is still held in check on day {tr.t[-1]:.0f} (equilibrium)")
        parts.append(f"Start {labels[key]} ({starts[key]}): {what}.")
    return (f"Tumour cells over {runs[selected].t[-1]:.0f} days, log scale, from three starts; start "
            f"{labels[selected]} is drawn bold with its effector cells. " + " ".join(parts))


# --------------------------------------------------------------------------------------------------
# 2. The phase plane
# --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PlaneRun:
    """One trajectory a student started on the phase plane, with the guess made before it ran."""

    tumour: float                 #: starting tumour cells
    effector: float               #: starting effector cells
    guess: str                    #: "elimination", "equilibrium" or "escape"
    fate: str                     #: where the model says it ends
    t: np.ndarray = field(repr=False)
    T: np.ndarray = field(repr=False)
    E: np.ndarray = field(repr=False)
    extinct: float | None = None


def _nullcline_xy(nc: phase_plane.Nullclines, which: str):
    y = np.asarray(nc.tumour_stops if which == "tumour" else nc.effector_stops, dtype=float) / E_SCALE
    ok = np.isfinite(y) & (y >= 0) & (y <= _Y_RANGE[1] * 1.5)
    xs = np.where(ok, np.round(np.log10(nc.tumour), 4), np.nan)
    return xs, np.where(ok, np.round(y, 4), np.nan)


def _flow_segments(params: Mapping[str, float]):
    """Short arrows on a sparse grid, all the same length in the plot (direction only)."""
    lt = np.linspace(0.3, 8.6, 10)
    ee = np.linspace(0.35, 4.95, 8)
    dlogT, dE = phase_plane.flow_field(params, tumour=10 ** lt, effector=ee * E_SCALE)
    span_x, span_y = _X_RANGE[1] - _X_RANGE[0], _Y_RANGE[1] - _Y_RANGE[0]
    xs, ys, sizes, angles = [], [], [], []
    for i, e in enumerate(ee):
        for j, x in enumerate(lt):
            u, v = dlogT[i, j] / span_x, dE[i, j] / E_SCALE / span_y
            norm = math.hypot(u, v)
            if norm == 0:
                continue
            L = 0.028
            dx, dy = u / norm * L * span_x, v / norm * L * span_y
            xs += [round(x - dx, 4), round(x + dx, 4), None]
            ys += [round(e - dy, 4), round(e + dy, 4), None]
            sizes += [0, 7, 0]
            angle = round(math.degrees(math.atan2(u, v)), 1)   # clockwise from "up", as plotly rotates
            angles += [0.0, angle, 0.0]
    return xs, ys, sizes, angles


def _equilibria_xy(eqs: Sequence[Equilibrium], stable: bool):
    xs, ys, text = [], [], []
    for e in eqs:
        if e.stable != stable or e.state["T"] < 1.0:
            continue
        xs.append(round(math.log10(e.state["T"]), 4))
        ys.append(round(e.state["E"] / E_SCALE, 4))
        text.append({"dormant": "dormant", "saddle": "threshold", "escape": "escape"}.get(e.name, e.name))
    return xs, ys, text


def _plane_base(height: int, titles: tuple[str, str], top: int = 70) -> go.Figure:
    # Compact below the plot (the caption, then legend entries as wide as their words, wrapping) so
    # that the app's controls and the whole figure fit one laptop screen (tests/browser/test_one_screen.py).
    fig = make_subplots(rows=1, cols=2, column_widths=[0.58, 0.42], horizontal_spacing=0.13,
                        subplot_titles=titles)
    fig.update_layout(template=theme.TEMPLATE_NAME, height=height, margin=dict(l=70, r=20, t=top, b=178),
                      legend=dict(orientation="h", x=0, yanchor="top", font=dict(size=12)),
                      hovermode="closest", clickmode="event")
    fig.update_layout(legend_y=_below(fig, 112))   # under the caption
    _log_axis(fig, 1, 1, "tumour cells (log scale)", "x")
    fig.update_yaxes(row=1, col=1, title_text="effector cells (× 10⁶ cells)", range=_Y_RANGE, fixedrange=True)
    fig.update_xaxes(row=1, col=2, title_text="days", range=[0, phase_plane.DAYS], fixedrange=True)
    _log_axis(fig, 1, 2, "tumour cells (log scale)", "y")
    return fig


def _add_model_lines(fig: go.Figure, ghost: bool = False) -> None:
    pre = "ghost_" if ghost else ""
    grey = "#AAAAAA"
    fig.add_trace(go.Scatter(
        x=[], y=[], mode="lines", meta=f"{pre}tumour_nullcline",
        name=("grey: the paper's nullclines and run (before)" if ghost
              else "where the tumour stops changing (nullcline)"),
        line=dict(color=grey if ghost else _O["black"], width=2 if ghost else 3, dash="solid"),
        opacity=0.7 if ghost else 1.0, hoverinfo="skip"), row=1, col=1)
    fig.add_trace(go.Scatter(
        x=[], y=[], mode="lines", meta=f"{pre}effector_nullcline", showlegend=not ghost,
        name=("before: " if ghost else "") + "where effector cells stop changing (nullcline)",
        line=dict(color=grey if ghost else _O["vermillion"], width=2 if ghost else 3, dash="dash"),
        opacity=0.7 if ghost else 1.0, hoverinfo="skip"), row=1, col=1)


def _add_equilibria(fig: go.Figure) -> None:
    fig.add_trace(go.Scatter(x=[], y=[], text=[], mode="markers+text", meta="stable", textposition="bottom right",
                             name="stable steady state (filled)", textfont=dict(size=12),
                             marker=dict(symbol="circle", size=13, color=_O["black"]),
                             hovertemplate="stable steady state: %{text}<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Scatter(x=[], y=[], text=[], mode="markers+text", meta="unstable", textposition="top left",
                             name="unstable steady state (hollow)", textfont=dict(size=12),
                             marker=dict(symbol="circle-open", size=13, color=_O["black"], line=dict(width=2.5)),
                             hovertemplate="unstable steady state: %{text}<extra></extra>"), row=1, col=1)


def _update_model_lines(fig, traces, params, ghost: bool = False) -> None:
    pre = "ghost_" if ghost else ""
    nc = phase_plane.nullclines(params)
    for which in ("tumour", "effector"):
        t = traces[f"{pre}{which}_nullcline"]
        t.x, t.y = _nullcline_xy(nc, which)


@functools.lru_cache(maxsize=32)
def _equilibria(items: tuple):
    return kuznetsov.equilibria(dict(items))


def _update_equilibria(traces, eqs) -> None:
    for key, stable in (("stable", True), ("unstable", False)):
        x, y, text = _equilibria_xy(eqs, stable)
        traces[key].x, traces[key].y, traces[key].text = x, y, text


def phase_plane_figure(portrait: phase_plane.Portrait, runs: Sequence[PlaneRun] = (),
                       start: tuple[float, float] | None = None, height: int = 500) -> go.Figure:
    """The Kuznetsov phase plane beside a time course of the tumour, for the phase-plane app.

    Parameters
    ----------
    portrait : phase_plane.Portrait
        The grid of starts with their fates (shaded, and named in words on the plane).
    runs : sequence of PlaneRun
        Up to :data:`MAX_RUNS` trajectories, drawn on the plane and as time courses (numbered 1, 2, 3).
    start : (tumour, effector), optional
        The start currently chosen (a ✚ on the plane).

    Returns
    -------
    plotly.graph_objects.Figure
        Traces (``meta``): ``regions`` (a heatmap of the fates, clickable), ``flow``, the two nullclines,
        ``stable`` and ``unstable`` steady states, ``start``, ``run1..3``, ``ends``, ``course1..3``,
        ``course_ends`` (the same ◆ end points as on the plane), ``gone``.
    """
    fig = _plane_base(height, ("the phase plane: each point is a state", "tumour cells over time"))
    fates = portrait.fate_grid
    code = {"elimination": 0, "equilibrium": 1, "escape": 2}
    z = [[code[f] for f in row] for row in fates]
    words = [[f"starting here: {_SHORT[f]}" for f in row] for row in fates]
    scale = [[0, _REGION_FILL["elimination"]], [0.33, _REGION_FILL["elimination"]],
             [0.34, _REGION_FILL["equilibrium"]], [0.66, _REGION_FILL["equilibrium"]],
             [0.67, _REGION_FILL["escape"]], [1, _REGION_FILL["escape"]]]
    fig.add_trace(go.Heatmap(
        x=[round(math.log10(v), 4) for v in portrait.tumour], y=[v / E_SCALE for v in portrait.effector], z=z,
        zmin=0, zmax=2, colorscale=scale, showscale=False, meta="regions", customdata=words,
        hovertemplate="%{customdata}<br>click to start here<extra></extra>", name="regions"), row=1, col=1)
    fig.add_trace(go.Scatter(x=[], y=[], mode="lines+markers", meta="flow", name="direction of change (flow)",
                             line=dict(color="#8A8A8A", width=1.2),
                             marker=dict(symbol="triangle-up", size=[], angle=[], color="#8A8A8A"),
                             hoverinfo="skip"), row=1, col=1)
    _add_model_lines(fig)
    _add_equilibria(fig)
    fig.add_trace(go.Scatter(x=[], y=[], mode="markers", meta="start", name="chosen start (✚)",
                             marker=dict(symbol="cross-thin", size=16, line=dict(width=3, color=_O["black"])),
                             hovertemplate="start<extra></extra>"), row=1, col=1)
    for k, (color, dash) in enumerate(_RUN_STYLE, start=1):
        fig.add_trace(go.Scatter(x=[], y=[], mode="lines", meta=f"run{k}", name=f"run {k}",
                                 line=dict(color=color, dash=dash, width=2.5), hoverinfo="skip",
                                 legendgroup=f"run{k}"), row=1, col=1)
    fig.add_trace(go.Scatter(x=[], y=[], text=[], mode="markers+text", meta="ends",
                             name="where each run ends (day 600)",
                             textposition="top center", marker=dict(symbol="diamond", size=11, color=_O["black"]),
                             textfont=dict(size=13), hoverinfo="skip", showlegend=False), row=1, col=1)
    for k, (color, dash) in enumerate(_RUN_STYLE, start=1):
        fig.add_trace(go.Scatter(x=[], y=[], mode="lines", meta=f"course{k}", name=f"run {k}", showlegend=False,
                                 line=dict(color=color, dash=dash, width=2.5), legendgroup=f"run{k}",
                                 hovertemplate=f"run {k}, day %{{x:.0f}}: 10^%{{y:.2f}} cells<extra></extra>"),
                      row=1, col=2)
    fig.add_trace(go.Scatter(x=[], y=[], text=[], mode="markers+text", meta="course_ends", showlegend=False,
                             textposition="middle left", marker=dict(symbol="diamond", size=11, color=_O["black"]),
                             textfont=dict(size=13), hoverinfo="skip"), row=1, col=2)
    fig.add_trace(go.Scatter(x=[], y=[], text=[], mode="markers+text", meta="gone", name="gone (below one cell)",
                             textposition="top center", marker=dict(symbol="x", size=12, color=_O["black"]),
                             hoverinfo="skip", showlegend=False), row=1, col=2)
    update_phase_plane(fig, portrait, runs, start)
    return fig


def _region_labels(portrait: phase_plane.Portrait) -> list[dict]:
    notes = []
    for outcome in ("elimination", "equilibrium", "escape"):
        pts = [(math.log10(T), E / E_SCALE) for i, E in enumerate(portrait.effector)
               for j, T in enumerate(portrait.tumour) if portrait.fate_grid[i][j] == outcome]
        if not pts:
            continue
        if outcome == "elimination":
            x, y, anchor = min(p[0] for p in pts), max(p[1] for p in pts), "left"
        elif outcome == "escape":
            x, y, anchor = max(p[0] for p in pts), min(p[1] for p in pts), "right"
        else:
            x, y, anchor = 3.2, 0.55, "center"
        notes.append(dict(text=f"<b>{outcome.upper()}</b>", x=x, y=y, xref="x", yref="y", xanchor=anchor,
                          yanchor="middle", showarrow=False, font=dict(size=13, color="#222222"),
                          bgcolor="rgba(255,255,255,0.75)"))
    return notes


def update_phase_plane(fig, portrait: phase_plane.Portrait, runs: Sequence[PlaneRun] = (),
                       start: tuple[float, float] | None = None):
    """Redraw the runs and the chosen start of a figure made by :func:`phase_plane_figure` (in place)."""
    if len(runs) > MAX_RUNS:
        raise ValueError(f"at most {MAX_RUNS} runs are drawn at once; got {len(runs)}")
    traces = {t.meta: t for t in fig.data}
    params = portrait.params
    if not traces["flow"].x:   # the model part never changes: draw it once
        fx, fy, sizes, angles = _flow_segments(params)
        traces["flow"].x, traces["flow"].y = fx, fy
        traces["flow"].marker.size = sizes
        traces["flow"].marker.angle = angles
        _update_model_lines(fig, traces, params)
        _update_equilibria(traces, _equilibria(tuple(sorted(params.items()))))
    if start is None:
        traces["start"].x, traces["start"].y = [], []
    else:
        traces["start"].x = [round(math.log10(max(start[0], 1.0)), 4)]
        traces["start"].y = [start[1] / E_SCALE]
    ends_x, ends_y, ends_t = [], [], []
    gone_x, gone_y, gone_t = [], [], []
    for k in range(1, MAX_RUNS + 1):
        plane, course = traces[f"run{k}"], traces[f"course{k}"]
        if k > len(runs):
            plane.x = plane.y = course.x = course.y = []
            plane.name = f"run {k}"
            continue
        r = runs[k - 1]
        lx = _log10_cells(r.T)
        plane.x, plane.y = lx, np.round(np.asarray(r.E) / E_SCALE, 4)
        course.x, course.y = _days_of(r.t), lx
        plane.name = f"run {k}: guessed {r.guess}, model: {r.fate}"
        last = _last_drawn(lx)
        ends_x.append(float(lx[last]))
        ends_y.append(round(float(r.E[last]) / E_SCALE, 4))
        ends_t.append(str(k))
        if r.extinct is not None:
            gone_x.append(r.extinct)
            gone_y.append(0.0)
            gone_t.append(f"{k}: gone")
    traces["ends"].x, traces["ends"].y, traces["ends"].text = ends_x, ends_y, ends_t
    alive_runs = [(k, r) for k, r in enumerate(runs, start=1) if r.extinct is None]
    traces["course_ends"].x = [float(r.t[-1]) for _, r in alive_runs]
    traces["course_ends"].y = [float(_log10_cells(r.T[-1:])[0]) for _, r in alive_runs]
    traces["course_ends"].text = [f"{k} " for k, _ in alive_runs]
    traces["gone"].x, traces["gone"].y, traces["gone"].text = gone_x, gone_y, gone_t
    notes = _region_labels(portrait)
    notes.append(dict(text="1 cell: below it the tumour is gone", x=phase_plane.DAYS, y=0, xref="x2", yref="y2",
                      xanchor="right", yanchor="bottom", showarrow=False, font=dict(size=11, color="#444444")))
    notes.append(_caption_annotation(_wrap(model_caption(kuznetsov.MODEL_ID)), y=_below(fig, 72)))
    # keep the subplot titles, which make_subplots stored as the first two annotations
    titles = [a for a in fig.layout.annotations if a.text in ("the phase plane: each point is a state",
                                                               "tumour cells over time")]
    fig.layout.annotations = list(titles) + notes
    fig.layout.shapes = [dict(type="line", xref="x2", x0=0, x1=phase_plane.DAYS, yref="y2", y0=0, y1=0,
                              line=dict(color="#555555", width=1.5, dash="dot"))]
    n = len(runs)
    fig.layout.title = dict(text="Choose a start, then guess where it ends" if n == 0
                            else f"{n} run{'s' if n > 1 else ''} on the plane (at most {MAX_RUNS})")
    return fig


@functools.lru_cache(maxsize=32)
def _states_text(items: tuple) -> str:
    eqs = kuznetsov.equilibria(dict(items))
    return "; ".join(
        f"{'a stable' if e.stable else 'an unstable'} {e.name.replace('_', ' ')} state at {cells(e.state['T'])} "
        f"tumour cells and {cells(e.state['E'])} effector cells" for e in eqs)


def describe_phase_plane(portrait: phase_plane.Portrait, runs: Sequence[PlaneRun] = (),
                         start: tuple[float, float] | None = None) -> str:
    """The text alternative of :func:`phase_plane_figure`: the model's steady states, the start, every run."""
    states = _states_text(tuple(sorted(portrait.params.items())))
    head = ("Phase plane of the Kuznetsov model: tumour cells (log scale) across, effector cells (millions) "
            "up, with shaded regions named elimination (top left: few tumour cells, many effector cells), "
            "equilibrium (the large middle) and escape (bottom right), the two nullclines and a time course "
            f"of the tumour beside it. Steady states: {states}.")
    parts = [head]
    if start is not None:
        parts.append(f"Chosen start: {cells(start[0])} tumour cells and {cells(start[1])} effector cells.")
    for k, r in enumerate(runs, start=1):
        if r.extinct is not None:
            what = f"the tumour falls below one cell on day {r.extinct:.0f}"
        elif r.fate == "escape":
            what = f"the tumour grows to about {cells(r.T[-1])} cells"
        else:
            alive = r.T[r.T > 0]
            what = (f"the tumour spirals around the dormant state, between about {cells(alive.min())} and "
                    f"{cells(alive.max())} cells")
        verdict = "as guessed" if r.guess == r.fate else f"not {r.guess} as guessed"
        parts.append(f"Run {k} from {cells(r.tumour)} tumour cells and {cells(r.effector)} effector cells: "
                     f"{what} — {r.fate}, {verdict}.")
    if not runs:
        parts.append("No runs yet.")
    return " ".join(parts)


# --------------------------------------------------------------------------------------------------
# 3. Escape mechanisms: one term changed, the old nullclines as ghosts
# --------------------------------------------------------------------------------------------------

def escape_figure(baseline: Trajectory, run: Trajectory, params: Mapping[str, float], mapping: str,
                  height: int = 520) -> go.Figure:
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
    fig.add_trace(go.Scatter(x=[], y=[], mode="lines", meta="run_plane", name="this run",
                             line=dict(color=_O["blue"], width=2.5), hoverinfo="skip"), row=1, col=1)
    fig.add_trace(go.Scatter(x=[], y=[], mode="markers", meta="start", name="start: the dormant state (✚)",
                             marker=dict(symbol="cross-thin", size=16, line=dict(width=3, color=_O["black"])),
                             hoverinfo="skip"), row=1, col=1)
    fig.add_trace(go.Scatter(x=[], y=[], mode="lines", meta="ghost_course", name="before: the paper's parameters",
                             showlegend=False, line=dict(color="#AAAAAA", width=3), hoverinfo="skip"), row=1, col=2)
    fig.add_trace(go.Scatter(x=[], y=[], mode="lines", meta="course", name="with the mechanism", showlegend=False,
                             line=dict(color=_O["blue"], width=2.5),
                             hovertemplate="day %{x:.0f}: 10^%{y:.2f} cells<extra></extra>"), row=1, col=2)
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
        _caption_annotation(_wrap(model_caption(kuznetsov.MODEL_ID)), y=_below(fig, 72))]
    fig.layout.title = dict(text=_wrap(mapping, 80), font=dict(size=15))
    return fig


def describe_escape(record, baseline: Trajectory, run: Trajectory, params: Mapping[str, float],
                    outcome: str) -> str:
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
    return (f"{record.name}. Phase plane and time course of the Kuznetsov model starting from the dormant "
            f"state (about {cells(baseline['T'][0])} tumour cells); the paper's nullclines and run are shown "
            f"in grey. Stable states with a tumour now: {states}. Over {run.t[-1]:.0f} days the tumour {what} "
            f"({outcome}).")


# --------------------------------------------------------------------------------------------------
# 4. Missing self: NK cells and CD8+ T cells against one tumour (de Pillis 2005)
# --------------------------------------------------------------------------------------------------

def missing_self_figure(run: Trajectory, kills: Mapping[str, np.ndarray], ghost: Trajectory | None = None,
                        ghost_kills: Mapping[str, np.ndarray] | None = None, title: str = "",
                        height: int = 530) -> go.Figure:
    """Tumour cells (above) and tumour cells killed per day by NK cells and by CD8⁺ T cells (below).

    ``ghost`` and ``ghost_kills``: the previous setting, drawn faded.
    """
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.12,
                        subplot_titles=("tumour cells", "tumour cells killed per day"))
    grey = "#BBBBBB"
    fig.add_trace(go.Scatter(x=[], y=[], mode="lines", meta="ghost_tumour", name="before (faded)",
                             line=dict(color=grey, width=3), hoverinfo="skip"), row=1, col=1)
    fig.add_trace(go.Scatter(x=[], y=[], mode="lines", meta="tumour", name="tumour cells",
                             line=dict(width=3, **theme.series_style("tumour")),
                             hovertemplate="day %{x:.0f}: 10^%{y:.2f} cells<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Scatter(x=[], y=[], mode="lines", meta="ghost_nk", showlegend=False,
                             line=dict(color=grey, width=2, dash="dot"), hoverinfo="skip"), row=2, col=1)
    fig.add_trace(go.Scatter(x=[], y=[], mode="lines", meta="ghost_cd8", showlegend=False,
                             line=dict(color=grey, width=2, dash="dash"), hoverinfo="skip"), row=2, col=1)
    fig.add_trace(go.Scatter(x=[], y=[], mode="lines", meta="nk", name="killed by NK cells (innate)",
                             line=dict(width=3, **theme.series_style("nk")),
                             hovertemplate="day %{x:.0f}: 10^%{y:.2f} per day by NK cells<extra></extra>"),
                  row=2, col=1)
    fig.add_trace(go.Scatter(x=[], y=[], mode="lines", meta="cd8", name="killed by CD8⁺ T cells (adaptive)",
                             line=dict(width=3, **theme.series_style("cd8")),
                             hovertemplate="day %{x:.0f}: 10^%{y:.2f} per day by CD8+ T cells<extra></extra>"),
                  row=2, col=1)
    fig.update_layout(template=theme.TEMPLATE_NAME, height=height, margin=dict(l=80, r=20, t=80, b=158),
                      legend=dict(orientation="h", x=0, yanchor="top", font=dict(size=12),
                                  entrywidth=0.5, entrywidthmode="fraction"),
                      hovermode="closest")
    fig.update_layout(legend_y=_below(fig, 64))
    for row, title_text in ((1, "cells (log scale)"), (2, "cells per day (log scale)")):
        fig.update_yaxes(row=row, col=1, title_text=title_text, tickvals=_LOG_TICKS,
                         ticktext=[_tick(k) for k in _LOG_TICKS], fixedrange=True)
    fig.update_yaxes(row=1, col=1, range=[2.5, 9.4])
    fig.update_yaxes(row=2, col=1, range=[0, 8.6])
    fig.update_xaxes(row=2, col=1, title_text="days", fixedrange=True)
    update_missing_self(fig, run, kills, ghost, ghost_kills, title)
    return fig


def update_missing_self(fig, run: Trajectory, kills: Mapping[str, np.ndarray], ghost: Trajectory | None = None,
                        ghost_kills: Mapping[str, np.ndarray] | None = None, title: str = ""):
    """Redraw a figure made by :func:`missing_self_figure` (in place)."""
    traces = {t.meta: t for t in fig.data}
    t = _days_of(run)
    traces["tumour"].x, traces["tumour"].y = t, _log10_cells(run["T"])
    traces["nk"].x, traces["nk"].y = t, _log10_cells(kills["nk"])
    traces["cd8"].x, traces["cd8"].y = t, _log10_cells(kills["cd8"])
    if ghost is None:
        for key in ("ghost_tumour", "ghost_nk", "ghost_cd8"):
            traces[key].x = traces[key].y = []
    else:
        g = _days_of(ghost)
        traces["ghost_tumour"].x, traces["ghost_tumour"].y = g, _log10_cells(ghost["T"])
        traces["ghost_nk"].x, traces["ghost_nk"].y = g, _log10_cells(ghost_kills["nk"])
        traces["ghost_cd8"].x, traces["ghost_cd8"].y = g, _log10_cells(ghost_kills["cd8"])
    titles = [a for a in fig.layout.annotations if a.text in ("tumour cells", "tumour cells killed per day")]
    fig.layout.annotations = list(titles) + [
        _caption_annotation(_wrap(model_caption("depillis2005")), y=_below(fig, 106))]
    fig.layout.title = dict(text=title, font=dict(size=15))
    fig.layout.xaxis2.range = [0, float(run.t[-1])]
    return fig


def describe_missing_self(label: str, run: Trajectory, kills: Mapping[str, np.ndarray], reach: float | None) -> str:
    """The text alternative of :func:`missing_self_figure`."""
    nk, cd8 = float(kills["nk_total"][-1]), float(kills["cd8_total"][-1])
    when = (f"reaches 100 million cells on day {reach:.0f}" if reach is not None
            else "stays below 100 million cells")
    return (f"{label}. Above: tumour cells over {run.t[-1]:.0f} days (log scale); below: tumour cells killed "
            f"per day by NK cells (dotted) and by CD8+ T cells (dashed). The tumour {when}. In total NK cells "
            f"kill about {cells(nk)} tumour cells and CD8+ T cells about {cells(cd8)}.")


# --------------------------------------------------------------------------------------------------
# The parameter table of a model (for "The model" sections)
# --------------------------------------------------------------------------------------------------

def parameter_table(model_id: str, parameter_set: str = "default") -> str:
    """The parameters of a model as an HTML table: symbol, meaning, value, unit and sources (all escaped).

    Example
    -------
    >>> html = parameter_table("kuznetsov1994")
    >>> html.count("<tr>") - 1      # one row per parameter, after the header
    8
    """
    from html import escape

    spec = content.model(model_id)
    pset = spec.parameter_set(parameter_set)
    rows = []
    for p in pset.parameters:
        rows.append("<tr>" + "".join(
            f"<td style='text-align:{align};padding:2px 8px;vertical-align:top'>{escape(str(v))}</td>"
            for v, align in ((p.symbol, "left"), (p.meaning, "left"), (f"{p.value:.4g}", "right"),
                             (p.units, "left"), (", ".join(p.sources), "left"))) + "</tr>")
    head = "".join(f"<th scope='col' style='text-align:left;padding:2px 8px'>{h}</th>"
                   for h in ("symbol", "meaning", "value", "unit", "source"))
    return (f"<table class='immunolib-table'><caption style='text-align:left'>{escape(spec.title)} — "
            f"{escape(pset.label)}</caption><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def escape_parameter_table(model_id: str = "kuznetsov1994") -> str:
    """The escape mechanisms as an HTML table: the parameter each one multiplies in a model, the factor (an
    assumption, unitless: × the paper's value), the parameter's unit and the sources, read from
    ``data/escape_mechanisms.yaml`` and ``data/models/<model_id>.yaml``.

    Example
    -------
    >>> html = escape_parameter_table()
    >>> html.count("<tr>") - 1      # one row per mechanism term of the Kuznetsov model, after the header
    6
    >>> "× 0.3" in html and "1/(cell·day)" in html
    True
    """
    from html import escape

    units = {p.name: p.units for p in content.model(model_id).parameter_set("default").parameters}
    rows = []
    for r in content.collection(phase_plane.MECHANISM_COLLECTION):
        for t in r.model_terms:
            if t.model != model_id:
                continue
            rows.append("<tr>" + "".join(
                f"<td style='text-align:left;padding:2px 8px;vertical-align:top'>{escape(str(v))}</td>"
                for v in (r.short_name, t.parameter, t.term, f"× {t.factor:g} (assumed)", units[t.parameter],
                          ", ".join(r.sources))) + "</tr>")
    head = "".join(f"<th scope='col' style='text-align:left;padding:2px 8px'>{h}</th>"
                   for h in ("mechanism", "parameter", "what it sets", "factor", "unit", "source"))
    return (f"<table class='immunolib-table'><caption style='text-align:left'>What each escape mechanism changes "
            f"in {escape(content.model(model_id).title)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def kuznetsov_compartments() -> go.Figure:
    """The compartment diagram of the Kuznetsov model (DSAIRM's "The model"): effector and tumour cells.

    Example
    -------
    >>> fig = kuznetsov_compartments()
    >>> [a.text for a in fig.layout.annotations if a.name == "box"][1:3]
    ['<b>E</b> effector cells at the tumour', '<b>T</b> tumour cells (grow to fill their space: a, b)']
    """
    from immunolib.figures.compartments import compartment_diagram

    return compartment_diagram(KUZNETSOV_BOXES, KUZNETSOV_ARROWS,
                               "What the Kuznetsov model tracks, and how each part acts on the other")


def _kuznetsov_diagram():
    from immunolib.figures.compartments import Arrow, Box

    c = theme.OKABE_ITO
    boxes = (
        Box("in", "", "from the blood", 0.02, 0.80, c["sky_blue"]),
        Box("E", "E", "effector cells at the tumour", 0.42, 0.80, c["blue"]),
        Box("T", "T", "tumour cells (grow to fill their space: a, b)", 0.42, 0.12, c["vermillion"]),
        Box("gone", "", "dead or switched off", 0.95, 0.80, c["black"]),
        Box("killed", "", "killed tumour cells", 0.95, 0.12, c["orange"]),
    )
    arrows = (
        Arrow("in", "E", "arrive (s)"),
        Arrow("E", "gone", "die (d); switched off by T (m)"),
        Arrow("T", "E", "stimulates build-up (p, g)", dash=True),
        Arrow("T", "killed", "killed (n)"),
        Arrow("E", "killed", "kill (n)", dash=True),
    )
    return boxes, arrows


KUZNETSOV_BOXES, KUZNETSOV_ARROWS = _kuznetsov_diagram()


def describe_kuznetsov_compartments() -> str:
    """The text alternative of :func:`kuznetsov_compartments`."""
    from immunolib.figures.compartments import describe_compartments

    return describe_compartments(KUZNETSOV_BOXES, KUZNETSOV_ARROWS)
