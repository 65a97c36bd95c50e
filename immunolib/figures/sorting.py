"""The sorting board of lesson 01: statements placed in the column (innate, both, adaptive) a student chose.

Statements still to sort wait as numbered markers in a tray at the top. Once the student presses *Check*,
each checked statement shows whether it is right or wrong three ways at once: the marker symbol (a filled
circle or a cross), the words ("✔ right" or "✘ wrong") and the colour. A statement moved after the check
goes back to a plain, unchecked marker until the next check.

Example
-------
>>> from immunolib import content
>>> feats = content.features()[:3]
>>> chosen = {feats[0].id: "innate", feats[1].id: "innate"}
>>> [p.status for p in placements(feats, chosen, checked=chosen)]
['right', 'wrong', 'unsorted']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

import plotly.graph_objects as go

from immunolib import content, theme
from immunolib.figures import words

__all__ = [
    "CHOICES",
    "CHOICE_LABELS",
    "Placement",
    "placements",
    "sorting_board",
    "update_sorting_board",
    "describe_board",
    "sorting_feedback",
    "score",
]

#: The columns a statement can be sorted into, left to right.
CHOICES = ("innate", "both", "adaptive")
CHOICE_LABELS = {"innate": "Innate", "both": "Both", "adaptive": "Adaptive"}
_COLUMN_X = {"innate": 0.0, "both": 1.0, "adaptive": 2.0}
_TRAY_PER_ROW = 8
_ROW_PX = 70  # height of one statement in a column (four lines of text)
_WRAP = 25  # characters per line on the board (figures are about 700 px wide)

_STYLE = {  # status -> marker symbol, colour, words shown before the number
    "unsorted": ("circle-open", "#666666", ""),
    "unchecked": ("circle-open", "#333333", ""),
    "right": ("circle", theme.OKABE_ITO["bluish_green"], "✔ right · "),
    "wrong": ("x", theme.OKABE_ITO["vermillion"], "✘ wrong · "),
}


@dataclass(frozen=True)
class Placement:
    """Where one statement is on the board and how it stands."""

    feature: content.Feature
    number: int  #: 1-based number shown on the board and beside the control
    choice: str | None  #: the column chosen, or None if not sorted yet
    status: str  #: unsorted, unchecked (moved since the last check), right or wrong


def placements(
    features: Sequence[content.Feature], chosen: Mapping[str, str | None], checked: Mapping[str, str] | None = None
) -> list[Placement]:
    """The state of every statement.

    Parameters
    ----------
    features : sequence of content.Feature
        The statements, in the order they are numbered.
    chosen : mapping
        Feature id -> the column the student chose (``innate``, ``both`` or ``adaptive``), or None.
    checked : mapping, optional
        Feature id -> the column that was chosen when the student last pressed Check. A statement is
        graded only if its column has not changed since.

    Returns
    -------
    list of Placement
    """
    checked = checked or {}
    out = []
    for k, f in enumerate(features):
        choice = chosen.get(f.id)
        if choice is not None and choice not in CHOICES:
            raise ValueError(f"the column of statement {f.id!r} must be one of {', '.join(CHOICES)}; got {choice!r}")
        if choice is None:
            status = "unsorted"
        elif checked.get(f.id) != choice:
            status = "unchecked"
        else:
            status = "right" if choice == f.branch else "wrong"
        out.append(Placement(f, k + 1, choice, status))
    return out


def score(places: Sequence[Placement]) -> dict[str, int]:
    """How many statements are right, wrong, unchecked and unsorted."""
    counts = {"right": 0, "wrong": 0, "unchecked": 0, "unsorted": 0}
    for p in places:
        counts[p.status] += 1
    return counts


def _wrapped(text: str, lines: int = 4) -> str:
    return "<br>".join(escape(p) for p in words.wrap_lines(text, _WRAP, max_lines=lines))


def _depth(places: Sequence[Placement]) -> int:
    per_column = {c: 0 for c in CHOICES}
    for p in places:
        if p.choice is not None:
            per_column[p.choice] += 1
    return max(4, *per_column.values())


def _layout_positions(places: Sequence[Placement]) -> dict[str, tuple[float, float]]:
    """x, y of every statement: tray rows on top (y = 1.45, 0.95), columns below (y = -0.5, -1.5...).

    One unit of y is one statement's height on the board (``_ROW_PX`` pixels).
    """
    pos = {}
    rows = {c: 0 for c in CHOICES}
    tray = 0
    for p in places:
        if p.choice is None:
            pos[p.feature.id] = (-0.05 + (tray % _TRAY_PER_ROW) * 0.36, 1.45 - 0.5 * (tray // _TRAY_PER_ROW))
            tray += 1
        else:
            rows[p.choice] += 1
            pos[p.feature.id] = (_COLUMN_X[p.choice] - 0.05, 0.5 - float(rows[p.choice]))
    return pos


def sorting_board(
    features: Sequence[content.Feature],
    chosen: Mapping[str, str | None] | None = None,
    checked: Mapping[str, str] | None = None,
) -> go.Figure:
    """Draw the sorting board.

    Parameters
    ----------
    features : sequence of content.Feature
        The statements (numbered from 1 in this order).
    chosen, checked : mapping, optional
        See :func:`placements`; by default nothing is sorted yet.

    Returns
    -------
    plotly.graph_objects.Figure
        One trace per statement (``trace.meta`` holds the feature id), so an app can move and restyle each
        in place with :func:`update_sorting_board`.

    Example
    -------
    >>> from immunolib import content
    >>> fig = sorting_board(content.features())
    >>> len(fig.data) == len(content.features())
    True
    """
    fig = go.Figure()
    for f in features:
        fig.add_trace(
            go.Scatter(
                x=[0],
                y=[0],
                mode="markers+text",
                meta=f.id,
                showlegend=False,
                textposition="middle right",
                textfont=dict(size=12),
                hovertemplate=f"{escape(f.statement)}<extra></extra>",
            )
        )
    header = [
        dict(
            text=f"<b>{CHOICE_LABELS[c]}</b>",
            x=_COLUMN_X[c] - 0.05,
            y=0.3,
            xref="x",
            yref="y",
            xanchor="left",
            yanchor="middle",
            showarrow=False,
            font=dict(size=16),
        )
        for c in CHOICES
    ]
    header.append(
        dict(
            text="<b>Not sorted yet</b> (numbers match the list above)",
            x=-0.08,
            y=1.95,
            xref="x",
            yref="y",
            xanchor="left",
            yanchor="middle",
            showarrow=False,
            font=dict(size=14),
        )
    )
    fig.update_layout(
        template=theme.TEMPLATE_NAME,
        annotations=header,
        title=dict(text="Your sorting board"),
        xaxis=dict(visible=False, range=[-0.12, 3.05], fixedrange=True),
        margin=dict(l=10, r=10, t=50, b=10),
        hovermode="closest",
        dragmode=False,
        shapes=[
            dict(
                type="rect",
                xref="x",
                yref="y",
                x0=_COLUMN_X[c] - 0.1,
                x1=_COLUMN_X[c] + 0.9,
                y0=-100,
                y1=0.65,
                fillcolor=theme.BRANCH_COLORS[c],
                opacity=0.07,
                line=dict(width=0),
                layer="below",
            )
            for c in CHOICES
        ],
    )
    update_sorting_board(fig, features, chosen or {}, checked or {})
    return fig


def update_sorting_board(
    fig: go.Figure,
    features: Sequence[content.Feature],
    chosen: Mapping[str, str | None],
    checked: Mapping[str, str] | None = None,
) -> go.Figure:
    """Move and restyle the statements of a board made by :func:`sorting_board`, in place.

    Call it inside ``fig.batch_update()`` on a ``FigureWidget``. Returns the figure.
    """
    places = placements(features, chosen, checked)
    pos = _layout_positions(places)
    traces = {t.meta: t for t in fig.data}
    for p in places:
        tr = traces[p.feature.id]
        symbol, color, words = _STYLE[p.status]
        x, y = pos[p.feature.id]
        tr.x, tr.y = [x], [y]
        if p.choice is None:
            tr.text = [f"<b>{p.number}</b>"]
        else:
            label = _wrapped(f"{words}{p.number}. {p.feature.statement}")
            tr.text = [label.replace(f"{p.number}. ", f"<b>{p.number}.</b> ", 1)]
        tr.marker = dict(
            symbol=symbol,
            size=13 if p.choice is None else 15,
            color=color,
            line=dict(width=2.5 if p.status in ("unsorted", "unchecked") else 1.5, color=color),
        )
    depth = _depth(places)
    fig.layout.yaxis = dict(visible=False, range=[-depth - 0.1, 2.25], fixedrange=True)
    fig.layout.height = 60 + int(_ROW_PX * (depth + 2.35))
    return fig


def describe_board(
    features: Sequence[content.Feature], chosen: Mapping[str, str | None], checked: Mapping[str, str] | None = None
) -> str:
    """The text alternative of the board: which statement numbers are in which column, and how they stand.

    Example
    -------
    >>> from immunolib import content
    >>> feats = content.features()[:2]
    >>> describe_board(feats, {feats[0].id: "innate"})
    'Sorting board. Innate: 1. Both: none. Adaptive: none. Not sorted yet: 2.'
    """
    places = placements(features, chosen, checked)

    def numbers(ps):
        return ", ".join(str(p.number) for p in ps) or "none"

    parts = [f"{CHOICE_LABELS[c]}: {numbers([p for p in places if p.choice == c])}" for c in CHOICES]
    parts.append(f"Not sorted yet: {numbers([p for p in places if p.choice is None])}")
    text = "Sorting board. " + ". ".join(parts) + "."
    right = [p for p in places if p.status == "right"]
    wrong = [p for p in places if p.status == "wrong"]
    if right or wrong:
        text += (
            f" Checked: {len(right)} right (✔, filled circle: {numbers(right)}); "
            f"{len(wrong)} wrong (✘, cross: {numbers(wrong)})."
        )
    return text


def sorting_feedback(features: Sequence[content.Feature], chosen: Mapping[str, str | None]) -> str:
    """Feedback after pressing Check, as HTML: a count, then each statement with the reason (all escaped)."""
    places = placements(features, chosen, {f.id: c for f, c in ((f, chosen.get(f.id)) for f in features) if c})
    counts = score(places)
    sorted_n = counts["right"] + counts["wrong"]
    if sorted_n == 0:
        return (
            "<p role='status'><strong>Sort at least one statement first:</strong> "
            "choose Innate, Both or Adaptive beside it, then press Check.</p>"
        )
    if counts["right"] == len(places):
        head = f"✔ All {len(places)} right."
    else:
        head = f"{counts['right']} of {sorted_n} sorted statements right"
        if counts["unsorted"]:
            head += f"; {counts['unsorted']} not sorted yet"
        head += "."
    items = []
    for p in places:
        f = p.feature
        if p.status == "unsorted":
            items.append(f"<li><strong>{p.number}.</strong> {escape(f.statement)} — <em>not sorted yet.</em></li>")
            continue
        if p.status == "right":
            verdict = f"<strong style='color:#006e4f'>✔ Right:</strong> {escape(CHOICE_LABELS[f.branch])}."
        else:
            verdict = (
                f"<strong style='color:#a33b00'>✘ Wrong:</strong> you chose "
                f"{escape(CHOICE_LABELS[p.choice])}; it belongs to {escape(CHOICE_LABELS[f.branch])}."
            )
        items.append(
            f"<li><strong>{p.number}.</strong> {escape(f.statement)}<br>{verdict} {escape(f.explanation)}</li>"
        )
    return (
        f"<div role='status' aria-live='polite' class='immunolib-sort-feedback'>"
        f"<p style='margin:4px 0'><strong>{escape(head)}</strong></p>"
        f"<ol style='list-style:none;padding-left:0;margin:4px 0;line-height:1.45'>{''.join(items)}</ol></div>"
    )
