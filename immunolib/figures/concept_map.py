"""The concept map a student builds (lesson 08), the glossary's neighbourhood diagram, and their cards.

A view of ``data/concept_map.yaml`` gives at most 15 nodes and the links between them. The student chooses a
label for each link; :func:`draw_map` shows each link as unlabelled (``?``, dotted grey), proposed (``label?``),
checked right (solid, ``label ✔``) or checked wrong (dashed, ``✘ label``), so that line style and text, not
colour alone, carry the state. Every node has its own trace (``meta = "node:<id>"``) so a click names it.

The canvas has fixed slots (:data:`MAX_NODES` node traces and four link traces), so an app keeps ONE live figure
and redraws any view in place.

Example
-------
>>> from immunolib import content
>>> view = content.record("concept_map", "t_cells")
>>> fig = map_canvas()
>>> _ = draw_map(fig, view, MapState())
>>> sum(1 for t in fig.data if t.meta and t.meta.startswith("node:"))
11
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from html import escape

import plotly.graph_objects as go

from immunolib import content, theme
from immunolib.figures.html import card, shorten
from immunolib.figures.update import apply_changes
from immunolib.figures.words import check_id

__all__ = [
    "MAX_NODES",
    "MapState",
    "map_canvas",
    "draw_map",
    "describe_map",
    "node_card",
    "link_sentence",
    "label_menu",
    "shorten",
    "term_canvas",
    "draw_term",
    "describe_term",
    "term_card",
    "NODE_STYLES",
    "MAX_NEIGHBOURS",
]

#: Node traces on the canvas: the schema allows at most this many nodes per view.
MAX_NODES = 15
#: Terms drawn around the chosen glossary term.
MAX_NEIGHBOURS = 10

#: Marker (colour, symbol) per node kind; cells use their course-wide style from the theme instead.
NODE_STYLES = {
    "cell": (theme.OKABE_ITO["vermillion"], "circle"),
    "molecule": (theme.OKABE_ITO["sky_blue"], "diamond"),
    "organ": (theme.OKABE_ITO["bluish_green"], "square"),
    "process": (theme.OKABE_ITO["reddish_purple"], "hexagon"),
    "therapy": (theme.OKABE_ITO["orange"], "star"),
    "outcome": (theme.OKABE_ITO["black"], "triangle-up"),
}
_KIND_WORDS = {
    "cell": "a cell",
    "molecule": "a molecule",
    "organ": "an organ or tissue",
    "process": "a process or idea",
    "therapy": "a therapy",
    "outcome": "an outcome",
}


@dataclass
class MapState:
    """What the student has done in one view: labels proposed and checked, the link and node chosen."""

    proposed: dict[int, str] = field(default_factory=dict)  #: link index -> label chosen (not yet checked)
    checked: dict[int, str] = field(default_factory=dict)  #: link index -> label checked
    selected_link: int | None = None
    selected_node: str | None = None

    def correct(self, view) -> set[int]:
        """Indices of the links whose checked label is right."""
        return {i for i, lab in self.checked.items() if lab == view.links[i].label}


def _node(view, node_id: str):
    for n in view.nodes:
        if n.id == node_id:
            return n
    check_id("node", node_id, [n.id for n in view.nodes])


def _style(node) -> tuple[str, str]:
    if node.kind == "cell" and node.get("cell"):
        s = theme.cell_style(node.cell)
        return (s.color if s.color != theme.OKABE_ITO["yellow"] else "#9a8c00"), s.symbol
    return NODE_STYLES[node.kind]


def _label_side(view, node) -> str:
    """Put a node's name on the side where fewer of its links leave (above when most of them go down)."""
    down = up = 0
    for ln in view.links:
        if node.id in (ln.source, ln.target):
            other = _node(view, ln.target if ln.source == node.id else ln.source)
            down += other.y < node.y
            up += other.y >= node.y
    return "top center" if down > up and node.y < 0.95 else "bottom center"


def link_sentence(view, index: int, label: str | None = None) -> str:
    """A link as a sentence: ``"Dendritic cell — presents antigen to → CD4+ helper T cell"``."""
    link = view.links[index]
    return f"{_node(view, link.source).label} — {label or '?'} → {_node(view, link.target).label}"


def label_menu(view) -> tuple[str, ...]:
    """The labels a student chooses from: every label of the view plus its distractors, sorted."""
    return tuple(sorted({ln.label for ln in view.links} | set(view.get("distractors") or ())))


def map_canvas(height: int = 520) -> go.Figure:
    """An empty concept-map canvas: four link traces, then :data:`MAX_NODES` node traces."""
    fig = go.Figure()
    for name, dash, color, width in (
        ("links to label", "dot", "#888888", 2),
        ("links checked right", "solid", "#222222", 3),
        ("links checked wrong", "dash", theme.OKABE_ITO["vermillion"], 2),
    ):
        fig.add_trace(
            go.Scatter(
                x=[], y=[], mode="lines", name=name, hoverinfo="skip", line=dict(dash=dash, color=color, width=width)
            )
        )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="markers+text",
            name="link labels",
            textposition="middle center",
            textfont=dict(size=12),
            hoverinfo="text",
            marker=dict(size=10, color="white", line=dict(width=1, color="#666")),
            showlegend=False,
        )
    )
    for k in range(MAX_NODES):
        fig.add_trace(
            go.Scatter(
                x=[],
                y=[],
                mode="markers+text",
                name=f"node {k + 1}",
                visible=False,
                textposition="bottom center",
                textfont=dict(size=13),
                showlegend=False,
                hovertemplate="%{text}<extra></extra>",
            )
        )
    fig.update_layout(
        template=theme.TEMPLATE_NAME,
        height=height,
        width=None,
        hovermode="closest",
        clickmode="event",
        margin=dict(l=10, r=10, t=50, b=10),
        legend=dict(orientation="h", x=0, y=-0.02, yanchor="top"),
        xaxis=dict(visible=False, range=[-0.12, 1.12], fixedrange=True),
        yaxis=dict(visible=False, range=[-0.12, 1.1], fixedrange=True),
    )
    return fig


def _segments(view, indices) -> tuple[list, list]:
    nodes = _geometry(view)["nodes"]
    xs, ys = [], []
    for i in sorted(indices):
        a, b = nodes[view.links[i].source], nodes[view.links[i].target]
        xs += [a.x, b.x, None]
        ys += [a.y, b.y, None]
    return xs, ys


_GEOMETRY: dict = {}


def _geometry(view) -> dict:
    """What a view draws the same whatever the student does (node places, name sides, link midpoints,
    arrows), worked out once per view record (issue 8: a callback must not redo it)."""
    key = (view.id, id(view))
    geo = _GEOMETRY.get(key)
    if geo is None:
        nodes = {n.id: n for n in view.nodes}
        if len(nodes) != len(view.nodes):
            nodes = {n.id: _node(view, n.id) for n in view.nodes}
        ends = [(_node(view, ln.source), _node(view, ln.target)) for ln in view.links]
        geo = dict(
            nodes=nodes,
            mid=([(a.x + b.x) / 2 for a, b in ends], [(a.y + b.y) / 2 for a, b in ends]),
            sides=[_label_side(view, n) for n in view.nodes],
            styles=[_style(n) for n in view.nodes],
            arrows=tuple(
                dict(
                    x=b.x,
                    y=b.y,
                    ax=a.x,
                    ay=a.y,
                    xref="x",
                    yref="y",
                    axref="x",
                    ayref="y",
                    text="",
                    showarrow=True,
                    arrowhead=2,
                    arrowsize=1.2,
                    arrowwidth=1.2,
                    arrowcolor="#777777",
                    standoff=14,
                    startstandoff=14,
                )
                for a, b in ends
            ),
        )
        if len(_GEOMETRY) > 64:
            _GEOMETRY.clear()
        _GEOMETRY[key] = geo
    return geo


def map_spec(view, state: MapState) -> tuple[dict, dict]:
    """What :func:`draw_map` sets: ``({trace index: {property path: value}}, {layout path: value})``."""
    if len(view.nodes) > MAX_NODES:
        raise ValueError(f"view {view.id!r} has {len(view.nodes)} nodes; at most {MAX_NODES} fit one view")
    geo = _geometry(view)
    right = state.correct(view)
    wrong = set(state.checked) - right
    pending = set(range(len(view.links))) - right - wrong
    traces: dict[int, dict] = {}
    for k, group in enumerate((pending, right, wrong)):
        xs, ys = _segments(view, group)
        traces[k] = {"x": xs, "y": ys}
    texts, hover = [], []
    for i in range(len(view.links)):
        if i in right:
            t = f"{state.checked[i]} ✔"
        elif i in wrong and state.proposed.get(i, state.checked[i]) == state.checked[i]:
            t = f"✘ {state.checked[i]}"
        elif i in state.proposed:
            t = f"{state.proposed[i]}?"
        else:
            t = f"{i + 1}?"
        texts.append(f"<b>{escape(t)}</b>" if i == state.selected_link else escape(t))
        hover.append(escape(link_sentence(view, i, state.checked.get(i) if i in right else None)))
    traces[3] = {
        "x": list(geo["mid"][0]),
        "y": list(geo["mid"][1]),
        "text": texts,
        "hovertext": hover,
        "marker.size": [16 if i == state.selected_link else 9 for i in range(len(view.links))],
        "marker.color": "white",
        "marker.line.width": 1,
        "marker.line.color": "#666666",
    }
    for k in range(MAX_NODES):
        if k < len(view.nodes):
            n = view.nodes[k]
            color, symbol = geo["styles"][k]
            chosen = n.id == state.selected_node
            traces[4 + k] = {
                "x": [n.x],
                "y": [n.y],
                "text": [escape(n.label)],
                "meta": f"node:{n.id}",
                "visible": True,
                "textposition": geo["sides"][k],
                "textfont.size": 15 if chosen else 13,
                "marker.size": 26 if chosen else 18,
                "marker.color": color,
                "marker.symbol": symbol,
                "marker.line.width": 4 if chosen else 1,
                "marker.line.color": theme.HIGHLIGHT if chosen else "#333333",
            }
        else:
            traces[4 + k] = {"x": [], "y": [], "text": [], "meta": None, "visible": False}
    layout = {
        "title.text": f"{escape(view.title)}: {len(right)} of {len(view.links)} links labelled",
        # arrowheads show each link's direction (source -> target)
        "annotations": geo["arrows"],
    }
    return traces, layout


def draw_map(fig: go.Figure, view, state: MapState) -> go.Figure:
    """Draw one view of the concept map with the student's labels into a :func:`map_canvas`, in place.

    Only the properties that differ from the last draw into the same figure are set
    (:func:`immunolib.figures.update.apply_changes`), so a click restyles a few values, not the whole map.
    Call it inside ``batch_update()`` on a widget. Returns the figure.
    """
    traces, layout = map_spec(view, state)
    apply_changes(fig, traces=traces, layout=layout)
    return fig


def describe_map(view, state: MapState) -> str:
    """The text alternative of :func:`draw_map`: the nodes, and every link as a sentence or with a '?'."""
    right = state.correct(view)
    parts = []
    for i in range(len(view.links)):
        if i in right:
            parts.append(link_sentence(view, i, state.checked[i]))
        elif i in state.checked:
            parts.append(f"{link_sentence(view, i)} (you tried '{state.checked[i]}': not right)")
        else:
            parts.append(link_sentence(view, i))
    chosen = ""
    if state.selected_link is not None:
        chosen += f" Chosen link: {link_sentence(view, state.selected_link, state.proposed.get(state.selected_link))}."
    if state.selected_node is not None:
        chosen += f" Chosen node: {_node(view, state.selected_node).label}."
    return (
        f"A concept map of '{view.title}' with {len(view.nodes)} nodes "
        f"({', '.join(n.label for n in view.nodes)}) and {len(view.links)} links, {len(right)} labelled "
        f"right. Links: " + "; ".join(parts) + "." + chosen
    )


def _record_text(node) -> tuple[str, tuple]:
    """The card text of a node (its own note, or the short text of the record it names) and the sources."""
    data = content.load()
    if node.get("term"):
        t = data.term(node.term)
        return (node.get("note") or t.definition), t.sources
    if node.get("cell"):
        c = data.cell(node.cell)
        return (node.get("note") or c.summary), c.sources
    if node.get("organ"):
        o = data.organ(node.organ)
        return (node.get("note") or o.summary), o.sources
    if node.get("therapy"):
        th = data.therapy(node.therapy)
        return (node.get("note") or th.mechanism), th.sources
    return node.get("note") or "", ()


def node_card(view, node_id: str, state: MapState) -> str:
    """The card of one node (≤ 40 words of text, the rest behind 'More'), and its links so far."""
    node = _node(view, node_id)
    text, sources = _record_text(node)
    head, rest = shorten(text, 40)
    more = f"<details><summary>More</summary><p style='margin:4px 0'>{escape(rest)}</p></details>" if rest else ""
    right = state.correct(view)
    links = [(i, ln) for i, ln in enumerate(view.links) if node_id in (ln.source, ln.target)]
    items = "".join(
        f"<li>{escape(link_sentence(view, i, state.checked[i] if i in right else None))}</li>" for i, _ in links
    )
    body = (
        f"<p style='margin:0 0 4px 0'><em>{escape(_KIND_WORDS[node.kind])}</em></p>"
        f"<p style='margin:0 0 4px 0'>{escape(head)}</p>{more}"
        + (
            f"<p style='margin:4px 0 0 0'><strong>Its links</strong> (? = not labelled yet):</p>"
            f"<ul style='margin:2px 0'>{items}</ul>"
            if items
            else ""
        )
    )
    color, _ = _style(node)
    return card(node.label, body, color=color, sources=content.cite(*sources) if sources else ())


# ---- the glossary's neighbourhood --------------------------------------------------------------------------


def _neighbours(term_id: str) -> list:
    data = content.load()
    t = data.term(term_id)
    ids = list(t.see_also)
    ids += [o.id for o in data.glossary() if term_id in o.see_also and o.id not in ids and o.id != term_id]
    return [data.term(i) for i in ids[:MAX_NEIGHBOURS]]


def term_canvas(height: int = 340) -> go.Figure:
    """An empty canvas for :func:`draw_term`: the spokes, then one marker trace holding the chosen term (first
    point, a large outlined diamond) and its related terms (circles; ``customdata`` holds each term's id)."""
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(x=[], y=[], mode="lines", hoverinfo="skip", showlegend=False, line=dict(color="#999999", width=1.5))
    )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="markers+text",
            name="terms",
            meta="terms",
            showlegend=False,
            textfont=dict(size=13),
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    fig.update_layout(
        template=theme.TEMPLATE_NAME,
        height=height,
        width=None,
        hovermode="closest",
        clickmode="event",
        margin=dict(l=10, r=10, t=40, b=10),
        xaxis=dict(visible=False, range=[-1.5, 1.5], fixedrange=True),
        yaxis=dict(visible=False, range=[-1.3, 1.3], fixedrange=True),
    )
    return fig


def draw_term(fig: go.Figure, term_id: str) -> go.Figure:
    """Draw a glossary term (middle) with its related terms around it, in place. Returns the figure."""
    t = content.term(term_id)
    near = _neighbours(term_id)
    xs, ys, sx, sy = [0.0], [0.0], [], []
    for k, _ in enumerate(near):
        a = math.pi / 2 + 2 * math.pi * k / max(len(near), 1)
        x, y = round(math.cos(a), 4), round(0.9 * math.sin(a), 4)
        xs.append(x)
        ys.append(y)
        sx += [0.0, x, None]
        sy += [0.0, y, None]
    fig.data[0].update(x=sx, y=sy)
    n = len(near)
    fig.data[1].update(
        x=xs,
        y=ys,
        customdata=[t.id] + [o.id for o in near],
        text=[f"<b>{escape(t.term)}</b>"] + [escape(o.term) for o in near],
        hovertext=[f"{escape(t.term)} (chosen)"] + [f"{escape(o.term)}: click to look it up" for o in near],
        textposition=["top center"] + ["bottom center"] * n,
        marker=dict(
            size=[28] + [16] * n,
            symbol=["diamond"] + ["circle"] * n,
            color=[theme.OKABE_ITO["orange"]] + [theme.OKABE_ITO["sky_blue"]] * n,
            line=dict(width=[3] + [1] * n, color=[theme.HIGHLIGHT] + ["#333333"] * n),
        ),
    )
    fig.update_layout(
        title=dict(text=f"{escape(t.term)} (diamond) and {n} related term{'' if n == 1 else 's'} (circles: click one)")
    )
    return fig


def describe_term(term_id: str) -> str:
    """The text alternative of :func:`draw_term`."""
    near = _neighbours(term_id)
    names = ", ".join(n.term for n in near) or "none"
    return (
        f"A diagram with the term '{content.term(term_id).term}' in the middle and lines to "
        f"{len(near)} related term{'' if len(near) == 1 else 's'}: {names}."
    )


def term_card(term_id: str, words: int = 40) -> str:
    """A glossary card: the definition's first ``words`` words (the rest behind 'More'), related terms, sources."""
    t = content.term(term_id)
    head, rest = shorten(t.definition, words)
    more = f"<details><summary>More</summary><p style='margin:4px 0'>{escape(rest)}</p></details>" if rest else ""
    near = _neighbours(term_id)
    rel = (
        f"<p style='margin:4px 0 0 0'><strong>Related:</strong> {escape(', '.join(n.term for n in near))}</p>"
        if near
        else ""
    )
    return card(
        t.term,
        f"<p style='margin:0'>{escape(head)}</p>{more}{rel}",
        color=theme.OKABE_ITO["orange"],
        sources=content.cite(t),
    )
