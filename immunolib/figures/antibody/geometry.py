"""Where each domain of an antibody class goes: the coordinate data of
:func:`immunolib.figures.antibody.structure.antibody_diagram`.

One Y-shaped unit is laid out in local coordinates (:func:`_unit`), copied round the centre for the classes of
several units (:func:`_place`, :func:`_draw`) and given its labels (:func:`_layout_labels`). The diagram turns the
resulting :class:`_Drawing` into plotly traces, one per name of :data:`DOMAIN_TRACES`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from html import escape

from immunolib.figures.antibody.common import ellipse

__all__ = ["DOMAIN_TRACES"]

#: The traces of the antibody diagram, in drawing order (``trace.meta`` holds the name).
DOMAIN_TRACES = (
    "VH",
    "CH1",
    "hinge",
    "CH2",
    "CH3",
    "CH4",
    "VL",
    "CL",
    "j_chain",
    "secretory_component",
    "disulfide",
    "sites",
    "labels",
)

_A, _B = 0.36, 0.46  # semi-axes of a domain (across, along the chain)
_STEM_X = 0.37  # the two heavy chains sit either side of the axis
_HINGE = {"none": 0.0, "short": 0.6, "long": 1.3}
_SQ2 = math.sqrt(0.5)


@dataclass
class _Drawing:
    """Coordinates per trace, None-separated, plus named anchor points for labels."""

    xy: dict = field(default_factory=lambda: {name: ([], []) for name in DOMAIN_TRACES})
    text: list = field(default_factory=list)
    anchors: dict = field(default_factory=dict)
    all_anchors: list = field(default_factory=list)  # every unit's anchors, for labels of multi-unit forms

    def add(self, name, xs, ys):
        X, Y = self.xy[name]
        if X:
            X.append(None)
            Y.append(None)
        X.extend(xs)
        Y.extend(ys)


def _unit(isotype):
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
        d = (side * _SQ2, _SQ2)  # along the arm
        n = (side * _SQ2, -_SQ2)  # outwards, where the light chain lies
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
        items.append(
            (
                "disulfide",
                "line",
                ([cl_end[0], base[0] + d[0] * 0.12 - n[0] * 0.05], [cl_end[1], base[1] + d[1] * 0.12 - n[1] * 0.05]),
                None,
            )
        )
        key = "L" if side < 0 else "R"
        anchors.update(
            {
                f"CH1_{key}": ch1,
                f"VH_{key}": vh,
                f"CL_{key}": cl,
                f"VL_{key}": vl,
                f"site_{key}": tip,
                f"fab_{key}": ((ch1[0] + cl[0]) / 2, (ch1[1] + cl[1]) / 2),
                f"var_{key}": ((vh[0] + vl[0]) / 2, (vh[1] + vl[1]) / 2),
                f"ssl_{key}": cl_end,
            }
        )
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
    items, anchors = _unit(isotype)
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
                if n > 1:  # rotate the domain with its unit
                    theta = math.pi / 2 + 2 * math.pi * k / n if n > 2 else (0.0 if k == 0 else math.pi)
                    ang = ang + theta - math.pi / 2
                xs, ys = ellipse(px, py, a, b, ang)
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
        xs, ys = ellipse(0.0, 0.0, 0.17, 0.3, 0.0 if n == 2 else math.pi / 2)
        drawing.add("j_chain", xs, ys)
        drawing.text.append((0.0, 0.0, "J", "j_chain"))
        drawing.anchors["j_chain"] = (0.0, -0.2)
    if n > 1:  # bonds that join the units' tails
        for k in range(n if n > 2 else 1):
            a, b = tails[k], tails[(k + 1) % n]
            drawing.add("disulfide", [a[0], b[0]], [a[1], b[1]])
    if isotype.secretory_component:
        xs, ys = ellipse(0.0, 0.52, 0.16, 1.45, 0.0)
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
        out = [
            ("antigen_binding_sites", "Antigen-binding<br>site", a["site_L"], (left, 2.35)),
            ("constant_regions", "Constant region<br>(CH1)", a["CH1_L"], (left, 1.35)),
            ("light_chains", "Light chain", a["CL_L"], (left, 0.35)),
            ("disulfide_bonds", "Disulfide bonds<br>(S–S)", a["hinge_bond"], (left, -0.75)),
            (
                "heavy_chains",
                "Heavy chain",
                _mirror(a["CH3"] if isotype.constant_domains == 3 else a["CH4"]),
                (left, -2.6),
            ),
            ("variable_regions", "Variable region<br>(VH + VL)", a["var_R"], (right, 2.35)),
            ("fab_arms", "Fab arm", a["fab_R"], (right, 0.85)),
            ("fc_region", "Fc region (stem)", a["CH3"], (right, -2.3)),
        ]
        if "hinge" in a:
            out.append(("hinge", "Hinge", a["hinge"], (right, -0.55)))
        else:
            out.append(("hinge", "No hinge: an extra<br>constant domain<br>(CH2)", a["CH2"], (right, -0.55)))
        return out
    left, right = -4.3, 4.3

    def near(keys, pos):
        pts = [u[k] for u in drawing.all_anchors for k in keys if k in u]
        return min(pts, key=lambda q: (q[0] - pos[0]) ** 2 + (q[1] - pos[1]) ** 2)

    spots = [
        (
            "antigen_binding_sites",
            f"Antigen-binding<br>sites ({isotype.binding_sites} in all)",
            ("site_L", "site_R"),
            (left, 2.7),
        ),
        ("light_chains", "Light chain", ("CL_L", "CL_R"), (left, 1.2)),
        ("heavy_chains", "Heavy chain", ("CH1_L", "CH1_R"), (right, 2.7)),
        ("fc_region", "Fc region of<br>one unit", ("CH3",), (right, 1.2)),
        ("disulfide_bonds", "Disulfide bonds<br>join the units", ("tail",), (left, -2.6)),
    ]
    out = [(pid, text, near(keys, pos), pos) for pid, text, keys, pos in spots]
    if isotype.j_chain:
        out.append(("j_chain", "J chain", a["j_chain"], (right, -1.9)))
    if isotype.secretory_component:
        out.append(("secretory_component", "Secretory<br>component", a["secretory_component"], (right, -3.0)))
    return out
