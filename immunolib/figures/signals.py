"""Who signals whom (lesson 02): the network of ``signals_to`` and ``made_by`` in ``data/cells.yaml``.

:func:`signal_network` draws it, :func:`highlight_signals` changes its highlight in place (on a ``go.Figure``
or, inside ``fig.batch_update()``, a ``go.FigureWidget``), :func:`describe_signals` is its text alternative and
:func:`signal_list_html` the numbered list of one cell's signals.

Highlights use line width, dashes, opacity and numbered labels; colour never carries meaning alone.
The same input gives byte-identical JSON.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import plotly.graph_objects as go

from immunolib import content, theme
from immunolib.figures.update import apply_changes
from immunolib.figures.words import UnknownId, lower_first, wrap

__all__ = [
    "SignalEdge",
    "signal_edges",
    "short_signal",
    "network_layout",
    "signal_network",
    "highlight_signals",
    "describe_signals",
    "signal_list_html",
]


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
    edges = [
        SignalEdge(c.id, s.to, " ".join(s.via.split()), "signal", s.label)
        for c in cells
        for s in c.signals_to
        if s.to in known
    ]
    edges += [
        SignalEdge(m, c.id, f"makes {lower_first(c.name)}", "makes") for c in cells for m in c.made_by if m in known
    ]
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


_NODE_R = 0.11  # how far an arrow stops short of a node's centre (data units; circle radius 1)
_OFFSET = 0.035  # sideways shift that separates the two arrows of a reciprocal pair


def _edge_geometry(edge: SignalEdge, pos, reciprocal: bool):
    (x0, y0), (x1, y1) = pos[edge.source], pos[edge.target]
    dx, dy = x1 - x0, y1 - y0
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    ox, oy = (uy * _OFFSET, -ux * _OFFSET) if reciprocal else (0.0, 0.0)
    sx, sy = x0 + ux * _NODE_R + ox, y0 + uy * _NODE_R + oy
    tx, ty = x1 - ux * (_NODE_R + 0.02) + ox, y1 - uy * (_NODE_R + 0.02) + oy
    back = min(0.12, length / 4)
    return (
        (round(sx, 5), round(sy, 5)),
        (round(tx, 5), round(ty, 5)),
        (round(tx - ux * back, 5), round(ty - uy * back, 5)),
    )


def signal_network(
    cells: Sequence[content.Cell] | None = None, selected: str | None = None, *, height: int = 680
) -> go.Figure:
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
        fig.add_trace(
            go.Scatter(
                x=[sx, tx],
                y=[sy, ty],
                mode="lines",
                meta=f"edge:{e.key}",
                showlegend=False,
                hoverinfo="skip",
                line=dict(color=theme.LINE_GREY, width=1.2, dash="solid" if e.kind == "signal" else "dot"),
            )
        )
        annotations.append(
            dict(
                x=tx,
                y=ty,
                ax=bx,
                ay=by,
                xref="x",
                yref="y",
                axref="x",
                ayref="y",
                text="",
                showarrow=True,
                arrowhead=2,
                arrowsize=1.3,
                arrowwidth=1.2,
                arrowcolor=theme.LINE_GREY,
                name=f"head:{e.key}",
            )
        )
        mx, my = (sx + tx) / 2, (sy + ty) / 2
        annotations.append(
            dict(
                x=round(mx, 5),
                y=round(my, 5),
                xref="x",
                yref="y",
                text="",
                showarrow=False,
                visible=False,
                bgcolor="rgba(255,255,255,0.92)",
                bordercolor="#333333",
                borderwidth=1,
                borderpad=2,
                font=dict(size=11),
                name=f"label:{e.key}",
            )
        )
    by_id = {c.id: c for c in cells}
    for cid, (x, y) in pos.items():
        c = by_id[cid]
        style = theme.cell_style(cid)
        outgoing = [f"→ {by_id[e.target].short_name}: {e.short(40)}" for e in edges if e.source == cid]
        incoming = [f"← {by_id[e.source].short_name}: {e.short(40)}" for e in edges if e.target == cid]
        hover = "<br>".join(escape(t) for t in outgoing + incoming)
        fig.add_trace(
            go.Scatter(
                x=[x],
                y=[y],
                mode="markers+text",
                meta=f"node:{cid}",
                name=c.name,
                showlegend=False,
                text=[wrap(c.short_name, 12)],
                textfont=dict(size=13),
                textposition=(
                    "bottom center"
                    if (x, y) == (0.0, 0.0)
                    else "middle right"
                    if x > 0.35
                    else "middle left"
                    if x < -0.35
                    else "top center"
                    if y > 0
                    else "bottom center"
                ),
                marker=dict(size=26, color=style.color, symbol=style.symbol, line=dict(width=1.5, color="#333333")),
                hovertemplate=f"<b>{escape(c.name)}</b><br>{hover}<extra></extra>",
                customdata=[cid],
            )
        )
    for name, dash, width in (
        ("sends a signal (solid, thick)", "solid", 4),
        ("receives a signal (dashed, thick)", "dash", 4),
        ("makes a molecule (dotted)", "dot", 2),
    ):
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="lines",
                name=name,
                hoverinfo="skip",
                line=dict(color="#333333", width=width, dash=dash),
            )
        )
    fig.update_layout(
        template=theme.TEMPLATE_NAME,
        height=height,
        title=dict(text="Who signals whom"),
        annotations=annotations,
        xaxis=dict(visible=False, range=[-1.6, 1.6], fixedrange=True),
        yaxis=dict(visible=False, range=[-1.25, 1.25], fixedrange=True, scaleanchor="x", scaleratio=1),
        margin=dict(l=10, r=10, t=50, b=10),
        hovermode="closest",
        clickmode="event",
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
        lines = {
            meta[5:]: (tuple(fig.data[i].x), tuple(fig.data[i].y)) for i, meta in traces if meta.startswith("edge:")
        }
        notes = [(j, a.name or "") for j, a in enumerate(fig.layout.annotations)]
        plan = {
            "traces": traces,
            "lines": lines,
            "annotations": [(j, name) for j, name in notes if name.startswith(("head:", "label:"))],
        }
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
    _check_selected(nodes, selected)
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
            dash = "dot" if e.kind == "makes" else ("dash" if direction == "in" else "solid")
            traces[index] = {
                "line.dash": dash,
                "line.width": 4 if hit else 1.2,
                "line.color": theme.HIGHLIGHT if hit else theme.LINE_GREY,
                "opacity": 1.0 if hit or selected is None else 0.35,
            }
        elif meta.startswith("node:"):
            nid = meta[5:]
            is_sel = nid == selected
            traces[index] = {
                "marker.size": 38 if is_sel else 26,
                "marker.line.width": 4 if is_sel else (2.5 if nid in partners and selected else 1.5),
                "marker.line.color": theme.HIGHLIGHT if nid in partners else "#333333",
                "opacity": 1.0 if selected is None or nid in partners else theme.FADED,
                "textfont.size": 15 if is_sel else 13,
            }
    edge_by_key = {e.key: e for e in edges}
    labels: dict[int, dict] = {}
    for index, name in plan["annotations"]:
        key = name.split(":", 1)[1]
        e = edge_by_key[key]
        n, direction = numbers.get(e.key + e.kind, (0, ""))
        hit = bool(direction)
        if name.startswith("head:"):
            labels[index] = {
                "arrowwidth": 3 if hit else 1.2,
                "arrowcolor": theme.HIGHLIGHT if hit else theme.LINE_GREY,
                "opacity": 1.0 if hit or selected is None else 0.35,
            }
            continue
        labels[index] = {"visible": hit, "text": f"{n} {escape(e.short(18))}" if hit else ""}
        if hit:
            # Labels sit part-way from the chosen cell towards its partner (sent: half-way; received:
            # three quarters) and shift up or down, so that the two labels of a reciprocal pair do not collide.
            (sx, tx), (sy, ty) = plan["lines"][key]
            t = 0.5 if direction == "out" else 0.25
            labels[index].update(
                x=round(sx + t * (tx - sx), 5), y=round(sy + t * (ty - sy), 5), yshift=9 if direction == "out" else -9
            )
    apply_changes(fig, traces=traces, annotations=labels)
    title = "Who signals whom"
    if selected:
        name = next(c.name for c in cells if c.id == selected)
        n_out = sum(1 for _, _, d in _numbered(edges, selected) if d == "out")
        n_in = sum(1 for _, _, d in _numbered(edges, selected) if d == "in")
        title = f"Who signals whom: {name} sends {n_out} and receives {n_in}"
    fig.layout.title.text = title
    return fig


def _check_selected(nodes, selected: str | None) -> None:
    """An :class:`~immunolib.figures.words.UnknownId` unless ``selected`` is ``None`` or a node of the network."""
    if selected is not None and selected not in nodes:
        raise UnknownId(f"{selected!r} has no arrows in this network; choose one of {', '.join(sorted(nodes))}")


def describe_signals(cells: Sequence[content.Cell] | None = None, selected: str | None = None) -> str:
    """The text alternative of :func:`signal_network`."""
    cells = list(cells if cells is not None else content.cells())
    edges = signal_edges(cells)
    pos = network_layout(cells, edges)
    names = {c.id: c.name for c in cells}
    n_sig = sum(1 for e in edges if e.kind == "signal")
    n_make = len(edges) - n_sig
    _check_selected(pos, selected)
    hub = next(iter(pos), None)
    text = (
        f"A network of {len(pos)} cells and molecules joined by {n_sig} signalling arrows and {n_make} "
        f"arrows from cells to the molecules they make"
        + (f", with {lower_first(names[hub])} in the centre" if hub else "")
        + "."
    )
    if selected:
        rows = _numbered(edges, selected)
        outs = [
            f"{names[e.target]} ({e.short(40) if e.kind == 'signal' else 'makes it'})" for _, e, d in rows if d == "out"
        ]
        ins = [
            f"{names[e.source]} ({e.short(40) if e.kind == 'signal' else 'made by it'})"
            for _, e, d in rows
            if d == "in"
        ]
        text += f" Highlighted: {names[selected]}."
        text += f" It sends to: {'; '.join(outs)}." if outs else " It sends no signal in this network."
        text += f" It receives from: {'; '.join(ins)}." if ins else " It receives no signal in this network."
    return text


def signal_list_html(cells: Sequence[content.Cell] | None = None, selected: str | None = None) -> str:
    """The numbered arrows of ``selected`` with their full signal text, as escaped HTML."""
    cells = list(cells if cells is not None else content.cells())
    if not selected:
        return (
            "<p style='margin:4px 0'>Choose a cell to see, numbered as in the diagram, every signal it "
            "sends and receives.</p>"
        )
    edges = signal_edges(cells)
    _check_selected({e.source for e in edges} | {e.target for e in edges}, selected)
    names = {c.id: c.name for c in cells}
    rows = _numbered(edges, selected)

    def item(n, e, d):
        other = names[e.target] if d == "out" else names[e.source]
        arrow = "→ to" if d == "out" else "← from"
        style = (
            "solid arrow"
            if d == "out" and e.kind == "signal"
            else ("dashed arrow" if e.kind == "signal" else "dotted arrow")
        )
        return f"<li value='{n}'><strong>{arrow} {escape(other)}</strong> <em>({style})</em>: {escape(e.via)}</li>"

    outs = "".join(item(n, e, d) for n, e, d in rows if d == "out")
    ins = "".join(item(n, e, d) for n, e, d in rows if d == "in")
    parts = [f"<h4 style='margin:6px 0 2px 0'>{escape(names[selected])}</h4>"]
    parts.append(
        f"<p style='margin:2px 0'><strong>Sends</strong></p><ol style='margin:0'>{outs}</ol>"
        if outs
        else "<p style='margin:2px 0'><strong>Sends:</strong> nothing in this network.</p>"
    )
    parts.append(
        f"<p style='margin:2px 0'><strong>Receives</strong></p><ol style='margin:0'>{ins}</ol>"
        if ins
        else "<p style='margin:2px 0'><strong>Receives:</strong> nothing in this network.</p>"
    )
    return f"<div class='immunolib-signals' style='max-width:900px;line-height:1.4'>{''.join(parts)}</div>"
