"""Lesson 07's cancer–immunity cycle (Chen & Mellman 2013): the seven steps as a ring of clickable markers.

:func:`cycle_diagram` draws the ring (``trace.meta`` holds the step id); :func:`select_step` highlights one with a
thick black outline and a larger marker, so the choice never rests on colour; :func:`step_card` says what
happens there, how tumours break the step and which therapies act there.

Example
-------
>>> fig = cycle_diagram("priming")
>>> [t.meta for t in fig.data if t.meta][:3]
['antigen_release', 'antigen_presentation', 'priming']
"""

from __future__ import annotations

import math
from html import escape

import numpy as np
import plotly.graph_objects as go

from immunolib import content, theme
from immunolib.figures import words
from immunolib.figures.html import card, row, table
from immunolib.models import regimens

__all__ = [
    "cycle_steps",
    "therapy_name",
    "cycle_diagram",
    "select_step",
    "describe_cycle",
    "step_card",
]

_RING = theme.OKABE_ITO["blue"]


def cycle_steps() -> tuple:
    """The seven steps of the cycle, in order (from ``data/cancer_immunity_cycle.yaml``)."""
    return tuple(sorted(content.collection("cancer_immunity_cycle"), key=lambda s: s.number))


def _positions(n: int) -> list[tuple[float, float]]:
    # clockwise from the top, like a clock face
    return [(math.sin(2 * math.pi * k / n), math.cos(2 * math.pi * k / n)) for k in range(n)]


def therapy_name(therapy_id: str) -> str:
    """The short name of a therapy of ``data/therapies.yaml`` (the text before any bracket)."""
    return content.therapy(therapy_id).name.split(" (")[0]


def cycle_diagram(selected: str | None = None, *, height: int = 430) -> go.Figure:
    """The cancer–immunity cycle as a ring of seven clickable steps.

    Parameters
    ----------
    selected : str, optional
        Id of the step to highlight.
    height : int
        Figure height in pixels.

    Raises
    ------
    ValueError
        ``selected`` is not a step id.
    """
    steps = cycle_steps()
    if selected is not None:
        words.check_id("selected", selected, [s.id for s in steps])
    pos = _positions(len(steps))
    fig = go.Figure()
    # the ring, with arrowheads showing the direction of the cycle
    t = np.linspace(0, 2 * math.pi, 200)
    fig.add_trace(
        go.Scatter(
            x=np.sin(t) * 1.0,
            y=np.cos(t) * 1.0,
            mode="lines",
            hoverinfo="skip",
            line=dict(color="#CCCCCC", width=3),
            showlegend=False,
            name="cycle",
        )
    )
    for k in range(len(steps)):
        a = 2 * math.pi * (k + 0.5) / len(steps)
        fig.add_annotation(
            x=math.sin(a + 0.08),
            y=math.cos(a + 0.08),
            ax=math.sin(a - 0.08),
            ay=math.cos(a - 0.08),
            xref="x",
            yref="y",
            axref="x",
            ayref="y",
            text="",
            showarrow=True,
            arrowhead=2,
            arrowsize=1.4,
            arrowwidth=2,
            arrowcolor="#888888",
        )
    for s, (x, y) in zip(steps, pos):
        cold = bool(getattr(s, "fails_in_cold_tumour", False))
        fig.add_trace(
            go.Scatter(
                x=[x],
                y=[y],
                mode="markers+text",
                meta=s.id,
                name=s.name,
                showlegend=False,
                text=[s.short + (" ✱" if cold else "")],
                textposition="top center" if y >= 0 else "bottom center",
                marker=dict(size=30, color=_RING, symbol="circle", line=dict(color="white", width=2)),
                hovertemplate=f"Step {s.number}: {escape(s.name)}<br>{escape(s.where)}<extra>click for details</extra>",
            )
        )
    fig.add_annotation(x=0, y=0.08, text="<b>The cancer–immunity cycle</b>", showarrow=False, font=dict(size=15))
    fig.add_annotation(
        x=0,
        y=-0.12,
        text="click a step · ✱ fails in a “cold” tumour",
        showarrow=False,
        font=dict(size=12, color="#555555"),
    )
    fig.update_layout(
        template=theme.TEMPLATE_NAME,
        height=height,
        margin=dict(l=10, r=10, t=20, b=10),
        xaxis=dict(visible=False, range=[-1.75, 1.75], fixedrange=True),
        yaxis=dict(visible=False, range=[-1.4, 1.4], fixedrange=True, scaleanchor="x"),
        clickmode="event",
        dragmode=False,
    )
    return select_step(fig, selected)


def select_step(fig, selected: str | None):
    """Highlight one step (thick black outline, larger marker); works on a Figure or a FigureWidget.

    ``None`` highlights none; an id that is not a step is an :class:`~immunolib.figures.words.UnknownId`."""
    if selected is not None:
        words.check_id("selected", selected, [t.meta for t in fig.data if isinstance(t.meta, str)])
    for trace in fig.data:
        if not isinstance(trace.meta, str):
            continue
        on = trace.meta == selected
        trace.marker.size = 40 if on else 30
        trace.marker.line = dict(color=theme.HIGHLIGHT if on else "white", width=5 if on else 2)
        trace.marker.color = theme.OKABE_ITO["vermillion"] if on else _RING
        trace.textfont = dict(size=15 if on else 13, color="#000000" if on else "#333333")
    return fig


def describe_cycle(selected: str | None = None) -> str:
    """Text alternative of :func:`cycle_diagram`."""
    steps = cycle_steps()
    names = "; ".join(f"{s.number} {s.name.lower()}" for s in steps)
    text = f"A ring of seven steps, clockwise from the top: {names}; step 7 leads back to step 1."
    if selected:
        words.check_id("selected", selected, [s.id for s in steps])
        s = next(s for s in steps if s.id == selected)
        text += f" Step {s.number}, {s.name.lower()}, is highlighted."
    return text


def step_card(step_id: str, model_id: str | None = None) -> str:
    """An HTML card for one step: what happens, how tumours break it, which therapies act there."""
    s = content.record("cancer_immunity_cycle", step_id)
    rows = [("What happens", escape(s.what_happens)), ("How tumours break it", escape(s.how_tumours_break_it))]
    acts = [therapy_name(t) for t in s.therapies]
    acts += list(getattr(s, "other_interventions", ()) or ())
    rows.append(("Therapies here", escape("; ".join(acts)) or "none of the course's therapies"))
    if getattr(s, "fails_in_cold_tumour", False):
        rows.append(("✱", "fails in a cold tumour"))
    if model_id is not None:
        lab = [t for t in s.therapies if t in regimens.lab_therapies(model_id)]
        if lab:
            rows.append(("Lab", f"selects <em>{escape(therapy_name(lab[0]))}</em>"))
    body = table([row(k, v) for k, v in rows])
    return card(f"Step {s.number}: {s.name}", body, color=theme.OKABE_ITO["blue"], sources=content.cite(s))
