"""One immune response, step by step (lesson 02), from ``data/responses.yaml``.

:func:`response_chart` draws which cells take part in each step, :func:`show_step` moves it to another step in
place (later steps stay hidden until reached), :func:`describe_step` is its text alternative and
:func:`step_html` the card of the current step.

The current step is marked by size, outline and a band; colour never carries meaning alone. The same input
gives byte-identical JSON.
"""

from __future__ import annotations

from html import escape

import plotly.graph_objects as go

from immunolib import content, theme
from immunolib.figures.html import CARD_WORDS, card, lead
from immunolib.figures.words import check_step, join_words, lower_first, wrap

__all__ = ["response_cells", "response_chart", "show_step", "describe_step", "step_html"]


_STEP_SIZE, _OTHER_SIZE = 26, 13


def response_cells(response) -> tuple[str, ...]:
    """The cells and molecules of a response, in order of first appearance."""
    seen: list[str] = []
    for step in response.steps:
        for c in step.cells:
            if c not in seen:
                seen.append(c)
    return tuple(seen)


def response_chart(response, step: int = 1, *, height: int | None = None) -> go.Figure:
    """Draw which cells take part in each step of a response, with the current step highlighted.

    Columns are the steps (labelled with their number and place), rows the cells and molecules (each with
    its own colour and marker); a marker means "takes part in this step".

    Parameters
    ----------
    response : record of data/responses.yaml
        For example ``content.record("responses", "virus_in_skin")``.
    step : int
        The current step, from 1.
    height : int, optional
        Height in pixels (default: grows with the number of rows).

    Returns
    -------
    plotly.graph_objects.Figure
        One marker trace per cell (``meta`` ``"cell:<id>"``); ``layout.shapes[0]`` is the band marking the
        current step.

    Example
    -------
    >>> r = content.record("responses", "virus_in_skin")
    >>> response_chart(r, 3).layout.title.text
    'Step 3 of 9: Finding the right T cells in the lymph node'
    """
    step = check_step(step, len(response.steps))
    rows = response_cells(response)
    n = len(response.steps)
    fig = go.Figure()
    fig.add_shape(
        type="rect",
        xref="x",
        yref="paper",
        x0=step - 0.45,
        x1=step + 0.45,
        y0=0,
        y1=1,
        fillcolor="#E8E8E8",
        line=dict(color=theme.HIGHLIGHT, width=2, dash="solid"),
        layer="below",
    )
    for cid in rows:
        cell = content.cell(cid)
        style = theme.cell_style(cid)
        xs = [i + 1 for i, s in enumerate(response.steps) if cid in s.cells]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=[cell.short_name] * len(xs),
                mode="markers",
                meta=f"cell:{cid}",
                name=cell.name,
                showlegend=False,
                marker=dict(
                    size=[_OTHER_SIZE] * len(xs),
                    color=style.color,
                    symbol=style.symbol,
                    line=dict(width=[1] * len(xs), color="#333333"),
                    opacity=[0.5] * len(xs),
                ),
                hovertemplate=f"<b>{escape(cell.name)}</b><br>step %{{x}}<extra></extra>",
            )
        )
    ticks = _step_ticks(response, step)
    fig.update_layout(
        template=theme.TEMPLATE_NAME,
        height=height or 150 + 34 * len(rows),
        xaxis=dict(
            tickmode="array",
            tickvals=list(range(1, n + 1)),
            ticktext=ticks,
            range=[0.4, n + 0.6],
            tickangle=0,
            tickfont=dict(size=12),
            fixedrange=True,
            showgrid=False,
            title=dict(text="step (and where it happens)", font=dict(size=13), standoff=6),
        ),
        yaxis=dict(
            categoryorder="array",
            categoryarray=[content.cell(c).short_name for c in reversed(rows)],
            fixedrange=True,
            showgrid=True,
        ),
        margin=dict(l=120, r=20, t=60, b=100),
        hovermode="closest",
    )
    show_step(fig, response, step)
    return fig


def _step_ticks(response, step: int) -> list[str]:
    """Axis labels: the number and place of every step reached so far; later steps show only their number
    and a question mark (steppers reveal step by step, so the student can predict what comes next)."""
    return [
        f"<b>{i + 1}</b><br>{wrap(escape(content.organ(s.where).name), 6)}" if i < step else f"<b>{i + 1}</b><br>?"
        for i, s in enumerate(response.steps)
    ]


def show_step(fig: go.Figure, response, step: int) -> go.Figure:
    """Move a :func:`response_chart` to ``step``, in place: the steps reached so far are drawn (the current
    step's cells enlarged and outlined, the earlier ones faded); later steps stay hidden until reached.
    Returns the figure."""
    step = check_step(step, len(response.steps))
    current = response.steps[step - 1]
    for trace in fig.data:
        meta = trace.meta or ""
        if not meta.startswith("cell:"):
            continue
        cid = meta[5:]
        xs = [i + 1 for i, s in enumerate(response.steps[:step]) if cid in s.cells]
        trace.x, trace.y = xs, [content.cell(cid).short_name] * len(xs)
        here = [x == step and cid in current.cells for x in xs]
        trace.marker.size = [_STEP_SIZE if h else _OTHER_SIZE for h in here]
        trace.marker.line.width = [3 if h else 1 for h in here]
        trace.marker.opacity = [1.0 if h else 0.45 for h in here]
    fig.layout.xaxis.ticktext = _step_ticks(response, step)
    fig.layout.shapes[0].x0 = step - 0.45
    fig.layout.shapes[0].x1 = step + 0.45
    fig.layout.title.text = f"Step {step} of {len(response.steps)}: {current.title}"
    return fig


def describe_step(response, step: int) -> str:
    """The text alternative of :func:`response_chart` at ``step``."""
    step = check_step(step, len(response.steps))
    s = response.steps[step - 1]
    names = [lower_first(content.cell(c).name) for c in s.cells]
    return (
        f"A chart of which cells take part in the steps of '{response.title}' reached so far "
        f"({step} of {len(response.steps)}; later steps stay hidden). Highlighted: step {step}, "
        f"{lower_first(s.title)}, in the "
        f"{lower_first(content.organ(s.where).name)}; taking part: {join_words(names)}."
    )


def step_html(response, step: int) -> str:
    """The current step's text, place and sources as an HTML card (all data text escaped); a long text
    shows its first sentences and folds the rest behind "More"."""
    step = check_step(step, len(response.steps))
    s = response.steps[step - 1]
    place = s.get("site") or lower_first(content.organ(s.where).name)
    who = ", ".join(content.cell(c).short_name for c in s.cells)
    where = (
        f'<p style="margin:0 0 4px 0"><strong>Where:</strong> {escape(place)} '
        f"({escape(content.organ(s.where).name)}) &nbsp; <strong>Who:</strong> {escape(who)}</p>"
    )
    head = len(
        f"Step {step} of {len(response.steps)}: {s.title} Where: {place} "
        f"({content.organ(s.where).name}) Who: {who}".split()
    )
    shown, rest = lead(s.text, CARD_WORDS - head)
    more = f'<p style="margin:0">{escape(rest)}</p>' if rest else ""
    return card(
        f"Step {step} of {len(response.steps)}: {s.title}",
        f'{where}<p style="margin:0">{escape(shown)}</p>',
        color="#444444",
        sources=s.sources,
        label=f"Step {step}",
        more=more,
        kind="step",
    )
