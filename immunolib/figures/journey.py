"""A T cell's journey through the body (lesson 03): the body map with the route, the places it visits and the
travelling cell at one step, its text alternative and the step's card.

Drawn on the ground shared with the organ map (:mod:`immunolib.figures.body_layout`); the steps and their
places come from ``data/journeys.yaml`` and ``data/organs.yaml``. :func:`show_journey_step` moves a figure
made here in place, so an app can update its one ``FigureWidget`` inside ``batch_update()``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import plotly.graph_objects as go

from immunolib import content, theme
from immunolib.figures.body_layout import (
    _BASE_SIZE,
    _CELL_SIZE,
    _CLUSTER_CELL_SIZE,
    _FREE_PLACE_COLOR,
    _TYPE_ORDER,
    ORGAN_TYPE_SYMBOLS,
    ORGAN_TYPE_WORDS,
    _base_layout,
    _label,
    _label_positions,
    _short_name,
)
from immunolib.figures.html import CARD_WORDS, card, hover, lead
from immunolib.figures.update import apply_changes
from immunolib.figures.words import check_step

__all__ = [
    "Place",
    "journey",
    "journey_places",
    "journey_map",
    "show_journey_step",
    "describe_journey_step",
    "journey_step_card",
]


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
