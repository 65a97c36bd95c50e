"""The family tree of immune cells (lesson 02), from ``data/lineage.yaml``: records in, ``go.Figure`` out.

:func:`lineage_tree` draws it, :func:`highlight_lineage` changes its highlight in place (on a ``go.Figure`` or,
inside ``fig.batch_update()``, a ``go.FigureWidget``), :func:`describe_lineage` is its text alternative and
:func:`lineage_node_html` the card of one node.

Highlights use size, outline, line width, dashes, opacity and labels; colour never carries meaning alone.
The same input gives byte-identical JSON.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import plotly.graph_objects as go

from immunolib import content, theme
from immunolib.figures.cards import names_of as _names
from immunolib.figures.html import card, hover, row, table
from immunolib.figures.words import UnknownId, check_id, join_words, lower_first, wrap

__all__ = [
    "lineage_nodes",
    "lineage_layout",
    "lineage_path",
    "lineage_focus",
    "lineage_tree",
    "highlight_lineage",
    "describe_lineage",
    "lineage_node_html",
]

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
        raise ValueError(
            f"the family tree needs exactly one node with parent: null (the stem cell); "
            f"found {len(roots)}: {', '.join(n.id for n in roots) or 'none'}"
        )
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
        raise ValueError(f"the family tree has a loop: {', '.join(missing)} cannot be reached from {roots[0].id!r}")
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
        raise UnknownId(f"no node {node_id!r} in the family tree; known: {', '.join(ids)}")
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


def lineage_tree(
    nodes=None,
    selected: str | None = None,
    producers: Sequence[str] = (),
    *,
    molecule: str | None = None,
    title: str = "Where immune cells come from",
    height: int = 470,
) -> go.Figure:
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
        fig.add_shape(
            type="rect",
            x0=min(xs) - 0.48,
            x1=max(xs) + 0.48,
            y0=min(p[1] for p in pos.values()) - 0.62,
            y1=-0.62,
            fillcolor=fill,
            line=dict(width=0),
            layer="below",
        )
        fig.add_annotation(
            x=min(xs) - 0.44,
            y=-0.66,
            text=f"<b>{label}</b>",
            showarrow=False,
            xanchor="left",
            yanchor="top",
            font=dict(size=13, color="#444444"),
        )

    # Tree lines are elbows: a trunk down from each parent (shared by its children), then across and down
    # to each child, so that a highlighted path is never drawn over by a faded line.
    for parent in dict.fromkeys(n.parent for n in nodes if n.parent is not None):
        (x0, y0) = pos[parent]
        ym = round(y0 - _LEVEL_GAP / 2, 6)
        fig.add_trace(
            go.Scatter(
                x=[x0, x0],
                y=[y0, ym],
                mode="lines",
                meta=f"trunk:{parent}",
                showlegend=False,
                hoverinfo="skip",
                line=dict(color=theme.LINE_GREY, width=2),
            )
        )
    for kind, src, dst in _edges_of(nodes):
        (x0, y0), (x1, y1) = pos[src], pos[dst]
        if kind == "tree":
            ym = round(y0 - _LEVEL_GAP / 2, 6)
            xs, ys = [x0, x1, x1], [ym, ym, y1]
        else:
            xs, ys = [x0, x1], [y0, y1]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                meta=f"edge:{kind}:{src}>{dst}",
                showlegend=False,
                hoverinfo="skip",
                line=dict(color=theme.LINE_GREY, width=2, dash="solid" if kind == "tree" else "dash"),
            )
        )

    parents = {n.parent for n in nodes}
    # an inner node whose dashed line leaves towards the right gets its label on the left, clear of it
    right_also = {src for kind, src, dst in _edges_of(nodes) if kind == "also" and pos[dst][0] > pos[src][0]}
    for n in nodes:
        color, symbol = _node_style(n)
        x, y = pos[n.id]
        where = ", ".join(_names(n.where, content.organ))
        fig.add_trace(
            go.Scatter(
                x=[x],
                y=[y],
                mode="markers+text",
                meta=f"node:{n.id}",
                name=n.name,
                showlegend=False,
                text=[wrap(n.short_name, 12)],
                textfont=dict(size=12),
                textposition=(
                    "bottom center" if n.id not in parents else "middle left" if n.id in right_also else "middle right"
                ),
                marker=dict(size=_NODE_SIZE, color=color, symbol=symbol, line=dict(width=1.5, color="#333333")),
                hovertemplate=hover(n.name, f"{n.summary} Where: {where}.", escape_first=True),
                customdata=[n.id],
            )
        )

    # A key for the two kinds of line, drawn as legend entries (line style, not colour).
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="lines",
            name="develops into",
            line=dict(color="#333333", width=2, dash="solid"),
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="lines",
            name="can also arise from",
            line=dict(color="#333333", width=2, dash="dash"),
            hoverinfo="skip",
        )
    )

    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    fig.update_layout(
        template=theme.TEMPLATE_NAME,
        height=height,
        title=dict(text=title),
        xaxis=dict(visible=False, range=[min(xs) - 0.7, max(xs) + 0.7], fixedrange=True),
        yaxis=dict(visible=False, range=[min(ys) - 0.75, max(ys) + 0.35], fixedrange=True),
        margin=dict(l=10, r=10, t=50, b=40),
        hovermode="closest",
        clickmode="event",
        legend=dict(orientation="h", x=0.5, xanchor="center", y=-0.01, yanchor="top"),
    )
    fig.layout.meta = {"default_title": title}
    highlight_lineage(fig, nodes, selected, producers, molecule)
    return fig


def _tree_title(
    nodes, selected: str | None, producers: Sequence[str], default: str, molecule: str | None = None
) -> str:
    ids = _by_id(nodes)
    if selected is not None:
        node = ids[selected]
        if node.parent is None:
            return f"The {lower_first(node.name)}: the root of the family tree"
        steps = [lower_first(ids[i].short_name.split(" (")[0]) for i in lineage_path(nodes, selected)[:-1]]
        return f"Where the {lower_first(node.name)} comes from: " + " → ".join(steps + [node.short_name])
    if producers:
        made = f" make {lower_first(molecule)}" if molecule else " make it"
        if len(producers) > 4:
            return f"Cells that{made}: {len(producers)} kinds, highlighted"
        return "Cells that" + made + ": " + ", ".join(ids[p].short_name for p in producers)
    return default


def highlight_lineage(
    fig: go.Figure, nodes, selected: str | None = None, producers: Sequence[str] = (), molecule: str | None = None
) -> go.Figure:
    """Highlight a node with its path from the stem cell (and/or some producer nodes), in place.

    The path is drawn with thick black lines; the chosen node is enlarged with a thick black ring; nodes
    and lines off the path fade. ``selected=None`` and no producers shows everything at full strength.
    ``molecule`` (a name) is used in the title when producers are shown. Returns the figure.
    """
    nodes = list(nodes)
    ids = _by_id(nodes)
    if selected is not None and selected not in ids:
        raise UnknownId(f"no node {selected!r} in the family tree; known: {', '.join(ids)}")
    unknown = [p for p in producers if p not in ids]
    if unknown:
        raise UnknownId(f"no node {unknown[0]!r} in the family tree; known: {', '.join(ids)}")
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
            trace.line.color = theme.HIGHLIGHT if strong else theme.LINE_GREY
            trace.opacity = 1.0 if strong or not focus else 0.45
        elif meta.startswith("edge:"):
            kind, pair = meta.split(":", 2)[1:]
            src, dst = pair.split(">")
            strong = (src in on_path and dst in on_path and kind == "tree") or (kind == "also" and dst == selected)
            trace.line.width = 5 if strong else 2
            trace.line.color = theme.HIGHLIGHT if strong else theme.LINE_GREY
            trace.opacity = 1.0 if strong or not focus else 0.45
        elif meta.startswith("node:"):
            nid = meta[5:]
            is_chosen = nid in chosen
            trace.marker.size = _SELECTED_SIZE if is_chosen else (_PATH_SIZE if nid in on_path else _NODE_SIZE)
            trace.marker.line.width = 4 if is_chosen else (2.5 if nid in on_path else 1.5)
            trace.marker.line.color = theme.HIGHLIGHT if nid in on_path else "#333333"
            trace.opacity = 1.0 if nid in on_path or not focus else theme.FADED
            trace.textfont.size = 14 if is_chosen else 12
    default = (fig.layout.meta or {}).get("default_title", "Where immune cells come from")
    fig.layout.title.text = _tree_title(nodes, selected, producers, default, molecule)
    return fig


def describe_lineage(
    nodes=None, selected: str | None = None, producers: Sequence[str] = (), molecule: str | None = None
) -> str:
    """The text alternative of :func:`lineage_tree`: what the tree and its highlight show, in words."""
    nodes = list(nodes if nodes is not None else lineage_nodes())
    ids = _by_id(nodes)
    kids = _children(nodes)
    root = kids[None][0]
    branches = "; ".join(
        f"{c.name} gives {join_words([lower_first(g.name) for g in kids.get(c.id, [])])}" for c in kids.get(root.id, [])
    )
    text = (
        f"A family tree of immune cells: the {lower_first(root.name)} in the bone marrow gives two "
        f"progenitors. {branches}."
    )
    also = [(src, n) for n in nodes for src in (n.get("also_from") or ())]
    if also:
        text += (
            " Dashed lines mark other possible origins: "
            + "; ".join(f"{lower_first(n.name)} also from {lower_first(ids[s].name)}" for s, n in also)
            + "."
        )
    if selected is not None:
        path = [ids[i] for i in lineage_path(nodes, selected)]
        where = join_words([lower_first(o) for o in _names(ids[selected].where, content.organ)])
        text += (
            f" Highlighted: {ids[selected].name}, reached by the path "
            f"{' → '.join(lower_first(p.name) for p in path)}; this step happens in the {where}."
        )
    elif producers:
        for p in producers:
            check_id("producers", p, list(ids))
        what = lower_first(molecule) if molecule else "this molecule"
        text += f" Highlighted: the cells that make {what}: {join_words([ids[p].name for p in producers])}."
    return text


def lineage_node_html(node, nodes=None) -> str:
    """An HTML card for one node of the family tree: what happens there, where, and what it comes from.

    All data text is escaped.
    """
    nodes = list(nodes if nodes is not None else lineage_nodes())
    ids = _by_id(nodes)
    kids = [n.name for n in nodes if n.parent == node.id]
    rows = [
        ("Where it happens", ", ".join(_names(node.where, content.organ))),
        ("Develops from", ids[node.parent].name if node.parent else "— (the root of the tree)"),
    ]
    if node.get("also_from"):
        rows.append(("Can also arise from", ", ".join(ids[s].name for s in node.also_from)))
    rows.append(("Gives rise to", ", ".join(kids) if kids else "— (a mature cell in this diagram)"))
    rows.append(
        ("Branch", {"stem": "the stem cell at the root", "myeloid": "myeloid", "lymphoid": "lymphoid"}[node.lineage])
    )
    body = f'<p style="margin:0 0 6px 0">{escape(node.summary)}</p>' + table([row(k, escape(v)) for k, v in rows])
    return card(node.name, body, color="#444", sources=node.sources)
