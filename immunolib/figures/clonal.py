"""Clonal selection and expansion, drawn from a :class:`~immunolib.models.clonal.ClonalResult`.

One figure with three panels:

* left, the **repertoire in shape space**: every clone is a point at its receptor's "shape"; the antigen is a
  black star; the dashed circle is the affinity threshold (clones inside it fit well enough to be selected).
  Selected clones are filled blue circles, the others small open grey circles, and marker size grows with
  affinity; mutant clones made by affinity maturation are diamonds linked to their parent by a dotted line.
* top right, **cells over time** (log scale): all effector cells (activated B cells and the plasma cells they
  become), memory B cells, and each selected clone's effector cells as a thin line;
* bottom right, the **antigen** over time.

The model's "effector" compartment stands for the activated, dividing B cells and the plasma cells they turn into;
the figure says so in its legend. Functions are pure: the same result gives byte-identical JSON. The numbers the
text alternative quotes are measured by :func:`immunolib.models.measurements.clonal_summary` (re-exported here).
"""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from immunolib import theme
from immunolib.figures import words
from immunolib.figures.update import apply_changes, set_if_changed
from immunolib.figures.words import sig2
from immunolib.models.measurements import ClonalSummary, clonal_summary

__all__ = [
    "CLONAL_TRACES",
    "clonal_figure",
    "show_clonal",
    "ClonalSummary",
    "clonal_summary",
    "describe_clonal",
    "sig2",
]

#: The traces of the figure, in order (``trace.meta`` holds the name).
CLONAL_TRACES = (
    "other_clones",
    "selected_clones",
    "mutation_steps",
    "mutant_clones",
    "threshold",
    "antigen_point",
    "clone_lines",
    "effector_total",
    "memory_total",
    "antigen",
)
_MAX_CLONE_LINES = 40


def _threshold_radius(result) -> float:
    """Distance from the antigen at which affinity equals the threshold theta: w * sqrt(-2 ln theta)."""
    p = result.parameters
    return float(p["width"] * math.sqrt(-2.0 * math.log(p["theta"])))


# Arrays, not lists: plotly validates a numpy array at once but a list element by element, and a
# FigureWidget sends arrays as binary buffers (issue 8: a callback must fit a frame); float32 halves the
# bytes per change and keeps 7 significant digits, more than the figure shows. NaN is a gap.
def _r(a, digits=4):
    return np.round(np.asarray(a, dtype=float), digits).astype(np.float32)


def _cells(a):
    """Counts for a log axis: values below half a cell are left out (NaN, a gap), the rest rounded."""
    a = np.round(np.asarray(a, dtype=float), 1)
    return np.where(a < 0.5, np.nan, a).astype(np.float32)


def describe_clonal(result, antigen, seed: int | None = None) -> str:
    """The text alternative of :func:`clonal_figure`: what it shows, with the numbers of :func:`clonal_summary`."""
    s = clonal_summary(result, antigen)
    count = words.count_or_millions
    head = f"Seed {seed}: " if seed is not None else ""
    where = f"the antigen's shape is ({s.antigen[0]:.2f}, {s.antigen[1]:.2f})"
    if s.n_selected == 0 or s.peak < 1:
        return (
            f"{head}a repertoire of {s.n_clones} clones in shape space; {where}, and no clone fits better "
            f"than the threshold {s.theta:.2f}, so none is selected: the best-fitting clones are only weakly "
            f"stimulated (at most {count(s.peak)} effector cells instead of millions)."
        )
    text = (
        f"{head}a repertoire of {s.n_clones} clones in shape space; {where}. {s.n_selected} clones fit "
        f"better than the threshold {s.theta:.2f} and were selected: their {count(s.naive_selected)} naive "
        f"cells grew to a peak of {count(s.peak)} effector cells on day {s.peak_day:g} (about "
        f"{sig2(s.fold)}-fold), and {count(s.memory_end)} memory cells remain on day {s.days:g}."
    )
    if s.peak2 is not None:
        text += (
            f" After the second exposure on day {s.exposures[1]:g} the response peaked {s.delay2:g} days "
            f"later (the first took {s.delay1:g}) at {count(s.peak2)} cells, "
            f"{s.peak2 / s.peak:.1f} times the first peak."
        )
    if s.n_mutants:
        text += (
            f" Affinity maturation made {s.n_mutants} mutant clones; the best affinity rose from "
            f"{s.best_affinity_start:.2f} to {s.best_affinity_end:.2f}."
        )
    return text


def clonal_figure(result, antigen) -> go.Figure:
    """Build the three-panel figure of one clonal-selection run.

    Parameters
    ----------
    result : ClonalResult
        From :func:`immunolib.models.clonal.clonal_expansion`.
    antigen : pair of float
        The antigen's shape used for that run (drawn as the star and the centre of the threshold circle).

    Returns
    -------
    plotly.graph_objects.Figure
        Ten traces (:data:`CLONAL_TRACES`), the same for every run, so :func:`show_clonal` can update in place.

    Example
    -------
    >>> from immunolib.models.clonal import clonal_expansion
    >>> fig = clonal_figure(clonal_expansion(days=20), (0.5, 0.5))
    >>> [t.meta for t in fig.data][:2]
    ['other_clones', 'selected_clones']
    """
    fig = make_subplots(
        rows=2,
        cols=2,
        specs=[[{"rowspan": 2}, {}], [None, {}]],
        column_widths=[0.42, 0.58],
        row_heights=[0.7, 0.3],
        horizontal_spacing=0.1,
        vertical_spacing=0.14,
        subplot_titles=("The repertoire in shape space", "Cells over time (log scale)", "Antigen"),
    )
    b_cell = theme.cell_style("b_cell").color
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="markers",
            name="clone not selected",
            meta="other_clones",
            marker=dict(symbol="circle-open", color="#8C8C8C", line=dict(width=1)),
            hovertemplate="clone %{customdata[0]}<br>affinity %{customdata[1]:.2f}<extra></extra>",
            legendgroup="shape",
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="markers",
            name="selected clone (size = affinity)",
            meta="selected_clones",
            marker=dict(symbol="circle", color=b_cell, line=dict(color="#000000", width=1.5)),
            hovertemplate="clone %{customdata[0]}<br>affinity %{customdata[1]:.2f}<br>peak effector "
            "cells %{customdata[2]:,.0f}<extra></extra>",
            legendgroup="shape",
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="lines",
            name="mutation (parent → mutant)",
            meta="mutation_steps",
            line=dict(color="#555555", width=1, dash="dot"),
            hoverinfo="skip",
            showlegend=False,
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="markers",
            name="mutant clone (affinity maturation)",
            meta="mutant_clones",
            marker=dict(
                symbol="diamond", color=theme.OKABE_ITO["vermillion"], opacity=0.85, line=dict(color="#000000", width=1)
            ),
            hovertemplate="mutant clone %{customdata[0]}<br>affinity %{customdata[1]:.2f}<br>born "
            "on day %{customdata[2]:g}<extra></extra>",
            legendgroup="shape",
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="lines",
            name="affinity threshold",
            meta="threshold",
            line=dict(color="#000000", width=1.5, dash="dash"),
            hoverinfo="name",
            legendgroup="shape",
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="markers+text",
            name="antigen",
            meta="antigen_point",
            text=["antigen"],
            textposition="top center",
            textfont=dict(size=13),
            marker=dict(symbol="star", size=16, color="#000000", line=dict(color="#FFFFFF", width=1)),
            hoverinfo="name",
            showlegend=False,
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="lines",
            name="each selected clone",
            meta="clone_lines",
            line=dict(color="rgba(0,114,178,0.35)", width=1),
            hoverinfo="skip",
            legendgroup="time",
        ),
        row=1,
        col=2,
    )
    eff, mem = theme.series_style("effector"), theme.series_style("memory")
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="lines",
            name="effector cells (dividing B cells → plasma cells)",
            meta="effector_total",
            line=dict(color=eff["color"], dash=eff["dash"], width=3),
            hovertemplate="day %{x:g}: %{y:,.0f} effector cells<extra></extra>",
            legendgroup="time",
        ),
        row=1,
        col=2,
    )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="lines",
            name="memory B cells",
            meta="memory_total",
            line=dict(color=mem["color"], dash=mem["dash"], width=3),
            hovertemplate="day %{x:g}: %{y:,.0f} memory cells<extra></extra>",
            legendgroup="time",
        ),
        row=1,
        col=2,
    )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="lines",
            name="antigen",
            meta="antigen",
            fill="tozeroy",
            fillcolor="rgba(0,0,0,0.12)",
            line=dict(color="#000000", width=2),
            hovertemplate="day %{x:g}: antigen %{y:.2f}<extra></extra>",
            showlegend=False,
        ),
        row=2,
        col=2,
    )
    fig.update_xaxes(range=[0, 1], title_text="receptor shape 1", row=1, col=1)
    fig.update_yaxes(range=[0, 1], title_text="receptor shape 2", row=1, col=1, scaleanchor="x", scaleratio=1)
    fig.update_yaxes(type="log", range=[0, 7.3], title_text="cells", row=1, col=2, fixedrange=True)
    fig.update_xaxes(title_text="", row=1, col=2, fixedrange=True)
    fig.update_yaxes(range=[0, 1.1], title_text="relative", row=2, col=2, fixedrange=True)
    fig.update_xaxes(title_text="day", row=2, col=2, fixedrange=True)
    fig.update_layout(
        template=theme.TEMPLATE_NAME,
        height=520,
        margin=dict(l=60, r=20, t=60, b=130),
        legend=dict(orientation="h", yanchor="top", y=-0.2, x=0.0, font=dict(size=12)),
        hovermode="closest",
    )
    return show_clonal(fig, result, antigen)


def _one_gap(x, y):
    """Drop every NaN of ``y`` that follows another NaN (or starts the array), with its ``x``: one NaN still
    breaks the line where many did, so the drawing is the same and fewer points are sent."""
    gap = np.isnan(y)
    keep = ~gap
    keep[1:] |= ~gap[:-1]
    return x[keep], y[keep]


def show_clonal(fig, result, antigen):
    """Put another run's data into ``fig`` (from :func:`clonal_figure`), in place. Returns the figure.

    Works on a ``go.Figure`` and on a ``go.FigureWidget`` (call it inside ``fig.batch_update()``); on a
    ``FigureWidget`` only arrays and layout values that differ from the last run's are set and sent, by
    :func:`~immunolib.figures.update.apply_changes` (one restyle per property, no per-value validation).
    """
    by = {t.meta: t for t in fig.data}
    live = isinstance(fig, go.FigureWidget)
    index = {t.meta: i for i, t in enumerate(fig.data)}
    changes: dict[int, dict] = {}

    def put(meta, prop, value):
        if live:
            changes.setdefault(index[meta], {})[prop] = value
        else:
            by[meta][prop] = value

    rep = result.parent < 0
    sel = np.zeros(len(result.affinity), bool)
    sel[result.selected()] = True
    aff = result.affinity
    peak = result.effector.max(axis=0)
    idx = np.arange(len(aff))
    size = 5 + 9 * aff

    other = rep & ~sel
    put("other_clones", "x", _r(result.shapes[other, 0]))
    put("other_clones", "y", _r(result.shapes[other, 1]))
    put("other_clones", "marker.size", _r(np.maximum(4, size[other]), 2))
    put("other_clones", "customdata", np.column_stack([idx[other], _r(aff[other], 3)]).astype(np.float32))

    chosen = rep & sel
    put("selected_clones", "x", _r(result.shapes[chosen, 0]))
    put("selected_clones", "y", _r(result.shapes[chosen, 1]))
    put("selected_clones", "marker.size", _r(size[chosen], 2))
    put(
        "selected_clones",
        "customdata",
        np.column_stack([idx[chosen], _r(aff[chosen], 3), _r(peak[chosen], 0)]).astype(np.float32),
    )

    mut = ~rep
    put("mutant_clones", "x", _r(result.shapes[mut, 0]))
    put("mutant_clones", "y", _r(result.shapes[mut, 1]))
    put("mutant_clones", "marker.size", _r(4 + 5 * aff[mut], 2))
    put(
        "mutant_clones",
        "customdata",
        np.column_stack([idx[mut], _r(aff[mut], 3), _r(result.born[mut], 2)]).astype(np.float32),
    )
    kids = idx[mut]
    steps = np.full((len(kids), 3, 2), np.nan)  # parent, child, gap
    steps[:, 0] = result.shapes[result.parent[kids]]
    steps[:, 1] = result.shapes[kids]
    put("mutation_steps", "x", _r(steps[:, :, 0].ravel()))
    put("mutation_steps", "y", _r(steps[:, :, 1].ravel()))

    r = _threshold_radius(result)
    ax, ay = float(antigen[0]), float(antigen[1])
    angles = np.linspace(0, 2 * np.pi, 73)
    put("threshold", "x", _r(ax + r * np.cos(angles)))
    put("threshold", "y", _r(ay + r * np.sin(angles)))
    put("antigen_point", "x", [round(ax, 4)])
    put("antigen_point", "y", [round(ay, 4)])
    put("antigen_point", "textposition", ("bottom " if ay > 0.85 else "top ") + ("left" if ax > 0.8 else "right"))

    t = _r(result.t, 3)
    lines = np.nonzero(sel)[0]
    lines = lines[np.argsort(-peak[lines], kind="stable")][:_MAX_CLONE_LINES]
    gap = np.array([np.nan], dtype=np.float32)
    if len(lines):
        line_x, line_y = _one_gap(
            np.concatenate([np.concatenate([t, gap]) for _ in lines]),
            np.concatenate([np.concatenate([_cells(result.effector[:, i]), gap]) for i in lines]),
        )
    else:
        line_x = line_y = np.zeros(0, dtype=np.float32)
    put("clone_lines", "x", line_x)
    put("clone_lines", "y", line_y)
    put("effector_total", "x", t)
    put("effector_total", "y", _cells(result.effector.sum(axis=1)))
    put("memory_total", "x", t)
    put("memory_total", "y", _cells(result.memory.sum(axis=1)))
    put("antigen", "x", t)
    put("antigen", "y", _r(result.antigen, 4))

    if live:
        apply_changes(fig, traces=changes)

    days = float(result.t[-1])
    set_if_changed(
        fig,
        ("clonal", "days"),
        days,
        lambda d: (fig.update_xaxes(range=[0, d], row=1, col=2), fig.update_xaxes(range=[0, d], row=2, col=2)),
    )
    shapes, notes = [], []
    for k, d in enumerate(result.exposures):
        for xref, yref in (("x2", "y2 domain"), ("x3", "y3 domain")):
            shapes.append(
                dict(
                    type="line",
                    xref=xref,
                    yref=yref,
                    x0=d,
                    x1=d,
                    y0=0,
                    y1=1,
                    line=dict(color="#000000", width=1, dash="dot"),
                    name=f"exposure {k + 1}",
                )
            )
        notes.append(
            dict(
                x=d,
                y=1.0,
                xref="x2",
                yref="y2 domain",
                text=f"exposure {k + 1}",
                showarrow=False,
                xanchor="left",
                yanchor="top",
                font=dict(size=12),
                xshift=3,
                name=f"exposure {k + 1}",
            )
        )

    def marks(_):
        keep = [a for a in fig.layout.annotations if a.name is None]  # the subplot titles
        fig.layout.shapes = shapes
        fig.layout.annotations = list(keep) + notes

    set_if_changed(fig, ("clonal", "exposures"), tuple(float(d) for d in result.exposures), marks)
    n_sel = int((rep & sel).sum())
    title = f"Clonal selection: {n_sel} of {int(rep.sum())} clones fit the antigen well enough to be selected"
    set_if_changed(fig, ("clonal", "title"), title, lambda v: setattr(fig.layout.title, "text", v))
    return fig
