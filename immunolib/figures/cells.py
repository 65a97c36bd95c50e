"""Figures of lesson 02, 'The cells of the immune system': records in, ``go.Figure`` (or escaped HTML) out.

Three diagrams, each with a function that builds it, a function that changes its highlight in place
(works on a ``go.Figure`` and on a ``go.FigureWidget``; call it inside ``fig.batch_update()`` on a widget),
and a function that describes it in words (its text alternative):

* the **family tree** of immune cells, from ``data/lineage.yaml``: :func:`lineage_tree`,
  :func:`highlight_lineage`, :func:`describe_lineage`;
* the **who signals whom** network, from ``signals_to`` and ``made_by`` in ``data/cells.yaml``:
  :func:`signal_network`, :func:`highlight_signals`, :func:`describe_signals`;
* a **response step by step**, from ``data/responses.yaml``: :func:`response_chart`, :func:`show_step`,
  :func:`describe_step`.

Highlights use size, outline, line width, dashes, opacity and labels; colour never carries meaning alone.
Every figure is deterministic: the same input gives byte-identical JSON.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from html import escape
from typing import Sequence

import plotly.graph_objects as go

from immunolib import content, theme
from immunolib.figures.cards import names_of
from immunolib.figures.update import apply_changes

__all__ = [
    # family tree
    "lineage_nodes", "lineage_layout", "lineage_path", "lineage_focus", "lineage_tree", "highlight_lineage",
    "describe_lineage", "lineage_node_html",
    # signalling network
    "SignalEdge", "signal_edges", "short_signal", "network_layout", "signal_network", "highlight_signals",
    "describe_signals", "signal_list_html",
    # one response, step by step
    "response_cells", "response_chart", "show_step", "describe_step", "step_html",
]

_O = theme.OKABE_ITO
_GREY_LINE = "#999999"
_FADED = 0.3


def _wrap(text: str, width: int) -> str:
    """Break a label into lines of at most ``width`` characters, joined by ``<br>`` (plotly's line break)."""
    return "<br>".join(textwrap.wrap(text, width=width)) or text


def _hover(title: str, body: str) -> str:
    # data text is escaped because plotly renders hover text as HTML
    safe_body = escape(body)
    return f"<b>{escape(title)}</b><br>{_wrap(safe_body, 60)}<extra></extra>"


_names = names_of


def _join(words: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _lower_first(name: str) -> str:
    """'Dendritic cell' -> 'dendritic cell', but 'CD8+ killer T cell' and 'NK cell' stay as they are."""
    return name[0].lower() + name[1:] if len(name) > 1 and name[1].islower() else name


# ==================================================================================================
# The family tree (data/lineage.yaml)
# ==================================================================================================

_LEVEL_GAP = 1.0
_NODE_SIZE, _PATH_SIZE, _SELECTED_SIZE = 20, 24, 32
_PROGENITOR_FILL = "#FFFFFF"


def lineage_nodes() -> tuple:
    """The nodes of the family tree, in file order (``content.collection("lineage")``)."""
    return content.collection("lineage")


def _by_id(nodes) -> dict:
    return {n.id: n for n in nodes}


def _children(nodes) -> dict[str | None, list]:
    kids: dict[str | None, list] = {}
    for n in nodes:
        kids.setdefault(n.parent, []).append(n)
    return kids


def lineage_layout(nodes) -> dict[str, tuple[float, float]]:
    """Place every node of the tree: ``{id: (x, y)}``, root at the top (y = 0), one level down per step.

    Leaves are spaced one unit apart in depth-first order (children in file order); a parent sits above
    the middle of its children.

    Parameters
    ----------
    nodes : sequence of lineage records
        Each with ``id`` and ``parent`` (``None`` for the root).

    Returns
    -------
    dict
        Node id to ``(x, y)``.

    Raises
    ------
    ValueError
        If there is not exactly one root, a parent is unknown, or the parents form a loop.

    Example
    -------
    >>> pos = lineage_layout(lineage_nodes())
    >>> pos["hsc"][1]
    0.0
    """
    nodes = list(nodes)
    ids = _by_id(nodes)
    roots = [n for n in nodes if n.parent is None]
    if len(roots) != 1:
        raise ValueError(f"the family tree needs exactly one node with parent: null (the stem cell); "
                         f"found {len(roots)}: {', '.join(n.id for n in roots) or 'none'}")
    for n in nodes:
        if n.parent is not None and n.parent not in ids:
            raise ValueError(f"node {n.id!r} names parent {n.parent!r}, which is not a node of the tree")
    kids = _children(nodes)
    pos: dict[str, tuple[float, float]] = {}
    next_leaf = [0.0]
    visiting: set[str] = set()

    def place(node, depth: int) -> float:
        if node.id in visiting:
            raise ValueError(f"the family tree has a loop through {node.id!r}")
        visiting.add(node.id)
        children = kids.get(node.id, [])
        if children:
            xs = [place(c, depth + 1) for c in children]
            x = (min(xs) + max(xs)) / 2
        else:
            x = next_leaf[0]
            next_leaf[0] += 1.0
        pos[node.id] = (round(x, 6), round(-depth * _LEVEL_GAP, 6))
        return x

    place(roots[0], 0)
    missing = [n.id for n in nodes if n.id not in pos]
    if missing:
        raise ValueError(f"the family tree has a loop: {', '.join(missing)} cannot be reached from "
                         f"{roots[0].id!r}")
    return pos


def lineage_path(nodes, node_id: str) -> tuple[str, ...]:
    """The ids from the stem cell down to ``node_id``, both included.

    Example
    -------
    >>> lineage_path(lineage_nodes(), "plasma_cell")
    ('hsc', 'clp', 'b_cell', 'plasma_cell')
    """
    ids = _by_id(nodes)
    if node_id not in ids:
        raise KeyError(f"no node {node_id!r} in the family tree; known: {', '.join(ids)}")
    path = []
    current: str | None = node_id
    while current is not None:
        if current in path:
            raise ValueError(f"the family tree has a loop through {current!r}")
        path.append(current)
        current = ids[current].parent
    return tuple(reversed(path))


def lineage_focus(nodes, cell: content.Cell) -> tuple[str | None, tuple[str, ...]]:
    """What to highlight in the tree for a cell or molecule of ``data/cells.yaml``.

    Returns ``(node_id, producers)``: the node that *is* this cell (``None`` if it has none, as for a
    molecule), and for a molecule the nodes of the cells that make it (from ``made_by``).

    Example
    -------
    >>> lineage_focus(lineage_nodes(), content.cell("antibody"))
    (None, ('plasma_cell', 'b_cell'))
    """
    node = next((n.id for n in nodes if n.get("cell") == cell.id), None)
    if node is not None:
        return node, ()
    by_cell = {n.get("cell"): n.id for n in nodes if n.get("cell")}
    return None, tuple(by_cell[c] for c in cell.made_by if c in by_cell)


def _node_style(node) -> tuple[str, str]:
    cell_id = node.get("cell")
    if cell_id:
        s = theme.cell_style(cell_id)
        return s.color, s.symbol
    return _PROGENITOR_FILL, "circle"


def _edges_of(nodes) -> list[tuple[str, str, str]]:
    """(kind, from, to): 'tree' for parent edges, 'also' for other possible origins."""
    edges = [("tree", n.parent, n.id) for n in nodes if n.parent is not None]
    edges += [("also", src, n.id) for n in nodes for src in (n.get("also_from") or ())]
    return edges


def lineage_tree(nodes=None, selected: str | None = None, producers: Sequence[str] = (), *,
                 molecule: str | None = None, title: str = "Where immune cells come from",
                 height: int = 470) -> go.Figure:
    """Draw the family tree of immune cells from the bone-marrow stem cell.

    Parameters
    ----------
    nodes : sequence of lineage records, optional
        Defaults to ``data/lineage.yaml``.
    selected : str, optional
        Id of a node to highlight with its path from the stem cell.
    producers : sequence of str, optional
        Ids of nodes to highlight as the makers of a molecule (used for antibodies and cytokines).
    molecule : str, optional
        The molecule's name, used in the title when ``producers`` are highlighted.
    title : str
        The figure title when nothing is selected.
    height : int
        Height in pixels.

    Returns
    -------
    plotly.graph_objects.Figure
        Traces carry ``meta``: ``"trunk:<parent>"`` for the line down from a parent,
        ``"edge:<kind>:<from>><to>"`` for the line to each child (kind ``tree`` solid, ``also`` dashed) and
        ``"node:<id>"`` for markers, so :func:`highlight_lineage` can restyle them in place.

    Example
    -------
    >>> fig = lineage_tree(selected="cd8_t_cell")
    >>> fig.layout.title.text
    'Where the CD8+ killer T cell comes from: stem cell → lymphoid progenitor → T-cell precursor → CD8+ T'
    """
    nodes = list(nodes if nodes is not None else lineage_nodes())
    pos = lineage_layout(nodes)
    fig = go.Figure()

    # Background bands name the two branches in words (the bands' shading carries no meaning of its own).
    for branch, label, fill in (("myeloid", "Myeloid branch", "#F4F4F4"), ("lymphoid", "Lymphoid branch", "#EAEFF4")):
        xs = [pos[n.id][0] for n in nodes if n.lineage == branch]
        if not xs:
            continue
        fig.add_shape(type="rect", x0=min(xs) - 0.48, x1=max(xs) + 0.48, y0=min(p[1] for p in pos.values()) - 0.62,
                      y1=-0.62, fillcolor=fill, line=dict(width=0), layer="below")
        fig.add_annotation(x=min(xs) - 0.44, y=-0.66, text=f"<b>{label}</b>", showarrow=False,
                           xanchor="left", yanchor="top", font=dict(size=13, color="#444444"))

    # Tree lines are elbows: a trunk down from each parent (shared by its children), then across and down
    # to each child, so that a highlighted path is never drawn over by a faded line.
    for parent in dict.fromkeys(n.parent for n in nodes if n.parent is not None):
        (x0, y0) = pos[parent]
        ym = round(y0 - _LEVEL_GAP / 2, 6)
        fig.add_trace(go.Scatter(x=[x0, x0], y=[y0, ym], mode="lines", meta=f"trunk:{parent}", showlegend=False,
                                 hoverinfo="skip", line=dict(color=_GREY_LINE, width=2)))
    for kind, src, dst in _edges_of(nodes):
        (x0, y0), (x1, y1) = pos[src], pos[dst]
        if kind == "tree":
            ym = round(y0 - _LEVEL_GAP / 2, 6)
            xs, ys = [x0, x1, x1], [ym, ym, y1]
        else:
            xs, ys = [x0, x1], [y0, y1]
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="lines", meta=f"edge:{kind}:{src}>{dst}", showlegend=False, hoverinfo="skip",
            line=dict(color=_GREY_LINE, width=2, dash="solid" if kind == "tree" else "dash"),
        ))

    parents = {n.parent for n in nodes}
    # an inner node whose dashed line leaves towards the right gets its label on the left, clear of it
    right_also = {src for kind, src, dst in _edges_of(nodes) if kind == "also" and pos[dst][0] > pos[src][0]}
    for n in nodes:
        color, symbol = _node_style(n)
        x, y = pos[n.id]
        where = ", ".join(_names(n.where, content.organ))
        fig.add_trace(go.Scatter(
            x=[x], y=[y], mode="markers+text", meta=f"node:{n.id}", name=n.name, showlegend=False,
            text=[_wrap(n.short_name, 12)], textfont=dict(size=12),
            textposition=("bottom center" if n.id not in parents else
                          "middle left" if n.id in right_also else "middle right"),
            marker=dict(size=_NODE_SIZE, color=color, symbol=symbol, line=dict(width=1.5, color="#333333")),
            hovertemplate=_hover(n.name, f"{n.summary} Where: {where}."), customdata=[n.id],
        ))

    # A key for the two kinds of line, drawn as legend entries (line style, not colour).
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name="develops into",
                             line=dict(color="#333333", width=2, dash="solid"), hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name="can also arise from",
                             line=dict(color="#333333", width=2, dash="dash"), hoverinfo="skip"))

    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    fig.update_layout(
        template=theme.TEMPLATE_NAME, height=height, title=dict(text=title),
        xaxis=dict(visible=False, range=[min(xs) - 0.7, max(xs) + 0.7], fixedrange=True),
        yaxis=dict(visible=False, range=[min(ys) - 0.75, max(ys) + 0.35], fixedrange=True),
        margin=dict(l=10, r=10, t=50, b=40), hovermode="closest", clickmode="event",
        legend=dict(orientation="h", x=0.5, xanchor="center", y=-0.01, yanchor="top"),
    )
    fig.layout.meta = {"default_title": title}
    highlight_lineage(fig, nodes, selected, producers, molecule)
    return fig


def _tree_title(nodes, selected: str | None, producers: Sequence[str], default: str,
                molecule: str | None = None) -> str:
    ids = _by_id(nodes)
    if selected is not None:
        node = ids[selected]
        if node.parent is None:
            return f"The {_lower_first(node.name)}: the root of the family tree"
        steps = [_lower_first(ids[i].short_name.split(" (")[0]) for i in lineage_path(nodes, selected)[:-1]]
        return f"Where the {_lower_first(node.name)} comes from: " + " → ".join(steps + [node.short_name])
    if producers:
        made = f" make {_lower_first(molecule)}" if molecule else " make it"
        if len(producers) > 4:
            return f"Cells that{made}: {len(producers)} kinds, highlighted"
        return "Cells that" + made + ": " + ", ".join(ids[p].short_name for p in producers)
    return default


def highlight_lineage(fig: go.Figure, nodes, selected: str | None = None, producers: Sequence[str] = (),
                      molecule: str | None = None) -> go.Figure:
    """Highlight a node with its path from the stem cell (and/or some producer nodes), in place.

    The path is drawn with thick black lines; the chosen node is enlarged with a thick black ring; nodes
    and lines off the path fade. ``selected=None`` and no producers shows everything at full strength.
    ``molecule`` (a name) is used in the title when producers are shown. Returns the figure.
    """
    nodes = list(nodes)
    ids = _by_id(nodes)
    if selected is not None and selected not in ids:
        raise KeyError(f"no node {selected!r} in the family tree; known: {', '.join(ids)}")
    unknown = [p for p in producers if p not in ids]
    if unknown:
        raise KeyError(f"no node {unknown[0]!r} in the family tree; known: {', '.join(ids)}")
    on_path: set[str] = set(lineage_path(nodes, selected)) if selected else set()
    for p in producers:
        on_path |= set(lineage_path(nodes, p))
    focus = selected is not None or bool(producers)
    chosen = {selected} if selected else set(producers)
    parent_of = {n.id: n.parent for n in nodes}
    for trace in fig.data:
        meta = trace.meta or ""
        if meta.startswith("trunk:"):
            strong = any(parent_of[c] == meta[6:] for c in on_path)
            trace.line.width = 5 if strong else 2
            trace.line.color = theme.HIGHLIGHT if strong else _GREY_LINE
            trace.opacity = 1.0 if strong or not focus else 0.45
        elif meta.startswith("edge:"):
            kind, pair = meta.split(":", 2)[1:]
            src, dst = pair.split(">")
            strong = (src in on_path and dst in on_path and kind == "tree") or (kind == "also" and dst == selected)
            trace.line.width = 5 if strong else 2
            trace.line.color = theme.HIGHLIGHT if strong else _GREY_LINE
            trace.opacity = 1.0 if strong or not focus else 0.45
        elif meta.startswith("node:"):
            nid = meta[5:]
            is_chosen = nid in chosen
            trace.marker.size = _SELECTED_SIZE if is_chosen else (_PATH_SIZE if nid in on_path else _NODE_SIZE)
            trace.marker.line.width = 4 if is_chosen else (2.5 if nid in on_path else 1.5)
            trace.marker.line.color = theme.HIGHLIGHT if nid in on_path else "#333333"
            trace.opacity = 1.0 if nid in on_path or not focus else _FADED
            trace.textfont.size = 14 if is_chosen else 12
    default = (fig.layout.meta or {}).get("default_title", "Where immune cells come from")
    fig.layout.title.text = _tree_title(nodes, selected, producers, default, molecule)
    return fig


def describe_lineage(nodes=None, selected: str | None = None, producers: Sequence[str] = (),
                     molecule: str | None = None) -> str:
    """The text alternative of :func:`lineage_tree`: what the tree and its highlight show, in words."""
    nodes = list(nodes if nodes is not None else lineage_nodes())
    ids = _by_id(nodes)
    kids = _children(nodes)
    root = kids[None][0]
    branches = "; ".join(
        f"{c.name} gives {_join([_lower_first(g.name) for g in kids.get(c.id, [])])}" for c in kids.get(root.id, []))
    text = (f"A family tree of immune cells: the {_lower_first(root.name)} in the bone marrow gives two "
            f"progenitors. {branches}.")
    also = [(src, n) for n in nodes for src in (n.get("also_from") or ())]
    if also:
        text += " Dashed lines mark other possible origins: " + "; ".join(
            f"{_lower_first(n.name)} also from {_lower_first(ids[s].name)}" for s, n in also) + "."
    if selected is not None:
        path = [ids[i] for i in lineage_path(nodes, selected)]
        where = _join([_lower_first(o) for o in _names(ids[selected].where, content.organ)])
        text += (f" Highlighted: {ids[selected].name}, reached by the path "
                 f"{' → '.join(_lower_first(p.name) for p in path)}; this step happens in the {where}.")
    elif producers:
        what = _lower_first(molecule) if molecule else "this molecule"
        text += f" Highlighted: the cells that make {what}: {_join([ids[p].name for p in producers])}."
    return text


def lineage_node_html(node, nodes=None) -> str:
    """An HTML card for one node of the family tree: what happens there, where, and what it comes from.

    All data text is escaped.
    """
    nodes = list(nodes if nodes is not None else lineage_nodes())
    ids = _by_id(nodes)
    kids = [n.name for n in nodes if n.parent == node.id]
    rows = [("Where it happens", ", ".join(_names(node.where, content.organ))),
            ("Develops from", ids[node.parent].name if node.parent else "— (the root of the tree)")]
    if node.get("also_from"):
        rows.append(("Can also arise from", ", ".join(ids[s].name for s in node.also_from)))
    rows.append(("Gives rise to", ", ".join(kids) if kids else "— (a mature cell in this diagram)"))
    rows.append(("Branch", {"stem": "the stem cell at the root", "myeloid": "myeloid",
                            "lymphoid": "lymphoid"}[node.lineage]))
    body = "".join(f'<tr><th scope="row" style="text-align:left;vertical-align:top;padding:2px 10px 2px 0;'
                   f'white-space:nowrap">{escape(k)}</th><td style="padding:2px 0">{escape(v)}</td></tr>'
                   for k, v in rows)
    return (f'<div class="immunolib-card" role="region" aria-label="{escape(node.name)}" '
            f'style="border-left:6px solid #444;padding:8px 12px;margin:4px 0;background:#fafafa;'
            f'max-width:900px;line-height:1.45"><h3 style="margin:0 0 4px 0">{escape(node.name)}</h3>'
            f'<p style="margin:0 0 6px 0">{escape(node.summary)}</p>'
            f'<table style="border-collapse:collapse">{body}</table>'
            f'<p style="margin:6px 0 0 0;font-size:0.85em;color:#555">Sources: '
            f'{escape(", ".join(node.sources))}</p></div>')


# ==================================================================================================
# Who signals whom (signals_to and made_by in data/cells.yaml)
# ==================================================================================================

@dataclass(frozen=True)
class SignalEdge:
    """One arrow of the network: ``source`` acts on ``target`` through ``via``.

    ``kind`` is ``"signal"`` (from ``signals_to``) or ``"makes"`` (a cell that makes a molecule, from the
    molecule's ``made_by``).
    """
    source: str
    target: str
    via: str
    kind: str = "signal"
    label: str | None = None

    def short(self, limit: int = 24) -> str:
        """The arrow's short name: the data's ``label`` if it gives one, else the start of ``via``."""
        return self.label if self.label else short_signal(self.via, limit)

    @property
    def key(self) -> str:
        return f"{self.source}>{self.target}"


def signal_edges(cells: Sequence[content.Cell] | None = None) -> tuple[SignalEdge, ...]:
    """Every arrow of the network, in data order: signals first, then 'makes' arrows to molecules.

    Example
    -------
    >>> [e.key for e in signal_edges() if e.source == "treg"]
    ['treg>cd4_t_cell', 'treg>cd8_t_cell', 'treg>dendritic_cell', 'treg>cytokine']
    """
    cells = list(cells if cells is not None else content.cells())
    known = {c.id for c in cells}
    edges = [SignalEdge(c.id, s.to, " ".join(s.via.split()), "signal", s.label)
             for c in cells for s in c.signals_to if s.to in known]
    edges += [SignalEdge(m, c.id, f"makes {_lower_first(c.name)}", "makes")
              for c in cells for m in c.made_by if m in known]
    seen, out = set(), []
    for e in edges:
        if (e.key, e.kind) not in seen:
            seen.add((e.key, e.kind))
            out.append(e)
    return tuple(out)


def short_signal(via: str, limit: int = 24) -> str:
    """A short label for an arrow: the words before ', which', cut at a word boundary with '…'.

    Example
    -------
    >>> short_signal("IFN-γ, which activates macrophages.")
    'IFN-γ'
    >>> short_signal("Peptide–MHC class II (signal 1), CD80/CD86 binding CD28")
    'Peptide–MHC class II…'
    """
    text = " ".join(via.split())
    cut = text.find(", which")
    if cut > 0:
        text = text[:cut]
    text = text.rstrip(" .,;")
    if len(text) <= limit:
        return text
    head = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return head.rstrip(" ,;(") + "…"


def network_layout(cells: Sequence[content.Cell], edges: Sequence[SignalEdge]) -> dict[str, tuple[float, float]]:
    """Positions of the network's nodes: the best-connected one in the centre, the rest on a circle.

    Only cells and molecules with at least one arrow are placed. The circle starts at the top and goes
    clockwise in data order, so the layout is stable.
    """
    degree: dict[str, int] = {}
    for e in edges:
        degree[e.source] = degree.get(e.source, 0) + 1
        degree[e.target] = degree.get(e.target, 0) + 1
    order = [c.id for c in cells if c.id in degree]
    if not order:
        return {}
    hub = max(order, key=lambda i: (degree[i], -order.index(i)))
    ring = [i for i in order if i != hub]
    pos = {hub: (0.0, 0.0)}
    for k, cid in enumerate(ring):
        angle = math.pi / 2 - 2 * math.pi * k / len(ring)
        pos[cid] = (round(math.cos(angle), 6), round(math.sin(angle), 6))
    return pos


_NODE_R = 0.11        # how far an arrow stops short of a node's centre (data units; circle radius 1)
_OFFSET = 0.035       # sideways shift that separates the two arrows of a reciprocal pair


def _edge_geometry(edge: SignalEdge, pos, reciprocal: bool):
    (x0, y0), (x1, y1) = pos[edge.source], pos[edge.target]
    dx, dy = x1 - x0, y1 - y0
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    ox, oy = (uy * _OFFSET, -ux * _OFFSET) if reciprocal else (0.0, 0.0)
    sx, sy = x0 + ux * _NODE_R + ox, y0 + uy * _NODE_R + oy
    tx, ty = x1 - ux * (_NODE_R + 0.02) + ox, y1 - uy * (_NODE_R + 0.02) + oy
    back = min(0.12, length / 4)
    return (round(sx, 5), round(sy, 5)), (round(tx, 5), round(ty, 5)), (round(tx - ux * back, 5),
                                                                       round(ty - uy * back, 5))


def signal_network(cells: Sequence[content.Cell] | None = None, selected: str | None = None, *,
                   height: int = 680) -> go.Figure:
    """Draw who signals whom: cells and molecules as markers, signals as arrows.

    Parameters
    ----------
    cells : sequence of content.Cell, optional
        Defaults to every entry of ``data/cells.yaml``; those with no arrow at all are left out.
    selected : str, optional
        Id of a cell whose arrows to highlight.
    height : int
        Height in pixels.

    Returns
    -------
    plotly.graph_objects.Figure
        One line trace per arrow (``meta`` ``"edge:<source>><target>"``), one marker trace per node
        (``"node:<id>"``), three legend-only traces explaining the line styles; ``layout.annotations``
        holds, per arrow, an arrowhead and then a label (hidden unless the arrow touches the selection).

    Example
    -------
    >>> fig = signal_network(selected="treg")
    >>> sum(1 for a in fig.layout.annotations if a.visible and a.text)   # 4 sent, 2 received
    6
    """
    cells = list(cells if cells is not None else content.cells())
    edges = signal_edges(cells)
    pos = network_layout(cells, edges)
    keys = {e.key for e in edges}
    fig = go.Figure()
    annotations = []
    for e in edges:
        reciprocal = f"{e.target}>{e.source}" in keys
        (sx, sy), (tx, ty), (bx, by) = _edge_geometry(e, pos, reciprocal)
        fig.add_trace(go.Scatter(x=[sx, tx], y=[sy, ty], mode="lines", meta=f"edge:{e.key}", showlegend=False,
                                 hoverinfo="skip", line=dict(color=_GREY_LINE, width=1.2,
                                                             dash="solid" if e.kind == "signal" else "dot")))
        annotations.append(dict(x=tx, y=ty, ax=bx, ay=by, xref="x", yref="y", axref="x", ayref="y", text="",
                                showarrow=True, arrowhead=2, arrowsize=1.3, arrowwidth=1.2, arrowcolor=_GREY_LINE,
                                name=f"head:{e.key}"))
        mx, my = (sx + tx) / 2, (sy + ty) / 2
        annotations.append(dict(x=round(mx, 5), y=round(my, 5), xref="x", yref="y", text="", showarrow=False,
                                visible=False, bgcolor="rgba(255,255,255,0.92)", bordercolor="#333333",
                                borderwidth=1, borderpad=2, font=dict(size=11), name=f"label:{e.key}"))
    by_id = {c.id: c for c in cells}
    for cid, (x, y) in pos.items():
        c = by_id[cid]
        style = theme.cell_style(cid)
        outgoing = [f"→ {by_id[e.target].short_name}: {e.short(40)}" for e in edges if e.source == cid]
        incoming = [f"← {by_id[e.source].short_name}: {e.short(40)}" for e in edges if e.target == cid]
        hover = "<br>".join(escape(t) for t in outgoing + incoming)
        fig.add_trace(go.Scatter(
            x=[x], y=[y], mode="markers+text", meta=f"node:{cid}", name=c.name, showlegend=False,
            text=[_wrap(c.short_name, 12)], textfont=dict(size=13),
            textposition=("bottom center" if (x, y) == (0.0, 0.0) else "middle right" if x > 0.35 else
                          "middle left" if x < -0.35 else "top center" if y > 0 else "bottom center"),
            marker=dict(size=26, color=style.color, symbol=style.symbol, line=dict(width=1.5, color="#333333")),
            hovertemplate=f"<b>{escape(c.name)}</b><br>{hover}<extra></extra>", customdata=[cid],
        ))
    for name, dash, width in (("sends a signal (solid, thick)", "solid", 4),
                              ("receives a signal (dashed, thick)", "dash", 4),
                              ("makes a molecule (dotted)", "dot", 2)):
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name=name, hoverinfo="skip",
                                 line=dict(color="#333333", width=width, dash=dash)))
    fig.update_layout(
        template=theme.TEMPLATE_NAME, height=height, title=dict(text="Who signals whom"),
        annotations=annotations,
        xaxis=dict(visible=False, range=[-1.6, 1.6], fixedrange=True),
        yaxis=dict(visible=False, range=[-1.25, 1.25], fixedrange=True, scaleanchor="x", scaleratio=1),
        margin=dict(l=10, r=10, t=50, b=10), hovermode="closest", clickmode="event",
        legend=dict(orientation="h", x=0.5, xanchor="center", y=-0.02, yanchor="top"),
    )
    highlight_signals(fig, cells, selected)
    return fig


def _numbered(edges: Sequence[SignalEdge], selected: str) -> list[tuple[int, SignalEdge, str]]:
    """The arrows touching ``selected``: outgoing first, then incoming, numbered from 1."""
    out = [e for e in edges if e.source == selected]
    inc = [e for e in edges if e.target == selected]
    return [(i + 1, e, d) for i, (e, d) in enumerate([(e, "out") for e in out] + [(e, "in") for e in inc])]


def _signal_plan(fig) -> dict:
    """What :func:`highlight_signals` needs to know about a network figure's structure (read once per figure:
    reading plotly properties is slow): (index, meta) of its traces, (index, name) of its arrow labels and
    the two ends of every arrow."""
    plan = fig.__dict__.get("_immunolib_signal_plan")
    if plan is None:
        traces = [(i, t.meta or "") for i, t in enumerate(fig.data)]
        lines = {meta[5:]: (tuple(fig.data[i].x), tuple(fig.data[i].y)) for i, meta in traces
                 if meta.startswith("edge:")}
        notes = [(j, a.name or "") for j, a in enumerate(fig.layout.annotations)]
        plan = {"traces": traces, "lines": lines,
                "annotations": [(j, name) for j, name in notes if name.startswith(("head:", "label:"))]}
        fig.__dict__["_immunolib_signal_plan"] = plan
    return plan


def highlight_signals(fig: go.Figure, cells: Sequence[content.Cell] | None, selected: str | None) -> go.Figure:
    """Highlight the arrows into and out of ``selected`` (a cell id), in place; ``None`` shows all evenly.

    Outgoing arrows become thick and solid, incoming ones thick and dashed ('makes' arrows stay dotted),
    each with a numbered label naming the signal; everything else fades. Returns the figure.
    """
    cells = list(cells if cells is not None else content.cells())
    edges = signal_edges(cells)
    plan = _signal_plan(fig)
    nodes = {meta[5:] for _, meta in plan["traces"] if meta.startswith("node:")}
    if selected is not None and selected not in nodes:
        raise KeyError(f"{selected!r} has no arrows in this network; choose one of {', '.join(sorted(nodes))}")
    numbers = {e.key + e.kind: (n, d) for n, e, d in _numbered(edges, selected)} if selected else {}
    partners = {selected} if selected else set()
    for e in edges:
        if selected in (e.source, e.target):
            partners |= {e.source, e.target}
    by_key = {f"edge:{e.key}": e for e in edges}
    # The values every trace and label should have; apply_changes sets only those that differ from the last
    # highlight (most of the network stays as it was), which keeps a FigureWidget callback inside a frame.
    traces: dict[int, dict] = {}
    for index, meta in plan["traces"]:
        if meta.startswith("edge:"):
            e = by_key[meta]
            hit = e.key + e.kind in numbers
            direction = numbers.get(e.key + e.kind, (0, ""))[1]
            if e.kind == "makes":
                dash = "dot"
            else:
                dash = "dash" if direction == "in" else "solid"
            traces[index] = {"line.dash": dash, "line.width": 4 if hit else 1.2,
                             "line.color": theme.HIGHLIGHT if hit else _GREY_LINE,
                             "opacity": 1.0 if hit or selected is None else 0.35}
        elif meta.startswith("node:"):
            nid = meta[5:]
            is_sel = nid == selected
            traces[index] = {"marker.size": 38 if is_sel else 26,
                             "marker.line.width": 4 if is_sel else (2.5 if nid in partners and selected else 1.5),
                             "marker.line.color": theme.HIGHLIGHT if nid in partners else "#333333",
                             "opacity": 1.0 if selected is None or nid in partners else _FADED,
                             "textfont.size": 15 if is_sel else 13}
    edge_by_key = {e.key: e for e in edges}
    labels: dict[int, dict] = {}
    for index, name in plan["annotations"]:
        key = name.split(":", 1)[1]
        e = edge_by_key[key]
        n, direction = numbers.get(e.key + e.kind, (0, ""))
        hit = bool(direction)
        if name.startswith("head:"):
            labels[index] = {"arrowwidth": 3 if hit else 1.2, "arrowcolor": theme.HIGHLIGHT if hit else _GREY_LINE,
                             "opacity": 1.0 if hit or selected is None else 0.35}
            continue
        labels[index] = {"visible": hit, "text": f"{n} {escape(e.short(18))}" if hit else ""}
        if hit:
            # Labels sit part-way from the chosen cell towards its partner (sent: half-way; received:
            # three quarters) and shift up or down, so that the two labels of a reciprocal pair do not collide.
            (sx, tx), (sy, ty) = plan["lines"][key]
            t = 0.5 if direction == "out" else 0.25
            labels[index].update(x=round(sx + t * (tx - sx), 5), y=round(sy + t * (ty - sy), 5),
                                 yshift=9 if direction == "out" else -9)
    apply_changes(fig, traces=traces, annotations=labels)
    title = "Who signals whom"
    if selected:
        name = next(c.name for c in cells if c.id == selected)
        n_out = sum(1 for _, _, d in _numbered(edges, selected) if d == "out")
        n_in = sum(1 for _, _, d in _numbered(edges, selected) if d == "in")
        title = f"Who signals whom: {name} sends {n_out} and receives {n_in}"
    fig.layout.title.text = title
    return fig


def describe_signals(cells: Sequence[content.Cell] | None = None, selected: str | None = None) -> str:
    """The text alternative of :func:`signal_network`."""
    cells = list(cells if cells is not None else content.cells())
    edges = signal_edges(cells)
    pos = network_layout(cells, edges)
    names = {c.id: c.name for c in cells}
    n_sig = sum(1 for e in edges if e.kind == "signal")
    n_make = len(edges) - n_sig
    hub = next(iter(pos), None)
    text = (f"A network of {len(pos)} cells and molecules joined by {n_sig} signalling arrows and {n_make} "
            f"arrows from cells to the molecules they make"
            + (f", with {_lower_first(names[hub])} in the centre" if hub else "") + ".")
    if selected:
        rows = _numbered(edges, selected)
        outs = [f"{names[e.target]} ({e.short(40) if e.kind == 'signal' else 'makes it'})"
                for _, e, d in rows if d == "out"]
        ins = [f"{names[e.source]} ({e.short(40) if e.kind == 'signal' else 'made by it'})"
               for _, e, d in rows if d == "in"]
        text += f" Highlighted: {names[selected]}."
        text += f" It sends to: {'; '.join(outs)}." if outs else " It sends no signal in this network."
        text += f" It receives from: {'; '.join(ins)}." if ins else " It receives no signal in this network."
    return text


def signal_list_html(cells: Sequence[content.Cell] | None = None, selected: str | None = None) -> str:
    """The numbered arrows of ``selected`` with their full signal text, as escaped HTML."""
    cells = list(cells if cells is not None else content.cells())
    if not selected:
        return ("<p style='margin:4px 0'>Choose a cell to see, numbered as in the diagram, every signal it "
                "sends and receives.</p>")
    edges = signal_edges(cells)
    names = {c.id: c.name for c in cells}
    rows = _numbered(edges, selected)

    def item(n, e, d):
        other = names[e.target] if d == "out" else names[e.source]
        arrow = "→ to" if d == "out" else "← from"
        style = "solid arrow" if d == "out" and e.kind == "signal" else (
            "dashed arrow" if e.kind == "signal" else "dotted arrow")
        return (f"<li value='{n}'><strong>{arrow} {escape(other)}</strong> <em>({style})</em>: "
                f"{escape(e.via)}</li>")

    outs = "".join(item(n, e, d) for n, e, d in rows if d == "out")
    ins = "".join(item(n, e, d) for n, e, d in rows if d == "in")
    parts = [f"<h4 style='margin:6px 0 2px 0'>{escape(names[selected])}</h4>"]
    parts.append(f"<p style='margin:2px 0'><strong>Sends</strong></p><ol style='margin:0'>{outs}</ol>" if outs
                 else "<p style='margin:2px 0'><strong>Sends:</strong> nothing in this network.</p>")
    parts.append(f"<p style='margin:2px 0'><strong>Receives</strong></p><ol style='margin:0'>{ins}</ol>" if ins
                 else "<p style='margin:2px 0'><strong>Receives:</strong> nothing in this network.</p>")
    return f"<div class='immunolib-signals' style='max-width:900px;line-height:1.4'>{''.join(parts)}</div>"


# ==================================================================================================
# One response, step by step (data/responses.yaml)
# ==================================================================================================

_STEP_SIZE, _OTHER_SIZE = 26, 13


def response_cells(response) -> tuple[str, ...]:
    """The cells and molecules of a response, in order of first appearance."""
    seen: list[str] = []
    for step in response.steps:
        for c in step.cells:
            if c not in seen:
                seen.append(c)
    return tuple(seen)


def _check_step(response, step: int) -> None:
    n = len(response.steps)
    if not isinstance(step, int) or isinstance(step, bool) or not 1 <= step <= n:
        raise ValueError(f"step must be a whole number from 1 to {n}; got {step!r}")


def response_chart(response, step: int = 1, *, height: int | None = None) -> go.Figure:
    """Draw which cells take part in each step of a response, with the current step highlighted.

    Columns are the steps (labelled with their number and place), rows the cells and molecules (each with
    its own colour and marker); a marker means "takes part in this step".

    Parameters
    ----------
    response : record of data/responses.yaml
        For example ``content.record("responses", "virus_in_skin")``.
    step : int
        The current step, from 1.
    height : int, optional
        Height in pixels (default: grows with the number of rows).

    Returns
    -------
    plotly.graph_objects.Figure
        One marker trace per cell (``meta`` ``"cell:<id>"``); ``layout.shapes[0]`` is the band marking the
        current step.

    Example
    -------
    >>> r = content.record("responses", "virus_in_skin")
    >>> response_chart(r, 3).layout.title.text
    'Step 3 of 9: Finding the right T cells in the lymph node'
    """
    _check_step(response, step)
    rows = response_cells(response)
    n = len(response.steps)
    fig = go.Figure()
    fig.add_shape(type="rect", xref="x", yref="paper", x0=step - 0.45, x1=step + 0.45, y0=0, y1=1,
                  fillcolor="#E8E8E8", line=dict(color=theme.HIGHLIGHT, width=2, dash="solid"), layer="below")
    for r, cid in enumerate(rows):
        cell = content.cell(cid)
        style = theme.cell_style(cid)
        xs = [i + 1 for i, s in enumerate(response.steps) if cid in s.cells]
        fig.add_trace(go.Scatter(
            x=xs, y=[cell.short_name] * len(xs), mode="markers", meta=f"cell:{cid}", name=cell.name,
            showlegend=False,
            marker=dict(size=[_OTHER_SIZE] * len(xs), color=style.color, symbol=style.symbol,
                        line=dict(width=[1] * len(xs), color="#333333"), opacity=[0.5] * len(xs)),
            hovertemplate=f"<b>{escape(cell.name)}</b><br>step %{{x}}<extra></extra>",
        ))
    ticks = _step_ticks(response, step)
    fig.update_layout(
        template=theme.TEMPLATE_NAME, height=height or 150 + 34 * len(rows),
        xaxis=dict(tickmode="array", tickvals=list(range(1, n + 1)), ticktext=ticks, range=[0.4, n + 0.6],
                   tickangle=0, tickfont=dict(size=12), fixedrange=True, showgrid=False,
                   title=dict(text="step (and where it happens)", font=dict(size=13), standoff=6)),
        yaxis=dict(categoryorder="array", categoryarray=[content.cell(c).short_name for c in reversed(rows)],
                   fixedrange=True, showgrid=True),
        margin=dict(l=120, r=20, t=60, b=100), hovermode="closest",
    )
    show_step(fig, response, step)
    return fig


def _step_ticks(response, step: int) -> list[str]:
    """Axis labels: the number and place of every step reached so far; later steps show only their number
    and a question mark (steppers reveal step by step, so the student can predict what comes next)."""
    return [f"<b>{i + 1}</b><br>{_wrap(escape(content.organ(s.where).name), 6)}" if i < step
            else f"<b>{i + 1}</b><br>?" for i, s in enumerate(response.steps)]


def show_step(fig: go.Figure, response, step: int) -> go.Figure:
    """Move a :func:`response_chart` to ``step``, in place: the steps reached so far are drawn (the current
    step's cells enlarged and outlined, the earlier ones faded); later steps stay hidden until reached.
    Returns the figure."""
    _check_step(response, step)
    current = response.steps[step - 1]
    for trace in fig.data:
        meta = trace.meta or ""
        if not meta.startswith("cell:"):
            continue
        cid = meta[5:]
        xs = [i + 1 for i, s in enumerate(response.steps[:step]) if cid in s.cells]
        trace.x, trace.y = xs, [content.cell(cid).short_name] * len(xs)
        here = [x == step and cid in current.cells for x in xs]
        trace.marker.size = [_STEP_SIZE if h else _OTHER_SIZE for h in here]
        trace.marker.line.width = [3 if h else 1 for h in here]
        trace.marker.opacity = [1.0 if h else 0.45 for h in here]
    fig.layout.xaxis.ticktext = _step_ticks(response, step)
    fig.layout.shapes[0].x0 = step - 0.45
    fig.layout.shapes[0].x1 = step + 0.45
    fig.layout.title.text = f"Step {step} of {len(response.steps)}: {current.title}"
    return fig


def describe_step(response, step: int) -> str:
    """The text alternative of :func:`response_chart` at ``step``."""
    _check_step(response, step)
    s = response.steps[step - 1]
    names = [_lower_first(content.cell(c).name) for c in s.cells]
    return (f"A chart of which cells take part in the steps of '{response.title}' reached so far "
            f"({step} of {len(response.steps)}; later steps stay hidden). Highlighted: step {step}, "
            f"{_lower_first(s.title)}, in the "
            f"{_lower_first(content.organ(s.where).name)}; taking part: {_join(names)}.")


def step_html(response, step: int) -> str:
    """The current step's text, place and sources as an HTML card (all data text escaped); a long text
    shows its first sentences and folds the rest behind "More"."""
    from immunolib.figures.cards import CARD_WORDS, card, lead
    _check_step(response, step)
    s = response.steps[step - 1]
    place = s.get("site") or _lower_first(content.organ(s.where).name)
    who = ", ".join(content.cell(c).short_name for c in s.cells)
    where = (f'<p style="margin:0 0 4px 0"><strong>Where:</strong> {escape(place)} '
             f'({escape(content.organ(s.where).name)}) &nbsp; <strong>Who:</strong> {escape(who)}</p>')
    head = len(f"Step {step} of {len(response.steps)}: {s.title} Where: {place} "
               f"({content.organ(s.where).name}) Who: {who}".split())
    shown, rest = lead(s.text, CARD_WORDS - head)
    more = f'<p style="margin:0">{escape(rest)}</p>' if rest else ""
    html = card(f"Step {step} of {len(response.steps)}: {s.title}", f'{where}<p style="margin:0">{escape(shown)}</p>',
                color="#444444", sources=s.sources, label=f"Step {step}", more=more)
    return html.replace('class="immunolib-card"', 'class="immunolib-card immunolib-step"', 1)