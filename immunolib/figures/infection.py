"""The course of an infection: innate and adaptive responses, IgM and IgG, a first and a second exposure.

Figures for lesson 01, drawn from a :class:`~immunolib.models.core.Trajectory` of
:func:`immunolib.models.infection.simulate`. Two stacked panels share the time axis, both on log scales so
that a hundredfold difference is as easy to see as a twofold one:

* above, the pathogen, the innate cells at the site, the adaptive effector cells and the memory cells;
* below, the antibody titres, IgM and IgG.

Every number written on the figure (the lag of each response, the day of each peak, how many times more
antibody a later response makes) is measured on the trajectory by
:func:`immunolib.models.measurements.response_numbers` (re-exported here, with :class:`ResponseNumbers`);
nothing is typed in by hand. The numbers are written in words by :mod:`immunolib.figures.words`
(:func:`format_fold` is re-exported here). Curves differ by dash
pattern as well as colour, and the peaks are marked by symbols with text beside them, so colour is never the
only carrier of meaning.

Example
-------
>>> from immunolib.models import infection
>>> tr = infection.simulate(second_exposure=30)
>>> fig = infection_timecourse(tr)
>>> [t.meta for t in fig.data][:6]
['pathogen', 'innate', 'effector', 'memory', 'IgM', 'IgG']
>>> response_numbers(tr)[1].fold > 10
True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from immunolib import theme
from immunolib.figures import words
from immunolib.figures.html import data_table
from immunolib.figures.update import set_if_changed
from immunolib.figures.words import format_fold
from immunolib.models.core import Trajectory
from immunolib.models.measurements import ResponseNumbers, response_numbers

__all__ = [
    "CELL_SERIES",
    "ANTIBODY_SERIES",
    "ResponseNumbers",
    "response_numbers",
    "infection_timecourse",
    "update_infection_timecourse",
    "describe_infection",
    "kinetics_table",
    "format_fold",
]

#: Populations drawn in the upper panel: (population name in the trajectory, legend label, style name).
CELL_SERIES = (
    ("pathogen", "Pathogen (organisms)", "pathogen"),
    ("innate", "Innate cells at the site", "innate"),
    ("effector", "Adaptive effector cells", "adaptive"),
    ("memory", "Memory cells", "memory"),
)
#: Populations drawn in the lower panel.
ANTIBODY_SERIES = (("IgM", "IgM antibody", "igm"), ("IgG", "IgG antibody", "igg"))

#: Values below these are not drawn on the log axes (a cell count below 1, a titre below 0.01).
CELL_FLOOR = 1.0
TITRE_FLOOR = 0.01

_LAG_FILL = "#DDDDDD"


# --------------------------------------------------------------------------------------------------
# Words and numbers
# --------------------------------------------------------------------------------------------------


def _title(numbers: Sequence[ResponseNumbers], vaccinated: bool) -> str:
    who = "a vaccinated person" if vaccinated else "a person never exposed before"
    if len(numbers) > 1:
        return f"Infection of {who}, and a second exposure on {words.day(numbers[1].exposure)}"
    return f"Infection of {who}"


def _sentence(n: ResponseNumbers, vaccinated: bool) -> str:
    where = f"{n.label} ({words.day(n.exposure)})"
    if n.number == 1 and vaccinated:
        where += ", after a vaccination"
    innate = (
        f"innate cells rise within {words.hours(n.innate_onset)} and peak {words.days(n.innate_peak)} after it"
        if math.isfinite(n.innate_onset)
        else "innate cells do not rise"
    )
    lag = (
        f"new antibody appears after a lag of {words.days(n.lag)}"
        if math.isfinite(n.lag)
        else "no new antibody appears"
    )
    peaks = (
        f"adaptive effector cells peak {words.days(n.effector_peak)} after it and the antibody titre "
        f"{words.days(n.antibody_peak)} after it"
    )
    parts = [innate, lag, peaks]
    if not n.primed:
        if n.IgM_peak < n.IgG_peak:
            parts.append(f"IgM peaks first ({words.days(n.IgM_peak)}), then IgG ({words.days(n.IgG_peak)})")
        else:
            parts.append(f"IgG peaks at {words.days(n.IgG_peak)} and IgM at {words.days(n.IgM_peak)}")
    else:
        parts.append(f"the antibody is {'mostly IgG' if n.igg_fraction >= 0.5 else 'mostly IgM'}")
    if n.number > 1:
        parts.append(f"the highest titre is {format_fold(n.fold)} times that of the first response")
    cleared = (
        f"The pathogen is cleared {words.days(n.cleared)} after this exposure."
        if n.cleared is not None
        else "The pathogen is not cleared in this time."
    )
    return f"{where}: " + "; ".join(parts) + ". " + cleared


def describe_infection(trajectory: Trajectory) -> str:
    """The text alternative of :func:`infection_timecourse`: what it shows, with the measured numbers.

    Example
    -------
    >>> from immunolib.models import infection
    >>> text = describe_infection(infection.simulate(second_exposure=30))
    >>> "lag of" in text and "Second exposure (day 30)" in text
    True
    """
    numbers = response_numbers(trajectory)
    vaccinated = bool(trajectory.meta.get("vaccinated", False))
    days = float(trajectory.t[-1])
    head = (
        f"{_title(numbers, vaccinated)}: two stacked time courses over {words.days(days)}, both on log "
        "scales — above, the pathogen and the immune cells; below, the IgM and IgG antibody titres."
    )
    return " ".join([head] + [_sentence(n, vaccinated) for n in numbers])


def kinetics_table(trajectory: Trajectory) -> str:
    """The measured lag, peaks and size of each response as an HTML table (days after each exposure)."""
    numbers = response_numbers(trajectory)
    vaccinated = bool(trajectory.meta.get("vaccinated", False))
    head = (
        "<th scope='col' style='text-align:left'>Exposure</th>"
        "<th scope='col'>Innate cells peak</th><th scope='col'>Antibody lag</th>"
        "<th scope='col'>Adaptive cells peak</th><th scope='col'>Antibody titre peak</th>"
        "<th scope='col'>Highest titre</th><th scope='col'>× first response</th>"
    )
    rows = []
    for n in numbers:
        name = f"{n.label} ({words.day(n.exposure)})"
        if n.number == 1 and vaccinated:
            name += ", vaccinated before"
        lag = words.days(n.lag) if math.isfinite(n.lag) else "none"
        cells = [
            name,
            words.days(n.innate_peak),
            lag,
            words.days(n.effector_peak),
            words.days(n.antibody_peak),
            words.titre(n.peak_titre),
            format_fold(n.fold),
        ]
        rows.append(
            "<tr>"
            + f"<th scope='row' style='text-align:left'>{escape(cells[0])}</th>"
            + "".join(f"<td style='text-align:right;padding:2px 10px'>{escape(c)}</td>" for c in cells[1:])
            + "</tr>"
        )
    return data_table(
        head,
        rows,
        kind="kinetics",
        style="border-collapse:collapse",
        caption="Measured on the simulation (days after each exposure; titres in relative units)",
    )


# --------------------------------------------------------------------------------------------------
# The figure
# --------------------------------------------------------------------------------------------------


def _masked(y: np.ndarray, floor: float) -> list:
    """Values for a log axis: below ``floor`` becomes a gap (None); 4 significant figures keep JSON small."""
    return [float(f"{v:.4g}") if v >= floor else None for v in np.asarray(y, dtype=float)]


def _value_at(trajectory: Trajectory, name: str, day: float) -> float:
    i = int(np.argmin(np.abs(trajectory.t - day)))
    return float(trajectory[name][i])


def _log_range(values: Sequence[float], floor: float) -> list[float]:
    top = max([v for v in values if v > 0] + [floor * 10])
    low, high = math.log10(floor), math.log10(top)
    return [low, high + 0.3 + 0.3 * (high - low)]  # headroom for the peak labels


def _marker_data(trajectory: Trajectory, numbers: Sequence[ResponseNumbers]) -> dict[str, dict]:
    """x, y and labels of the peak markers."""
    innate = {"x": [], "y": [], "text": []}
    effector = {"x": [], "y": [], "text": []}
    antibody = {"x": [], "y": [], "text": []}
    for n in numbers:
        d = n.exposure + n.innate_peak
        innate["x"].append(d)
        innate["y"].append(_value_at(trajectory, "innate", d))
        innate["text"].append("")
        d = n.exposure + n.effector_peak
        effector["x"].append(d)
        effector["y"].append(_value_at(trajectory, "effector", d))
        effector["text"].append(
            f"cells peak {words.day(d)}" if n.number == 1 else f"cells peak +{words.days(n.effector_peak)}"
        )
        d = n.exposure + n.antibody_peak
        antibody["x"].append(d)
        antibody["y"].append(n.peak_titre)
        antibody["text"].append(
            f"titre peak {words.day(d)}"
            if n.number == 1
            else f"titre peak +{words.days(n.antibody_peak)}<br>×{format_fold(n.fold)}"
        )
    return {"innate_peaks": innate, "effector_peaks": effector, "antibody_peaks": antibody}


def _shapes_and_annotations(trajectory: Trajectory, numbers: Sequence[ResponseNumbers]):
    vaccinated = bool(trajectory.meta.get("vaccinated", False))
    shapes, notes = [], []
    for n in numbers:
        shapes.append(
            dict(
                type="line",
                xref="x",
                yref="paper",
                x0=n.exposure,
                x1=n.exposure,
                y0=0,
                y1=1,
                line=dict(color="#444444", width=2, dash="dash"),
            )
        )
        label = "infection" if n.number == 1 else f"{n.label.lower()}"
        if n.number == 1 and vaccinated:
            label = "infection (vaccinated before)"
        notes.append(
            dict(
                text=f"▼ {label}",
                x=n.exposure,
                y=1.0,
                xref="x",
                yref="paper",
                xanchor="left",
                yanchor="bottom",
                showarrow=False,
                font=dict(size=13, color="#333333"),
                xshift=-6,
            )
        )
        if math.isfinite(n.lag) and n.lag > 0:
            shapes.append(
                dict(
                    type="rect",
                    xref="x2",
                    yref="y2 domain",
                    x0=n.exposure,
                    x1=n.exposure + n.lag,
                    y0=0,
                    y1=1,
                    fillcolor=_LAG_FILL,
                    opacity=0.6,
                    line=dict(width=0),
                    layer="below",
                )
            )
            notes.append(
                dict(
                    text=f"lag<br>{words.days(n.lag).replace(' days', ' d').replace(' day', ' d')}",
                    x=n.exposure + n.lag / 2,
                    y=0.04,
                    xref="x2",
                    yref="y2 domain",
                    xanchor="center",
                    yanchor="bottom",
                    showarrow=False,
                    font=dict(size=12, color="#222222"),
                )
            )
    return shapes, notes


def infection_timecourse(trajectory: Trajectory, height: int = 660) -> go.Figure:
    """Draw an infection and the responses to it, with each response's lag and peaks marked.

    Parameters
    ----------
    trajectory : Trajectory
        A result of :func:`immunolib.models.infection.simulate`.
    height : int
        Figure height in pixels.

    Returns
    -------
    plotly.graph_objects.Figure
        Nine traces in a fixed order (``trace.meta`` names each): the six curves of :data:`CELL_SERIES`
        and :data:`ANTIBODY_SERIES`, then the markers of the innate peaks, the adaptive effector peaks and
        the antibody titre peaks. Grey bands in the antibody panel span each response's lag. The same
        trajectory always gives the same JSON.
    """
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.12, row_heights=[0.5, 0.5])
    for name, label, style in CELL_SERIES:
        fig.add_trace(
            go.Scatter(
                x=[],
                y=[],
                mode="lines",
                name=label,
                meta=name,
                line=dict(width=3, **theme.series_style(style)),
                hovertemplate=f"{label}<br>day %{{x:.1f}}: %{{y:.3s}}<extra></extra>",
            ),
            row=1,
            col=1,
        )
    for name, label, style in ANTIBODY_SERIES:
        fig.add_trace(
            go.Scatter(
                x=[],
                y=[],
                mode="lines",
                name=label,
                meta=name,
                line=dict(width=3, **theme.series_style(style)),
                hovertemplate=f"{label}<br>day %{{x:.1f}}: %{{y:.3s}}<extra></extra>",
            ),
            row=2,
            col=1,
        )
    blue, orange = theme.OKABE_ITO["blue"], theme.OKABE_ITO["orange"]
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="markers",
            name="Innate peak",
            meta="innate_peaks",
            marker=dict(symbol="diamond", size=12, color=orange, line=dict(width=1.5, color="#222")),
            hovertemplate="innate cells peak on day %{x:.1f}<extra></extra>",
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="markers+text",
            name="Adaptive-cell peak",
            meta="effector_peaks",
            textposition="top center",
            textfont=dict(size=13),
            marker=dict(symbol="triangle-up", size=14, color=blue, line=dict(width=1.5, color="#222")),
            hovertemplate="adaptive effector cells peak on day %{x:.1f}<extra></extra>",
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="markers+text",
            name="Antibody-titre peak",
            meta="antibody_peaks",
            textposition="top center",
            textfont=dict(size=13),
            marker=dict(symbol="star", size=16, color=blue, line=dict(width=1.5, color="#222")),
            hovertemplate="antibody titre peaks on day %{x:.1f}<extra></extra>",
        ),
        row=2,
        col=1,
    )
    fig.update_layout(
        template=theme.TEMPLATE_NAME,
        height=height,
        margin=dict(l=90, r=20, t=90, b=160),
        legend=dict(
            orientation="h",
            x=0,
            xanchor="left",
            y=-0.19,
            yanchor="top",
            font=dict(size=14),
            entrywidth=185,
            entrywidthmode="pixels",
        ),
        hovermode="closest",
    )
    fig.update_yaxes(
        type="log",
        row=1,
        col=1,
        title_text="<b>pathogen and cells</b><br>(number, log scale)",
        exponentformat="power",
        fixedrange=True,
    )
    fig.update_yaxes(
        type="log",
        row=2,
        col=1,
        title_text="<b>antibody titre</b><br>(relative, log scale)",
        exponentformat="power",
        fixedrange=True,
    )
    fig.update_xaxes(row=2, col=1, title_text="days (day 0: the first infection)")
    update_infection_timecourse(fig, trajectory)
    return fig


def update_infection_timecourse(fig: go.Figure, trajectory: Trajectory) -> go.Figure:
    """Redraw a figure made by :func:`infection_timecourse` for another trajectory, in place.

    Works on a ``go.Figure`` and on a ``go.FigureWidget`` (call it inside ``fig.batch_update()``); the
    traces are updated, never replaced. Returns the figure.

    On a ``FigureWidget`` (a live app, issue 8) the curves are sent as binary arrays — float32 values, a
    gap as NaN instead of ``None``, the time axis as float64 — and only what differs from the last redraw
    is set (the time axis changes only with the length of the simulation). The picture is the same as
    that of a ``go.Figure``, whose JSON is unchanged.
    """
    numbers = response_numbers(trajectory)
    vaccinated = bool(trajectory.meta.get("vaccinated", False))
    traces = {tr.meta: tr for tr in fig.data}
    live = isinstance(fig, go.FigureWidget)

    def put(key, value, setter) -> None:
        set_if_changed(fig, ("timecourse",) + (key if isinstance(key, tuple) else (key,)), value, setter)

    t = np.asarray(trajectory.t, dtype=np.float64) if live else [float(f"{v:.6g}") for v in trajectory.t]
    for series, floor in ((CELL_SERIES, CELL_FLOOR), (ANTIBODY_SERIES, TITRE_FLOOR)):
        for name, _, _ in series:
            trace = traces[name]
            put((name, "x"), t, lambda v, tr=trace: setattr(tr, "x", v))
            if live:
                y = np.asarray(trajectory[name], dtype=float)
                y = np.where(y >= floor, y, np.nan).astype(np.float32)
            else:
                y = _masked(trajectory[name], floor)
            put((name, "y"), y, lambda v, tr=trace: setattr(tr, "y", v))
    for key, data in _marker_data(trajectory, numbers).items():
        trace = traces[key]
        put((key, "x"), data["x"], lambda v, tr=trace: setattr(tr, "x", v))
        put((key, "y"), data["y"], lambda v, tr=trace: setattr(tr, "y", v))
        if key != "innate_peaks":
            put((key, "text"), data["text"], lambda v, tr=trace: setattr(tr, "text", v))
    shapes, notes = _shapes_and_annotations(trajectory, numbers)
    cell_top = [float(np.max(trajectory[n])) for n, _, _ in CELL_SERIES]
    titre_top = [float(np.max(trajectory[n])) for n, _, _ in ANTIBODY_SERIES]
    layout = fig.layout
    put("shapes", shapes, lambda v: setattr(layout, "shapes", v))
    put("annotations", notes, lambda v: setattr(layout, "annotations", v))
    put("title", _title(numbers, vaccinated), lambda v: setattr(layout, "title", dict(text=v)))
    put("yaxis", _log_range(cell_top, CELL_FLOOR), lambda v: setattr(layout.yaxis, "range", v))
    put("yaxis2", _log_range(titre_top, TITRE_FLOOR), lambda v: setattr(layout.yaxis2, "range", v))
    days = [0, float(trajectory.t[-1])]
    put("xaxis", days, lambda v: (setattr(layout.xaxis, "range", v), setattr(layout.xaxis2, "range", v)))
    return fig
