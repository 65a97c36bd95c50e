"""Missing self: NK cells and CD8+ T cells against one tumour (de Pillis 2005), tumour and kills per day."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from immunolib import theme
from immunolib.figures.immunoediting.common import (
    _LOG_TICKS,
    _below,
    _caption_annotation,
    _days_of,
    _log10_cells,
    _tick,
    cells,
    model_caption,
)
from immunolib.models.core import Trajectory

__all__ = ["missing_self_figure", "update_missing_self", "describe_missing_self"]


def missing_self_figure(
    run: Trajectory,
    kills: Mapping[str, np.ndarray],
    ghost: Trajectory | None = None,
    ghost_kills: Mapping[str, np.ndarray] | None = None,
    title: str = "",
    height: int = 530,
) -> go.Figure:
    """Tumour cells (above) and tumour cells killed per day by NK cells and by CD8⁺ T cells (below).

    ``ghost`` and ``ghost_kills``: the previous setting, drawn faded.
    """
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.12,
        subplot_titles=("tumour cells", "tumour cells killed per day"),
    )
    grey = "#BBBBBB"
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="lines",
            meta="ghost_tumour",
            name="before (faded)",
            line=dict(color=grey, width=3),
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
            meta="tumour",
            name="tumour cells",
            line=dict(width=3, **theme.series_style("tumour")),
            hovertemplate="day %{x:.0f}: 10^%{y:.2f} cells<extra></extra>",
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="lines",
            meta="ghost_nk",
            showlegend=False,
            line=dict(color=grey, width=2, dash="dot"),
            hoverinfo="skip",
        ),
        row=2,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="lines",
            meta="ghost_cd8",
            showlegend=False,
            line=dict(color=grey, width=2, dash="dash"),
            hoverinfo="skip",
        ),
        row=2,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="lines",
            meta="nk",
            name="killed by NK cells (innate)",
            line=dict(width=3, **theme.series_style("nk")),
            hovertemplate="day %{x:.0f}: 10^%{y:.2f} per day by NK cells<extra></extra>",
        ),
        row=2,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="lines",
            meta="cd8",
            name="killed by CD8⁺ T cells (adaptive)",
            line=dict(width=3, **theme.series_style("cd8")),
            hovertemplate="day %{x:.0f}: 10^%{y:.2f} per day by CD8+ T cells<extra></extra>",
        ),
        row=2,
        col=1,
    )
    fig.update_layout(
        template=theme.TEMPLATE_NAME,
        height=height,
        margin=dict(l=80, r=20, t=80, b=158),
        legend=dict(orientation="h", x=0, yanchor="top", font=dict(size=12), entrywidth=0.5, entrywidthmode="fraction"),
        hovermode="closest",
    )
    fig.update_layout(legend_y=_below(fig, 64))
    for row, title_text in ((1, "cells (log scale)"), (2, "cells per day (log scale)")):
        fig.update_yaxes(
            row=row,
            col=1,
            title_text=title_text,
            tickvals=_LOG_TICKS,
            ticktext=[_tick(k) for k in _LOG_TICKS],
            fixedrange=True,
        )
    fig.update_yaxes(row=1, col=1, range=[2.5, 9.4])
    fig.update_yaxes(row=2, col=1, range=[0, 8.6])
    fig.update_xaxes(row=2, col=1, title_text="days", fixedrange=True)
    update_missing_self(fig, run, kills, ghost, ghost_kills, title)
    return fig


def update_missing_self(
    fig,
    run: Trajectory,
    kills: Mapping[str, np.ndarray],
    ghost: Trajectory | None = None,
    ghost_kills: Mapping[str, np.ndarray] | None = None,
    title: str = "",
):
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
    fig.layout.annotations = list(titles) + [_caption_annotation(model_caption("depillis2005"), y=_below(fig, 106))]
    fig.layout.title = dict(text=title, font=dict(size=15))
    fig.layout.xaxis2.range = [0, float(run.t[-1])]
    return fig


def describe_missing_self(label: str, run: Trajectory, kills: Mapping[str, np.ndarray], reach: float | None) -> str:
    """The text alternative of :func:`missing_self_figure`."""
    nk, cd8 = float(kills["nk_total"][-1]), float(kills["cd8_total"][-1])
    when = f"reaches 100 million cells on day {reach:.0f}" if reach is not None else "stays below 100 million cells"
    return (
        f"{label}. Above: tumour cells over {run.t[-1]:.0f} days (log scale); below: tumour cells killed "
        f"per day by NK cells (dotted) and by CD8+ T cells (dashed). The tumour {when}. In total NK cells "
        f"kill about {cells(nk)} tumour cells and CD8+ T cells about {cells(cd8)}."
    )
