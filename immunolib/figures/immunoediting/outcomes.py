"""Pre-training: tumour cells over time from three starts, three outcomes (elimination, equilibrium, escape)."""

from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go

from immunolib import theme
from immunolib.figures.immunoediting.common import (
    _LOG_TICKS,
    _SHORT,
    _caption_annotation,
    _days_of,
    _last_drawn,
    _log10_cells,
    _tick,
    _wrap,
    cells,
    model_caption,
)
from immunolib.models import kuznetsov
from immunolib.models.core import Trajectory

__all__ = ["outcome_figure", "update_outcome_figure", "describe_outcomes"]


def outcome_figure(
    runs: Mapping[str, Trajectory], selected: str, labels: Mapping[str, str], height: int = 520
) -> go.Figure:
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
        fig.add_trace(
            go.Scatter(
                x=[],
                y=[],
                mode="lines",
                name=f"start {labels[key]}: tumour cells",
                meta=f"tumour:{key}",
                hovertemplate="day %{x:.0f}: 10^%{y:.2f} tumour cells<extra></extra>",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="lines",
            name="effector cells (selected start)",
            meta="effector",
            line=dict(width=2.5, **theme.series_style("effector")),
            hovertemplate="day %{x:.0f}: 10^%{y:.2f} effector cells<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="markers+text",
            name="tumour gone (below one cell)",
            meta="gone",
            text=[],
            textposition="top center",
            marker=dict(symbol="x", size=13, color=theme.OKABE_ITO["black"]),
            hoverinfo="skip",
        )
    )
    fig.update_layout(
        template=theme.TEMPLATE_NAME,
        height=height,
        margin=dict(l=80, r=40, t=70, b=190),
        legend=dict(
            orientation="h", x=0, y=-0.21, yanchor="top", font=dict(size=13), entrywidth=0.5, entrywidthmode="fraction"
        ),
        hovermode="closest",
    )
    fig.update_xaxes(title_text="days", fixedrange=True)
    fig.update_yaxes(
        title_text="cells (log scale)",
        tickvals=_LOG_TICKS,
        ticktext=[_tick(k) for k in _LOG_TICKS],
        range=[-0.6, 9.3],
        fixedrange=True,
    )
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
        if t.x is None or len(t.x) != len(y):  # the runs never change within an app: data set once
            t.x, t.y = _days_of(tr), y
        last = _last_drawn(y)
        labels_at.append(
            dict(
                text=f"<b>{labels[key]}</b>" if on else labels[key],
                x=float(tr.t[last]),
                y=float(y[last]),
                xref="x",
                yref="y",
                xanchor="left",
                yanchor="middle",
                xshift=4,
                showarrow=False,
                font=dict(size=15 if on else 12, color=theme.OKABE_ITO["black"] if on else "#6B6B6B"),
            )
        )
        t.line = dict(
            color=theme.OKABE_ITO["black"] if on else theme.MUTED,
            width=4 if on else 2,
            dash=("solid", "dash", "dot")[list(runs).index(key) % 3],
        )
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
    fig.layout.shapes = [
        dict(
            type="line",
            xref="paper",
            x0=0,
            x1=1,
            yref="y",
            y0=0,
            y1=0,
            line=dict(color="#555555", width=1.5, dash="dot"),
        )
    ]
    fig.layout.annotations = labels_at + [
        dict(
            text="1 cell: below this line the tumour is gone",
            x=1,
            y=0,
            xref="paper",
            yref="y",
            xanchor="right",
            yanchor="bottom",
            showarrow=False,
            font=dict(size=12, color="#444444"),
        ),
        _caption_annotation(_wrap(model_caption(kuznetsov.MODEL_ID)), y=-0.47),
    ]
    return fig


def describe_outcomes(
    runs: Mapping[str, Trajectory], selected: str, labels: Mapping[str, str], starts: Mapping[str, str]
) -> str:
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
            what = (
                f"the tumour rises and falls between about {cells(alive.min())} and {cells(alive.max())} "
                f"cells and is still held in check on day {tr.t[-1]:.0f} (equilibrium)"
            )
        parts.append(f"Start {labels[key]} ({starts[key]}): {what}.")
    return (
        f"Tumour cells over {runs[selected].t[-1]:.0f} days, log scale, from three starts; start "
        f"{labels[selected]} is drawn bold with its effector cells. " + " ".join(parts)
    )
