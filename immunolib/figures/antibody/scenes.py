"""Where each mechanism's scene puts its cells, antibodies, marks, labels and numbered steps (the coordinate data
of :func:`immunolib.figures.antibody.mechanisms.mechanism_diagram`).

A scene is drawn into a :class:`_Scene` (lines per trace of :data:`MECHANISM_TRACES`, markers, annotations); the
diagram turns it into plotly traces. The numbered steps match those of ``data/antibody_mechanisms.yaml``; every
mechanism there has a scene in :data:`_SCENES` (an id without one is an error in the diagram, never drawn as
another mechanism).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from html import escape

from immunolib import theme
from immunolib.figures.antibody.common import ellipse

__all__ = ["MECHANISM_TRACES"]

#: The traces of the mechanism diagram, in drawing order (``trace.meta`` holds the name).
MECHANISM_TRACES = ("target_cell", "immune_cell", "targets", "partner_receptors", "antibodies", "molecules")


def _membrane(x: float) -> float:
    """Height of the cancer cell's surface at ``x`` (a wide arc at the bottom of the picture)."""
    return -6.0 + 7.0 * math.sqrt(max(0.0, 1.0 - ((x - 5.0) / 7.5) ** 2))


@dataclass
class _Scene:
    lines: dict = field(default_factory=lambda: {k: ([], []) for k in MECHANISM_TRACES[:5]})
    marks: list = field(default_factory=list)  # (x, y, symbol, colour, size, name)
    notes: list = field(default_factory=list)  # annotation dicts
    bottom_label: str = "Cancer cell"
    top_label: str | None = None
    top_color: str = "#777777"
    top_shape: str | None = None  # "round", "blob" or None
    inner: list = field(default_factory=list)  # outlines drawn inside the cancer cell (nucleus, vesicle)

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
        self.add(
            "partner_receptors",
            [x, x, None, x - 0.16, x + 0.16],
            [y_top, y_top - length, None, y_top - length, y_top - length],
        )
        return y_top - length

    def mark(self, x, y, symbol, color, size, name):
        self.marks.append((round(x, 4), round(y, 4), symbol, color, size, name))

    def step(self, k, x, y):
        self.notes.append(
            dict(
                x=x,
                y=y,
                text=f"<b>{k}</b>",
                showarrow=False,
                font=dict(size=15, color="#000000"),
                bgcolor="#FFFFFF",
                bordercolor="#000000",
                borderwidth=2,
                borderpad=4,
                name=f"step{k}",
            )
        )

    def label(self, x, y, text, ax=None, ay=None, size=13, name="label"):
        # "\n" in ``text`` breaks the line (labels stay narrow enough for a 592 px wide notebook).
        note = dict(
            x=x,
            y=y,
            text="<br>".join(escape(part) for part in text.split("\n")),
            font=dict(size=size, color="#222222"),
            bgcolor="rgba(255,255,255,0.85)",
            name=name,
        )
        if ax is None:
            note.update(showarrow=False)
        else:
            note.update(
                showarrow=True, ax=ax, ay=ay, axref="x", ayref="y", arrowhead=2, arrowwidth=1.5, arrowcolor="#444444"
            )
        self.notes.append(note)

    def arrow(self, x0, y0, x1, y1, text=""):
        self.notes.append(
            dict(
                x=x1,
                y=y1,
                ax=x0,
                ay=y0,
                axref="x",
                ayref="y",
                showarrow=True,
                arrowhead=3,
                arrowwidth=2.5,
                arrowcolor="#000000",
                text=escape(text),
                name="arrow",
                font=dict(size=12),
                bgcolor="rgba(255,255,255,0.85)",
            )
        )


def _scene_block(s: _Scene, drug) -> None:
    tgt = drug.target.split(" (")[0]
    xs = (2.6, 4.2, 5.8, 7.4)
    for x in xs:
        s.antibody(x, s.target(x) + 0.05)
    for x in (3.4, 5.0, 6.6):
        s.mark(x, 3.7, "triangle-down", theme.OKABE_ITO["orange"], 16, "growth factor")
        s.mark(x, 3.15, "x", "#000000", 14, "blocked")
    s.label(2.6, _membrane(2.6) + 0.55, f"{tgt} (growth-factor receptor)", ax=1.3, ay=4.7, name="target")
    s.label(6.6, 3.7, "the growth factor cannot switch the receptor on", ax=7.4, ay=5.3, name="ligand")
    s.arrow(5.8, _membrane(5.8) - 0.05, 5.3, -1.05, "")
    s.label(7.6, -1.25, "weaker 'divide' signal to the nucleus", name="signal", size=12)
    s.inner.append(ellipse(5.0, -1.45, 1.1, 0.42, n=32))
    s.step(1, 1.7, 1.3)
    s.step(2, 4.2, 3.7)
    s.step(3, 3.6, -1.0)
    s.step(4, 8.3, 2.6)
    s.label(7.4, 2.55, "Fc free to recruit NK cells", ax=8.9, ay=3.4, size=12, name="fc")


def _scene_adcc(s: _Scene, drug) -> None:
    tgt = drug.target.split(" (")[0]
    s.top_label, s.top_color, s.top_shape = "NK cell", theme.cell_style("nk_cell").color, "round"
    fcs = []
    for x in (3.9, 5.0, 6.1):
        fcs.append(s.antibody(x, s.target(x) + 0.05))
    for x, fc in zip((3.9, 5.0, 6.1), fcs):
        s.receptor_down(x, fc + 0.55, 0.5)
    for x, y in ((4.45, 1.85), (5.55, 1.8), (4.5, 2.35), (5.5, 2.4)):
        s.mark(x, y, "circle", theme.OKABE_ITO["reddish_purple"], 9, "perforin and granzymes")
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
        s.mark((xa + xb) / 2, fa + 0.35, "y-down-open", theme.OKABE_ITO["reddish_purple"], 26, "C1q")
    for x in (2.0, 5.0, 8.0):
        s.mark(x, _membrane(x), "circle-open", "#000000", 20, "membrane attack complex (pore)")
    for x in (2.6, 7.4):
        s.mark(x, _membrane(x) + 0.12, "diamond", theme.OKABE_ITO["sky_blue"], 10, "C3b")
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
    s.inner.append(ellipse(6.6, -0.35, 0.55, 0.45, n=32))  # endocytic vesicle
    s.antibody(6.6, -0.55, up=True, span=0.2, arm=0.25, stem=0.45)
    s.inner.append(ellipse(4.4, -1.6, 1.0, 0.38, n=32))  # nucleus
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
            s.mark(x, y, "circle", theme.OKABE_ITO["reddish_purple"], 9, "perforin and granzymes")
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
        s.mark(x, top + 0.16, "circle", theme.OKABE_ITO["blue"], 14, "binding site for CD19")
        s.mark(x, 2.1 - 0.16, "square", theme.OKABE_ITO["blue"], 14, "binding site for CD3")
    s.receptor_down(5.0, 2.6, 0.55)
    s.label(5.0, 2.05, "its own receptor does not matter", ax=5.0, ay=0.6, name="tcr", size=12)
    s.label(3.6, _membrane(3.6) + 0.5, "CD19", ax=1.8, ay=2.5, name="target")
    s.label(6.4, 2.1, "CD3", ax=8.2, ay=3.2, name="cd3")
    s.label(6.4, 1.8, f"{drug.name}: two binding\nfragments on a short linker", ax=8.4, ay=0.9, name="drug", size=12)
    for x, y in ((4.3, 1.6), (5.7, 1.6)):
        s.mark(x, y, "circle", theme.OKABE_ITO["reddish_purple"], 9, "perforin and granzymes")
    s.step(1, 2.9, 1.4)
    s.step(2, 7.2, 2.35)
    s.step(3, 5.0, 4.9)


_SCENES = {
    "block_signalling": _scene_block,
    "adcc": _scene_adcc,
    "adcp": _scene_adcp,
    "cdc": _scene_cdc,
    "adc": _scene_adc,
    "checkpoint_blockade": _scene_checkpoint,
    "t_cell_engager": _scene_engager,
}
