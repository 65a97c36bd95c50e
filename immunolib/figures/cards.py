"""The cards of cells and organs: records in, an HTML string out, in the frame of :mod:`immunolib.figures.html`.

Every piece of text that comes from ``data/`` is escaped with :func:`html.escape`, so an instructor's
``<`` or ``&`` shows as typed and can never inject markup or script into a student's notebook.

The card frame, :func:`lead`, :data:`CARD_WORDS`, :func:`reference_list` and :func:`text_alternative` live in
:mod:`immunolib.figures.html` and are importable from here too (lessons and apps import them from
``immunolib.figures.cards``).
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from immunolib import content, theme
from immunolib.figures.html import CARD_WORDS, card, lead, reference_list, row, table, text_alternative

__all__ = ["card", "lead", "CARD_WORDS", "cell_card", "organ_card", "reference_list", "text_alternative", "names_of"]

_BRANCH_WORDS = {"innate": "innate immunity", "adaptive": "adaptive immunity", "both": "bridges innate and adaptive"}


def names_of(ids: Iterable[str], lookup) -> list[str]:
    """The names of some records, looked up by id (an unknown id is shown as itself)."""
    out = []
    for i in ids:
        try:
            out.append(lookup(i).name)
        except KeyError:
            out.append(i)
    return out


def _names(ids: Iterable[str], lookup) -> str:
    return ", ".join(names_of(ids, lookup)) or "—"


def cell_card(cell: content.Cell, data: content.Content | None = None) -> str:
    """An HTML card describing one cell type or molecule.

    Parameters
    ----------
    cell : content.Cell
        The record to show.
    data : content.Content, optional
        Where to look up organ and cell names; defaults to the course data.

    Returns
    -------
    str
        HTML (a ``<div>`` with a heading and a table); all data text escaped.

    Example
    -------
    >>> from immunolib import content
    >>> "<table" in cell_card(content.cell("b_cell"))
    True
    """
    data = data or content.load()
    style = theme.cell_style(cell.id)
    border = style.color if style.color != theme.OKABE_ITO["yellow"] else "#9a8c00"
    # What one click shows: branch, the one-line summary and what it does (in whole sentences, within
    # CARD_WORDS); everything else waits behind "More".
    summary = escape(cell.summary)
    budget = CARD_WORDS - len(cell.name.split()) - len(cell.summary.split()) - 8
    does, does_rest = lead(cell.function, budget, keep_first=False)
    does_html = f" <strong>What it does:</strong> {escape(does)}" if does else ""
    shown = (
        f'<p style="margin:0 0 6px 0"><em>{summary}</em></p>'
        f'<p style="margin:0"><strong>Branch:</strong> {escape(_BRANCH_WORDS[cell.branch])}.{does_html}</p>'
    )
    rows = []
    if does_rest:
        rows.append(row("What else it does" if does else "What it does", escape(does_rest)))
    rows += [
        row("Kind", escape("cell" if cell.kind == "cell" else "molecule")),
        row("How it recognises", escape(cell.recognition)),
    ]
    if cell.made_by:
        rows.append(row("Made by", escape(_names(cell.made_by, data.cell))))
    if cell.kind == "cell":
        made = escape(_names(cell.made_in, data.organ))
        if cell.origin_before_birth:
            made += f"; before birth: {escape(cell.origin_before_birth)}"
        rows.append(row("Made in", made))
        rows.append(row("Matures in", escape(_names(cell.matures_in, data.organ))))
    if cell.markers:
        rows.append(row("Markers", escape(", ".join(cell.markers))))
    if cell.signals_to:
        sig = "; ".join(f"{_names([s.to], data.cell)} (via {s.via})" for s in cell.signals_to)
        rows.append(row("Signals to", escape(sig)))
    rows.append(row("Against cancer", escape(cell.cancer_role)))
    myth = (
        f'<p style="margin:8px 0 0 0"><strong>Common mistake:</strong> “{escape(cell.misconception.myth)}” '
        f"<br><strong>In fact:</strong> {escape(cell.misconception.fact)}</p>"
    )
    more = table(rows) + myth
    return card(cell.name, shown, color=border, sources=data.cite(cell), more=more)


def organ_card(organ: content.Organ, data: content.Content | None = None) -> str:
    """An HTML card describing one organ or tissue (all data text escaped)."""
    data = data or content.load()
    color = theme.ORGAN_TYPE_COLORS[organ.type]
    happens, happens_rest = lead(
        organ.what_happens, CARD_WORDS - len(organ.summary.split()) - len(organ.name.split()) - 8, keep_first=False
    )
    shown = (
        f'<p style="margin:0 0 6px 0"><em>{escape(organ.summary)}</em></p>'
        f'<p style="margin:0"><strong>Type:</strong> {escape(organ.type_label)}. '
        + (f"<strong>What happens here:</strong> {escape(happens)}" if happens else "")
        + "</p>"
    )
    rows = []
    if happens_rest:
        rows.append(row("What else happens here" if happens else "What happens here", escape(happens_rest)))
    rows += [
        row("Cells that develop here", escape(_names(organ.cells_develop, data.cell))),
        row("Cells that meet or act here", escape(_names(organ.cells_meet, data.cell))),
    ]
    if organ.open_question:
        rows.append(row("Still debated", escape(organ.open_question)))
    more = table(rows)
    return card(organ.name, shown, color=color, sources=data.cite(organ), more=more)
