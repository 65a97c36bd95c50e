"""The organ map of lesson 03: a front-view silhouette with the immune organs on it, and the organs' table.

The silhouette, the axes and the label columns are shared with the journey map (:mod:`immunolib.figures.journey`,
re-exported here so that ``immunolib.figures.body`` still offers everything lesson 03 draws) and live in
:mod:`immunolib.figures.body_layout`. A selection is shown by size, a thick black outline and bold label text
while the rest fade, so it never rests on colour.

Figures are pure functions (records in, ``go.Figure`` out, identical JSON for identical input); the
``select_*``/``show_*`` functions change a figure made here in place, so an app can update its one
``FigureWidget`` inside ``batch_update()``.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import plotly.graph_objects as go

from immunolib import content, theme
from immunolib.figures.body_layout import (
    _BASE_SIZE,
    _FADED,
    _LABEL_GREY,
    _SELECTED_SIZE,
    _TYPE_ORDER,
    ORGAN_TYPE_SYMBOLS,
    ORGAN_TYPE_WORDS,
    _base_layout,
    _label,
    _label_positions,
    _short_name,
    body_outline_path,
    body_outline_shape,
)
from immunolib.figures.html import data_table, hover
from immunolib.figures.journey import (
    Place,
    describe_journey_step,
    journey,
    journey_map,
    journey_places,
    journey_step_card,
    show_journey_step,
)
from immunolib.figures.update import apply_changes
from immunolib.figures.words import check_id

__all__ = [
    "ORGAN_TYPE_SYMBOLS",
    "ORGAN_TYPE_WORDS",
    "body_outline_path",
    "body_outline_shape",
    "organ_map",
    "select_organ",
    "describe_organ_map",
    "organ_table",
    "Place",
    "journey_places",
    "journey_map",
    "show_journey_step",
    "describe_journey_step",
    "journey_step_card",
    "journey",
]


# --------------------------------------------------------------------------------------------------
# The organ map
# --------------------------------------------------------------------------------------------------


def organ_map(
    organs: Sequence[content.Organ] | None = None,
    selected: str | None = None,
    title: str = "Where the immune system lives",
) -> go.Figure:
    """A front-view body with every organ of the course marked, coloured and shaped by its type.

    Parameters
    ----------
    organs : sequence of content.Organ, optional
        The organs to mark; defaults to every entry of ``data/organs.yaml``.
    selected : str, optional
        Id of the organ to highlight (larger, thick black outline, bold label; the others fade).
    title : str
        The figure title.

    Returns
    -------
    plotly.graph_objects.Figure
        One scatter trace per organ (``trace.meta`` is its id) plus three legend-only traces, one per organ
        type; one label annotation per organ (``annotation.name`` is its id).

    Example
    -------
    >>> fig = organ_map(selected="thymus")
    >>> "thymus" in [t.meta for t in fig.data]
    True
    """
    organs = list(organs if organs is not None else content.organs())
    fig = go.Figure()
    _base_layout(fig, title, height=560)
    for kind in _TYPE_ORDER:  # legend entries: symbol + colour + the type's job in words
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=ORGAN_TYPE_WORDS[kind],
                showlegend=True,
                marker=dict(
                    size=13,
                    color=theme.ORGAN_TYPE_COLORS[kind],
                    symbol=ORGAN_TYPE_SYMBOLS[kind],
                    line=dict(width=1, color="#333333"),
                ),
                hoverinfo="skip",
            )
        )
    labels = _label_positions([(o.id, o.position.x, o.position.y) for o in organs])
    for o in organs:
        fig.add_trace(
            go.Scatter(
                x=[o.position.x],
                y=[o.position.y],
                mode="markers",
                name=o.name,
                meta=o.id,
                customdata=[o.id],
                showlegend=False,
                marker=dict(
                    size=_BASE_SIZE,
                    color=theme.ORGAN_TYPE_COLORS[o.type],
                    symbol=ORGAN_TYPE_SYMBOLS[o.type],
                    line=dict(width=1, color="#333333"),
                ),
                hovertemplate=hover(f"{o.name} ({o.type_label})", o.summary, max_lines=4),
            )
        )
        fig.add_annotation(**_label(o.position.x, o.position.y, escape(_short_name(o)), labels[o.id], o.id))
    select_organ(fig, selected)
    return fig


def select_organ(fig: go.Figure, selected: str | None) -> go.Figure:
    """Highlight one organ (by id) in a figure made by :func:`organ_map`, in place; ``None`` highlights none.

    Works on a ``go.Figure`` and on a ``go.FigureWidget`` (call it inside ``fig.batch_update()``). An id that
    is not on the map is an :class:`~immunolib.figures.words.UnknownId` naming the organs that are.
    """
    if selected is not None:
        check_id("selected", selected, [t.meta for t in fig.data if t.meta])
    # Only what changed reaches the figure, as one update (figures/update.py; issue 8).
    traces = {}
    for index, trace in enumerate(fig.data):
        if not trace.meta:
            continue
        is_sel = trace.meta == selected
        traces[index] = {
            "marker.size": _SELECTED_SIZE if is_sel else _BASE_SIZE,
            "marker.line.width": 4 if is_sel else 1,
            "marker.line.color": theme.HIGHLIGHT if is_sel else "#333333",
            "opacity": _FADED if (selected is not None and not is_sel) else 1.0,
        }
    annotations = {}
    for index, ann in enumerate(fig.layout.annotations):
        is_sel = ann.name == selected
        plain = ann.text.replace("<b>", "").replace("</b>", "")
        annotations[index] = {
            "text": f"<b>{plain}</b>" if is_sel else plain,
            "font.size": 17 if is_sel else 14,
            "font.color": "#000000" if is_sel else _LABEL_GREY,
            "arrowwidth": 2.5 if is_sel else 1,
            "arrowcolor": "#000000" if is_sel else "#777777",
            "standoff": (_SELECTED_SIZE if is_sel else _BASE_SIZE) / 2 + 2,
        }
    apply_changes(fig, traces=traces, annotations=annotations, whole_annotations=False)
    return fig


def describe_organ_map(organs: Sequence[content.Organ], selected: str | None = None) -> str:
    """The text alternative of :func:`organ_map`: which organs are where, by type, and what is highlighted."""
    groups = []
    for kind in _TYPE_ORDER:
        names = [_short_name(o).lower() for o in organs if o.type == kind]
        if names:
            label = {
                "primary_lymphoid": "primary lymphoid organs (diamonds)",
                "secondary_lymphoid": "secondary lymphoid organs (circles)",
                "barrier": "barrier tissues (squares)",
            }[kind]
            groups.append(f"{label}: {', '.join(names)}")
    text = (
        "A front-view outline of a human body with the organs of the immune system marked — " + "; ".join(groups) + "."
    )
    chosen = next((o for o in organs if o.id == selected), None)
    if chosen is not None:
        text += f" Highlighted: {chosen.name}, a {chosen.type_label}. {chosen.summary}"
    return text


def organ_table(organs: Sequence[content.Organ] | None = None) -> str:
    """An HTML table of the organs grouped by type: name, type and what it is (all data text escaped)."""
    organs = list(organs if organs is not None else content.organs())
    rows = []
    for kind in _TYPE_ORDER:
        for o in (o for o in organs if o.type == kind):
            rows.append(
                f"<tr><th scope='row' style='text-align:left;vertical-align:top'>{escape(o.name)}</th>"
                f"<td style='text-align:left;vertical-align:top;white-space:nowrap'>"
                f"{escape(o.type_label)}</td>"
                f"<td style='text-align:left;vertical-align:top'>{escape(o.summary)}</td></tr>"
            )
    head = "".join(f"<th scope='col' style='text-align:left'>{h}</th>" for h in ("organ", "type", "what it is"))
    return data_table(head, rows, caption="The organs and tissues of this lesson, by type")
