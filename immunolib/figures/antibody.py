"""The antibody lesson's diagrams: a labelled antibody (IgG and the other classes) and how antibodies act on cancer.

Two figures, both drawn with plotly shapes made of scatter traces, so that an app can restyle them in place:

* :func:`antibody_diagram` draws one antibody class (IgG as one Y; IgM as a pentamer; IgA as a secretory dimer;
  IgE and IgD as single units) domain by domain and highlights one part (heavy chains, light chains, binding
  sites, Fc region, hinge...). Heavy chains are blue and solid, light chains orange and hatched, variable domains
  have a dotted outline, and every domain carries its name (VH, CH1, VL...), so colour is never the only cue.
* :func:`mechanism_diagram` draws one way a therapeutic antibody acts on a cancer (blocking a receptor, ADCC,
  ADCP, complement, drug conjugate, checkpoint blockade, T-cell engager) for one medicine, with numbered steps
  that match the steps in ``data/antibody_mechanisms.yaml``.

What each part, class, mechanism and medicine *is* comes from the course data (``antibody_parts``, ``isotypes``,
``antibody_mechanisms``, ``antibody_drugs``); only drawing coordinates live here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from html import escape
from typing import Sequence

import plotly.graph_objects as go

from immunolib import content, theme
from immunolib.figures import cards

__all__ = ["PART_DOMAINS", "DOMAIN_TRACES", "antibody_diagram", "show_antibody", "describe_antibody",
           "isotype_table", "MECHANISM_TRACES", "mechanism_diagram", "show_mechanism", "describe_mechanism",
           "drug_table", "drugs_for", "mechanism_card", "part_card"]

_O = theme.OKABE_ITO
HEAVY, LIGHT = _O["blue"], _O["orange"]
SITE, JCHAIN, SECRETORY = _O["bluish_green"], _O["reddish_purple"], _O["sky_blue"]

#: The traces of the antibody diagram, in drawing order (``trace.meta`` holds the name).
DOMAIN_TRACES = ("VH", "CH1", "hinge", "CH2", "CH3", "CH4", "VL", "CL", "j_chain", "secretory_component",
                 "disulfide", "sites", "labels")
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

_A, _B = 0.36, 0.46          # semi-axes of a domain (across, along the chain)
_STEM_X = 0.37               # the two heavy chains sit either side of the axis
_HINGE = {"none": 0.0, "short": 0.6, "long": 1.3}
_SQ2 = math.sqrt(0.5)


def _ellipse(cx: float, cy: float, a: float, b: float, angle: float = 0.0, n: int = 28):
    """Closed outline of an ellipse (semi-axis ``a`` across, ``b`` along the direction ``angle``, radians)."""
    ca, sa = math.cos(angle), math.sin(angle)
    xs, ys = [], []
    for k in range(n + 1):
        t = 2 * math.pi * k / n
        u, v = a * math.cos(t), b * math.sin(t)
        xs.append(round(cx + u * sa + v * ca, 4))
        ys.append(round(cy - u * ca + v * sa, 4))
    return xs, ys


@dataclass
class _Drawing:
    """Coordinates per trace, None-separated, plus named anchor points for labels."""
    xy: dict = field(default_factory=lambda: {name: ([], []) for name in DOMAIN_TRACES})
    text: list = field(default_factory=list)
    anchors: dict = field(default_factory=dict)
    all_anchors: list = field(default_factory=list)   # every unit's anchors, for labels of multi-unit forms

    def add(self, name, xs, ys):
        X, Y = self.xy[name]
        if X:
            X.append(None)
            Y.append(None)
        X.extend(xs)
        Y.extend(ys)


def _unit(isotype, labels: bool):
    """One Y-shaped unit in local coordinates: hinge top at the origin, arms up, stem down.

    Returns a list of (trace, kind, points, label) items and a dict of anchors, in local coordinates.
    """
    items, anchors = [], {}
    hinge = _HINGE[isotype.hinge]
    stem = ["CH2", "CH3"] if isotype.constant_domains == 3 else ["CH2", "CH3", "CH4"]
    y = -hinge
    for k, name in enumerate(stem):
        cy = y - 0.5 - k * 1.0
        for side in (-1, 1):
            items.append((name, "ellipse", (side * _STEM_X, cy, math.pi / 2), name))
        anchors[name] = (_STEM_X, cy)
    anchors["tail"] = (0.0, y - 0.5 - (len(stem) - 1) * 1.0 - _B)
    if hinge:
        for side in (-1, 1):
            items.append(("hinge", "line", ([side * _STEM_X] * 2, [-hinge, 0.0]), None))
        anchors["hinge"] = (_STEM_X, -hinge / 2)
        bonds_y = [-hinge * 0.3, -hinge * 0.65]
    else:
        bonds_y = [stem and (-0.5)]
    for by in bonds_y:
        items.append(("disulfide", "line", ([-_STEM_X + 0.05, _STEM_X - 0.05], [by, by]), None))
    anchors["hinge_bond"] = (-_STEM_X + 0.05, bonds_y[0])
    for side in (-1, 1):
        d = (side * _SQ2, _SQ2)              # along the arm
        n = (side * _SQ2, -_SQ2)             # outwards, where the light chain lies
        base = (side * _STEM_X, 0.0)
        ch1 = (base[0] + d[0] * 0.62, base[1] + d[1] * 0.62)
        vh = (base[0] + d[0] * 1.62, base[1] + d[1] * 1.62)
        cl = (ch1[0] + n[0] * 0.74, ch1[1] + n[1] * 0.74)
        vl = (vh[0] + n[0] * 0.74, vh[1] + n[1] * 0.74)
        ang = math.atan2(d[1], d[0])
        for name, c in (("CH1", ch1), ("VH", vh), ("CL", cl), ("VL", vl)):
            items.append((name, "ellipse", (c[0], c[1], ang), name))
        tip = ((vh[0] + vl[0]) / 2 + d[0] * 0.62, (vh[1] + vl[1]) / 2 + d[1] * 0.62)
        items.append(("sites", "point", tip, None))
        # the light chain's end is bonded to the heavy chain near the hinge
        cl_end = (cl[0] - d[0] * 0.5, cl[1] - d[1] * 0.5)
        items.append(("disulfide", "line", ([cl_end[0], base[0] + d[0] * 0.12 - n[0] * 0.05],
                                            [cl_end[1], base[1] + d[1] * 0.12 - n[1] * 0.05]), None))
        key = "L" if side < 0 else "R"
        anchors.update({f"CH1_{key}": ch1, f"VH_{key}": vh, f"CL_{key}": cl, f"VL_{key}": vl, f"site_{key}": tip,
                        f"fab_{key}": ((ch1[0] + cl[0]) / 2, (ch1[1] + cl[1]) / 2),
                        f"var_{key}": ((vh[0] + vl[0]) / 2, (vh[1] + vl[1]) / 2), f"ssl_{key}": cl_end})
    return items, anchors


def _place(point, k: int, n_units: int, scale: float, r0: float, tail_y: float):
    """Map a unit-local point to the figure: unit ``k`` of ``n_units`` arranged round the centre, stems inwards."""
    x, y = point
    if n_units == 1:
        return x, y
    theta = math.pi / 2 + 2 * math.pi * k / n_units if n_units > 2 else (0.0 if k == 0 else math.pi)
    u = (math.cos(theta), math.sin(theta))
    v = (math.sin(theta), -math.cos(theta))
    along = r0 + scale * (y - tail_y)
    return (round(u[0] * along + v[0] * scale * x, 4), round(u[1] * along + v[1] * scale * x, 4))


def _draw(isotype) -> _Drawing:
    n = isotype.units
    scale = {1: 1.0, 2: 0.62, 5: 0.5}[n]
    r0 = {1: 0.0, 2: 0.34, 5: 0.52}[n]
    items, anchors = _unit(isotype, labels=n == 1)
    tail_y = anchors["tail"][1]
    drawing = _Drawing()
    tails = []
    for k in range(n):
        def P(p, k=k):
            return _place(p, k, n, scale, r0, tail_y)
        for trace, kind, geo, label in items:
            if kind == "ellipse":
                cx, cy, ang = geo
                (px, py) = P((cx, cy))
                a, b = _A * scale, _B * scale
                if n > 1:   # rotate the domain with its unit
                    theta = math.pi / 2 + 2 * math.pi * k / n if n > 2 else (0.0 if k == 0 else math.pi)
                    ang = ang + theta - math.pi / 2
                xs, ys = _ellipse(px, py, a, b, ang)
                drawing.add(trace, xs, ys)
                if n == 1:
                    drawing.text.append((px, py, label, trace))
            elif kind == "line":
                pts = [P(p) for p in zip(*geo)]
                drawing.add(trace, [p[0] for p in pts], [p[1] for p in pts])
            else:
                px, py = P(geo)
                drawing.add("sites", [px], [py])
        tails.append(P((0.0, tail_y)))
        placed = {key: P(val) for key, val in anchors.items()}
        drawing.all_anchors.append(placed)
        if k == 0:
            drawing.anchors = placed
    if isotype.j_chain:
        xs, ys = _ellipse(0.0, 0.0, 0.17, 0.3, 0.0 if n == 2 else math.pi / 2)
        drawing.add("j_chain", xs, ys)
        drawing.text.append((0.0, 0.0, "J", "j_chain"))
        drawing.anchors["j_chain"] = (0.0, -0.2)
    if n > 1:   # bonds that join the units' tails
        for k in range(n if n > 2 else 1):
            a, b = tails[k], tails[(k + 1) % n]
            drawing.add("disulfide", [a[0], b[0]], [a[1], b[1]])
    if isotype.secretory_component:
        xs, ys = _ellipse(0.0, 0.52, 0.16, 1.45, 0.0)
        drawing.add("secretory_component", xs, ys)
        drawing.anchors["secretory_component"] = (1.2, 0.52)
    return drawing


def _esc(text: str) -> str:
    """Escape label text but keep its line breaks."""
    return "<br>".join(escape(part) for part in text.split("<br>"))


def _mirror(point):
    return (-point[0], point[1])


def _layout_labels(isotype, drawing: _Drawing) -> list[tuple[str, str, tuple, tuple]]:
    """(part id, text, anchor, label position) for every label of the drawing."""
    a = drawing.anchors
    if isotype.units == 1:
        left, right = -3.7, 3.7
        out = [("antigen_binding_sites", "Antigen-binding<br>site", a["site_L"], (left, 2.35)),
               ("constant_regions", "Constant region<br>(CH1)", a["CH1_L"], (left, 1.35)),
               ("light_chains", "Light chain", a["CL_L"], (left, 0.35)),
               ("disulfide_bonds", "Disulfide bonds<br>(S–S)", a["hinge_bond"], (left, -0.75)),
               ("heavy_chains", "Heavy chain", _mirror(a["CH3"] if isotype.constant_domains == 3 else a["CH4"]),
                (left, -2.6)),
               ("variable_regions", "Variable region<br>(VH + VL)", a["var_R"], (right, 2.35)),
               ("fab_arms", "Fab arm", a["fab_R"], (right, 0.85)),
               ("fc_region", "Fc region (stem)", a["CH3"], (right, -2.3))]
        if "hinge" in a:
            out.append(("hinge", "Hinge", a["hinge"], (right, -0.55)))
        else:
            out.append(("hinge", "No hinge: an extra<br>constant domain<br>(CH2)", a["CH2"], (right, -0.55)))
        return out
    left, right = -4.3, 4.3

    def near(keys, pos):
        pts = [u[k] for u in drawing.all_anchors for k in keys if k in u]
        return min(pts, key=lambda q: (q[0] - pos[0]) ** 2 + (q[1] - pos[1]) ** 2)

    spots = [("antigen_binding_sites", f"Antigen-binding<br>sites ({isotype.binding_sites} in all)",
              ("site_L", "site_R"), (left, 2.7)),
             ("light_chains", "Light chain", ("CL_L", "CL_R"), (left, 1.2)),
             ("heavy_chains", "Heavy chain", ("CH1_L", "CH1_R"), (right, 2.7)),
             ("fc_region", "Fc region of<br>one unit", ("CH3",), (right, 1.2)),
             ("disulfide_bonds", "Disulfide bonds<br>join the units", ("tail",), (left, -2.6))]
    out = [(pid, text, near(keys, pos), pos) for pid, text, keys, pos in spots]
    if isotype.j_chain:
        out.append(("j_chain", "J chain", a["j_chain"], (right, -1.9)))
    if isotype.secretory_component:
        out.append(("secretory_component", "Secretory<br>component", a["secretory_component"], (right, -3.0)))
    return out


_TRACE_STYLE = {
    "VH": dict(color=HEAVY, pattern=None, dash="dot"), "CH1": dict(color=HEAVY, pattern=None, dash="solid"),
    "CH2": dict(color=HEAVY, pattern=None, dash="solid"), "CH3": dict(color=HEAVY, pattern=None, dash="solid"),
    "CH4": dict(color=HEAVY, pattern=None, dash="solid"), "VL": dict(color=LIGHT, pattern="/", dash="dot"),
    "CL": dict(color=LIGHT, pattern="/", dash="solid"), "j_chain": dict(color=JCHAIN, pattern="x", dash="solid"),
    "secretory_component": dict(color=SECRETORY, pattern=".", dash="solid"),
}
_TRACE_NAMES = {
    "VH": "heavy chain, variable domain (VH)", "CH1": "heavy chain, constant domain CH1", "hinge": "hinge",
    "CH2": "heavy chain, constant domain CH2", "CH3": "heavy chain, constant domain CH3",
    "CH4": "heavy chain, constant domain CH4", "VL": "light chain, variable domain (VL)",
    "CL": "light chain, constant domain (CL)", "j_chain": "J chain", "secretory_component": "secretory component",
    "disulfide": "disulfide bonds (S–S)", "sites": "antigen-binding sites", "labels": "domain names",
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
            pattern = dict(shape=style["pattern"], fgcolor="#333333", bgcolor=style["color"], fgopacity=0.55,
                           solidity=0.3, fillmode="overlay") if style["pattern"] else None
            fig.add_trace(go.Scatter(x=[], y=[], mode="lines", fill="toself", fillcolor=style["color"],
                                     fillpattern=pattern, line=dict(color="#222222", width=1.2, dash=style["dash"]),
                                     name=_TRACE_NAMES[name], meta=name, hoverinfo="name", showlegend=False))
        elif name == "hinge":
            fig.add_trace(go.Scatter(x=[], y=[], mode="lines", line=dict(color=HEAVY, width=7), name=_TRACE_NAMES[name],
                                     meta=name, hoverinfo="name", showlegend=False))
        elif name == "disulfide":
            fig.add_trace(go.Scatter(x=[], y=[], mode="lines", line=dict(color="#000000", width=3),
                                     name=_TRACE_NAMES[name], meta=name, hoverinfo="name", showlegend=False))
        elif name == "sites":
            fig.add_trace(go.Scatter(x=[], y=[], mode="markers", name=_TRACE_NAMES[name], meta=name,
                                     marker=dict(symbol="star", size=20, color=SITE, line=dict(color="#000000", width=1.5)),
                                     hoverinfo="name", showlegend=False))
        else:
            fig.add_trace(go.Scatter(x=[], y=[], mode="text", name=_TRACE_NAMES[name], meta=name, hoverinfo="skip",
                                     textfont=dict(size=12), showlegend=False))
    # Labels are at most ~150 px wide (two or three short lines) and the x range leaves that much room beside
    # the drawing at the narrowest notebook (592 px: a 1024 px window with the file browser open); the key
    # sits in the bottom margin on three short lines.
    fig.update_layout(template=theme.TEMPLATE_NAME, height=510, margin=dict(l=10, r=10, t=60, b=60),
                      xaxis=dict(visible=False, range=[-8.0, 8.0], fixedrange=True),
                      yaxis=dict(visible=False, range=[-3.9, 3.3], fixedrange=True, scaleanchor="x", scaleratio=1),
                      hovermode="closest", dragmode=False)
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
        notes.append(dict(x=anchor[0], y=anchor[1], ax=pos[0], ay=pos[1], axref="x", ayref="y", xref="x", yref="y",
                          text=f"<b>{_esc(text)}</b>" if sel else _esc(text), showarrow=True, arrowhead=2,
                          arrowwidth=2.5 if sel else 1.2, arrowcolor="#000000" if sel else "#666666",
                          font=dict(size=15 if sel else 13, color="#000000" if sel else "#444444"),
                          bgcolor="rgba(255,255,255,0.9)", bordercolor="#000000" if sel else "rgba(0,0,0,0)",
                          borderwidth=2 if sel else 0, borderpad=3, name=pid,
                          xanchor="right" if pos[0] < 0 else "left"))
    notes.append(dict(x=0.0, y=0.0, xref="paper", yref="paper", showarrow=False, xanchor="left", yanchor="top",
                      align="left", font=dict(size=12, color="#444444"), name="key",
                      text="Key: heavy chains blue, solid · light chains orange, hatched<br>variable domains dotted "
                           "outline · ★ antigen-binding site<br>black bars: disulfide bonds"))
    fig.layout.annotations = notes
    fig.layout.title.text = (f"{escape(iso.name)}: {escape(iso.drawn_as)}<br><sup>Highlighted: "
                             f"{escape(p.short_name)}</sup>")
    return fig


def _lower_first(text: str) -> str:
    """Lower-case the first letter unless the first word is an acronym ('Fc region' stays, 'Hinge' -> 'hinge')."""
    word = text.split(" ")[0]
    return text if len(word) > 1 and (word[1].isupper() or not word.isalpha()) or word[:2] == "Fc" else \
        text[0].lower() + text[1:]


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
    text = (f"A labelled diagram of {iso.name} drawn as {units}{extra}: each unit has two heavy chains (blue, "
            f"solid) with {iso.constant_domains} constant domains and two light chains (orange, hatched); "
            f"{iso.binding_sites} antigen-binding sites (stars) sit at the tips of the arms.")
    if p.id == "whole_antibody":
        return text + " " + _first_sentence(p.what_it_does)
    missing = p.id == "hinge" and iso.hinge == "none"
    if missing:
        return text + f" Highlighted: the hinge, which {iso.name} does not have; an extra constant domain (CH2) " \
                      f"takes its place."
    return text + f" Highlighted part: {p.short_name}. {_first_sentence(p.what_it_does)}"


def isotype_table(isotypes: Sequence | None = None) -> str:
    """An HTML table of the antibody classes: heavy chain, form, where found, what for (all text escaped)."""
    isotypes = list(isotypes if isotypes is not None else content.collection("isotypes"))
    rows = "".join(
        f"<tr><th scope='row' style='text-align:left;vertical-align:top'>{escape(i.name)}</th>"
        f"<td style='text-align:left;vertical-align:top'>{escape(i.heavy_chain)}</td>"
        f"<td style='text-align:left;vertical-align:top'>{escape(i.form)}</td>"
        f"<td style='text-align:left;vertical-align:top'>{escape(i.where)}</td>"
        f"<td style='text-align:left;vertical-align:top'>{escape(i.what_for)}</td></tr>" for i in isotypes)
    return ("<table class='immunolib-table'><caption style='text-align:left'>The five classes of antibody "
            "(isotypes)</caption><thead><tr><th scope='col'>Class</th><th scope='col' style='text-align:left'>"
            "Heavy chain</th><th scope='col' style='text-align:left'>Form</th><th scope='col' "
            "style='text-align:left'>Where</th><th scope='col' style='text-align:left'>What for</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


# ================================================================================================ mechanisms

#: The traces of the mechanism diagram, in drawing order (``trace.meta`` holds the name).
MECHANISM_TRACES = ("target_cell", "immune_cell", "targets", "partner_receptors", "antibodies", "molecules")

_TARGET_COLOR = "#444444"
_RECEPTOR_COLOR = _O["bluish_green"]


def _membrane(x: float) -> float:
    """Height of the cancer cell's surface at ``x`` (a wide arc at the bottom of the picture)."""
    return -6.0 + 7.0 * math.sqrt(max(0.0, 1.0 - ((x - 5.0) / 7.5) ** 2))


@dataclass
class _Scene:
    lines: dict = field(default_factory=lambda: {k: ([], []) for k in MECHANISM_TRACES[:5]})
    marks: list = field(default_factory=list)        # (x, y, symbol, colour, size, name)
    notes: list = field(default_factory=list)        # annotation dicts
    bottom_label: str = "Cancer cell"
    top_label: str | None = None
    top_color: str = "#777777"
    top_shape: str | None = None                     # "round", "blob" or None
    inner: list = field(default_factory=list)        # outlines drawn inside the cancer cell (nucleus, vesicle)

    def add(self, trace, xs, ys):
        X, Y = self.lines[trace]
        if X:
            X.append(None)
            Y.append(None)
        X.extend(None if v is None else round(v, 4) for v in xs)
        Y.extend(None if v is None else round(v, 4) for v in ys)

    def target(self, x, height=0.55):
        m = _membrane(x)
        self.add("targets", [x, x, None, x - 0.18, x + 0.18], [m, m + height, None, m + height, m + height])
        return m + height

    def antibody(self, x, y, up=True, span=0.32, arm=0.42, stem=0.9, trace="antibodies"):
        """An antibody drawn as a Y: arm tips at height ``y``; stem pointing up (or down)."""
        s = 1 if up else -1
        fork = y + s * arm
        self.add(trace, [x - span, x, x + span, None, x, x], [y, fork, y, None, fork, fork + s * stem])
        return fork + s * stem

    def receptor_down(self, x, y_top, length=0.5):
        self.add("partner_receptors", [x, x, None, x - 0.16, x + 0.16],
                 [y_top, y_top - length, None, y_top - length, y_top - length])
        return y_top - length

    def mark(self, x, y, symbol, color, size, name):
        self.marks.append((round(x, 4), round(y, 4), symbol, color, size, name))

    def step(self, k, x, y):
        self.notes.append(dict(x=x, y=y, text=f"<b>{k}</b>", showarrow=False, font=dict(size=15, color="#000000"),
                               bgcolor="#FFFFFF", bordercolor="#000000", borderwidth=2, borderpad=4, name=f"step{k}"))

    def label(self, x, y, text, ax=None, ay=None, size=13, name="label"):
        # "\n" in ``text`` breaks the line (labels stay narrow enough for a 592 px wide notebook).
        note = dict(x=x, y=y, text="<br>".join(escape(part) for part in text.split("\n")),
                    font=dict(size=size, color="#222222"),
                    bgcolor="rgba(255,255,255,0.85)", name=name)
        if ax is None:
            note.update(showarrow=False)
        else:
            note.update(showarrow=True, ax=ax, ay=ay, axref="x", ayref="y", arrowhead=2, arrowwidth=1.5,
                        arrowcolor="#444444")
        self.notes.append(note)

    def arrow(self, x0, y0, x1, y1, text=""):
        self.notes.append(dict(x=x1, y=y1, ax=x0, ay=y0, axref="x", ayref="y", showarrow=True, arrowhead=3,
                               arrowwidth=2.5, arrowcolor="#000000", text=escape(text), name="arrow",
                               font=dict(size=12), bgcolor="rgba(255,255,255,0.85)"))


def _scene_block(s: _Scene, drug) -> None:
    tgt = drug.target.split(" (")[0]
    xs = (2.6, 4.2, 5.8, 7.4)
    for x in xs:
        s.antibody(x, s.target(x) + 0.05)
    for x in (3.4, 5.0, 6.6):
        s.mark(x, 3.7, "triangle-down", _O["orange"], 16, "growth factor")
        s.mark(x, 3.15, "x", "#000000", 14, "blocked")
    s.label(2.6, _membrane(2.6) + 0.55, f"{tgt} (growth-factor receptor)", ax=1.3, ay=4.7, name="target")
    s.label(6.6, 3.7, "the growth factor cannot switch the receptor on", ax=7.4, ay=5.3, name="ligand")
    s.arrow(5.8, _membrane(5.8) - 0.05, 5.3, -1.05, "")
    s.label(7.6, -1.25, "weaker 'divide' signal to the nucleus", name="signal", size=12)
    s.inner.append(_ellipse_xy(5.0, -1.45, 1.1, 0.42))
    s.step(1, 1.7, 1.3)
    s.step(2, 4.2, 3.7)
    s.step(3, 3.6, -1.0)
    s.step(4, 8.3, 2.6)
    s.label(7.4, 2.55, "Fc free to recruit NK cells", ax=8.9, ay=3.4, size=12, name="fc")


def _ellipse_xy(cx, cy, a, b, n=32):
    xs = [cx + a * math.cos(2 * math.pi * k / n) for k in range(n + 1)]
    ys = [cy + b * math.sin(2 * math.pi * k / n) for k in range(n + 1)]
    return xs, ys


def _scene_adcc(s: _Scene, drug) -> None:
    tgt = drug.target.split(" (")[0]
    s.top_label, s.top_color, s.top_shape = "NK cell", theme.cell_style("nk_cell").color, "round"
    fcs = []
    for x in (3.9, 5.0, 6.1):
        fcs.append(s.antibody(x, s.target(x) + 0.05))
    for x, fc in zip((3.9, 5.0, 6.1), fcs):
        s.receptor_down(x, fc + 0.55, 0.5)
    for x, y in ((4.45, 1.85), (5.55, 1.8), (4.5, 2.35), (5.5, 2.4)):
        s.mark(x, y, "circle", _O["reddish_purple"], 9, "perforin and granzymes")
    s.mark(5.0, _membrane(5.0) - 0.35, "x", "#000000", 14, "damage")
    s.label(3.9, _membrane(3.9) + 0.55, tgt, ax=1.8, ay=2.6, name="target")
    s.label(6.1, fcs[2] + 0.3, "CD16 grips the Fc", ax=8.2, ay=3.4, name="receptor")
    s.label(5.5, 2.1, "perforin + granzymes", ax=8.0, ay=1.9, name="granules")
    s.step(1, 2.9, 1.4)
    s.step(2, 6.9, 2.2)
    s.step(3, 3.0, 3.45)
    s.step(4, 4.2, 2.1)


def _scene_adcp(s: _Scene, drug) -> None:
    tgt = drug.target.split(" (")[0]
    s.top_label, s.top_color, s.top_shape = "Macrophage", theme.cell_style("macrophage").color, "blob"
    fcs = []
    for x in (3.4, 4.6, 5.8, 7.0):
        fcs.append(s.antibody(x, s.target(x) + 0.05))
    for x, fc in zip((3.4, 4.6, 5.8, 7.0), fcs):
        s.receptor_down(x, fc + 0.5, 0.45)
    s.label(3.4, _membrane(3.4) + 0.55, tgt, ax=1.5, ay=2.9, name="target")
    s.label(7.0, fcs[3] + 0.3, "Fcγ receptors grip the Fc", ax=8.7, ay=3.6, name="receptor")
    s.label(5.0, 5.6, "engulfs the coated cell", size=12, name="engulf")
    s.step(1, 2.3, 1.3)
    s.step(2, 8.0, 2.5)
    s.step(3, 3.6, 5.6)


def _scene_cdc(s: _Scene, drug) -> None:
    tgt = drug.target.split(" (")[0]
    fcs = []
    for x in (3.3, 4.1, 5.9, 6.7):
        fcs.append(s.antibody(x, s.target(x) + 0.05))
    for xa, xb, fa in ((3.3, 4.1, fcs[0]), (5.9, 6.7, fcs[2])):
        s.mark((xa + xb) / 2, fa + 0.35, "y-down-open", _O["reddish_purple"], 26, "C1q")
    for x in (2.0, 5.0, 8.0):
        s.mark(x, _membrane(x), "circle-open", "#000000", 20, "membrane attack complex (pore)")
    for x in (2.6, 7.4):
        s.mark(x, _membrane(x) + 0.12, "diamond", _O["sky_blue"], 10, "C3b")
    s.label(3.3, _membrane(3.3) + 0.55, tgt, ax=1.3, ay=2.6, name="target")
    s.label(3.7, fcs[0] + 0.45, "C1q binds neighbouring Fc regions", ax=2.5, ay=4.3, name="c1q")
    s.label(7.4, _membrane(7.4) + 0.15, "C3b coats the cell", ax=9.0, ay=2.8, name="c3b")
    s.label(5.0, _membrane(5.0), "pores (membrane attack complex)", ax=5.0, ay=-1.3, name="pores")
    s.step(1, 4.95, 2.3)
    s.step(2, 6.3, 3.6)
    s.step(3, 8.7, 1.4)
    s.step(4, 2.0, -0.6)


def _scene_adc(s: _Scene, drug) -> None:
    tgt = drug.target.split(" (")[0]
    fc_free = s.antibody(3.0, 3.6, up=True)
    for dy in (0.45, 0.8):
        s.mark(3.0 - 0.22, 3.6 + dy + 0.1, "star", "#000000", 11, "drug payload")
        s.mark(3.0 + 0.22, 3.6 + dy + 0.1, "star", "#000000", 11, "drug payload")
    top = s.target(5.0)
    s.antibody(5.0, top + 0.05)
    for dy in (0.5, 0.85):
        s.mark(5.0 - 0.22, top + dy + 0.1, "star", "#000000", 11, "drug payload")
        s.mark(5.0 + 0.22, top + dy + 0.1, "star", "#000000", 11, "drug payload")
    s.inner.append(_ellipse_xy(6.6, -0.35, 0.55, 0.45))           # endocytic vesicle
    s.antibody(6.6, -0.55, up=True, span=0.2, arm=0.25, stem=0.45)
    s.inner.append(_ellipse_xy(4.4, -1.6, 1.0, 0.38))             # nucleus
    for x, y in ((5.3, -1.0), (5.0, -1.25), (5.6, -1.3)):
        s.mark(x, y, "star", "#000000", 11, "released payload")
    s.label(3.0, fc_free, "antibody + attached drug", ax=1.6, ay=5.6, name="adc")
    s.label(5.0, top, tgt, ax=7.3, ay=2.2, name="target")
    s.arrow(5.6, _membrane(5.6) - 0.2, 6.3, -0.05, "taken in")
    s.arrow(6.1, -0.55, 5.75, -1.1, "")
    s.label(8.0, -1.3, "drug released inside", size=12, name="released")
    s.step(1, 2.2, 4.3)
    s.step(2, 4.2, 1.8)
    s.step(3, 7.5, 0.1)
    s.step(4, 4.4, -0.7)


def _scene_checkpoint(s: _Scene, drug) -> None:
    ctla4 = "CTLA-4" in drug.target
    s.top_label, s.top_color, s.top_shape = "Killer T cell", theme.cell_style("cd8_t_cell").color, "round"
    if ctla4:
        s.bottom_label = "Dendritic cell in a lymph node"
        s.top_label = "T cell being activated"
    brake, ligand = ("CTLA-4", "CD80/CD86") if ctla4 else ("PD-1", "PD-L1")
    # recognition in the middle
    m = _membrane(5.0)
    s.add("targets", [4.9, 4.9], [m, m + 0.9])
    s.receptor_down(4.9, 2.6, 0.7)
    s.label(4.9, 1.75, "T-cell receptor sees peptide–MHC", ax=5.0, ay=0.4, name="tcr", size=12)
    # left: the brake engaged
    top_l = s.target(2.8, 0.9)
    s.receptor_down(2.8, 2.55, 0.62)
    s.label(2.8, top_l, f"{ligand} binds {brake}: brake on", ax=1.2, ay=3.9, name="brake")
    # right: the antibody sits on the brake
    top_r = s.target(7.2, 0.6)
    s.receptor_down(7.2, 2.55, 0.62)
    s.antibody(7.2, 1.93 - 0.02, up=False, span=0.2, arm=0.3, stem=0.35)
    s.mark(7.2, top_r + 0.15, "x", "#000000", 16, "blocked")
    s.label(7.5, 1.3, f"anti-{brake} ({drug.name})\nblocks the brake", ax=8.6, ay=0.5, name="drug", size=12)
    if ctla4:
        s.label(5.0, 4.8, "more T cells are activated", size=12, name="outcome")
    else:
        for x, y in ((6.3, 1.55), (6.0, 1.25)):
            s.mark(x, y, "circle", _O["reddish_purple"], 9, "perforin and granzymes")
        s.label(5.0, 4.8, "the T cell keeps killing", size=12, name="outcome")
    s.step(1, 4.3, 2.2)
    s.step(2, 2.1, 2.05)
    s.step(3, 7.9, 2.2)
    s.step(4, 6.3, 4.8)


def _scene_engager(s: _Scene, drug) -> None:
    s.top_label, s.top_color, s.top_shape = "T cell (any specificity)", theme.cell_style("cd8_t_cell").color, "round"
    s.bottom_label = "Leukaemia cell (a B-cell cancer)"
    for x in (3.6, 6.4):
        top = s.target(x, 0.5)
        s.receptor_down(x, 2.6, 0.5)
        s.add("antibodies", [x, x], [top + 0.18, 2.1 - 0.18])
        s.mark(x, top + 0.16, "circle", _O["blue"], 14, "binding site for CD19")
        s.mark(x, 2.1 - 0.16, "square", _O["blue"], 14, "binding site for CD3")
    s.receptor_down(5.0, 2.6, 0.55)
    s.label(5.0, 2.05, "its own receptor does not matter", ax=5.0, ay=0.6, name="tcr", size=12)
    s.label(3.6, _membrane(3.6) + 0.5, "CD19", ax=1.8, ay=2.5, name="target")
    s.label(6.4, 2.1, "CD3", ax=8.2, ay=3.2, name="cd3")
    s.label(6.4, 1.8, f"{drug.name}: two binding\nfragments on a short linker", ax=8.4, ay=0.9, name="drug",
            size=12)
    for x, y in ((4.3, 1.6), (5.7, 1.6)):
        s.mark(x, y, "circle", _O["reddish_purple"], 9, "perforin and granzymes")
    s.step(1, 2.9, 1.4)
    s.step(2, 7.2, 2.35)
    s.step(3, 5.0, 4.9)


_SCENES = {"block_signalling": _scene_block, "adcc": _scene_adcc, "adcp": _scene_adcp, "cdc": _scene_cdc,
           "adc": _scene_adc, "checkpoint_blockade": _scene_checkpoint, "t_cell_engager": _scene_engager}


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
    fig.add_trace(go.Scatter(x=[], y=[], mode="lines", fill="toself", fillcolor="#EFEFEF", name="cancer cell",
                             meta="target_cell", line=dict(color="#555555", width=2.5), hoverinfo="name"))
    fig.add_trace(go.Scatter(x=[], y=[], mode="lines", fill="toself", name="immune cell", meta="immune_cell",
                             line=dict(width=3), hoverinfo="name"))
    fig.add_trace(go.Scatter(x=[], y=[], mode="lines", name="target molecule", meta="targets",
                             line=dict(color=_TARGET_COLOR, width=4), hoverinfo="name"))
    fig.add_trace(go.Scatter(x=[], y=[], mode="lines", name="receptor on the immune cell", meta="partner_receptors",
                             line=dict(color=_RECEPTOR_COLOR, width=4), hoverinfo="name"))
    fig.add_trace(go.Scatter(x=[], y=[], mode="lines", name="antibody", meta="antibodies",
                             line=dict(color=HEAVY, width=5), hoverinfo="name"))
    fig.add_trace(go.Scatter(x=[], y=[], mode="markers", name="molecules", meta="molecules", hoverinfo="text",
                             marker=dict(line=dict(color="#000000", width=1))))
    fig.update_traces(showlegend=False)
    fig.update_layout(template=theme.TEMPLATE_NAME, height=500, margin=dict(l=10, r=10, t=70, b=10),
                      xaxis=dict(visible=False, range=[-0.4, 10.4], fixedrange=True),
                      yaxis=dict(visible=False, range=[-2.2, 7.0], fixedrange=True),
                      hovermode="closest", dragmode=False)
    return show_mechanism(fig, mechanism, drug)


def show_mechanism(fig, mechanism: str, drug: str | None = None):
    """Redraw ``fig`` (from :func:`mechanism_diagram`) for another mechanism or medicine, in place. Returns it."""
    m, d = _mech_records(mechanism, drug)
    scene = _Scene()
    _SCENES.get(m.id, _scene_adcc)(scene, d)
    by = {t.meta: t for t in fig.data}
    cx, cy = _ellipse_xy(5.0, -6.0, 7.5, 7.0, 120)
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
            xs, ys = [round(v, 4) for v in _ellipse_xy(5.0, 4.35, 2.0, 1.2)[0]], \
                     [round(v, 4) for v in _ellipse_xy(5.0, 4.35, 2.0, 1.2)[1]]
            if m.id in ("checkpoint_blockade", "t_cell_engager"):
                xs, ys = [round(v, 4) for v in _ellipse_xy(5.0, 3.95, 3.2, 1.4)[0]], \
                         [round(v, 4) for v in _ellipse_xy(5.0, 3.95, 3.2, 1.4)[1]]
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
    notes.append(dict(x=0.2, y=-1.9, text=f"<b>{escape(scene.bottom_label)}</b>", showarrow=False, xanchor="left",
                      font=dict(size=14), name="bottom_cell"))
    if scene.top_label:
        notes.append(dict(x=5.0, y=6.55, text=f"<b>{escape(scene.top_label)}</b>", showarrow=False,
                          font=dict(size=14), name="top_cell"))
    fig.layout.annotations = notes
    fig.layout.title.text = (f"{escape(m.name)}<br><sup>Example: {escape(d.name)} ({escape(d.brand)}), "
                             f"against {escape(d.target)}. Numbers match the steps below.</sup>")
    return fig


def _rgba(hex_color: str, alpha: float) -> str:
    h = hex_color.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def describe_mechanism(mechanism: str = "adcc", drug: str | None = None) -> str:
    """The text alternative of :func:`mechanism_diagram`, in one or two sentences."""
    m, d = _mech_records(mechanism, drug)
    binds = {"cancer_cell": f"{d.target} on the cancer cell", "immune_cell": f"{d.target} on an immune cell, not "
             f"the cancer cell", "both": f"{d.target}, on the cancer cell and a T cell at once"}[m.binds]
    return (f"A diagram of {_lower_first(m.name)}, with {d.name} as the example: the antibody binds {binds}; the "
            f"damage is done by {m.who_kills}. Numbered boxes 1 to {len(m.steps)} match the steps listed below it.")


def mechanism_card(mechanism: str, drug: str | None = None) -> str:
    """HTML beside the mechanism diagram: the steps, the limits, and the medicine (all data text escaped)."""
    m, d = _mech_records(mechanism, drug)
    # The numbered steps match the numbers in the diagram; those that fit one click are shown, the rest
    # continue (with their numbers) behind "More".
    budget, used, shown = cards.CARD_WORDS - len(m.name.split()), 0, 0
    for step in m.steps:
        if shown and used + len(step.split()) > budget:
            break
        used += len(step.split())
        shown += 1
    steps = "".join(f"<li>{escape(s)}</li>" for s in m.steps[:shown])
    later = "".join(f"<li>{escape(s)}</li>" for s in m.steps[shown:])
    year = f"; first approved by the US FDA in {d.fda_first_approval}" if d.get("fda_first_approval") else ""
    others = [x for x in drugs_for(m.id) if x.id != d.id]
    also = (f"<p style='margin:4px 0'><strong>Other medicines that act this way:</strong> "
            f"{escape(', '.join(x.name for x in others))}</p>") if others else ""
    # One click shows the numbered steps (they match the numbers in the diagram); the rest is behind "More".
    body = f"<ol style='margin:0 0 6px 0'>{steps}</ol>"
    more = ((f"<ol start='{shown + 1}' style='margin:0 0 6px 0'>{later}</ol>" if later else "")
            + f"<p style='margin:0 0 6px 0'><em>{escape(m.summary)}</em></p>"
            f"<p style='margin:4px 0'><strong>Who does the damage:</strong> {escape(m.who_kills)}.</p>"
            f"<p style='margin:4px 0'><strong>Limits:</strong> {escape(m.limits)}</p>"
            f"<p style='margin:4px 0'><strong>The example, {escape(d.name)} ({escape(d.brand)}):</strong> "
            f"{escape(d.format)} against {escape(d.target)}, on {escape(d.target_on)}{escape(year)}. Used for "
            f"{escape('; '.join(d.cancers))}. {escape(d.note)}</p>{also}")
    return cards.card(m.name, body, color=HEAVY, sources=content.cite(m, d), label=m.short_name, more=more)


def part_card(part, isotype) -> str:
    """HTML: what the highlighted part is and does, and what is special about the class shown (escaped)."""
    # One click shows what the part is and (within the card budget) what it does; the rest is behind "More".
    budget = cards.CARD_WORDS - len(part.name.split()) - len(part.what_it_is.split()) - 8
    does, does_rest = cards.lead(part.what_it_does, budget, keep_first=False)
    body = (f"<p style='margin:0 0 4px 0'><strong>What it is:</strong> {escape(part.what_it_is)}</p>"
            + (f"<p style='margin:0 0 8px 0'><strong>What it does:</strong> {escape(does)}</p>" if does else ""))
    more = ((f"<p style='margin:0 0 8px 0'><strong>What it does{' too' if does else ''}:</strong> "
             f"{escape(does_rest)}</p>" if does_rest else "")
            + f"<p style='margin:0 0 4px 0'><strong>{escape(isotype.name)}</strong> (heavy chain "
            f"{escape(isotype.heavy_chain)}): {escape(isotype.form)}. <em>Where:</em> {escape(isotype.where)}. "
            f"<em>What for:</em> {escape(isotype.what_for)} <em>Structure:</em> {escape(isotype.structure)}</p>")
    return cards.card(part.name, body, color=HEAVY, sources=content.cite(part, isotype), more=more)


def drug_table(drugs: Sequence | None = None) -> str:
    """An HTML table of antibody medicines: target, format, how it works, cancers, first FDA approval."""
    data = content.load()
    drugs = list(drugs if drugs is not None else data.collection("antibody_drugs"))
    names = {m.id: m.short_name for m in data.collection("antibody_mechanisms")}
    rows = []
    for d in drugs:
        how = "; ".join(names.get(i, i) for i in d.mechanisms)
        year = str(d.fda_first_approval) if d.get("fda_first_approval") else "—"
        rows.append(f"<tr><th scope='row' style='text-align:left;vertical-align:top'>{escape(d.name)} "
                    f"<span style='font-weight:normal'>({escape(d.brand)})</span></th>"
                    f"<td style='text-align:left;vertical-align:top'>{escape(d.target)}</td>"
                    f"<td style='text-align:left;vertical-align:top'>{escape(d.format)}</td>"
                    f"<td style='text-align:left;vertical-align:top'>{escape(how)}</td>"
                    f"<td style='text-align:left;vertical-align:top'>{escape('; '.join(d.cancers))}</td>"
                    f"<td style='text-align:left;vertical-align:top'>{escape(year)}</td></tr>")
    # width 100% and breakable words: six columns fit a 592 px notebook without scrolling sideways.
    return ("<table class='immunolib-table' style='width:100%;overflow-wrap:anywhere;font-size:0.92em'>"
            "<caption style='text-align:left'>Antibody medicines against cancer "
            "(first FDA approval given where the cited sources state it)</caption><thead><tr>"
            "<th scope='col'>Medicine</th><th scope='col' style='text-align:left'>Target</th>"
            "<th scope='col' style='text-align:left'>Kind of molecule</th>"
            "<th scope='col' style='text-align:left'>How it works</th>"
            "<th scope='col' style='text-align:left'>Used for (examples)</th>"
            "<th scope='col' style='text-align:left'>First FDA approval</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")
