"""The drawing ground shared by the two body maps of lesson 03 (:mod:`immunolib.figures.body`, the organ map,
and :mod:`immunolib.figures.journey`, a T cell's journey): the silhouette, the axes and the label columns.

Everything is drawn in the coordinates of ``data/organs.yaml``: ``x`` from the viewer's left (0) to right
(1), ``y`` from the feet (0) to the top of the head (1). The axes keep one unit of ``x`` as long as one unit
of ``y``, so the body keeps its proportions at any width. (The body's own left side is on the viewer's
right, as in an anatomy atlas.)

Colour is never the only carrier of meaning: each organ type has its own colour (``theme.ORGAN_TYPE_COLORS``)
*and* its own marker symbol (:data:`ORGAN_TYPE_SYMBOLS`), and every organ is labelled in words.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from immunolib import content, theme

__all__ = ["ORGAN_TYPE_SYMBOLS", "ORGAN_TYPE_WORDS", "body_outline_path", "body_outline_shape"]

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
# fmt: off
# A table of coordinates, four (x, y) points a line: one number a line (the formatter's layout) would
# spread it over 45 lines and hide the shape it traces.
_HALF_OUTLINE = (
    (0.478, 0.873), (0.474, 0.842), (0.430, 0.826), (0.385, 0.812),
    (0.360, 0.790), (0.348, 0.745), (0.333, 0.690), (0.315, 0.635),
    (0.296, 0.585), (0.277, 0.530), (0.262, 0.478), (0.252, 0.445),
    (0.250, 0.415), (0.262, 0.392), (0.277, 0.400), (0.284, 0.428),
    (0.290, 0.470), (0.306, 0.530), (0.323, 0.590), (0.342, 0.645),
    (0.358, 0.700), (0.372, 0.745), (0.384, 0.716), (0.392, 0.660),
    (0.396, 0.610), (0.390, 0.555), (0.383, 0.500), (0.388, 0.430),
    (0.397, 0.350), (0.405, 0.270), (0.407, 0.200), (0.414, 0.110),
    (0.418, 0.055), (0.405, 0.025), (0.420, 0.008), (0.468, 0.008),
    (0.470, 0.040), (0.468, 0.085), (0.474, 0.190), (0.478, 0.270),
    (0.484, 0.380), (0.490, 0.440), (0.500, 0.455),
)
# fmt: on
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


def _short_name(organ: content.Organ) -> str:
    """'Appendix (vermiform appendix)' -> 'Appendix': the label on the map stays short."""
    return organ.name.split(" (")[0]
