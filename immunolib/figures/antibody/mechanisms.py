"""The mechanism diagram: how an antibody medicine acts on a cancer, one way at a time, with numbered steps.

:func:`mechanism_diagram` draws one mechanism (blocking a receptor, ADCC, ADCP, complement, drug conjugate,
checkpoint blockade, T-cell engager) for one medicine; the numbered steps match those of
``data/antibody_mechanisms.yaml``, and the medicines come from ``data/antibody_drugs.yaml``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

import plotly.graph_objects as go

from immunolib import content, theme
from immunolib.figures.antibody.common import ABBREVIATIONS, HEAVY, ellipse
from immunolib.figures.antibody.scenes import _SCENES, MECHANISM_TRACES, _Scene
from immunolib.figures.html import CARD_WORDS, card, data_table
from immunolib.figures.words import lower_first

__all__ = [
    "MECHANISM_TRACES",
    "mechanism_diagram",
    "show_mechanism",
    "describe_mechanism",
    "drug_table",
    "drugs_for",
    "mechanism_card",
]

_TARGET_COLOR = "#444444"
_RECEPTOR_COLOR = theme.OKABE_ITO["bluish_green"]


def drugs_for(mechanism: str) -> tuple:
    """The medicines of ``data/antibody_drugs.yaml`` that use a mechanism (main mechanism first, then others)."""
    drugs = content.collection("antibody_drugs")
    main = [d for d in drugs if d.mechanisms[0] == mechanism]
    other = [d for d in drugs if mechanism in d.mechanisms[1:]]
    return tuple(main + other)


def _mech_records(mechanism: str, drug: str | None):
    data = content.load()
    known = [m.id for m in data.collection("antibody_mechanisms")]
    if mechanism not in known:
        raise ValueError(f"mechanism must be one of {', '.join(known)}; got {mechanism!r}")
    m = data.record("antibody_mechanisms", mechanism)
    options = drugs_for(mechanism)
    if not options:
        raise ValueError(f"no medicine in antibody_drugs.yaml uses the mechanism {mechanism!r}")
    if drug is None:
        return m, options[0]
    ids = [d.id for d in options]
    if drug not in ids:
        raise ValueError(f"drug must be one of {', '.join(ids)} for the mechanism {mechanism!r}; got {drug!r}")
    return m, data.record("antibody_drugs", drug)


def _blob(cx, cy, r, wobble, n=60):
    xs, ys = [], []
    for k in range(n + 1):
        t = 2 * math.pi * k / n
        rr = r * (1 + wobble * math.sin(5 * t) + wobble * 0.6 * math.cos(3 * t))
        xs.append(round(cx + rr * math.cos(t), 4))
        ys.append(round(cy + 0.8 * rr * math.sin(t), 4))
    return xs, ys


def mechanism_diagram(mechanism: str = "adcc", drug: str | None = None) -> go.Figure:
    """A schematic of one way an antibody medicine acts on a cancer, with numbered steps.

    Parameters
    ----------
    mechanism : str
        An id of ``data/antibody_mechanisms.yaml``.
    drug : str, optional
        An id of ``data/antibody_drugs.yaml`` that uses this mechanism (default: the first one); its target names
        the molecules in the drawing.

    Returns
    -------
    plotly.graph_objects.Figure
        Six traces (:data:`MECHANISM_TRACES`, names in ``trace.meta``), the same for every mechanism, so
        :func:`show_mechanism` can redraw in place.

    Example
    -------
    >>> fig = mechanism_diagram("adcc", "rituximab")
    >>> "CD20" in [a.text for a in fig.layout.annotations]
    True
    """
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="lines",
            fill="toself",
            fillcolor="#EFEFEF",
            name="cancer cell",
            meta="target_cell",
            line=dict(color="#555555", width=2.5),
            hoverinfo="name",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="lines",
            fill="toself",
            name="immune cell",
            meta="immune_cell",
            line=dict(width=3),
            hoverinfo="name",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="lines",
            name="target molecule",
            meta="targets",
            line=dict(color=_TARGET_COLOR, width=4),
            hoverinfo="name",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="lines",
            name="receptor on the immune cell",
            meta="partner_receptors",
            line=dict(color=_RECEPTOR_COLOR, width=4),
            hoverinfo="name",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="lines",
            name="antibody",
            meta="antibodies",
            line=dict(color=HEAVY, width=5),
            hoverinfo="name",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="markers",
            name="molecules",
            meta="molecules",
            hoverinfo="text",
            marker=dict(line=dict(color="#000000", width=1)),
        )
    )
    fig.update_traces(showlegend=False)
    fig.update_layout(
        template=theme.TEMPLATE_NAME,
        height=500,
        margin=dict(l=10, r=10, t=70, b=10),
        xaxis=dict(visible=False, range=[-0.4, 10.4], fixedrange=True),
        yaxis=dict(visible=False, range=[-2.2, 7.0], fixedrange=True),
        hovermode="closest",
        dragmode=False,
    )
    return show_mechanism(fig, mechanism, drug)


def show_mechanism(fig, mechanism: str, drug: str | None = None):
    """Redraw ``fig`` (from :func:`mechanism_diagram`) for another mechanism or medicine, in place. Returns it."""
    m, d = _mech_records(mechanism, drug)
    scene = _Scene()
    draw = _SCENES.get(m.id)
    if draw is None:
        raise ValueError(
            f"no drawing for the mechanism {m.id!r} of antibody_mechanisms.yaml; drawn mechanisms: {', '.join(_SCENES)}"
        )
    draw(scene, d)
    by = {t.meta: t for t in fig.data}
    cx, cy = ellipse(5.0, -6.0, 7.5, 7.0, n=120)
    cx, cy = list(cx), list(cy)
    for ix, iy in scene.inner:
        cx += [None] + list(ix)
        cy += [None] + list(iy)
    cx = [None if v is None else round(v, 4) for v in cx]
    cy = [None if v is None else round(v, 4) for v in cy]
    by["target_cell"].x, by["target_cell"].y = cx, cy
    immune = by["immune_cell"]
    if scene.top_shape:
        if scene.top_shape == "blob":
            xs, ys = _blob(5.2, 5.0, 2.35, 0.06)
        else:
            wide = m.id in ("checkpoint_blockade", "t_cell_engager")
            xs, ys = ellipse(5.0, 3.95, 3.2, 1.4, n=32) if wide else ellipse(5.0, 4.35, 2.0, 1.2, n=32)
        immune.x, immune.y = xs, ys
        immune.line.color = scene.top_color
        immune.fillcolor = _rgba(scene.top_color, 0.22)
        immune.name = scene.top_label
    else:
        immune.x, immune.y = [], []
        immune.name = "no immune cell"
    for key in ("targets", "partner_receptors", "antibodies"):
        by[key].x, by[key].y = scene.lines[key]
    marks = by["molecules"]
    marks.x = [mk[0] for mk in scene.marks]
    marks.y = [mk[1] for mk in scene.marks]
    marks.marker.symbol = [mk[2] for mk in scene.marks]
    marks.marker.color = [mk[3] for mk in scene.marks]
    marks.marker.size = [mk[4] for mk in scene.marks]
    marks.marker.line.width = [2 if mk[2].endswith("open") or mk[2] == "x" else 1 for mk in scene.marks]
    marks.marker.line.color = [mk[3] if mk[2].endswith("open") else "#000000" for mk in scene.marks]
    marks.hovertext = [mk[5] for mk in scene.marks]
    notes = list(scene.notes)
    notes.append(
        dict(
            x=0.2,
            y=-1.9,
            text=f"<b>{escape(scene.bottom_label)}</b>",
            showarrow=False,
            xanchor="left",
            font=dict(size=14),
            name="bottom_cell",
        )
    )
    if scene.top_label:
        notes.append(
            dict(
                x=5.0,
                y=6.55,
                text=f"<b>{escape(scene.top_label)}</b>",
                showarrow=False,
                font=dict(size=14),
                name="top_cell",
            )
        )
    fig.layout.annotations = notes
    fig.layout.title.text = (
        f"{escape(m.name)}<br><sup>Example: {escape(d.name)} ({escape(d.brand)}), "
        f"against {escape(d.target)}. Numbers match the steps below.</sup>"
    )
    return fig


def _rgba(hex_color: str, alpha: float) -> str:
    h = hex_color.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def describe_mechanism(mechanism: str = "adcc", drug: str | None = None) -> str:
    """The text alternative of :func:`mechanism_diagram`, in one or two sentences."""
    m, d = _mech_records(mechanism, drug)
    binds = {
        "cancer_cell": f"{d.target} on the cancer cell",
        "immune_cell": f"{d.target} on an immune cell, not the cancer cell",
        "both": f"{d.target}, on the cancer cell and a T cell at once",
    }[m.binds]
    return (
        f"A diagram of {lower_first(m.name, keep=ABBREVIATIONS)}, with {d.name} as the example: the antibody binds "
        f"{binds}; the damage is done by {m.who_kills}. Numbered boxes 1 to {len(m.steps)} match the steps "
        "listed below it."
    )


def mechanism_card(mechanism: str, drug: str | None = None) -> str:
    """HTML beside the mechanism diagram: the steps, the limits, and the medicine (all data text escaped)."""
    m, d = _mech_records(mechanism, drug)
    # The numbered steps match the numbers in the diagram; those that fit one click are shown, the rest
    # continue (with their numbers) behind "More".
    budget, used, shown = CARD_WORDS - len(m.name.split()), 0, 0
    for step in m.steps:
        if shown and used + len(step.split()) > budget:
            break
        used += len(step.split())
        shown += 1
    steps = "".join(f"<li>{escape(s)}</li>" for s in m.steps[:shown])
    later = "".join(f"<li>{escape(s)}</li>" for s in m.steps[shown:])
    year = f"; first approved by the US FDA in {d.fda_first_approval}" if d.get("fda_first_approval") else ""
    others = [x for x in drugs_for(m.id) if x.id != d.id]
    also = (
        (
            f"<p style='margin:4px 0'><strong>Other medicines that act this way:</strong> "
            f"{escape(', '.join(x.name for x in others))}</p>"
        )
        if others
        else ""
    )
    # One click shows the numbered steps (they match the numbers in the diagram); the rest is behind "More".
    body = f"<ol style='margin:0 0 6px 0'>{steps}</ol>"
    more = (
        (f"<ol start='{shown + 1}' style='margin:0 0 6px 0'>{later}</ol>" if later else "")
        + f"<p style='margin:0 0 6px 0'><em>{escape(m.summary)}</em></p>"
        f"<p style='margin:4px 0'><strong>Who does the damage:</strong> {escape(m.who_kills)}.</p>"
        f"<p style='margin:4px 0'><strong>Limits:</strong> {escape(m.limits)}</p>"
        f"<p style='margin:4px 0'><strong>The example, {escape(d.name)} ({escape(d.brand)}):</strong> "
        f"{escape(d.format)} against {escape(d.target)}, on {escape(d.target_on)}{escape(year)}. Used for "
        f"{escape('; '.join(d.cancers))}. {escape(d.note)}</p>{also}"
    )
    return card(m.name, body, color=HEAVY, sources=content.cite(m, d), label=m.short_name, more=more)


def drug_table(drugs: Sequence | None = None) -> str:
    """An HTML table of antibody medicines: target, format, how it works, cancers, first FDA approval."""
    data = content.load()
    drugs = list(drugs if drugs is not None else data.collection("antibody_drugs"))
    names = {m.id: m.short_name for m in data.collection("antibody_mechanisms")}
    rows = []
    for d in drugs:
        how = "; ".join(names.get(i, i) for i in d.mechanisms)
        year = str(d.fda_first_approval) if d.get("fda_first_approval") else "—"
        rows.append(
            f"<tr><th scope='row' style='text-align:left;vertical-align:top'>{escape(d.name)} "
            f"<span style='font-weight:normal'>({escape(d.brand)})</span></th>"
            f"<td style='text-align:left;vertical-align:top'>{escape(d.target)}</td>"
            f"<td style='text-align:left;vertical-align:top'>{escape(d.format)}</td>"
            f"<td style='text-align:left;vertical-align:top'>{escape(how)}</td>"
            f"<td style='text-align:left;vertical-align:top'>{escape('; '.join(d.cancers))}</td>"
            f"<td style='text-align:left;vertical-align:top'>{escape(year)}</td></tr>"
        )
    head = (
        "<th scope='col'>Medicine</th><th scope='col' style='text-align:left'>Target</th>"
        "<th scope='col' style='text-align:left'>Kind of molecule</th>"
        "<th scope='col' style='text-align:left'>How it works</th>"
        "<th scope='col' style='text-align:left'>Used for (examples)</th>"
        "<th scope='col' style='text-align:left'>First FDA approval</th>"
    )
    # width 100% and breakable words: six columns fit a 592 px notebook without scrolling sideways.
    return data_table(
        head,
        rows,
        caption="Antibody medicines against cancer (first FDA approval given where the cited sources state it)",
        style="width:100%;overflow-wrap:anywhere;font-size:0.92em",
    )
