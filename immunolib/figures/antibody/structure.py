"""The antibody diagram: one antibody class drawn domain by domain, with one part highlighted.

:func:`antibody_diagram` draws IgG as one Y, IgM as a pentamer, IgA as a secretory dimer, IgE and IgD as single
units. Heavy chains are blue and solid, light chains orange and hatched, variable domains have a dotted outline,
and every domain carries its name (VH, CH1, VL...), so colour is never the only cue. What each part and class
*is* comes from ``data/antibody_parts.yaml`` and ``data/isotypes.yaml``; only drawing coordinates live here.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import plotly.graph_objects as go

from immunolib import content, theme
from immunolib.figures.antibody.common import HEAVY, JCHAIN, LIGHT, SECRETORY, SITE
from immunolib.figures.antibody.geometry import (
    DOMAIN_TRACES,
    _draw,
    _esc,
    _layout_labels,
)
from immunolib.figures.html import CARD_WORDS, card, data_table, lead

__all__ = [
    "PART_DOMAINS",
    "DOMAIN_TRACES",
    "antibody_diagram",
    "show_antibody",
    "describe_antibody",
    "isotype_table",
    "part_card",
]

_HEAVY_DOMAINS = ("VH", "CH1", "hinge", "CH2", "CH3", "CH4")
_LIGHT_DOMAINS = ("VL", "CL")

#: Which traces light up for each part id of ``data/antibody_parts.yaml``.
PART_DOMAINS = {
    "whole_antibody": DOMAIN_TRACES,
    "heavy_chains": _HEAVY_DOMAINS,
    "light_chains": _LIGHT_DOMAINS,
    "variable_regions": ("VH", "VL"),
    "constant_regions": ("CH1", "CH2", "CH3", "CH4", "CL"),
    "antigen_binding_sites": ("sites",),
    "fab_arms": ("VH", "CH1", "VL", "CL"),
    "hinge": ("hinge",),
    "fc_region": ("CH2", "CH3", "CH4"),
    "disulfide_bonds": ("disulfide",),
}

_TRACE_STYLE = {
    "VH": dict(color=HEAVY, pattern=None, dash="dot"),
    "CH1": dict(color=HEAVY, pattern=None, dash="solid"),
    "CH2": dict(color=HEAVY, pattern=None, dash="solid"),
    "CH3": dict(color=HEAVY, pattern=None, dash="solid"),
    "CH4": dict(color=HEAVY, pattern=None, dash="solid"),
    "VL": dict(color=LIGHT, pattern="/", dash="dot"),
    "CL": dict(color=LIGHT, pattern="/", dash="solid"),
    "j_chain": dict(color=JCHAIN, pattern="x", dash="solid"),
    "secretory_component": dict(color=SECRETORY, pattern=".", dash="solid"),
}
_TRACE_NAMES = {
    "VH": "heavy chain, variable domain (VH)",
    "CH1": "heavy chain, constant domain CH1",
    "hinge": "hinge",
    "CH2": "heavy chain, constant domain CH2",
    "CH3": "heavy chain, constant domain CH3",
    "CH4": "heavy chain, constant domain CH4",
    "VL": "light chain, variable domain (VL)",
    "CL": "light chain, constant domain (CL)",
    "j_chain": "J chain",
    "secretory_component": "secretory component",
    "disulfide": "disulfide bonds (S–S)",
    "sites": "antigen-binding sites",
    "labels": "domain names",
}


def _records(isotype, part):
    data = content.load()
    iso = data.record("isotypes", isotype) if isinstance(isotype, str) else isotype
    p = data.record("antibody_parts", part) if isinstance(part, str) else part
    return iso, p


def _check(isotype: str, part: str) -> None:
    data = content.load()
    isos = [r.id for r in data.collection("isotypes")]
    parts = [r.id for r in data.collection("antibody_parts")]
    if isotype not in isos:
        raise ValueError(f"isotype must be one of {', '.join(isos)}; got {isotype!r}")
    if part not in parts:
        raise ValueError(f"part must be one of {', '.join(parts)}; got {part!r}")


def antibody_diagram(isotype: str = "igg", part: str = "whole_antibody") -> go.Figure:
    """A labelled diagram of one antibody class with one part highlighted.

    Parameters
    ----------
    isotype : str
        An id of ``data/isotypes.yaml`` (``"igg"``, ``"igm"``, ``"iga"``, ``"ige"``, ``"igd"``).
    part : str
        An id of ``data/antibody_parts.yaml`` (``"whole_antibody"`` highlights nothing in particular).

    Returns
    -------
    plotly.graph_objects.Figure
        One trace per kind of domain (``trace.meta`` is its name in :data:`DOMAIN_TRACES`), the same traces for
        every class, so :func:`show_antibody` can switch class and part in place.

    Example
    -------
    >>> fig = antibody_diagram("igg", "fc_region")
    >>> [t.meta for t in fig.data][:3]
    ['VH', 'CH1', 'hinge']
    """
    _check(isotype, part)
    fig = go.Figure()
    for name in DOMAIN_TRACES:
        style = _TRACE_STYLE.get(name)
        if style:
            pattern = (
                dict(
                    shape=style["pattern"],
                    fgcolor="#333333",
                    bgcolor=style["color"],
                    fgopacity=0.55,
                    solidity=0.3,
                    fillmode="overlay",
                )
                if style["pattern"]
                else None
            )
            fig.add_trace(
                go.Scatter(
                    x=[],
                    y=[],
                    mode="lines",
                    fill="toself",
                    fillcolor=style["color"],
                    fillpattern=pattern,
                    line=dict(color="#222222", width=1.2, dash=style["dash"]),
                    name=_TRACE_NAMES[name],
                    meta=name,
                    hoverinfo="name",
                    showlegend=False,
                )
            )
        elif name == "hinge":
            fig.add_trace(
                go.Scatter(
                    x=[],
                    y=[],
                    mode="lines",
                    line=dict(color=HEAVY, width=7),
                    name=_TRACE_NAMES[name],
                    meta=name,
                    hoverinfo="name",
                    showlegend=False,
                )
            )
        elif name == "disulfide":
            fig.add_trace(
                go.Scatter(
                    x=[],
                    y=[],
                    mode="lines",
                    line=dict(color="#000000", width=3),
                    name=_TRACE_NAMES[name],
                    meta=name,
                    hoverinfo="name",
                    showlegend=False,
                )
            )
        elif name == "sites":
            fig.add_trace(
                go.Scatter(
                    x=[],
                    y=[],
                    mode="markers",
                    name=_TRACE_NAMES[name],
                    meta=name,
                    marker=dict(symbol="star", size=20, color=SITE, line=dict(color="#000000", width=1.5)),
                    hoverinfo="name",
                    showlegend=False,
                )
            )
        else:
            fig.add_trace(
                go.Scatter(
                    x=[],
                    y=[],
                    mode="text",
                    name=_TRACE_NAMES[name],
                    meta=name,
                    hoverinfo="skip",
                    textfont=dict(size=12),
                    showlegend=False,
                )
            )
    # Labels are at most ~150 px wide (two or three short lines) and the x range leaves that much room beside
    # the drawing at the narrowest notebook (592 px: a 1024 px window with the file browser open); the key
    # sits in the bottom margin on three short lines.
    fig.update_layout(
        template=theme.TEMPLATE_NAME,
        height=510,
        margin=dict(l=10, r=10, t=60, b=60),
        xaxis=dict(visible=False, range=[-8.0, 8.0], fixedrange=True),
        yaxis=dict(visible=False, range=[-3.9, 3.3], fixedrange=True, scaleanchor="x", scaleratio=1),
        hovermode="closest",
        dragmode=False,
    )
    return show_antibody(fig, isotype, part)


def show_antibody(fig, isotype: str, part: str):
    """Redraw ``fig`` (from :func:`antibody_diagram`) for another class and highlighted part, in place.

    Works on a ``go.Figure`` and on a ``go.FigureWidget`` (call it inside ``fig.batch_update()``). Returns the figure.
    """
    _check(isotype, part)
    iso, p = _records(isotype, part)
    drawing = _draw(iso)
    lit = set(PART_DOMAINS.get(p.id, DOMAIN_TRACES))
    everything = p.id == "whole_antibody" or p.id not in PART_DOMAINS
    dark = {"VH", "CH1", "CH2", "CH3", "CH4", "j_chain"}
    for trace in fig.data:
        name = trace.meta
        on = everything or name in lit
        if name == "labels":
            xs = [t[0] for t in drawing.text]
            ys = [t[1] for t in drawing.text]
            trace.x, trace.y = xs, ys
            trace.text = [t[2] for t in drawing.text]
            trace.textfont.color = ["#FFFFFF" if t[3] in dark else "#000000" for t in drawing.text]
            trace.opacity = 1.0
            continue
        xs, ys = drawing.xy[name]
        trace.x, trace.y = xs, ys
        trace.opacity = 1.0 if on else 0.22
        if name == "sites":
            trace.marker.size = 28 if (on and not everything) else 20
            trace.marker.line.width = 3 if (on and not everything) else 1.5
        elif name in ("hinge",):
            trace.line.width = 11 if (on and not everything) else 7
        elif name == "disulfide":
            trace.line.width = 5 if (on and not everything) else 3
        else:
            trace.line.width = 3.5 if (on and not everything) else 1.2
            trace.line.color = "#000000" if (on and not everything) else "#222222"
    notes = []
    for pid, text, anchor, pos in _layout_labels(iso, drawing):
        sel = pid == p.id
        notes.append(
            dict(
                x=anchor[0],
                y=anchor[1],
                ax=pos[0],
                ay=pos[1],
                axref="x",
                ayref="y",
                xref="x",
                yref="y",
                text=f"<b>{_esc(text)}</b>" if sel else _esc(text),
                showarrow=True,
                arrowhead=2,
                arrowwidth=2.5 if sel else 1.2,
                arrowcolor="#000000" if sel else "#666666",
                font=dict(size=15 if sel else 13, color="#000000" if sel else "#444444"),
                bgcolor="rgba(255,255,255,0.9)",
                bordercolor="#000000" if sel else "rgba(0,0,0,0)",
                borderwidth=2 if sel else 0,
                borderpad=3,
                name=pid,
                xanchor="right" if pos[0] < 0 else "left",
            )
        )
    notes.append(
        dict(
            x=0.0,
            y=0.0,
            xref="paper",
            yref="paper",
            showarrow=False,
            xanchor="left",
            yanchor="top",
            align="left",
            font=dict(size=12, color="#444444"),
            name="key",
            text="Key: heavy chains blue, solid · light chains orange, hatched<br>variable domains dotted "
            "outline · ★ antigen-binding site<br>black bars: disulfide bonds",
        )
    )
    fig.layout.annotations = notes
    fig.layout.title.text = (
        f"{escape(iso.name)}: {escape(iso.drawn_as)}<br><sup>Highlighted: {escape(p.short_name)}</sup>"
    )
    return fig


def _first_sentence(text: str) -> str:
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


def describe_antibody(isotype: str = "igg", part: str = "whole_antibody") -> str:
    """The text alternative of :func:`antibody_diagram`: what is drawn and what is highlighted, in words."""
    _check(isotype, part)
    iso, p = _records(isotype, part)
    units = {1: "one Y-shaped unit", 2: "two Y-shaped units", 5: "five Y-shaped units"}[iso.units]
    extras = []
    if iso.j_chain:
        extras.append("a J chain")
    if iso.secretory_component:
        extras.append("a secretory component")
    extra = f", {' and '.join(extras)}" if extras else ""
    text = (
        f"A labelled diagram of {iso.name} drawn as {units}{extra}: each unit has two heavy chains (blue, "
        f"solid) with {iso.constant_domains} constant domains and two light chains (orange, hatched); "
        f"{iso.binding_sites} antigen-binding sites (stars) sit at the tips of the arms."
    )
    if p.id == "whole_antibody":
        return text + " " + _first_sentence(p.what_it_does)
    missing = p.id == "hinge" and iso.hinge == "none"
    if missing:
        return (
            text + f" Highlighted: the hinge, which {iso.name} does not have; an extra constant domain (CH2) "
            f"takes its place."
        )
    return text + f" Highlighted part: {p.short_name}. {_first_sentence(p.what_it_does)}"


def isotype_table(isotypes: Sequence | None = None) -> str:
    """An HTML table of the antibody classes: heavy chain, form, where found, what for (all text escaped)."""
    isotypes = list(isotypes if isotypes is not None else content.collection("isotypes"))
    rows = [
        f"<tr><th scope='row' style='text-align:left;vertical-align:top'>{escape(i.name)}</th>"
        f"<td style='text-align:left;vertical-align:top'>{escape(i.heavy_chain)}</td>"
        f"<td style='text-align:left;vertical-align:top'>{escape(i.form)}</td>"
        f"<td style='text-align:left;vertical-align:top'>{escape(i.where)}</td>"
        f"<td style='text-align:left;vertical-align:top'>{escape(i.what_for)}</td></tr>"
        for i in isotypes
    ]
    head = "<th scope='col'>Class</th>" + "".join(
        f"<th scope='col' style='text-align:left'>{h}</th>" for h in ("Heavy chain", "Form", "Where", "What for")
    )
    return data_table(head, rows, caption="The five classes of antibody (isotypes)")


def part_card(part, isotype) -> str:
    """HTML: what the highlighted part is and does, and what is special about the class shown (escaped)."""
    # One click shows what the part is and (within the card budget) what it does; the rest is behind "More".
    budget = CARD_WORDS - len(part.name.split()) - len(part.what_it_is.split()) - 8
    does, does_rest = lead(part.what_it_does, budget, keep_first=False)
    body = f"<p style='margin:0 0 4px 0'><strong>What it is:</strong> {escape(part.what_it_is)}</p>" + (
        f"<p style='margin:0 0 8px 0'><strong>What it does:</strong> {escape(does)}</p>" if does else ""
    )
    more = (
        (
            f"<p style='margin:0 0 8px 0'><strong>What it does{' too' if does else ''}:</strong> "
            f"{escape(does_rest)}</p>"
            if does_rest
            else ""
        )
        + f"<p style='margin:0 0 4px 0'><strong>{escape(isotype.name)}</strong> (heavy chain "
        f"{escape(isotype.heavy_chain)}): {escape(isotype.form)}. <em>Where:</em> {escape(isotype.where)}. "
        f"<em>What for:</em> {escape(isotype.what_for)} <em>Structure:</em> {escape(isotype.structure)}</p>"
    )
    return card(part.name, body, color=HEAVY, sources=content.cite(part, isotype), more=more)
