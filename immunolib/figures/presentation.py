"""Lesson 05's antigen presentation diagram: the stations of a presentation pathway, revealed step by step.

A pathway of ``data/presentation_pathways.yaml`` in, ``go.Figure`` (or HTML) out; no widgets. :func:`show_presentation`
updates the figure in place, :func:`describe_presentation` is its text alternative.
"""

from __future__ import annotations

from html import escape

import plotly.graph_objects as go

from immunolib import content, theme
from immunolib.figures import words
from immunolib.figures.html import card

__all__ = [
    "presentation_diagram",
    "show_presentation",
    "presentation_step_html",
    "describe_presentation",
]

_FUTURE = "#DDDDDD"


# --------------------------------------------------------------------------------------------------------------
# Presentation pathways
# --------------------------------------------------------------------------------------------------------------
def _pathway_color(pathway) -> str:
    return theme.cell_style(pathway.seen_by[0]).color


def _wrap(text: str, width: int = 14) -> str:
    return words.wrap(escape(text), width, break_long_words=False)


def presentation_diagram(pathway, step: int = 1) -> go.Figure:
    """Draw a presentation pathway as numbered stations; stations after ``step`` are hidden ("?").

    Parameters
    ----------
    pathway : record of data/antigen_presentation.yaml
        For example ``content.record("antigen_presentation", "virus_in_cell")``.
    step : int
        The current step, from 1.

    Returns
    -------
    plotly.graph_objects.Figure
        Trace 0 (``meta`` ``"path"``) is the route walked so far; trace 1 (``meta`` ``"stations"``) the
        stations, labelled above and below in turn.

    Example
    -------
    >>> p = content.record("antigen_presentation", "virus_in_cell")
    >>> presentation_diagram(p, 2).data[1].text[2]
    '<b>3</b><br>?'
    """
    step = words.check_step(step, len(pathway.steps))
    n = len(pathway.steps)
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(x=[], y=[], mode="lines", meta="path", hoverinfo="skip", showlegend=False, line=dict(width=5))
    )
    fig.add_trace(
        go.Scatter(
            x=list(range(1, n + 1)),
            y=[0] * n,
            mode="markers+text",
            meta="stations",
            showlegend=False,
            cliponaxis=False,
            textfont=dict(size=13),
        )
    )
    fig.update_layout(
        template=theme.TEMPLATE_NAME,
        height=300,
        margin=dict(l=20, r=20, t=60, b=20),
        xaxis=dict(visible=False, range=[0.4, n + 0.6], fixedrange=True),
        yaxis=dict(visible=False, range=[-1.6, 1.6], fixedrange=True),
        hovermode="closest",
    )
    return show_presentation(fig, pathway, step)


def show_presentation(fig: go.Figure, pathway, step: int) -> go.Figure:
    """Show ``step`` of ``pathway`` in a :func:`presentation_diagram`, in place. Returns the figure."""
    step = words.check_step(step, len(pathway.steps))
    n = len(pathway.steps)
    color = _pathway_color(pathway)
    path, stations = fig.data[0], fig.data[1]
    path.x, path.y = list(range(1, step + 1)), [0] * step
    path.line.color = color
    seen = [k <= step for k in range(1, n + 1)]
    stations.x, stations.y = list(range(1, n + 1)), [0] * n
    stations.text = [
        f"<b>{k}</b><br>{_wrap(s.title)}" if seen[k - 1] else f"<b>{k}</b><br>?"
        for k, s in enumerate(pathway.steps, start=1)
    ]
    stations.textposition = ["top center" if k % 2 else "bottom center" for k in range(1, n + 1)]
    stations.marker = dict(
        size=[34 if k == step else 22 for k in range(1, n + 1)],
        color=[color if seen[k - 1] else _FUTURE for k in range(1, n + 1)],
        symbol=["star" if k == step else ("circle" if seen[k - 1] else "circle-open") for k in range(1, n + 1)],
        line=dict(width=[3 if k == step else 1 for k in range(1, n + 1)], color=theme.HIGHLIGHT),
    )
    stations.hovertext = [
        f"{escape(s.title)} ({escape(s.where)})" if seen[k - 1] else "not reached yet"
        for k, s in enumerate(pathway.steps, start=1)
    ]
    stations.hoverinfo = "text"
    fig.layout.title.text = f"{escape(pathway.name)}: step {step} of {n}"
    return fig


def presentation_step_html(pathway, step: int) -> str:
    """The card under the diagram: the current step's text, and, at the last step, who saw the peptide."""
    step = words.check_step(step, len(pathway.steps))
    s = pathway.steps[step - 1]
    body = f"<p style='margin:0 0 4px 0'><em>Where:</em> {escape(s.where)}</p><p style='margin:0'>{escape(s.text)}</p>"
    if step == len(pathway.steps):
        seen = ", ".join(content.cell(c).name for c in pathway.seen_by)
        body += (
            f"<p style='margin:6px 0 0 0'><strong>End of the pathway:</strong> MHC class "
            f"{escape(pathway.mhc_class)}, shown by {escape(pathway.presented_by)}, seen by "
            f"{escape(seen)}.</p>"
        )
    return card(
        f"Step {step}: {s.title}",
        body,
        color=_pathway_color(pathway),
        sources=content.cite(pathway) if step == len(pathway.steps) else (),
    )


def describe_presentation(pathway, step: int) -> str:
    """Text alternative of :func:`presentation_diagram`."""
    step = words.check_step(step, len(pathway.steps))
    n = len(pathway.steps)
    done = "; ".join(f"{k}. {s.title}" for k, s in enumerate(pathway.steps[:step], start=1))
    rest = n - step
    tail = (
        f" {rest} later step{'s are' if rest != 1 else ' is'} still hidden."
        if rest
        else f" This is the last step: MHC class {pathway.mhc_class}, seen by "
        f"{' and '.join(content.cell(c).name for c in pathway.seen_by)}."
    )
    return f"Pathway '{pathway.name}', step {step} of {n}. Stations so far: {done}.{tail}"
