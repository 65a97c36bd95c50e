"""Figures of lesson 05: antigen presentation pathways, the cytokine grid, and the help-and-restraint simulator.

Records or model results in, ``go.Figure`` (or HTML) out; no widgets. Each figure has an in-place
``show_*`` updater used by the apps and a ``describe_*`` text alternative.
"""

from __future__ import annotations

import math
from html import escape

import numpy as np
import plotly.graph_objects as go

from immunolib import content, theme
from immunolib.figures import words
from immunolib.figures.compartments import Arrow, Box, compartment_diagram, describe_compartments
from immunolib.figures.html import card, data_table
from immunolib.models import balance

__all__ = [
    "presentation_diagram",
    "show_presentation",
    "describe_presentation",
    "presentation_step_html",
    "GROUPS",
    "cytokine_grid",
    "show_cytokine",
    "describe_cytokine",
    "cytokine_card",
    "balance_figure",
    "show_balance",
    "describe_balance",
    "balance_caption",
    "lever_sentences",
    "outcome_html",
    "OUTCOME_WORDS",
    "LEVER_NOTES",
    "fmt_cells",
    "kirschner_parameter_table",
    "balance_table",
    "kirschner_compartments",
    "describe_kirschner_compartments",
    "KIRSCHNER_BOXES",
    "KIRSCHNER_ARROWS",
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


# --------------------------------------------------------------------------------------------------------------
# Cytokine grid
# --------------------------------------------------------------------------------------------------------------
#: The grid's columns: groups of cells that make or hear cytokines (ids used in data/cytokines.yaml).
GROUPS = {
    "dendritic_cell": "Dendritic cells",
    "macrophage": "Macrophages",
    "helper_t": "CD4⁺ helper T",
    "cd8_t": "CD8⁺ killer T",
    "treg": "Regulatory T",
    "nk_cell": "NK cells",
    "b_cell": "B cells",
    "body_cells": "Many body cells",
}
#: Column labels of the grid, broken into short lines so that they fit the notebook's width.
_TICKS = {
    "dendritic_cell": "Dendritic<br>cells",
    "macrophage": "Macro-<br>phages",
    "helper_t": "CD4⁺<br>helper T",
    "cd8_t": "CD8⁺<br>killer T",
    "treg": "Regu-<br>latory T",
    "nk_cell": "NK<br>cells",
    "b_cell": "B<br>cells",
    "body_cells": "Many<br>body cells",
}
_MAKES = dict(symbol="square", color=theme.OKABE_ITO["blue"])
_HEARS = dict(symbol="circle-open", color=theme.OKABE_ITO["vermillion"])
_OFFSET = 0.17


def _cytokines():
    return content.collection("cytokines")


def _check_cytokine(cytokine_id) -> None:
    words.check_id("cytokine", cytokine_id, [c.id for c in _cytokines()])


def cytokine_grid(selected: str = "il2") -> go.Figure:
    """The "who makes it × who hears it" grid: one row per cytokine, one column per group of cells.

    A filled blue square left of a column's centre means "this group makes it"; an open vermillion circle
    right of it means "this group hears it" (symbol and position carry the meaning, not only colour).

    Parameters
    ----------
    selected : str
        Id of the highlighted cytokine (``data/cytokines.yaml``).

    Returns
    -------
    plotly.graph_objects.Figure
        Two traces per cytokine with ``meta`` = its id (``makes`` first, then ``hears``), clickable.

    Example
    -------
    >>> fig = cytokine_grid("il10")
    >>> fig.data[0].meta, fig.data[0].name
    ('il2', 'makes it')
    """
    _check_cytokine(selected)
    groups = list(GROUPS)
    cyts = _cytokines()
    fig = go.Figure()
    for i, c in enumerate(cyts):
        for kind, style, members in (("makes it", _MAKES, c.made_by), ("hears it", _HEARS, c.heard_by)):
            dx = -_OFFSET if kind == "makes it" else _OFFSET
            xs = [groups.index(g) + dx for g in members]
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=[c.name] * len(xs),
                    mode="markers",
                    meta=c.id,
                    name=kind,
                    legendgroup=kind,
                    showlegend=(i == 0),
                    marker=dict(
                        symbol=style["symbol"], color=style["color"], size=14, line=dict(width=2, color=style["color"])
                    ),
                    hovertemplate=f"<b>{escape(c.name)}</b>: %{{customdata}} {kind.split()[0]} it<extra></extra>",
                    customdata=[GROUPS[g] for g in members],
                )
            )
    fig.update_layout(
        template=theme.TEMPLATE_NAME,
        height=440,
        margin=dict(l=190, r=20, t=80, b=110),
        xaxis=dict(
            tickmode="array",
            tickvals=list(range(len(groups))),
            ticktext=[_TICKS.get(g, _wrap(GROUPS[g], 8)) for g in groups],
            range=[-0.6, len(groups) - 0.4],
            fixedrange=True,
            tickangle=0,
            tickfont=dict(size=11),
            showgrid=True,
            side="bottom",
        ),
        yaxis=dict(
            categoryorder="array",
            categoryarray=[c.name for c in reversed(cyts)],
            fixedrange=True,
            tickfont=dict(size=13),
        ),
        legend=dict(orientation="h", x=1, y=1.0, yanchor="bottom", xanchor="right"),
        hovermode="closest",
    )
    fig.add_shape(
        type="line",
        xref="paper",
        x0=0,
        x1=1,
        yref="y",
        y0=cyts[0].name,
        y1=cyts[0].name,
        layer="below",
        opacity=0.25,
        line=dict(color="#999999", width=26),
    )
    return show_cytokine(fig, selected)


def show_cytokine(fig: go.Figure, selected: str) -> go.Figure:
    """Highlight one cytokine's row in a :func:`cytokine_grid`, in place (others fade). Returns the figure."""
    _check_cytokine(selected)
    name = content.record("cytokines", selected).name
    for trace in fig.data:
        here = trace.meta == selected
        if trace.marker.size == (20 if here else 13):
            continue  # unchanged: only the old and the new row are sent to the browser
        trace.marker.size = 20 if here else 13
        trace.marker.opacity = 1.0 if here else 0.35
        trace.marker.line.width = 3 if here else 1.5
    band = fig.layout.shapes[0]
    band.y0 = band.y1 = name
    fig.layout.title.text = f"{escape(name)}: who makes it, who hears it"
    return fig


def describe_cytokine(selected: str) -> str:
    """Text alternative of :func:`cytokine_grid` with ``selected`` highlighted."""
    _check_cytokine(selected)
    c = content.record("cytokines", selected)
    makes = ", ".join(GROUPS[g] for g in c.made_by)
    hears = ", ".join(GROUPS[g] for g in c.heard_by)
    return (
        f"A grid of {len(_cytokines())} cytokines (rows) against {len(GROUPS)} groups of cells (columns); "
        f"squares mark who makes a cytokine, open circles who hears it. Highlighted: {c.name}, made by "
        f"{makes}; heard by {hears}. Medicine: {c.medicine_kind}."
    )


def cytokine_card(selected: str) -> str:
    """The card of one cytokine: what it does (at most 60 words) and, set apart, the medicine."""
    _check_cytokine(selected)
    c = content.record("cytokines", selected)
    body = (
        f"<p style='margin:0 0 6px 0'>{escape(c.what_it_does)}</p>"
        f"<p style='margin:0;padding:4px 8px;background:#eef5fb;border:1px solid #b9d4ea'>"
        f"<strong>As a medicine</strong> (lesson 07 has more): {escape(c.medicine)}</p>"
    )
    return card(c.name, body, color=theme.cell_style("cytokine").color, sources=content.cite(c))


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
