"""Lesson 05's help-and-restraint simulator, drawn: the Kirschner & Panetta (1998) model's run, its tables and
its compartment diagram.

Model results (:mod:`immunolib.models.balance`) in, ``go.Figure`` (or HTML) out; no widgets.
:func:`show_balance` updates the figure in place and :func:`describe_balance` is its text alternative.
"""

from __future__ import annotations

import math
from html import escape

import numpy as np
import plotly.graph_objects as go

from immunolib import content, theme
from immunolib.figures import words
from immunolib.figures.compartments import Arrow, Box, compartment_diagram, describe_compartments
from immunolib.figures.html import data_table
from immunolib.models import balance

__all__ = [
    "OUTCOME_WORDS",
    "LEVER_NOTES",
    "fmt_cells",
    "balance_figure",
    "show_balance",
    "describe_balance",
    "outcome_html",
    "lever_sentences",
    "balance_caption",
    "kirschner_parameter_table",
    "balance_table",
    "KIRSCHNER_BOXES",
    "KIRSCHNER_ARROWS",
    "kirschner_compartments",
    "describe_kirschner_compartments",
]

# --------------------------------------------------------------------------------------------------------------
# Help and restraint (Kirschner & Panetta 1998)
# --------------------------------------------------------------------------------------------------------------
#: What each outcome label means, in words shown on the figure and under it.
OUTCOME_WORDS = {
    "elimination": "elimination — the tumour fell below one cell: in the model it is gone",
    "equilibrium": "equilibrium — the tumour persists, held below the size it could reach",
    "escape": "escape — the tumour grows to the largest size its surroundings allow",
}

#: One sentence per lever: the model term it moves, and the caveat.
LEVER_NOTES = {
    "help": (
        "multiplies p₂, the IL-2 that each effector cell makes when it meets the tumour (IL-2 then makes "
        "effectors multiply).",
        "The model has no helper cells; this treats help as more IL-2 only. In the body IL-2 also feeds "
        "regulatory T cells, which the model cannot show.",
    ),
    "restraint": (
        "multiplies μ₂, the rate at which effector cells are lost.",
        "The model has no regulatory T cells; we assume their restraint (IL-2 consumption, CTLA-4, "
        "IL-10, TGF-β) shows up as faster loss of effectors. Without any Tregs the body loses "
        "self-tolerance.",
    ),
    "antigenicity": (
        "multiplies c, how fast each tumour cell recruits effector cells (how visible the tumour is).",
        "Below 1× the model's tumour swings through huge cycles that dip below one cell, a quirk of "
        "the equations rather than a benefit of hiding, so lower values are not offered.",
    ),
}


#: A cell count in words ('0', '870', '15,000', '1.5 million'): :func:`immunolib.figures.words.cell_count`.
fmt_cells = words.cell_count


def _levels_text(levels) -> str:
    return ", ".join(f"{lv.label} ×{levels[lv.name]:g}" for lv in balance.LEVERS)


def _log_series(values) -> list:
    """Values for a log axis: zeros (an eliminated tumour) become gaps."""
    return [None if v <= 0 else float(v) for v in np.asarray(values, dtype=float)]


def balance_figure(run: balance.Run, ghost: balance.Run | None = None) -> go.Figure:
    """Tumour and effector cells over a year, with the untreated run as a faded ghost.

    Parameters
    ----------
    run : balance.Run
        The run to show (from :func:`immunolib.models.balance.run`).
    ghost : balance.Run, optional
        The run drawn faded behind it (default: all levers at 1×, the paper's model).

    Returns
    -------
    plotly.graph_objects.Figure
        Traces, by ``meta``: ``ghost_T``, ``ghost_E``, ``T``, ``E``, ``gone`` (the day the tumour fell below
        one cell, if it did). Log cell axis with a dotted line at one cell.

    Example
    -------
    >>> fig = balance_figure(balance.run())
    >>> [t.meta for t in fig.data]
    ['ghost_T', 'ghost_E', 'T', 'E', 'gone']
    """
    ghost = ghost or balance.run()
    fig = go.Figure()
    grey = "#8C8C8C"
    t = list(map(float, ghost.trajectory.t))
    fig.add_trace(
        go.Scatter(
            x=t,
            y=_log_series(ghost.trajectory["T"]),
            mode="lines",
            meta="ghost_T",
            name="tumour, paper's model (ghost)",
            opacity=0.45,
            line=dict(color=grey, width=2, dash="solid"),
        )
    )
    fig.add_trace(
        go.Scatter(
            x=t,
            y=_log_series(ghost.trajectory["E"]),
            mode="lines",
            meta="ghost_E",
            name="effectors, paper's model (ghost)",
            opacity=0.45,
            line=dict(color=grey, width=2, dash="dash"),
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[], y=[], mode="lines", meta="T", name="tumour cells", line=dict(width=3, **theme.series_style("tumour"))
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="lines",
            meta="E",
            name="effector T cells",
            line=dict(width=3, **theme.series_style("effector")),
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="markers+text",
            meta="gone",
            name="below one cell: gone",
            marker=dict(symbol="x", size=14, color=theme.OKABE_ITO["black"]),
            textposition="top right",
            cliponaxis=False,
            showlegend=False,
        )
    )
    fig.add_hline(
        y=1,
        line=dict(color="#555555", width=1, dash="dot"),
        annotation_text="1 cell",
        annotation_position="bottom left",
    )
    fig.update_layout(
        template=theme.TEMPLATE_NAME,
        height=440,
        margin=dict(l=110, r=20, t=64, b=110),
        xaxis=dict(title=dict(text="days", standoff=4), range=[0, balance.DAYS], fixedrange=True),
        yaxis=dict(
            title=dict(text="cells (log scale)", standoff=8),
            type="log",
            range=[-0.5, 9.2],
            fixedrange=True,
            tickvals=[1, 1e3, 1e6, 1e9],
            ticktext=["1", "1,000", "1 million", "1 billion"],
        ),
        legend=dict(orientation="h", x=0, y=-0.2, yanchor="top", font=dict(size=12)),
        hovermode="x unified",
    )
    return show_balance(fig, run)


def show_balance(fig: go.Figure, run: balance.Run) -> go.Figure:
    """Show ``run`` in a :func:`balance_figure`, in place (the ghost stays). Returns the figure."""
    by_meta = {tr.meta: tr for tr in fig.data}
    t = list(map(float, run.trajectory.t))
    by_meta["T"].x, by_meta["T"].y = t, _log_series(run.trajectory["T"])
    by_meta["E"].x, by_meta["E"].y = t, _log_series(run.trajectory["E"])
    gone = by_meta["gone"]
    if run.extinction_day is not None:
        gone.x, gone.y = [run.extinction_day], [1.0]
        gone.text = [f"below one cell: gone (day {run.extinction_day:g})"]
    else:
        gone.x, gone.y, gone.text = [], [], []
    fig.layout.title.text = f"Outcome: {run.outcome} <span style='font-size:13px'>({_levels_text(run.levels)})</span>"
    return fig


def describe_balance(run: balance.Run, ghost: balance.Run | None = None) -> str:
    """Text alternative of :func:`balance_figure`: the levers, the outcome and the numbers, against the ghost."""
    ghost = ghost or balance.run()
    text = (
        f"Tumour and effector T cells over {balance.DAYS:g} days on a log scale ({_levels_text(run.levels)}). "
        f"Outcome: {OUTCOME_WORDS[run.outcome]}. The tumour's largest size is {fmt_cells(run.largest_tumour)} "
        f"cells (paper's model, grey ghost: {fmt_cells(ghost.largest_tumour)})"
    )
    if run.extinction_day is not None:
        text += f"; it falls below one cell on day {run.extinction_day:g}, and in the model it is gone."
    else:
        text += f"; on day {balance.DAYS:g} it has {fmt_cells(run.final_tumour)} cells."
    return text


def outcome_html(run: balance.Run) -> str:
    """The outcome label under the figure, with the rule that gives it."""
    return (
        f"<p role='status' style='margin:4px 0;font-size:1.05em'><strong>Outcome: {escape(run.outcome)}</strong>"
        f" — {escape(OUTCOME_WORDS[run.outcome].split(' — ', 1)[1])}. Largest tumour "
        f"{escape(fmt_cells(run.largest_tumour))} cells; "
        + (
            f"below one cell on day {run.extinction_day:g}."
            if run.extinction_day is not None
            else f"{escape(fmt_cells(run.final_tumour))} cells on day {balance.DAYS:g}."
        )
        + "<br><span style='font-size:0.9em;color:#444'>Rule: elimination if the tumour falls below one cell; "
        "escape if it stays above half its largest possible size over the last fifth of the year; "
        "equilibrium otherwise.</span></p>"
    )


def lever_sentences(levels) -> str:
    """One visible sentence per lever: its value, the model term it moves, and its caveat (HTML)."""
    items = []
    for lv in balance.LEVERS:
        term, caveat = LEVER_NOTES[lv.name]
        items.append(
            f"<li><strong>{escape(lv.label)} ×{levels[lv.name]:g}</strong> {escape(term)} "
            f"<em>Caveat:</em> {escape(caveat)}</li>"
        )
    return f"<ul class='immunolib-levers' style='margin:4px 0;padding-left:20px'>{''.join(items)}</ul>"


def balance_caption() -> str:
    """The model caption: which paper, what data, and that it shows mechanisms, not anyone's future."""
    spec = content.model("kirschner1998")
    ref = content.reference(spec.sources[0])
    return (
        "<p class='immunolib-model-caption' style='margin:2px 0;font-size:0.9em;color:#333'>"
        f"<strong>Model:</strong> {escape(ref.citation())}. Three equations for effector T cells, tumour "
        "cells and IL-2 at the tumour; the rate constants were gathered by the authors from earlier "
        "laboratory and clinical studies, not fitted to one species' or one person's data. It shows "
        "mechanisms, not any patient's future. Below one cell the tumour counts as gone.</p>"
    )


def kirschner_parameter_table() -> str:
    """The Kirschner–Panetta parameters as an HTML table: symbol, meaning, value, units, the lever that moves
    it (if any) and sources, all from ``data/models/kirschner1998.yaml``."""
    spec = content.model("kirschner1998")
    by_param = {lv.parameter: lv for lv in balance.LEVERS}
    rows = []
    for p in spec.parameter_set("default").parameters:
        lever = by_param.get(p.name)
        moved = f"{escape(lever.label)} (×)" if lever else "—"
        rows.append(
            f"<tr><td>{escape(p.symbol)}</td><td style='text-align:left'>{escape(p.meaning)}</td>"
            f"<td>{p.value:g}</td><td>{escape(p.units)}</td><td>{moved}</td>"
            f"<td>{escape(', '.join(p.sources))}</td></tr>"
        )
    head = (
        "<th scope='col'>symbol</th><th scope='col' style='text-align:left'>meaning</th><th scope='col'>value"
        "</th><th scope='col'>units</th><th scope='col'>lever</th><th scope='col'>source</th>"
    )
    return data_table(
        head,
        rows,
        caption="Parameters of the Kirschner & Panetta (1998) model: the paper's rate "
        "constants; c = 0.025 is a reference value inside the range the paper studied (0 to 0.05); the "
        "treatments s₁ and s₂ are 0 here",
    )


def balance_table(runs) -> str:
    """Some runs side by side, as an HTML table: the lever values, the outcome and the tumour's sizes."""
    rows = []
    for r in runs:
        gone = f"day {r.extinction_day:g}" if r.extinction_day is not None else "—"
        rows.append(
            f"<tr><td>×{r.help:g}</td><td>×{r.restraint:g}</td><td>×{r.antigenicity:g}</td>"
            f"<td>{escape(r.outcome)}</td><td>{escape(fmt_cells(r.largest_tumour))}</td>"
            f"<td>{escape(fmt_cells(r.final_tumour))}</td><td>{gone}</td></tr>"
        )
    head = "".join(
        f"<th scope='col'>{h}</th>"
        for h in (
            "help",
            "restraint",
            "antigenicity",
            "outcome",
            "largest tumour (cells)",
            f"tumour on day {balance.DAYS:g}",
            "below one cell",
        )
    )
    return data_table(head, rows, caption="Runs of the help-and-restraint simulator (model output, one year)")


# --------------------------------------------------------------------------------------------------------------
# The model's compartments (DSAIRM's "The model" part)
# --------------------------------------------------------------------------------------------------------------
KIRSCHNER_BOXES = (
    Box("T", "T", "tumour cells", 0.07, 0.70, theme.OKABE_ITO["black"]),
    Box("E", "E", "effector T cells", 0.45, 0.70, theme.OKABE_ITO["vermillion"]),
    Box("I", "I", "IL-2", 0.45, 0.10, theme.OKABE_ITO["blue"]),
    Box("L", "μ₂", "effectors lost", 0.93, 0.70, theme.OKABE_ITO["sky_blue"]),
)
KIRSCHNER_ARROWS = (
    Arrow("T", "E", "recruits (c: antigenicity)", dash=True),
    Arrow("E", "T", "kills (a)", dash=True),
    Arrow("E", "I", "made on meeting the tumour (p₂: help)"),
    Arrow("I", "E", "makes them multiply (p₁)", dash=True),
    Arrow("E", "L", "die or held back (restraint)"),
)


def kirschner_compartments() -> go.Figure:
    """The compartment diagram of the Kirschner & Panetta (1998) model behind the help-and-restraint simulator.

    Example
    -------
    >>> [a.text for a in kirschner_compartments().layout.annotations if a.name == "box"][:2]
    ['<b>T</b> tumour cells', '<b>E</b> effector T cells']
    """
    fig = compartment_diagram(
        KIRSCHNER_BOXES,
        KIRSCHNER_ARROWS,
        "What the Kirschner–Panetta model tracks, and which lever moves which arrow",
        height=340,
    )
    # Two arrows between the same boxes (T⇄E, E⇄I) would lie on one line: move each to its own side.
    arrows = [a for a in fig.layout.annotations if a.name == "arrow"]
    labels = [a for a in fig.layout.annotations if a.name == "arrow-label"]
    pairs = {(a.source, a.target) for a in KIRSCHNER_ARROWS}
    for spec, arrow, label in zip(KIRSCHNER_ARROWS, arrows, labels):
        if (spec.target, spec.source) not in pairs:
            continue
        dx, dy = arrow.x - arrow.ax, arrow.y - arrow.ay
        norm = math.hypot(dx, dy)
        nx, ny = dy / norm, -dx / norm  # to the right of the direction of travel
        arrow.update(x=arrow.x + 0.03 * nx, ax=arrow.ax + 0.03 * nx, y=arrow.y + 0.05 * ny, ay=arrow.ay + 0.05 * ny)
        if abs(nx) > abs(ny):  # a vertical pair: each label beside its own arrow
            label.update(x=arrow.x + 0.015 * nx, y=label.y - 0.035, xanchor="left" if nx > 0 else "right")
        else:
            label.update(y=label.y - 0.035 + 0.11 * ny)
    return fig


def describe_kirschner_compartments() -> str:
    """Text alternative of :func:`kirschner_compartments`."""
    return describe_compartments(KIRSCHNER_BOXES, KIRSCHNER_ARROWS)
