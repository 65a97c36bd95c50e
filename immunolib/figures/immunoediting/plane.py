"""The Kuznetsov phase plane beside a time course: regions, flow, nullclines, steady states, a student's runs.

The building blocks of the plane (nullclines, steady states, the two-panel base) serve the escape figure too."""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from immunolib import theme
from immunolib.figures.immunoediting.common import (
    _REGION_FILL,
    _RUN_STYLE,
    _SHORT,
    _X_RANGE,
    _Y_RANGE,
    E_SCALE,
    MAX_RUNS,
    _below,
    _caption_annotation,
    _days_of,
    _last_drawn,
    _log10_cells,
    _log_axis,
    _wrap,
    cells,
    model_caption,
)
from immunolib.models import kuznetsov, phase_plane
from immunolib.models.outcomes import Equilibrium

__all__ = ["PlaneRun", "phase_plane_figure", "update_phase_plane", "describe_phase_plane"]


@dataclass(frozen=True)
class PlaneRun:
    """One trajectory a student started on the phase plane, with the guess made before it ran."""

    tumour: float  #: starting tumour cells
    effector: float  #: starting effector cells
    guess: str  #: "elimination", "equilibrium" or "escape"
    fate: str  #: where the model says it ends
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
    dlogT, dE = phase_plane.flow_field(params, tumour=10**lt, effector=ee * E_SCALE)
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
            angle = round(math.degrees(math.atan2(u, v)), 1)  # clockwise from "up", as plotly rotates
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
    fig = make_subplots(rows=1, cols=2, column_widths=[0.58, 0.42], horizontal_spacing=0.13, subplot_titles=titles)
    fig.update_layout(
        template=theme.TEMPLATE_NAME,
        height=height,
        margin=dict(l=70, r=20, t=top, b=178),
        legend=dict(orientation="h", x=0, yanchor="top", font=dict(size=12)),
        hovermode="closest",
        clickmode="event",
    )
    fig.update_layout(legend_y=_below(fig, 112))  # under the caption
    _log_axis(fig, 1, 1, "tumour cells (log scale)", "x")
    fig.update_yaxes(row=1, col=1, title_text="effector cells (× 10⁶ cells)", range=_Y_RANGE, fixedrange=True)
    fig.update_xaxes(row=1, col=2, title_text="days", range=[0, phase_plane.DAYS], fixedrange=True)
    _log_axis(fig, 1, 2, "tumour cells (log scale)", "y")
    return fig


def _add_model_lines(fig: go.Figure, ghost: bool = False) -> None:
    pre = "ghost_" if ghost else ""
    grey = "#AAAAAA"
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="lines",
            meta=f"{pre}tumour_nullcline",
            name=(
                "grey: the paper's nullclines and run (before)"
                if ghost
                else "where the tumour stops changing (nullcline)"
            ),
            line=dict(color=grey if ghost else theme.OKABE_ITO["black"], width=2 if ghost else 3, dash="solid"),
            opacity=0.7 if ghost else 1.0,
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
            meta=f"{pre}effector_nullcline",
            showlegend=not ghost,
            name=("before: " if ghost else "") + "where effector cells stop changing (nullcline)",
            line=dict(color=grey if ghost else theme.OKABE_ITO["vermillion"], width=2 if ghost else 3, dash="dash"),
            opacity=0.7 if ghost else 1.0,
            hoverinfo="skip",
        ),
        row=1,
        col=1,
    )


def _add_equilibria(fig: go.Figure) -> None:
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            text=[],
            mode="markers+text",
            meta="stable",
            textposition="bottom right",
            name="stable steady state (filled)",
            textfont=dict(size=12),
            marker=dict(symbol="circle", size=13, color=theme.OKABE_ITO["black"]),
            hovertemplate="stable steady state: %{text}<extra></extra>",
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            text=[],
            mode="markers+text",
            meta="unstable",
            textposition="top left",
            name="unstable steady state (hollow)",
            textfont=dict(size=12),
            marker=dict(symbol="circle-open", size=13, color=theme.OKABE_ITO["black"], line=dict(width=2.5)),
            hovertemplate="unstable steady state: %{text}<extra></extra>",
        ),
        row=1,
        col=1,
    )


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


def phase_plane_figure(
    portrait: phase_plane.Portrait,
    runs: Sequence[PlaneRun] = (),
    start: tuple[float, float] | None = None,
    height: int = 500,
) -> go.Figure:
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
    scale = [
        [0, _REGION_FILL["elimination"]],
        [0.33, _REGION_FILL["elimination"]],
        [0.34, _REGION_FILL["equilibrium"]],
        [0.66, _REGION_FILL["equilibrium"]],
        [0.67, _REGION_FILL["escape"]],
        [1, _REGION_FILL["escape"]],
    ]
    fig.add_trace(
        go.Heatmap(
            x=[round(math.log10(v), 4) for v in portrait.tumour],
            y=[v / E_SCALE for v in portrait.effector],
            z=z,
            zmin=0,
            zmax=2,
            colorscale=scale,
            showscale=False,
            meta="regions",
            customdata=words,
            hovertemplate="%{customdata}<br>click to start here<extra></extra>",
            name="regions",
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="lines+markers",
            meta="flow",
            name="direction of change (flow)",
            line=dict(color="#8A8A8A", width=1.2),
            marker=dict(symbol="triangle-up", size=[], angle=[], color="#8A8A8A"),
            hoverinfo="skip",
        ),
        row=1,
        col=1,
    )
    _add_model_lines(fig)
    _add_equilibria(fig)
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="markers",
            meta="start",
            name="chosen start (✚)",
            marker=dict(symbol="cross-thin", size=16, line=dict(width=3, color=theme.OKABE_ITO["black"])),
            hovertemplate="start<extra></extra>",
        ),
        row=1,
        col=1,
    )
    for k, (color, dash) in enumerate(_RUN_STYLE, start=1):
        fig.add_trace(
            go.Scatter(
                x=[],
                y=[],
                mode="lines",
                meta=f"run{k}",
                name=f"run {k}",
                line=dict(color=color, dash=dash, width=2.5),
                hoverinfo="skip",
                legendgroup=f"run{k}",
            ),
            row=1,
            col=1,
        )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            text=[],
            mode="markers+text",
            meta="ends",
            name="where each run ends (day 600)",
            textposition="top center",
            marker=dict(symbol="diamond", size=11, color=theme.OKABE_ITO["black"]),
            textfont=dict(size=13),
            hoverinfo="skip",
            showlegend=False,
        ),
        row=1,
        col=1,
    )
    for k, (color, dash) in enumerate(_RUN_STYLE, start=1):
        fig.add_trace(
            go.Scatter(
                x=[],
                y=[],
                mode="lines",
                meta=f"course{k}",
                name=f"run {k}",
                showlegend=False,
                line=dict(color=color, dash=dash, width=2.5),
                legendgroup=f"run{k}",
                hovertemplate=f"run {k}, day %{{x:.0f}}: 10^%{{y:.2f}} cells<extra></extra>",
            ),
            row=1,
            col=2,
        )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            text=[],
            mode="markers+text",
            meta="course_ends",
            showlegend=False,
            textposition="middle left",
            marker=dict(symbol="diamond", size=11, color=theme.OKABE_ITO["black"]),
            textfont=dict(size=13),
            hoverinfo="skip",
        ),
        row=1,
        col=2,
    )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            text=[],
            mode="markers+text",
            meta="gone",
            name="gone (below one cell)",
            textposition="top center",
            marker=dict(symbol="x", size=12, color=theme.OKABE_ITO["black"]),
            hoverinfo="skip",
            showlegend=False,
        ),
        row=1,
        col=2,
    )
    update_phase_plane(fig, portrait, runs, start)
    return fig


def _region_labels(portrait: phase_plane.Portrait) -> list[dict]:
    notes = []
    for outcome in ("elimination", "equilibrium", "escape"):
        pts = [
            (math.log10(T), E / E_SCALE)
            for i, E in enumerate(portrait.effector)
            for j, T in enumerate(portrait.tumour)
            if portrait.fate_grid[i][j] == outcome
        ]
        if not pts:
            continue
        if outcome == "elimination":
            x, y, anchor = min(p[0] for p in pts), max(p[1] for p in pts), "left"
        elif outcome == "escape":
            x, y, anchor = max(p[0] for p in pts), min(p[1] for p in pts), "right"
        else:
            x, y, anchor = 3.2, 0.55, "center"
        notes.append(
            dict(
                text=f"<b>{outcome.upper()}</b>",
                x=x,
                y=y,
                xref="x",
                yref="y",
                xanchor=anchor,
                yanchor="middle",
                showarrow=False,
                font=dict(size=13, color="#222222"),
                bgcolor="rgba(255,255,255,0.75)",
            )
        )
    return notes


def update_phase_plane(
    fig, portrait: phase_plane.Portrait, runs: Sequence[PlaneRun] = (), start: tuple[float, float] | None = None
):
    """Redraw the runs and the chosen start of a figure made by :func:`phase_plane_figure` (in place)."""
    if len(runs) > MAX_RUNS:
        raise ValueError(f"at most {MAX_RUNS} runs are drawn at once; got {len(runs)}")
    traces = {t.meta: t for t in fig.data}
    params = portrait.params
    if not traces["flow"].x:  # the model part never changes: draw it once
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
    notes.append(
        dict(
            text="1 cell: below it the tumour is gone",
            x=phase_plane.DAYS,
            y=0,
            xref="x2",
            yref="y2",
            xanchor="right",
            yanchor="bottom",
            showarrow=False,
            font=dict(size=11, color="#444444"),
        )
    )
    notes.append(_caption_annotation(_wrap(model_caption(kuznetsov.MODEL_ID)), y=_below(fig, 72)))
    # keep the subplot titles, which make_subplots stored as the first two annotations
    titles = [
        a
        for a in fig.layout.annotations
        if a.text in ("the phase plane: each point is a state", "tumour cells over time")
    ]
    fig.layout.annotations = list(titles) + notes
    fig.layout.shapes = [
        dict(
            type="line",
            xref="x2",
            x0=0,
            x1=phase_plane.DAYS,
            yref="y2",
            y0=0,
            y1=0,
            line=dict(color="#555555", width=1.5, dash="dot"),
        )
    ]
    n = len(runs)
    fig.layout.title = dict(
        text="Choose a start, then guess where it ends"
        if n == 0
        else f"{n} run{'s' if n > 1 else ''} on the plane (at most {MAX_RUNS})"
    )
    return fig


@functools.lru_cache(maxsize=32)
def _states_text(items: tuple) -> str:
    eqs = kuznetsov.equilibria(dict(items))
    return "; ".join(
        f"{'a stable' if e.stable else 'an unstable'} {e.name.replace('_', ' ')} state at {cells(e.state['T'])} "
        f"tumour cells and {cells(e.state['E'])} effector cells"
        for e in eqs
    )


def describe_phase_plane(
    portrait: phase_plane.Portrait, runs: Sequence[PlaneRun] = (), start: tuple[float, float] | None = None
) -> str:
    """The text alternative of :func:`phase_plane_figure`: the model's steady states, the start, every run."""
    states = _states_text(tuple(sorted(portrait.params.items())))
    head = (
        "Phase plane of the Kuznetsov model: tumour cells (log scale) across, effector cells (millions) "
        "up, with shaded regions named elimination (top left: few tumour cells, many effector cells), "
        "equilibrium (the large middle) and escape (bottom right), the two nullclines and a time course "
        f"of the tumour beside it. Steady states: {states}."
    )
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
            what = (
                f"the tumour spirals around the dormant state, between about {cells(alive.min())} and "
                f"{cells(alive.max())} cells"
            )
        verdict = "as guessed" if r.guess == r.fate else f"not {r.guess} as guessed"
        parts.append(
            f"Run {k} from {cells(r.tumour)} tumour cells and {cells(r.effector)} effector cells: "
            f"{what} — {r.fate}, {verdict}."
        )
    if not runs:
        parts.append("No runs yet.")
    return " ".join(parts)
