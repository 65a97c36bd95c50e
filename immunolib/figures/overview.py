"""'Innate vs adaptive at a glance': every component of the immune system placed in its branch.

The diagram has three columns (innate, bridges both, adaptive). Each cell type or molecule is one marker
with its fixed colour and symbol from :mod:`immunolib.theme` and its name beside it. Selecting a component
enlarges it and draws a thick black ring round it, while the others fade: the selection is shown by size,
outline and opacity, never by colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from immunolib import content, theme
from immunolib.figures.words import check_id

__all__ = ["branch_columns", "branches_at_a_glance", "select_component", "describe_branches"]

_COLUMN_X = {"innate": 0.0, "both": 1.0, "adaptive": 2.0}
_COLUMN_TITLE = {"innate": "Innate", "both": "Bridges both", "adaptive": "Adaptive"}
_BASE_SIZE, _SELECTED_SIZE = 22, 34


# Two short lines each: a column is a third of the figure, under 200 px in a 1024 px window with the file
# browser open (the browser tests check that no text leaves its figure).
_TAGLINE = {
    "innate": "fast · broad<br>no memory",
    "both": "link the<br>two branches",
    "adaptive": "slower at first<br>specific · memory",
}


def is_ancestor(cell: content.Cell) -> bool:
    """True for a stem or progenitor cell (a cell of no lineage): it makes immune cells but is not one."""
    return cell.kind == "cell" and cell.lineage == "none"


def branch_columns(cells: Sequence[content.Cell]) -> dict[str, list[content.Cell]]:
    """Group components by branch, cells before molecules, in data order; stem cells are left out."""
    cols: dict[str, list[content.Cell]] = {"innate": [], "both": [], "adaptive": []}
    for c in sorted(cells, key=lambda c: c.kind != "cell"):
        if not is_ancestor(c):
            cols[c.branch].append(c)
    return cols


def _headline(key: str) -> str:
    return f"<b>{_COLUMN_TITLE[key]}</b><br>{_TAGLINE[key]}"


def branches_at_a_glance(cells: Sequence[content.Cell] | None = None, selected: str | None = None) -> go.Figure:
    """Build the three-column overview of the immune system's components.

    Parameters
    ----------
    cells : sequence of content.Cell, optional
        Components to place; defaults to every entry of ``data/cells.yaml``.
    selected : str, optional
        Id of the component to highlight.

    Returns
    -------
    plotly.graph_objects.Figure
        One scatter trace per component (``trace.meta`` holds its id), so that a widget can restyle a
        single trace in place.

    Example
    -------
    >>> fig = branches_at_a_glance(selected="cd8_t_cell")
    >>> "cd8_t_cell" in [t.meta for t in fig.data]
    True
    """
    cells = list(cells if cells is not None else content.cells())
    cols = branch_columns(cells)
    ancestors = [c.name for c in cells if is_ancestor(c)]
    fig = go.Figure()
    depth = max(len(v) for v in cols.values()) or 1
    for key, members in cols.items():
        x = _COLUMN_X[key]
        for row, c in enumerate(members):
            style = theme.cell_style(c.id)
            fig.add_trace(
                go.Scatter(
                    x=[x],
                    y=[depth - row],
                    mode="markers+text",
                    name=c.name,
                    meta=c.id,
                    text=[c.short_name],
                    textposition="middle right",
                    textfont=dict(size=14),
                    marker=dict(
                        size=_BASE_SIZE, color=style.color, symbol=style.symbol, line=dict(width=1, color="#333333")
                    ),
                    hovertemplate=f"<b>{c.name}</b><br>{c.summary[:90]}<extra></extra>",
                    customdata=[c.id],
                    showlegend=False,
                )
            )
        fig.add_annotation(
            x=x,
            y=depth + 1.2,
            text=_headline(key),
            showarrow=False,
            xanchor="left",
            align="left",
            font=dict(size=14),
            xshift=-12,
        )
    if ancestors:
        fig.add_annotation(
            x=-0.25,
            y=0.45,
            xanchor="left",
            showarrow=False,
            font=dict(size=13, color="#444"),
            text=f"All of these cells descend from one ancestor in the bone marrow:<br>"
            f"the {' and the '.join(a.lower() for a in ancestors)}.",
        )
    fig.add_vrect(x0=-0.25, x1=0.8, fillcolor=theme.BRANCH_COLORS["innate"], opacity=0.08, line_width=0)
    fig.add_vrect(x0=0.8, x1=1.8, fillcolor=theme.BRANCH_COLORS["both"], opacity=0.08, line_width=0)
    fig.add_vrect(x0=1.8, x1=2.85, fillcolor=theme.BRANCH_COLORS["adaptive"], opacity=0.08, line_width=0)
    fig.update_layout(
        template=theme.TEMPLATE_NAME,
        height=140 + 46 * (depth + 1),
        width=None,
        title=dict(text="Innate vs adaptive at a glance"),
        xaxis=dict(visible=False, range=[-0.3, 2.9], fixedrange=True),
        yaxis=dict(visible=False, range=[0.0, depth + 1.9], fixedrange=True),
        margin=dict(l=10, r=10, t=50, b=10),
        hovermode="closest",
        clickmode="event",
    )
    select_component(fig, selected)
    return fig


def select_component(fig: go.Figure, selected: str | None) -> go.Figure:
    """Highlight one component (by id) in a figure made by :func:`branches_at_a_glance`, in place.

    Works on a ``go.Figure`` and on a ``go.FigureWidget``; call it inside ``fig.batch_update()`` on a widget.
    ``None`` shows every component at full strength; an id that is not in the diagram is an
    :class:`~immunolib.figures.words.UnknownId` naming those that are. Returns the figure.
    """
    if selected is not None:
        check_id("selected", selected, [t.meta for t in fig.data if t.meta])
    for trace in fig.data:
        is_sel = trace.meta == selected
        faded = selected is not None and not is_sel
        trace.marker.size = _SELECTED_SIZE if is_sel else _BASE_SIZE
        trace.marker.line.width = 4 if is_sel else 1
        trace.marker.line.color = theme.HIGHLIGHT if is_sel else "#333333"
        trace.opacity = 0.3 if faded else 1.0
        trace.textfont.size = 16 if is_sel else 14
    return fig


def describe_branches(cells: Sequence[content.Cell], selected: str | None = None) -> str:
    """The text alternative of :func:`branches_at_a_glance`: what the diagram shows, in words."""
    cols = branch_columns(cells)
    cells = [c for col in cols.values() for c in col]
    parts = [f"{_COLUMN_TITLE[k].lower()}: {', '.join(c.name for c in v)}" for k, v in cols.items() if v]
    text = "A diagram sorting the immune system's components into three columns — " + "; ".join(parts) + "."
    if selected is not None:
        check_id("selected", selected, [c.id for c in cells])
        chosen = next((c for c in cells if c.id == selected), None)
        if chosen is not None:
            branch = {"innate": "innate immunity", "adaptive": "adaptive immunity", "both": "both branches"}[
                chosen.branch
            ]
            text += f" Highlighted: {chosen.name}, part of {branch}."
    return text
