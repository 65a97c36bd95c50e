"""Figures of the course review (lesson 08): the small model figures that review questions ask a student to
read, and the score by lesson.

Both live on ONE canvas (:func:`review_canvas`) so that the review app can keep one live figure and switch it in
place: :func:`show_item` draws a question's figure into the canvas's line slots, :func:`show_scores` draws the
score bars. Every model figure carries a caption naming the model, what it was fitted to, and that it shows
mechanisms, not any person's future (``lessons-05-08.md``, "Model and clinic stay apart").

Example
-------
>>> fig = review_canvas()
>>> _ = show_item(fig, "tumour_fates")
>>> [t.name for t in fig.data if t.visible is True]
['Run A', 'Run B', 'Run C']
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from immunolib import theme
from immunolib.figures.update import apply_changes
from immunolib.figures.words import check_id, whole_cells
from immunolib.models import infection, kuznetsov
from immunolib.models import therapy as therapy_model
from immunolib.models.outcomes import classify_outcome

__all__ = [
    "FIGURES",
    "SLOTS",
    "Run",
    "figure_runs",
    "review_canvas",
    "show_item",
    "show_scores",
    "describe_item",
    "describe_scores",
    "TopicScore",
    "scores_from",
]

#: Ids of the figures a review question can ask for (``figure:`` in ``data/review_topics.yaml``).
FIGURES = ("infection_memory", "tumour_fates", "therapy_ghost", "dose_threshold")
#: Line traces a review figure may use.
SLOTS = 3

_KUZNETSOV_CAPTION = (
    "Kuznetsov et al. 1994, fitted to a mouse lymphoma (BCL1). It shows how mechanisms "
    "interact, not any person's future."
)
_INFECTION_CAPTION = (
    "The course's infection model (lesson 01): illustrative rates tuned to textbook "
    "kinetics; relative units, not real data."
)


@dataclass(frozen=True)
class Run:
    """One curve of a review figure: its legend name, the model output and how to draw it."""

    name: str
    t: tuple
    y: tuple
    color: str
    dash: str
    width: float
    opacity: float
    outcome: str | None  #: elimination / equilibrium / escape for a tumour run, else None


def _check_figure(figure_id: str) -> None:
    check_id("figure_id", figure_id, FIGURES)


def _tumour_run(name, trajectory, color, dash, width=3.0, opacity=1.0) -> Run:
    tum = np.asarray(trajectory["T"], dtype=float)
    # below one cell is gone: the curve stops there instead of running down a log axis
    y = tuple(None if v < 1.0 else float(v) for v in tum)
    return Run(
        name, tuple(float(x) for x in trajectory.t), y, color, dash, width, opacity, classify_outcome(trajectory)
    )


def _adoptive(scale: float):
    base = therapy_model.default_schedule("adoptive_t_cells", kuznetsov.MODEL_ID, 365.0)
    return therapy_model.Treatment("adoptive_t_cells", dataclasses.replace(base, dose=base.dose * scale))


@functools.cache
def figure_runs(figure_id: str) -> tuple[Run, ...]:
    """The model runs behind one review figure (cached: the same input gives the same runs).

    Parameters
    ----------
    figure_id : str
        One of :data:`FIGURES`.

    Returns
    -------
    tuple of Run
        At most :data:`SLOTS` runs, in legend order.

    Example
    -------
    >>> [r.outcome for r in figure_runs("tumour_fates")]
    ['elimination', 'equilibrium', 'escape']
    """
    _check_figure(figure_id)
    if figure_id == "infection_memory":
        tr = infection.simulate(second_exposure=60.0)
        ab = np.asarray(tr["antibody"], dtype=float)
        y = tuple(None if v < 1e-3 else float(v) for v in ab)
        return (
            Run(
                "Antibody (IgM + IgG)",
                tuple(float(x) for x in tr.t),
                y,
                theme.OKABE_ITO["blue"],
                "solid",
                3.0,
                1.0,
                None,
            ),
        )
    if figure_id == "tumour_fates":
        return (
            _tumour_run(
                "Run A", kuznetsov.simulate(initial={"E": 1e7, "T": 1e4}), theme.OKABE_ITO["bluish_green"], "dot"
            ),
            _tumour_run("Run B", kuznetsov.simulate(initial={"T": 1e6}), theme.OKABE_ITO["blue"], "solid"),
            _tumour_run(
                "Run C", kuznetsov.simulate(initial={"E": 3e5, "T": 3e8}), theme.OKABE_ITO["vermillion"], "dash"
            ),
        )
    if figure_id == "therapy_ghost":
        return (
            _tumour_run(
                "Untreated (ghost)", kuznetsov.simulate(initial={"T": 1e8}), theme.MUTED, "dot", width=3.0, opacity=0.6
            ),
            _tumour_run(
                "Adoptive T cells, 1× reference dose",
                kuznetsov.simulate(initial={"T": 1e8}, therapy=_adoptive(1.0)),
                theme.OKABE_ITO["black"],
                "solid",
            ),
        )
    # dose_threshold
    return (
        _tumour_run(
            "Adoptive T cells, 0.5× reference dose",
            kuznetsov.simulate(initial={"T": 1e8}, therapy=_adoptive(0.5)),
            theme.OKABE_ITO["orange"],
            "dash",
        ),
        _tumour_run(
            "Adoptive T cells, 1× reference dose",
            kuznetsov.simulate(initial={"T": 1e8}, therapy=_adoptive(1.0)),
            theme.OKABE_ITO["black"],
            "solid",
        ),
    )


@dataclass(frozen=True)
class TopicScore:
    """How a student did on one topic of the review."""

    topic: str  #: topic id
    title: str  #: shown on the chart
    asked: int  #: questions of this topic
    answered: int  #: questions checked with an answer and a confidence
    correct: int  #: of those, answered right
    sure_but_wrong: int  #: answered wrong while rating the answer 'certain'

    @property
    def fraction(self) -> float:
        """Share of the answered questions that were right (0 when none was answered)."""
        return self.correct / self.answered if self.answered else 0.0


def review_canvas(height: int = 400) -> go.Figure:
    """An empty canvas with :data:`SLOTS` line traces and one bar trace, for :func:`show_item` and
    :func:`show_scores` to fill in place."""
    fig = go.Figure()
    for k in range(SLOTS):
        fig.add_trace(
            go.Scatter(
                x=[],
                y=[],
                mode="lines",
                name=f"slot {k + 1}",
                visible=False,
                hovertemplate="day %{x:.0f}: %{y:.3g}<extra>%{fullData.name}</extra>",
            )
        )
    fig.add_trace(
        go.Bar(
            x=[],
            y=[],
            orientation="h",
            name="score",
            visible=False,
            textposition="outside",
            marker=dict(color=theme.OKABE_ITO["blue"], line=dict(color="#333333", width=1)),
            hovertemplate="%{text}<extra></extra>",
        )
    )
    fig.update_layout(template=theme.TEMPLATE_NAME, height=height, width=None, margin=dict(l=70, r=20, t=80, b=80))
    return fig


@functools.cache
def _run_arrays(figure_id: str) -> tuple:
    """``(t, y)`` of each run of a figure as float32 arrays, NaN where the curve stops (a gap, as None was),
    made once per figure. Arrays, not tuples: plotly validates an array at once but a tuple element by
    element, and a FigureWidget sends arrays as binary buffers (issue 8: a question with a figure sent
    92 KB of JSON numbers and took about 30 ms)."""
    out = []
    for r in figure_runs(figure_id):
        t = np.asarray(r.t, dtype=np.float32)
        y = np.asarray([np.nan if v is None else v for v in r.y], dtype=np.float32)
        t.flags.writeable = y.flags.writeable = False
        out.append((t, y))
    return tuple(out)


def show_item(fig: go.Figure, figure_id: str) -> go.Figure:
    """Draw the figure of a review question into a :func:`review_canvas`, in place (call it inside
    ``batch_update()`` on a widget). Returns the figure."""
    _check_figure(figure_id)
    runs = figure_runs(figure_id)
    arrays = _run_arrays(figure_id)
    for k in range(SLOTS):
        trace = fig.data[k]
        if k < len(runs):
            r = runs[k]
            trace.update(
                x=arrays[k][0],
                y=arrays[k][1],
                name=r.name,
                visible=True,
                opacity=r.opacity,
                line=dict(color=r.color, dash=r.dash, width=r.width),
                showlegend=True,
            )
        else:
            trace.update(x=[], y=[], visible=False, showlegend=False)
    fig.data[SLOTS].update(x=[], y=[], text=[], visible=False)
    if figure_id == "infection_memory":
        title, ytitle, xtitle = (
            "Antibody after a first (day 0) and a second (day 60) exposure",
            "antibody (relative, log scale)",
            "day",
        )
        caption, ymin = _INFECTION_CAPTION, -3
        shapes = [
            dict(type="line", x0=d, x1=d, yref="paper", y0=0, y1=1, line=dict(color="#555", dash="dot"))
            for d in (0, 60)
        ]
        notes = [
            dict(x=d, yref="paper", y=1.0, text=t, showarrow=False, xanchor="left", font=dict(size=12))
            for d, t in ((0, " 1st exposure"), (60, " 2nd exposure"))
        ]
    else:
        title = {
            "tumour_fates": "Three untreated runs of one tumour model",
            "therapy_ghost": "Adoptive T-cell transfer on day 0, and the untreated ghost",
            "dose_threshold": "Adoptive T-cell transfer at two doses",
        }[figure_id]
        ytitle, xtitle, caption, ymin = "tumour cells (log scale)", "day", _KUZNETSOV_CAPTION, -0.3
        shapes = [dict(type="line", xref="paper", x0=0, x1=1, y0=1, y1=1, line=dict(color="#555", dash="dot"))]
        notes = [
            dict(
                xref="paper",
                x=0.99,
                y=0.3,
                text="one cell: below it, the tumour is gone",
                showarrow=False,
                xanchor="right",
                font=dict(size=12),
            )
        ]
        if figure_id == "tumour_fates":  # name each run at the end of its curve, not by colour alone
            for r in runs:
                last = max((i for i, v in enumerate(r.y) if v is not None), default=0)
                notes.append(
                    dict(
                        x=r.t[last],
                        y=float(np.log10(r.y[last])),
                        text=f"<b>{r.name[-1]}</b>",
                        showarrow=False,
                        xanchor="left",
                        xshift=4,
                        font=dict(size=14),
                    )
                )
    # the caption sits under the axis title, in the axis title itself, so the two can never overlap
    xtitle = f"{xtitle}<br><span style='font-size:11px;color:#444444'>{caption}</span>"
    _set_layout(
        fig,
        title=dict(text=title),
        shapes=shapes,
        annotations=notes,
        showlegend=figure_id != "tumour_fates",  # runs A, B, C are named at their ends
        legend=dict(orientation="h", x=0, y=1.0, xanchor="left", yanchor="bottom"),
        margin=dict(l=70, r=20, t=80, b=80),
        xaxis=dict(title=dict(text=xtitle), type="linear", autorange=True, tickmode="auto", range=None),
        yaxis=dict(
            title=dict(text=ytitle),
            type="log",
            autorange=False,
            range=[ymin, 9.5 if figure_id != "infection_memory" else 5],
            tickmode="auto",
            tickvals=None,
            ticktext=None,
            dtick=None,
        ),
    )
    return fig


def _flat(props: Mapping, prefix: str = "") -> dict:
    """``{"xaxis": {"title": {"text": t}}}`` -> ``{"xaxis.title.text": t}`` (lists are values, not levels)."""
    out = {}
    for key, value in props.items():
        if isinstance(value, Mapping):
            out.update(_flat(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def _set_layout(fig: go.Figure, **props) -> None:
    """Set the layout of a :func:`review_canvas` like ``update_layout``, but only the values that changed
    since the last call (:func:`immunolib.figures.update.apply_changes`, one relayout): plotly's nested
    ``update_layout`` walked the whole layout on every question. Only :func:`show_item` and
    :func:`show_scores` set the canvas's layout, so the remembered values stay true."""
    apply_changes(fig, layout=_flat(props))


def show_scores(fig: go.Figure, scores: Sequence[TopicScore]) -> go.Figure:
    """Draw the score by topic into a :func:`review_canvas`, in place. Returns the figure."""
    for k in range(SLOTS):
        fig.data[k].update(x=[], y=[], visible=False, showlegend=False)
    ys = list(range(len(scores)))[::-1]
    text = [
        (f"{s.correct} of {s.answered} right" + (f" ({s.asked - s.answered} to go)" if s.asked > s.answered else ""))
        if s.answered
        else f"not started ({s.asked})"
        for s in scores
    ]
    fig.data[SLOTS].update(x=[round(s.fraction * 100) for s in scores], y=ys, text=text, visible=True, showlegend=False)
    _set_layout(
        fig,
        title=dict(text="Your score by lesson so far"),
        shapes=[],
        showlegend=False,
        margin=dict(l=250, r=20, t=50, b=80),
        annotations=[],
        xaxis=dict(
            title=dict(
                text="answered right (%)<br><span style='font-size:11px;"
                "color:#444444'>Questions without a figure of their own show "
                "this chart.</span>"
            ),
            type="linear",
            autorange=False,
            range=[0, 135],
            tickmode="array",
            tickvals=[0, 25, 50, 75, 100],
        ),
        yaxis=dict(
            title=dict(text=""),
            type="linear",
            autorange=False,
            range=[-0.6, len(scores) - 0.4],
            tickmode="array",
            tickvals=ys,
            ticktext=[s.title for s in scores],
            dtick=None,
        ),
    )
    return fig


def describe_item(figure_id: str) -> str:
    """The text alternative of a review figure: what it shows, in words (numbers computed from the runs)."""
    runs = figure_runs(figure_id)
    if figure_id == "infection_memory":
        r = runs[0]
        t = np.asarray(r.t)
        y = np.asarray([np.nan if v is None else v for v in r.y], dtype=float)
        first, second = t < 60, t >= 60
        p1 = float(t[first][np.nanargmax(y[first])])
        p2 = float(t[second][np.nanargmax(y[second])]) - 60
        ratio = np.nanmax(y[second]) / np.nanmax(y[first])
        return (
            f"A line chart of antibody over 90 days, log scale. After the first exposure (day 0) antibody "
            f"peaks on day {p1:.0f}; after the second (day 60) it peaks {p2:.0f} days after exposure and "
            f"about {ratio:.0f} times higher. Simulation, relative units."
        )
    parts = []
    for r in runs:
        last = max((i for i, v in enumerate(r.y) if v is not None), default=0)
        if r.outcome == "elimination":
            parts.append(f"{r.name}: the tumour falls below one cell by day {r.t[last]:.0f} (elimination)")
        elif r.outcome == "escape":
            parts.append(f"{r.name}: the tumour grows and levels off near {whole_cells(r.y[-1])} (escape)")
        else:
            parts.append(f"{r.name}: the tumour persists, ending near {whole_cells(r.y[-1])} (equilibrium)")
    return (
        "A line chart of tumour cells over 365 days, log scale, from the Kuznetsov model (mouse lymphoma "
        "fit). " + "; ".join(parts) + "."
    )


def describe_scores(scores: Sequence[TopicScore]) -> str:
    """The text alternative of the score chart."""
    done = [s for s in scores if s.answered]
    if not done:
        return (
            f"A bar chart of your score by lesson: no question answered yet ({sum(s.asked for s in scores)} "
            f"questions over {len(scores)} lessons)."
        )
    parts = "; ".join(f"{s.title}: {s.correct} of {s.answered} right" for s in done)
    return f"A bar chart of your score by lesson. {parts}."


def scores_from(results: Mapping[str, tuple[bool, str]], topics) -> list[TopicScore]:
    """Per-topic scores from ``{question id: (correct, confidence)}`` and the review's topic records."""
    out = []
    for topic in topics:
        ids = [i.question for i in topic.items]
        got = [results[q] for q in ids if q in results]
        out.append(
            TopicScore(
                topic.id,
                topic.title,
                len(ids),
                len(got),
                sum(1 for c, _ in got if c),
                sum(1 for c, conf in got if not c and conf == "certain"),
            )
        )
    return out
