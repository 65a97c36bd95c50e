"""The body map of lesson 03: a front-view silhouette with the immune organs on it, and a T cell's journey.

Everything is drawn in the coordinates of ``data/organs.yaml``: ``x`` from the viewer's left (0) to right
(1), ``y`` from the feet (0) to the top of the head (1). The axes keep one unit of ``x`` as long as one unit
of ``y``, so the body keeps its proportions at any width. (The body's own left side is on the viewer's
right, as in an anatomy atlas.)

Colour is never the only carrier of meaning: each organ type has its own colour (``theme.ORGAN_TYPE_COLORS``)
*and* its own marker symbol (:data:`ORGAN_TYPE_SYMBOLS`), every organ is labelled in words, and a selection is
shown by size, a thick black outline and bold label text while the rest fade.

Figures are pure functions (records in, ``go.Figure`` out, identical JSON for identical input); the
``select_*``/``show_*`` functions change a figure made here in place, so an app can update its one
``FigureWidget`` inside ``batch_update()``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import plotly.graph_objects as go

from immunolib import content, theme
from immunolib.figures.html import CARD_WORDS, card, data_table, hover, lead
from immunolib.figures.update import apply_changes
from immunolib.figures.words import check_id, check_step

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

#: Marker symbol per organ type, so that the type is readable without colour.
ORGAN_TYPE_SYMBOLS = theme.ORGAN_TYPE_SYMBOLS
#: Legend text per organ type: the name and the job, in words.
ORGAN_TYPE_WORDS = {
    "primary_lymphoid": "Primary lymphoid organ: lymphocytes are made here",
    "secondary_lymphoid": "Secondary lymphoid organ: lymphocytes meet antigen here",
    "barrier": "Barrier tissue: keeps microbes out, hosts resident immune cells",
}
_TYPE_ORDER = ("primary_lymphoid", "secondary_lymphoid", "barrier")

_BODY_FILL = "#EEEEEE"
_BODY_LINE = "#9A9A9A"
_LABEL_GREY = "#444444"
_BASE_SIZE, _SELECTED_SIZE = 18, 30
_FADED = 0.35
_X_RANGE = (-0.08, 1.08)
_Y_RANGE = (-0.03, 1.06)
_LEFT_LABEL_X, _RIGHT_LABEL_X = 0.17, 0.83
_LABEL_GAP = 0.062
_FREE_PLACE_COLOR = "#FFFFFF"
_CELL_SIZE, _CLUSTER_CELL_SIZE = 14, 11

# --------------------------------------------------------------------------------------------------
# The silhouette
# --------------------------------------------------------------------------------------------------

# Outline of the body's right side (the viewer's left), from the top of the neck round the arm and the
# leg to the crotch; the other side is its mirror image. A simple standing figure, arms slightly out.
_HALF_OUTLINE = (
    (0.478, 0.873),
    (0.474, 0.842),
    (0.430, 0.826),
    (0.385, 0.812),
    (0.360, 0.790),
    (0.348, 0.745),
    (0.333, 0.690),
    (0.315, 0.635),
    (0.296, 0.585),
    (0.277, 0.530),
    (0.262, 0.478),
    (0.252, 0.445),
    (0.250, 0.415),
    (0.262, 0.392),
    (0.277, 0.400),
    (0.284, 0.428),
    (0.290, 0.470),
    (0.306, 0.530),
    (0.323, 0.590),
    (0.342, 0.645),
    (0.358, 0.700),
    (0.372, 0.745),
    (0.384, 0.716),
    (0.392, 0.660),
    (0.396, 0.610),
    (0.390, 0.555),
    (0.383, 0.500),
    (0.388, 0.430),
    (0.397, 0.350),
    (0.405, 0.270),
    (0.407, 0.200),
    (0.414, 0.110),
    (0.418, 0.055),
    (0.405, 0.025),
    (0.420, 0.008),
    (0.468, 0.008),
    (0.470, 0.040),
    (0.468, 0.085),
    (0.474, 0.190),
    (0.478, 0.270),
    (0.484, 0.380),
    (0.490, 0.440),
    (0.500, 0.455),
)
_HEAD = dict(x0=0.448, x1=0.552, y0=0.868, y1=0.998)


def _closed_outline() -> list[tuple[float, float]]:
    right = [(round(1 - x, 4), y) for x, y in reversed(_HALF_OUTLINE[:-1])]
    return list(_HALF_OUTLINE) + right


def body_outline_path() -> str:
    """The body's outline (neck, shoulders, arms, torso, legs) as one smooth, closed SVG path.

    The points are joined by a closed Catmull–Rom spline written as cubic Bézier segments (``C``), so the
    silhouette has no corners; the numbers are rounded, so the path is the same string every time.
    """
    pts = _closed_outline()
    n = len(pts)
    out = [f"M {pts[0][0]:.4f},{pts[0][1]:.4f}"]
    for i in range(n):
        p0, p1, p2, p3 = pts[i - 1], pts[i], pts[(i + 1) % n], pts[(i + 2) % n]
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        out.append(f"C {c1[0]:.4f},{c1[1]:.4f} {c2[0]:.4f},{c2[1]:.4f} {p2[0]:.4f},{p2[1]:.4f}")
    return " ".join(out) + " Z"


def body_outline_shape() -> list[dict]:
    """Plotly shapes (below the data) that draw the silhouette: the body path and the head."""
    style = dict(fillcolor=_BODY_FILL, line=dict(color=_BODY_LINE, width=1.5), layer="below", xref="x", yref="y")
    return [dict(type="path", path=body_outline_path(), **style), dict(type="circle", **_HEAD, **style)]


def _base_layout(fig: go.Figure, title: str, height: int) -> None:
    for shape in body_outline_shape():
        fig.add_shape(**shape)
    fig.update_layout(
        template=theme.TEMPLATE_NAME,
        height=height,
        width=None,
        title=dict(text=title),
        xaxis=dict(visible=False, range=list(_X_RANGE), fixedrange=True, constrain="domain"),
        yaxis=dict(
            visible=False, range=list(_Y_RANGE), fixedrange=True, scaleanchor="x", scaleratio=1, constrain="domain"
        ),
        margin=dict(l=10, r=10, t=60, b=10),
        hovermode="closest",
        clickmode="event",
        legend=dict(
            orientation="h", x=0.0, y=-0.01, yanchor="top", itemclick=False, itemdoubleclick=False, font=dict(size=13)
        ),
        showlegend=True,
    )


def _spread(ys: list[float], gap: float = _LABEL_GAP, lo: float = 0.02, hi: float = 1.0) -> list[float]:
    """Label heights near ``ys`` (sorted from top to bottom) that are at least ``gap`` apart."""
    out: list[float] = []
    for y in ys:
        out.append(min(y, out[-1] - gap) if out else min(y, hi))
    if out and out[-1] < lo:  # pushed off the bottom: shift the column up
        shift = lo - out[-1]
        out = [y + shift for y in out]
    return [round(y, 4) for y in out]


def _label_positions(points: Sequence[tuple[str, float, float]]) -> dict[str, tuple[float, float, str]]:
    """Where each label goes: a column left of the body for points left of centre, one right of it.

    ``points`` are ``(key, x, y)``; returns ``{key: (label_x, label_y, xanchor)}``.
    """
    out = {}
    for side, label_x, anchor in (("left", _LEFT_LABEL_X, "right"), ("right", _RIGHT_LABEL_X, "left")):
        members = [p for p in points if (p[1] < 0.5) == (side == "left")]
        members.sort(key=lambda p: (-p[2], p[0]))
        for (key, _, _), y in zip(members, _spread([p[2] for p in members])):
            out[key] = (label_x, y, anchor)
    return out


def _label(x: float, y: float, text: str, pos: tuple[float, float, str], name: str) -> dict:
    lx, ly, anchor = pos
    return dict(
        x=x,
        y=y,
        ax=lx,
        ay=ly,
        axref="x",
        ayref="y",
        xref="x",
        yref="y",
        text=text,
        name=name,
        showarrow=True,
        arrowhead=0,
        arrowwidth=1,
        arrowcolor="#777777",
        standoff=_BASE_SIZE / 2 + 2,
        xanchor=anchor,
        yanchor="middle",
        align="left",
        font=dict(size=14, color=_LABEL_GREY),
    )


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


def _short_name(organ: content.Organ) -> str:
    """'Appendix (vermiform appendix)' -> 'Appendix': the label on the map stays short."""
    return organ.name.split(" (")[0]


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


# --------------------------------------------------------------------------------------------------
# The journey of a T cell
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where one step of a journey happens: an organ of ``data/organs.yaml`` or a free place (blood, a tumour)."""

    key: str  #: the organ id, or the free place's name
    name: str
    x: float
    y: float
    organ_type: str | None = None  #: the organ's type, ``None`` for a free place


def journey(journey_id: str, data: content.Content | None = None):
    """One journey of ``data/journeys.yaml`` by id (``KeyError`` lists the known ids)."""
    data = data or content.load()
    return data.record("journeys", journey_id)


def journey_places(record, data: content.Content | None = None) -> list[Place]:
    """The place of every step of a journey, in order (one entry per step, so places can repeat)."""
    data = data or content.load()
    out = []
    for step in record.steps:
        where = step.where
        organ_id = where.get("organ")
        if organ_id is not None:
            o = data.organ(organ_id)
            out.append(Place(o.id, _short_name(o), o.position.x, o.position.y, o.type))
        else:
            out.append(Place(where.place, where.place, where.position.x, where.position.y, None))
    return out


def _unique_places(places: Sequence[Place]) -> list[tuple[Place, list[int]]]:
    """Each distinct place once, in order of first visit, with the step numbers (from 1) that happen there."""
    seen: dict[str, tuple[Place, list[int]]] = {}
    for i, p in enumerate(places, start=1):
        seen.setdefault(p.key, (p, []))[1].append(i)
    return list(seen.values())


def _cluster_radius(count: int) -> float:
    """How far a drawn clone spreads round its place (grows with the square root of its size)."""
    return 0.0 if count <= 1 else 0.0125 * math.sqrt(count)


def _cluster(x: float, y: float, count: int) -> tuple[list[float], list[float]]:
    """``count`` points round (x, y): a centre point and rings on a sunflower spiral (deterministic)."""
    if count <= 1:
        return [x], [y]
    radius = _cluster_radius(count)
    golden = math.pi * (3 - math.sqrt(5))
    xs, ys = [], []
    for k in range(count):
        r = radius * math.sqrt(k / (count - 1))
        xs.append(round(x + r * math.cos(k * golden), 4))
        ys.append(round(y + r * math.sin(k * golden), 4))
    return xs, ys


def _step_count(step_record) -> int:
    return int(step_record.get("count", 1))


def journey_map(record, step: int = 1, data: content.Content | None = None) -> go.Figure:
    """The body map with a journey's route, the places it visits and the travelling cell at one step.

    Parameters
    ----------
    record : Record
        A journey from ``data/journeys.yaml`` (see :func:`journey`).
    step : int
        The step to show, from 1.
    data : content.Content, optional
        Where organ positions come from; defaults to the course data.

    Returns
    -------
    plotly.graph_objects.Figure
        Traces, each with ``meta`` naming its role: ``organ:<id>`` (faint context), ``route`` (the whole
        path, dotted), ``trail`` (the path so far), ``stop:<key>`` (a place of the journey) and ``cell``
        (the travelling cell, drawn ``count`` times when the step says so, for example during clonal
        expansion); legend-only traces have no ``meta``. A circle shape named ``here`` rings the current
        place; label annotations are named ``stop:<key>``.

    Example
    -------
    >>> fig = journey_map(journey("killer_t_cell"), step=2)
    >>> len(fig.data) > 0
    True
    """
    data = data or content.load()
    step = check_step(step, len(record.steps))
    places = journey_places(record, data)
    fig = go.Figure()
    _base_layout(fig, "", height=560)
    on_route = {p.key for p in places}
    for kind in _TYPE_ORDER:
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=ORGAN_TYPE_WORDS[kind].split(":")[0],
                showlegend=True,
                marker=dict(
                    size=12,
                    color=theme.ORGAN_TYPE_COLORS[kind],
                    symbol=ORGAN_TYPE_SYMBOLS[kind],
                    line=dict(width=1, color="#333333"),
                ),
                hoverinfo="skip",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            name="Another place (not an organ of this lesson)",
            showlegend=True,
            hoverinfo="skip",
            marker=dict(size=12, color=_FREE_PLACE_COLOR, symbol="circle", line=dict(width=1.5, color="#333333")),
        )
    )
    for o in data.organs():  # the other organs, faint, for orientation
        if o.id in on_route:
            continue
        fig.add_trace(
            go.Scatter(
                x=[o.position.x],
                y=[o.position.y],
                mode="markers",
                meta=f"organ:{o.id}",
                name=o.name,
                showlegend=False,
                opacity=0.3,
                marker=dict(
                    size=11,
                    color=theme.ORGAN_TYPE_COLORS[o.type],
                    symbol=ORGAN_TYPE_SYMBOLS[o.type],
                    line=dict(width=1, color="#333333"),
                ),
                hovertemplate=hover(o.name, o.type_label, max_lines=4),
            )
        )
    xs, ys = _route(places, len(places))
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            meta="route",
            name="the whole route",
            line=dict(color="#888888", width=1.5, dash="dot"),
            hoverinfo="skip",
            showlegend=True,
        )
    )
    cell_style = theme.cell_style(record.cell)
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="lines",
            meta="trail",
            name="the route so far",
            line=dict(color="#000000", width=3),
            hoverinfo="skip",
            showlegend=True,
        )
    )
    stops = _unique_places(places)
    labels = _label_positions([(p.key, p.x, p.y) for p, _ in stops])
    for p, numbers in stops:
        if p.organ_type is not None:
            color, symbol = theme.ORGAN_TYPE_COLORS[p.organ_type], ORGAN_TYPE_SYMBOLS[p.organ_type]
        else:
            color, symbol = _FREE_PLACE_COLOR, "circle"
        fig.add_trace(
            go.Scatter(
                x=[p.x],
                y=[p.y],
                mode="markers",
                meta=f"stop:{p.key}",
                name=p.name,
                showlegend=False,
                marker=dict(size=_BASE_SIZE, color=color, symbol=symbol, line=dict(width=1.5, color="#333333")),
                hovertemplate=hover(p.name, "steps " + ", ".join(map(str, numbers)), max_lines=4),
            )
        )
        text = f"{', '.join(map(str, numbers))}  {escape(p.name)}"
        fig.add_annotation(**_label(p.x, p.y, text, labels[p.key], f"stop:{p.key}"))
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            name="where the cell is now",
            marker=dict(size=16, symbol="circle-open", color="#000000", line=dict(width=3)),
            hoverinfo="skip",
            showlegend=True,
        )
    )
    fig.add_shape(
        type="circle",
        name="here",
        xref="x",
        yref="y",
        x0=0,
        x1=0,
        y0=0,
        y1=0,
        line=dict(color="#000000", width=3),
        fillcolor="rgba(0,0,0,0)",
        layer="above",
    )
    cell_name = data.cell(record.cell).name
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="markers",
            meta="cell",
            name=cell_name,
            showlegend=True,
            marker=dict(
                size=_CELL_SIZE, color=cell_style.color, symbol=cell_style.symbol, line=dict(width=1.5, color="#000000")
            ),
            hovertemplate=f"<b>{escape(cell_name)}</b><extra></extra>",
        )
    )
    show_journey_step(fig, record, step, places)
    return fig


def _route(places: Sequence[Place], upto: int) -> tuple[list[float], list[float]]:
    xs, ys = [], []
    for p in places[:upto]:
        if not xs or (xs[-1], ys[-1]) != (p.x, p.y):
            xs.append(p.x)
            ys.append(p.y)
    return xs, ys


def show_journey_step(fig: go.Figure, record, step: int, places: Sequence[Place] | None = None) -> go.Figure:
    """Move a figure made by :func:`journey_map` to ``step`` (from 1), in place, and return it.

    The trail grows to the current place, the cell marker(s) move there, a ring marks the place, its stop
    and label are shown in bold and the others fade, and the title names the step.
    """
    step = check_step(step, len(record.steps))
    places = list(places) if places is not None else journey_places(record)
    here = places[step - 1]
    current = record.steps[step - 1]
    # Only what changed reaches the figure, as one update (figures/update.py): on a live figure each step
    # used to re-set and re-validate every stop's style and label (issue 8).
    by_meta = {t.meta: i for i, t in enumerate(fig.data) if t.meta}
    traces: dict[int, dict] = {}
    trail_x, trail_y = _route(places, step)
    traces[by_meta["trail"]] = {"x": trail_x, "y": trail_y}
    cx, cy = _cluster(here.x, here.y, _step_count(current))
    traces[by_meta["cell"]] = {"x": cx, "y": cy, "marker.size": _CELL_SIZE if len(cx) == 1 else _CLUSTER_CELL_SIZE}
    r = round(_cluster_radius(len(cx)) + 0.035, 4)
    layout: dict[str, object] = {}
    for k, shape in enumerate(fig.layout.shapes):
        if shape.name == "here":
            layout[f"shapes[{k}].x0"], layout[f"shapes[{k}].x1"] = round(here.x - r, 4), round(here.x + r, 4)
            layout[f"shapes[{k}].y0"], layout[f"shapes[{k}].y1"] = round(here.y - r, 4), round(here.y + r, 4)
    # Steppers reveal step by step: places not reached yet, and the route to them, stay hidden (the student
    # predicts where the cell goes next); a place's label lists only the steps reached so far.
    visited = {p.key for p in places[:step]}
    reached: dict[str, list[int]] = {}
    for k, p in enumerate(places[:step], start=1):
        reached.setdefault(p.key, []).append(k)
    if "route" in by_meta:
        traces[by_meta["route"]] = {"visible": False}
    for meta, index in by_meta.items():
        if not meta.startswith("stop:"):
            continue
        key = meta[5:]
        props = traces[index] = {"marker.line.width": 3 if key == here.key else 1.5, "visible": key in visited}
        if key in visited:
            steps = "steps " + ", ".join(map(str, reached[key]))
            props["hovertemplate"] = hover(fig.data[index].name, steps, max_lines=4)
    annotations: dict[int, dict] = {}
    for k, ann in enumerate(fig.layout.annotations):
        if not (ann.name or "").startswith("stop:"):
            continue
        key = ann.name[5:]
        name = next(p.name for p in places if p.key == key)
        plain = f"{', '.join(map(str, reached.get(key, [])))}  {escape(name)}"
        annotations[k] = {
            "visible": key in visited,
            "text": f"<b>{plain}</b>" if key == here.key else plain,
            "font.size": 16 if key == here.key else 14,
            "font.color": "#000000" if key in visited else "#6B6B6B",
            "arrowwidth": 2.5 if key == here.key else 1,
            "arrowcolor": "#000000" if key == here.key else "#999999",
            "standoff": round(r * 480) if key == here.key else _BASE_SIZE / 2 + 2,
        }
    layout["title.text"] = (
        f"Step {step} of {len(places)}: {escape(current.title)}<br><sup>{escape(current.stage)}</sup>"
    )
    apply_changes(fig, traces=traces, annotations=annotations, layout=layout, whole_annotations=False)
    return fig


def describe_journey_step(record, step: int, places: Sequence[Place] | None = None) -> str:
    """The text alternative of :func:`journey_map` at ``step``: where the cell is, the route so far, what comes next."""
    step = check_step(step, len(record.steps))
    places = list(places) if places is not None else journey_places(record)
    current = record.steps[step - 1]
    here = places[step - 1]
    route = []
    for p in places[:step]:
        if not route or route[-1] != p.name:
            route.append(p.name)
    count = _step_count(current)
    many = f", drawn as {count} identical cells" if count > 1 else ""
    text = (
        f"Body map, step {step} of {len(places)}: {current.title}. Where: {here.name}. "
        f"The cell is now: {current.stage}{many}. Route so far: {' → '.join(route)}."
    )
    if step < len(places):
        text += f" {len(places) - step} more step{'s' if len(places) - step > 1 else ''} to come."
    else:
        text += " This is the last step."
    return text


def journey_step_card(record, step: int, data: content.Content | None = None) -> str:
    """An HTML card with the text of one step: what happens, where, which cells take part, and its sources."""
    data = data or content.load()
    step = check_step(step, len(record.steps))
    s = record.steps[step - 1]
    place = journey_places(record, data)[step - 1]
    names = []
    for cid in s.cells:
        try:
            names.append(data.cell(cid).name)
        except KeyError:
            names.append(cid)
    color = theme.ORGAN_TYPE_COLORS.get(place.organ_type or "", "#555555")
    where = place.name if place.organ_type is None else f"{place.name} ({data.organ(place.key).type_label})"
    head = len(f"Step {step} of {len(record.steps)}: {s.title} Where: {where} · The cell is now: {s.stage}".split())
    shown, rest = lead(s.text, CARD_WORDS - head)
    body = (
        f'<p style="margin:0 0 6px 0"><strong>Where:</strong> {escape(where)} · '
        f"<strong>The cell is now:</strong> {escape(s.stage)}</p>"
        f'<p style="margin:0 0 6px 0">{escape(shown)}</p>'
    )
    more = (f'<p style="margin:0 0 6px 0">{escape(rest)}</p>' if rest else "") + (
        f'<p style="margin:0"><strong>Cells taking part:</strong> {escape(", ".join(names) or "—")}</p>'
    )
    return card(
        f"Step {step} of {len(record.steps)}: {s.title}",
        body,
        color=color,
        sources=data.cite(s),
        label=f"Step {step}",
        more=more,
    )
