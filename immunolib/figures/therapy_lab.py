"""Figures and panels of lesson 07, the immunotherapy lab.

* :func:`lab_timecourse` — a tumour model's run under a regimen: the tumour (solid black) and the effector
  cells (dashed), the untreated run as a faded grey ghost, at most one pinned regimen for comparison
  (dotted), a line at one cell ("below this, the tumour is gone") and a ▲ at every dose. All on a log scale.
  :func:`describe_lab` is its text alternative; :func:`outcome_sentence` says what happened in words a model
  may use ("the tumour falls below one cell by day 26"); :func:`regimen_table` lists some regimens' outcomes.
* :func:`lab_compartments` — the lab's model as a compartment diagram, with where each therapy enters.

The lesson's other two diagrams have their own modules, re-exported here so that
``immunolib.figures.therapy_lab`` still offers everything the lesson draws: the cancer–immunity cycle
(:mod:`immunolib.figures.cancer_cycle`) and the panels from the clinic (:mod:`immunolib.figures.clinic`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

import numpy as np
import plotly.graph_objects as go

from immunolib import content, theme
from immunolib.figures import words
from immunolib.figures.cancer_cycle import (
    cycle_diagram,
    cycle_steps,
    describe_cycle,
    select_step,
    step_card,
    therapy_name,
)
from immunolib.figures.clinic import (
    clinic_panel,
    evidence_panel,
    medicines,
    medicines_table,
    side_effects_panel,
)
from immunolib.figures.compartments import Arrow, Box, compartment_diagram, describe_compartments
from immunolib.figures.html import data_table
from immunolib.models import regimens
from immunolib.models.core import Trajectory
from immunolib.models.measurements import change_from_untreated
from immunolib.models.outcomes import classify_outcome

__all__ = [
    "cycle_steps",
    "cycle_diagram",
    "select_step",
    "describe_cycle",
    "step_card",
    "therapy_name",
    "lab_timecourse",
    "update_lab_timecourse",
    "outcome_sentence",
    "describe_lab",
    "model_caption",
    "OUTCOME_RULE",
    "TOXICITY_NOTE",
    "clinic_panel",
    "medicines",
    "medicines_table",
    "evidence_panel",
    "side_effects_panel",
    "EFFECTOR_NAMES",
    "regimen_table",
    "lab_compartments",
    "describe_lab_compartments",
    "CHANGE_WORDS",
    "change_from_untreated",
]

#: The rule of :func:`immunolib.models.outcomes.classify_outcome`, in words, shown under the lab's figure.
OUTCOME_RULE = (
    "Outcome rule: elimination = the tumour falls below one cell (the model then sets it to 0); "
    "escape = over the last fifth of the year the tumour stays above half its carrying capacity; "
    "equilibrium = anything else (held in check, or shrinking and regrowing)."
)
#: Shown next to every dose control of the lab.
TOXICITY_NOTE = (
    "Toxicity (immune-related adverse events, cytokine release syndrome) is not in this model: "
    "a higher dose here has no cost, unlike in a person."
)
#: Which population of each lab model is drawn as "effector cells", with its label.
EFFECTOR_NAMES = {
    "kuznetsov1994": ("E", "effector T cells"),
    "kirschner1998": ("E", "effector T cells"),
    "depillis2005": ("L", "CD8+ T cells"),
}


# -- the therapy lab --------------------------------------------------------------------------------------
_FLOOR = 0.1  # cells: values below are drawn at this floor (a tumour of 0 cells cannot sit on a log axis)


def _tumour_y(tr: Trajectory) -> np.ndarray:
    name = tr.meta["tumour"]
    return np.maximum(np.asarray(tr[name], dtype=float), _FLOOR)


def _effector_y(tr: Trajectory) -> np.ndarray:
    name = EFFECTOR_NAMES[tr.model][0]
    return np.maximum(np.asarray(tr[name], dtype=float), _FLOOR)


def _dose_days(tr: Trajectory) -> list[float]:
    return sorted({round(float(t), 3) for t, text in tr.events if ": dose" in text or "infusion" in text})


def lab_timecourse(
    treated: Trajectory,
    untreated: Trajectory,
    pinned: Trajectory | None = None,
    *,
    treated_label: str = "this regimen",
    pinned_label: str = "regimen A",
    height: int = 440,
) -> go.Figure:
    """The tumour and its effector cells under a regimen, with the untreated run as a faded ghost.

    Parameters
    ----------
    treated, untreated : Trajectory
        Runs of the same model, with and without the regimen.
    pinned : Trajectory, optional
        A second regimen kept for comparison (at most two regimens on screen).
    treated_label, pinned_label : str
        Legend words for the two regimens.
    height : int

    Raises
    ------
    ValueError
        If the runs come from different models.
    """
    for other in (untreated, pinned):
        if other is not None and other.model != treated.model:
            raise ValueError(f"all runs must come from one model; got {treated.model!r} and {other.model!r}")
    eff_label = EFFECTOR_NAMES[treated.model][1]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=untreated.t,
            y=_tumour_y(untreated),
            name="untreated tumour (ghost)",
            meta="ghost",
            line=dict(color=theme.MUTED, width=5),
            opacity=0.6,
            hovertemplate="untreated tumour<br>day %{x:.0f}: %{y:.3s} cells<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            name=f"tumour, {pinned_label}",
            meta="pinned",
            line=dict(color=theme.OKABE_ITO["reddish_purple"], width=3, dash="dot"),
            visible=False,
            hovertemplate=f"tumour, {pinned_label}<br>day %{{x:.0f}}: %{{y:.3s}} cells<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            name=f"{eff_label}, {treated_label}",
            meta="effector",
            line=dict(color=theme.OKABE_ITO["blue"], width=2, dash="dash"),
            hovertemplate=f"{eff_label}<br>day %{{x:.0f}}: %{{y:.3s}} cells<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            name=f"tumour, {treated_label}",
            meta="tumour",
            line=dict(color=theme.OKABE_ITO["black"], width=3),
            hovertemplate="tumour<br>day %{x:.0f}: %{y:.3s} cells<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            name="dose",
            meta="doses",
            mode="markers",
            marker=dict(
                symbol="triangle-up", size=11, color=theme.OKABE_ITO["orange"], line=dict(color="#000000", width=1)
            ),
            hovertemplate="dose on day %{x:.0f}<extra></extra>",
        )
    )
    fig.add_hline(
        y=1.0,
        line=dict(color="#555555", width=1, dash="dot"),
        annotation_text="1 cell: below this line the tumour is gone",
        annotation_position="bottom right",
        annotation_font=dict(size=12, color="#555555"),
    )
    fig.update_layout(
        template=theme.TEMPLATE_NAME,
        height=height,
        margin=dict(l=70, r=20, t=40, b=50),
        xaxis=dict(title="day", range=[0, float(treated.t[-1])]),
        yaxis=dict(title="cells (log scale)", type="log", range=[-1, 9.5], exponentformat="power"),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, font=dict(size=12)),
    )
    return update_lab_timecourse(fig, treated, pinned, treated_label=treated_label, pinned_label=pinned_label)


def update_lab_timecourse(
    fig,
    treated: Trajectory,
    pinned: Trajectory | None = None,
    *,
    treated_label: str = "this regimen",
    pinned_label: str = "regimen A",
):
    """Put a new run (and optionally a pinned one) into a figure of :func:`lab_timecourse`, in place."""
    by = {t.meta: t for t in fig.data}
    eff_label = EFFECTOR_NAMES[treated.model][1]
    by["tumour"].x, by["tumour"].y = treated.t, _tumour_y(treated)
    by["tumour"].name = f"tumour, {treated_label}"
    by["effector"].x, by["effector"].y = treated.t, _effector_y(treated)
    by["effector"].name = f"{eff_label}, {treated_label}"
    days = _dose_days(treated)
    by["doses"].x, by["doses"].y = days, [0.3] * len(days)
    if pinned is None:
        by["pinned"].visible = False
        by["pinned"].x, by["pinned"].y = [], []
    else:
        by["pinned"].visible = True
        by["pinned"].x, by["pinned"].y = pinned.t, _tumour_y(pinned)
        by["pinned"].name = f"tumour, {pinned_label}"
    return fig


def outcome_sentence(tr: Trajectory) -> str:
    """What the model shows, in words a model may use (never a clinical prediction)."""
    result = classify_outcome(tr)
    tum = np.asarray(tr[tr.meta["tumour"]], dtype=float)
    if result == "elimination":
        return f"Elimination: the tumour falls below one cell by day {math.ceil(tr.meta['extinct'])} and stays at 0."
    if result == "escape":
        return f"Escape: the tumour grows to about {words.cells_short(tum[-1])} cells, near the most its site allows."
    late = tum[tr.t >= tr.t[-1] * 0.8]
    return (
        f"Equilibrium: the tumour persists, between {words.cells_short(late.min())} and "
        f"{words.cells_short(late.max())} cells "
        f"over the last fifth of the year."
    )


def describe_lab(
    treated: Trajectory,
    untreated: Trajectory,
    regimen_words: str,
    pinned: Trajectory | None = None,
    pinned_words: str | None = None,
) -> str:
    """Text alternative of :func:`lab_timecourse`."""
    text = (
        f"Tumour and {EFFECTOR_NAMES[treated.model][1]} over {treated.t[-1]:.0f} days on a log scale, "
        f"with {regimen_words}. {outcome_sentence(treated)} Untreated (grey ghost): "
        f"{outcome_sentence(untreated)}"
    )
    if pinned is not None:
        text += f" Regimen A ({pinned_words}, dotted): {outcome_sentence(pinned)}"
    return text


def model_caption(model_id: str) -> str:
    """The model's name, species and parameter source, and what its output is not (HTML)."""
    m = content.record("therapy_lab_models", model_id)
    return (
        f"<p class='immunolib-model-caption' style='margin:2px 0;font-size:0.92em;color:#333'>"
        f"<strong>Model:</strong> {escape(m.name)} · <strong>species:</strong> {escape(m.species)} "
        f"({escape(m.tumour)}) · <strong>parameters:</strong> {escape(m.parameter_source)}. "
        f"It shows mechanisms, not any patient's future.</p>"
    )


def regimen_table(model_id: str, regimen_list: Sequence) -> str:
    """Outcomes of some regimens in one model, computed now (HTML): regimen, outcome, what happened.

    ``regimen_list`` holds :class:`~immunolib.models.regimens.Regimen` objects (``None`` for untreated).
    """
    rows = []
    for r in regimen_list:
        tr = regimens.simulate_regimen(model_id, r)
        regimen = (
            "no therapy"
            if r is None
            else (
                f"{therapy_name(r.therapy)} at {r.dose:.2f}× reference, {regimens.SCHEDULES[r.schedule][0]}, "
                f"from day {r.start:g}"
            )
        )
        rows.append(
            f"<tr><td style='text-align:left'>{escape(regimen)}</td><td><strong>{classify_outcome(tr)}"
            f"</strong></td><td style='text-align:left'>{escape(outcome_sentence(tr))}</td></tr>"
        )
    head = "".join(f"<th scope='col' style='text-align:left'>{h}</th>" for h in ("Regimen", "Outcome", "In words"))
    name = escape(content.record("therapy_lab_models", model_id).name)
    return data_table(head, rows, caption=f"Model output ({name}, computed when this cell ran)")


#: The answers of :func:`change_from_untreated`, in words (the choices of the lab's prediction).
CHANGE_WORDS = {
    "eliminated": "eliminated: it falls below one cell",
    "smaller": "still there, but clearly smaller than the untreated ghost",
    "same": "about the same as the untreated ghost",
    "larger": "larger than the untreated ghost",
}


# ------------------------------------------------------------------------------------ the model, as a diagram
_LAB_BOXES = (
    Box("S", "s", "steady supply of effector cells", 0.08, 0.80, theme.OKABE_ITO["sky_blue"]),
    Box("E", "E", "effector T cells at the tumour", 0.45, 0.45, theme.OKABE_ITO["blue"]),
    Box("T", "T", "tumour cells", 0.92, 0.45, theme.OKABE_ITO["vermillion"]),
    Box("ACT", "+E", "therapy: transferred or CAR T cells", 0.45, 0.90, theme.OKABE_ITO["bluish_green"]),
    Box("VAC", "×s", "therapy: vaccine", 0.08, 0.18, theme.OKABE_ITO["bluish_green"]),
    Box("CTLA4", "×p", "therapy: anti-CTLA-4", 0.45, 0.02, theme.OKABE_ITO["bluish_green"]),
    Box("PD1", "×m", "therapy: anti-PD-1 / anti-PD-L1", 0.92, 0.02, theme.OKABE_ITO["bluish_green"]),
)
_LAB_ARROWS = (
    Arrow("S", "E", "arrive (s)"),
    Arrow("E", "T", "kill (n) →", dash=True),
    Arrow("T", "E", "← recruit (p, g), switch off (m)", dash=True),
    Arrow("ACT", "E", "cells added to E"),
    Arrow("VAC", "S", "s × (1 + dose)", dash=True),
    Arrow("CTLA4", "E", "p × (1 + dose)", dash=True),
    Arrow("PD1", "E", "m × (1 − blocked)", dash=True),
)


def lab_compartments() -> go.Figure:
    """The compartment diagram of the lab's model (Kuznetsov et al. 1994) with where each therapy enters.

    Example
    -------
    >>> fig = lab_compartments()
    >>> sorted(a.text for a in fig.layout.annotations if a.name == "box")[:2]
    ['<b>+E</b> therapy: transferred or CAR T cells', '<b>E</b> effector T cells at the tumour']
    """
    fig = compartment_diagram(
        _LAB_BOXES, _LAB_ARROWS, "What the lab's model tracks, and where each therapy enters (green boxes)", height=420
    )
    # E and T act on each other along one line: put the tumour's effect under the line, the killing above it.
    for a in fig.layout.annotations:
        if a.name == "arrow-label" and "recruit" in (a.text or ""):
            a.y -= 0.08
            a.x += 0.04
    return fig


def describe_lab_compartments() -> str:
    """The text alternative of :func:`lab_compartments`."""
    return describe_compartments(_LAB_BOXES, _LAB_ARROWS)
