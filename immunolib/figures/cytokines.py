"""Lesson 05's cytokine grid: which groups of cells make and which hear each cytokine of ``data/cytokines.yaml``.

Records in, ``go.Figure`` (or HTML) out; no widgets. :func:`show_cytokine` updates the figure in place,
:func:`describe_cytokine` is its text alternative and :func:`cytokine_card` the selected cytokine's card.
"""

from __future__ import annotations

from html import escape

import plotly.graph_objects as go

from immunolib import content, theme
from immunolib.figures import words
from immunolib.figures.html import card

__all__ = [
    "GROUPS",
    "cytokine_grid",
    "show_cytokine",
    "describe_cytokine",
    "cytokine_card",
]

# --------------------------------------------------------------------------------------------------------------
# Cytokine grid
# --------------------------------------------------------------------------------------------------------------
#: The grid's columns: groups of cells that make or hear cytokines (ids used in data/cytokines.yaml).
GROUPS = {
    "dendritic_cell": "Dendritic cells",
    "macrophage": "Macrophages",
    "helper_t": "CD4⁺ helper T",
    "cd8_t": "CD8⁺ killer T",
    "treg": "Regulatory T",
    "nk_cell": "NK cells",
    "b_cell": "B cells",
    "body_cells": "Many body cells",
}
#: Column labels of the grid, broken into short lines so that they fit the notebook's width.
_TICKS = {
    "dendritic_cell": "Dendritic<br>cells",
    "macrophage": "Macro-<br>phages",
    "helper_t": "CD4⁺<br>helper T",
    "cd8_t": "CD8⁺<br>killer T",
    "treg": "Regu-<br>latory T",
    "nk_cell": "NK<br>cells",
    "b_cell": "B<br>cells",
    "body_cells": "Many<br>body cells",
}
_MAKES = dict(symbol="square", color=theme.OKABE_ITO["blue"])
_HEARS = dict(symbol="circle-open", color=theme.OKABE_ITO["vermillion"])
_OFFSET = 0.17


def _cytokines():
    return content.collection("cytokines")


def _check_cytokine(cytokine_id) -> None:
    words.check_id("cytokine", cytokine_id, [c.id for c in _cytokines()])


def cytokine_grid(selected: str = "il2") -> go.Figure:
    """The "who makes it × who hears it" grid: one row per cytokine, one column per group of cells.

    A filled blue square left of a column's centre means "this group makes it"; an open vermillion circle
    right of it means "this group hears it" (symbol and position carry the meaning, not only colour).

    Parameters
    ----------
    selected : str
        Id of the highlighted cytokine (``data/cytokines.yaml``).

    Returns
    -------
    plotly.graph_objects.Figure
        Two traces per cytokine with ``meta`` = its id (``makes`` first, then ``hears``), clickable.

    Example
    -------
    >>> fig = cytokine_grid("il10")
    >>> fig.data[0].meta, fig.data[0].name
    ('il2', 'makes it')
    """
    _check_cytokine(selected)
    groups = list(GROUPS)
    cyts = _cytokines()
    fig = go.Figure()
    for i, c in enumerate(cyts):
        for kind, style, members in (("makes it", _MAKES, c.made_by), ("hears it", _HEARS, c.heard_by)):
            dx = -_OFFSET if kind == "makes it" else _OFFSET
            xs = [groups.index(g) + dx for g in members]
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=[c.name] * len(xs),
                    mode="markers",
                    meta=c.id,
                    name=kind,
                    legendgroup=kind,
                    showlegend=(i == 0),
                    marker=dict(
                        symbol=style["symbol"], color=style["color"], size=14, line=dict(width=2, color=style["color"])
                    ),
                    hovertemplate=f"<b>{escape(c.name)}</b>: %{{customdata}} {kind.split()[0]} it<extra></extra>",
                    customdata=[GROUPS[g] for g in members],
                )
            )
    fig.update_layout(
        template=theme.TEMPLATE_NAME,
        height=440,
        margin=dict(l=190, r=20, t=80, b=110),
        xaxis=dict(
            tickmode="array",
            tickvals=list(range(len(groups))),
            ticktext=[_TICKS.get(g, words.wrap(escape(GROUPS[g]), 8, break_long_words=False)) for g in groups],
            range=[-0.6, len(groups) - 0.4],
            fixedrange=True,
            tickangle=0,
            tickfont=dict(size=11),
            showgrid=True,
            side="bottom",
        ),
        yaxis=dict(
            categoryorder="array",
            categoryarray=[c.name for c in reversed(cyts)],
            fixedrange=True,
            tickfont=dict(size=13),
        ),
        legend=dict(orientation="h", x=1, y=1.0, yanchor="bottom", xanchor="right"),
        hovermode="closest",
    )
    fig.add_shape(
        type="line",
        xref="paper",
        x0=0,
        x1=1,
        yref="y",
        y0=cyts[0].name,
        y1=cyts[0].name,
        layer="below",
        opacity=0.25,
        line=dict(color="#999999", width=26),
    )
    return show_cytokine(fig, selected)


def show_cytokine(fig: go.Figure, selected: str) -> go.Figure:
    """Highlight one cytokine's row in a :func:`cytokine_grid`, in place (others fade). Returns the figure."""
    _check_cytokine(selected)
    name = content.record("cytokines", selected).name
    for trace in fig.data:
        here = trace.meta == selected
        if trace.marker.size == (20 if here else 13):
            continue  # unchanged: only the old and the new row are sent to the browser
        trace.marker.size = 20 if here else 13
        trace.marker.opacity = 1.0 if here else 0.35
        trace.marker.line.width = 3 if here else 1.5
    band = fig.layout.shapes[0]
    band.y0 = band.y1 = name
    fig.layout.title.text = f"{escape(name)}: who makes it, who hears it"
    return fig


def describe_cytokine(selected: str) -> str:
    """Text alternative of :func:`cytokine_grid` with ``selected`` highlighted."""
    _check_cytokine(selected)
    c = content.record("cytokines", selected)
    makes = ", ".join(GROUPS[g] for g in c.made_by)
    hears = ", ".join(GROUPS[g] for g in c.heard_by)
    return (
        f"A grid of {len(_cytokines())} cytokines (rows) against {len(GROUPS)} groups of cells (columns); "
        f"squares mark who makes a cytokine, open circles who hears it. Highlighted: {c.name}, made by "
        f"{makes}; heard by {hears}. Medicine: {c.medicine_kind}."
    )


def cytokine_card(selected: str) -> str:
    """The card of one cytokine: what it does (at most 60 words) and, set apart, the medicine."""
    _check_cytokine(selected)
    c = content.record("cytokines", selected)
    body = (
        f"<p style='margin:0 0 6px 0'>{escape(c.what_it_does)}</p>"
        f"<p style='margin:0;padding:4px 8px;background:#eef5fb;border:1px solid #b9d4ea'>"
        f"<strong>As a medicine</strong> (lesson 07 has more): {escape(c.medicine)}</p>"
    )
    return card(c.name, body, color=theme.cell_style("cytokine").color, sources=content.cite(c))
