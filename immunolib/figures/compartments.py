"""Compartment diagrams of the course's models (DSAIRM's "The model" part): boxes for what the model tracks,
arrows for what turns into, makes or removes what.

A figure, not a widget: it is drawn once, next to the equations and the parameter table.

Example
-------
>>> fig = infection_compartments()
>>> [a.text for a in fig.layout.annotations if a.name == "box"][:2]
['<b>P</b> pathogen', '<b>I</b> innate cells']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from immunolib import theme

__all__ = [
    "Box",
    "Arrow",
    "compartment_diagram",
    "infection_compartments",
    "clonal_compartments",
    "describe_compartments",
    "CLONAL_BOXES",
    "CLONAL_ARROWS",
    "INFECTION_BOXES",
    "INFECTION_ARROWS",
]


@dataclass(frozen=True)
class Box:
    """One thing the model tracks (a state variable), placed at (x, y) in a 0–1 square."""

    key: str
    symbol: str
    label: str
    x: float
    y: float
    color: str


@dataclass(frozen=True)
class Arrow:
    """``source`` turns into, makes or acts on ``target``; ``dash`` for an effect (killing, stimulation)."""

    source: str
    target: str
    label: str
    dash: bool = False


INFECTION_BOXES = (
    Box("P", "P", "pathogen", 0.10, 0.80, theme.OKABE_ITO["vermillion"]),
    Box("I", "I", "innate cells", 0.10, 0.25, theme.OKABE_ITO["orange"]),
    Box("A", "A", "antigen shown in lymph node", 0.40, 0.80, theme.OKABE_ITO["yellow"]),
    Box("EM", "E_M", "effector cells making IgM", 0.62, 0.55, theme.OKABE_ITO["blue"]),
    Box("EG", "E_G", "effector cells making IgG", 0.62, 0.20, theme.OKABE_ITO["blue"]),
    Box("M", "M", "memory cells", 0.92, 0.20, theme.OKABE_ITO["bluish_green"]),
    Box("IgM", "IgM", "IgM antibody", 0.92, 0.55, theme.OKABE_ITO["reddish_purple"]),
    Box("IgG", "IgG", "IgG antibody", 0.40, 0.05, theme.OKABE_ITO["reddish_purple"]),
)
INFECTION_ARROWS = (
    Arrow("P", "I", "recruits", dash=True),
    Arrow("I", "P", "kills", dash=True),
    Arrow("P", "A", "carried to lymph node"),
    Arrow("A", "EM", "activates naive cells", dash=True),
    Arrow("EM", "EG", "switch to IgG"),
    Arrow("EM", "IgM", "secrete"),
    Arrow("EG", "IgG", "secrete"),
    Arrow("EG", "M", "some become memory"),
    Arrow("M", "EG", "second exposure: fast start", dash=True),
    Arrow("IgG", "P", "neutralise", dash=True),
)


def compartment_diagram(boxes: Sequence[Box], arrows: Sequence[Arrow], title: str, *, height: int = 380) -> go.Figure:
    """Draw boxes and arrows (solid: turns into or makes; dashed: acts on). Same input, same JSON.

    Parameters
    ----------
    boxes, arrows : sequences of :class:`Box` and :class:`Arrow`
        Every arrow's ends must be keys of ``boxes``.
    title : str
        Plain-text title.
    height : int
        Height in pixels (no fixed width: the figure fits the notebook).
    """
    where = {b.key: b for b in boxes}
    for a in arrows:
        for end in (a.source, a.target):
            if end not in where:
                raise ValueError(f"arrow {a.source}->{a.target}: {end!r} is not a box; boxes are {', '.join(where)}")
    fig = go.Figure()
    for a in arrows:
        s, t = where[a.source], where[a.target]
        fig.add_annotation(
            x=t.x,
            y=t.y,
            ax=s.x,
            ay=s.y,
            xref="x",
            yref="y",
            axref="x",
            ayref="y",
            text="",
            showarrow=True,
            arrowhead=3,
            arrowsize=1.2,
            arrowwidth=1.6 if a.dash else 2.2,
            arrowcolor="#777777" if a.dash else "#222222",
            standoff=26,
            startstandoff=26,
            name="arrow",
        )
        fig.add_annotation(
            x=(s.x + t.x) / 2,
            y=(s.y + t.y) / 2 + 0.035,
            text=f"<i>{a.label}</i>",
            showarrow=False,
            font=dict(size=11, color="#444444"),
            name="arrow-label",
            bgcolor="rgba(255,255,255,0.85)",
        )
    for b in boxes:
        fig.add_annotation(
            x=b.x,
            y=b.y,
            text=f"<b>{b.symbol}</b> {b.label}",
            showarrow=False,
            name="box",
            font=dict(size=12, color="#000000"),
            bgcolor="#FFFFFF",
            bordercolor=b.color,
            borderwidth=3,
            borderpad=5,
        )
    fig.update_layout(
        template=theme.TEMPLATE_NAME,
        title=dict(text=title, font=dict(size=15)),
        height=height,
        margin=dict(l=10, r=10, t=50, b=10),
        showlegend=False,
        xaxis=dict(visible=False, range=[-0.08, 1.1], fixedrange=True),
        yaxis=dict(visible=False, range=[-0.08, 0.95], fixedrange=True),
    )
    return fig


def describe_compartments(boxes: Sequence[Box], arrows: Sequence[Arrow]) -> str:
    """The text alternative: what the model tracks and every arrow in words."""
    where = {b.key: b for b in boxes}
    tracks = ", ".join(f"{b.label} ({b.symbol})" for b in boxes)
    links = "; ".join(f"{where[a.source].label} {a.label} → {where[a.target].label}" for a in arrows)
    return f"A diagram of the model. It tracks: {tracks}. Arrows (dashed: acts on): {links}."


def infection_compartments() -> go.Figure:
    """The compartment diagram of ``immunolib.models.infection`` (lesson 01)."""
    return compartment_diagram(
        INFECTION_BOXES, INFECTION_ARROWS, "What the infection model tracks, and how each part acts on the others"
    )


CLONAL_BOXES = (
    Box("A", "A", "antigen", 0.12, 0.80, theme.OKABE_ITO["vermillion"]),
    Box("N", "N", "naive cells of a clone", 0.12, 0.25, theme.OKABE_ITO["sky_blue"]),
    Box("E", "E", "effector cells (plasma cells)", 0.55, 0.25, theme.OKABE_ITO["blue"]),
    Box("M", "M", "memory cells", 0.92, 0.25, theme.OKABE_ITO["bluish_green"]),
    Box("X", "x", "mutant clones (maturation)", 0.55, 0.80, theme.OKABE_ITO["reddish_purple"]),
)
CLONAL_ARROWS = (
    Arrow("A", "N", "selects clones that fit", dash=True),
    Arrow("N", "E", "activated, divide"),
    Arrow("E", "A", "clear antigen", dash=True),
    Arrow("E", "M", "some become memory"),
    Arrow("M", "E", "second exposure: fast start"),
    Arrow("E", "X", "mutate (optional)"),
)


def clonal_compartments() -> go.Figure:
    """The compartment diagram of ``immunolib.models.clonal`` (lesson 04): one clone's cells and the antigen."""
    return compartment_diagram(CLONAL_BOXES, CLONAL_ARROWS, "What the clonal selection model tracks for each clone")
