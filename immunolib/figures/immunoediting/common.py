"""What every lesson-06 figure shares: tumour sizes on a log scale, the model caption, cells in words, colours."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go

from immunolib import content, theme

__all__ = ["E_SCALE", "MAX_RUNS", "OUTCOME_WORDS", "cells", "model_caption"]

#: Effector cells are drawn in units of a million cells.
E_SCALE = 1e6
#: At most this many trajectories on the phase plane at once.
MAX_RUNS = 3
#: The three outcomes in words a first-year student can use.
OUTCOME_WORDS = {
    "elimination": "elimination: the tumour falls below one cell (gone)",
    "equilibrium": "equilibrium: the tumour is held in check, rising and falling",
    "escape": "escape: the tumour grows to the largest size its space allows",
}
_SHORT = {"elimination": "elimination", "equilibrium": "equilibrium (held in check)", "escape": "escape"}
_REGION_FILL = {"elimination": "#CDEFE3", "equilibrium": "#E4F1FA", "escape": "#FBE5CC"}
_RUN_STYLE = (
    (theme.OKABE_ITO["blue"], "solid"),
    (theme.OKABE_ITO["vermillion"], "dash"),
    (theme.OKABE_ITO["reddish_purple"], "dot"),
)
_SUPER = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_X_RANGE = [-0.4, 9.1]
_Y_RANGE = [0.0, 5.3]
_LOG_TICKS = list(range(0, 10))


def _tick(k: int) -> str:
    return {0: "1", 1: "10", 2: "100"}.get(k, f"10{str(k).translate(_SUPER)}")


def cells(x: float) -> str:
    """A number of cells in words-friendly digits: ``'8.2 million'``, ``'320 thousand'``, ``'10'``.

    Example
    -------
    >>> cells(8.186e6), cells(315534), cells(10), cells(4.47e8), cells(0)
    ('8.2 million', '320 thousand', '10', '450 million', '0')
    """
    if not (math.isfinite(x) and x > 0):
        return "0"
    digits = int(math.floor(math.log10(x)))
    rounded = round(x, 1 - digits)
    for size, word in ((1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
        if rounded >= size:
            v = rounded / size
            text = f"{v:.1f}".rstrip("0").rstrip(".") if v < 10 else f"{v:.0f}"
            return f"{text} {word}"
    return f"{rounded:.0f}" if rounded >= 1 else f"{x:.2g}"


def model_caption(model_id: str, parameter_set: str = "default") -> str:
    """The caption every model figure carries: paper, what it was fitted to, mechanisms not futures.

    Example
    -------
    >>> "not any patient's future" in model_caption("kuznetsov1994")
    True
    """
    spec = content.model(model_id)
    paper = spec.title.split(":")[0]
    fitted = spec.parameter_set(parameter_set).label
    return f"Model: {paper}. {fitted}. It shows mechanisms, not any patient's future."


def _caption_annotation(text: str, y: float = -0.2) -> dict:
    return dict(
        text=f"<i>{text}</i>",
        x=0,
        y=y,
        xref="paper",
        yref="paper",
        xanchor="left",
        yanchor="top",
        showarrow=False,
        align="left",
        font=dict(size=11, color="#444444"),
    )


def _below(fig, px: float) -> float:
    """The paper y coordinate ``px`` pixels below the plot area (so that legends and captions keep their place
    in pixels whatever the figure's height)."""
    m = fig.layout.margin
    return -px / max(1.0, fig.layout.height - m.t - m.b)


def _wrap(text: str, width: int = 86) -> str:  # 86 characters of 11 px italic fit a 592 px notebook
    words, lines, line = text.split(), [], ""
    for w in words:
        if len(line) + len(w) + 1 > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    return "<br>".join(lines)


def _log10_cells(values) -> np.ndarray:
    """Cell numbers as exponents of ten for the log axis; below one cell (gone) becomes a gap (NaN)."""
    v = np.asarray(values, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(v >= 1.0, np.round(np.log10(np.maximum(v, 1.0)), 4), np.nan)


def _days_of(tr) -> np.ndarray:
    return np.round(np.asarray(tr.t if hasattr(tr, "t") else tr, dtype=float), 4)


def _last_drawn(y: np.ndarray) -> int:
    ok = np.nonzero(~np.isnan(y))[0]
    return int(ok[-1]) if len(ok) else 0


def _log_axis(fig: go.Figure, row: int, col: int, title: str, which: str = "x") -> None:
    kw = dict(title_text=title, tickvals=_LOG_TICKS, ticktext=[_tick(k) for k in _LOG_TICKS], fixedrange=True)
    if which == "x":
        fig.update_xaxes(row=row, col=col, range=_X_RANGE, **kw)
    else:
        fig.update_yaxes(row=row, col=col, range=[-0.6, 9.3], **kw)
