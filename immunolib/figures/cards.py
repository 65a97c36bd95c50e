"""HTML cards for cells, organs and references: records in, an HTML string out.

Every piece of text that comes from ``data/`` is escaped with :func:`html.escape`, so an instructor's
``<`` or ``&`` shows as typed and can never inject markup or script into a student's notebook.
"""

from __future__ import annotations

from html import escape
from typing import Iterable

from immunolib import content, theme

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


#: Words a card shows per click; the rest waits behind "More" (tests/test_learning_design.py checks it).
CARD_WORDS = 80


def lead(text: str, budget: int, keep_first: bool = True) -> tuple[str, str]:
    """Split plain text into the whole sentences that fit ``budget`` words and the rest.

    With ``keep_first`` the first sentence is always kept, even when it alone is longer; without it, a
    first sentence that does not fit leaves the lead empty.

    Example
    -------
    >>> lead("One two three. Four five six. Seven.", 4)
    ('One two three.', 'Four five six. Seven.')
    """
    import re
    sentences = re.split(r"(?<=[.!?])\s+", " ".join(text.split()))
    kept, n = [], 0
    for i, sentence in enumerate(sentences):
        w = len(sentence.split())
        if (kept or not keep_first) and n + w > budget:
            return " ".join(kept), " ".join(sentences[i:])
        kept.append(sentence)
        n += w
    return " ".join(kept), ""


def card(title: str, body: str, *, color: str, sources=(), label: str | None = None, more: str = "") -> str:
    """The frame every card shares: a coloured left border, a heading, the body, "More", and its sources.

    Parameters
    ----------
    title : str
        Plain text (escaped here).
    body : str
        HTML already built by the caller, with all data text escaped: what one click shows (keep it to
        :data:`CARD_WORDS` words).
    color : str
        Border colour (a theme colour).
    sources : iterable of content.Reference or str
        Shown as a small "Sources:" line.
    label : str, optional
        Accessible name of the card region (defaults to the title).
    more : str, optional
        HTML folded behind a "More" toggle (a ``<details>`` element: keyboard- and screen-reader-friendly).

    Example
    -------
    >>> html = card("B cell", "<p>x</p>", color="#0072B2", more="<p>y</p>")
    >>> "<h3" in html and "<summary" in html
    True
    """
    refs = ", ".join(escape(getattr(r, "id", r)) for r in sources)
    foot = (f'<p class="immunolib-sources" style="margin:6px 0 0 0;font-size:0.85em;color:#555">'
            f'Sources: {refs}</p>') if refs else ""
    folded = (f'<details class="immunolib-more" style="margin:6px 0 0 0"><summary style="cursor:pointer">'
              f'<strong>More</strong></summary>{more}</details>') if more else ""
    return (
        f'<div class="immunolib-card" role="region" aria-label="{escape(label or title)}" '
        f'style="border-left:6px solid {color};padding:8px 12px;margin:4px 0;background:#fafafa;'
        f'line-height:1.45">'
        f'<h3 style="margin:0 0 4px 0">{escape(title)}</h3>{body}{folded}{foot}</div>'
    )


def _row(label: str, value: str) -> str:
    return (f'<tr><th scope="row" style="text-align:left;vertical-align:top;padding:2px 10px 2px 0;'
            f'white-space:nowrap">{escape(label)}</th><td style="padding:2px 0">{value}</td></tr>')


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
    does_html = f' <strong>What it does:</strong> {escape(does)}' if does else ""
    shown = (f'<p style="margin:0 0 6px 0"><em>{summary}</em></p>'
             f'<p style="margin:0"><strong>Branch:</strong> {escape(_BRANCH_WORDS[cell.branch])}.{does_html}</p>')
    rows = []
    if does_rest:
        rows.append(_row("What else it does" if does else "What it does", escape(does_rest)))
    rows += [
        _row("Kind", escape("cell" if cell.kind == "cell" else "molecule")),
        _row("How it recognises", escape(cell.recognition)),
    ]
    if cell.made_by:
        rows.append(_row("Made by", escape(_names(cell.made_by, data.cell))))
    if cell.kind == "cell":
        made = escape(_names(cell.made_in, data.organ))
        if cell.origin_before_birth:
            made += f"; before birth: {escape(cell.origin_before_birth)}"
        rows.append(_row("Made in", made))
        rows.append(_row("Matures in", escape(_names(cell.matures_in, data.organ))))
    if cell.markers:
        rows.append(_row("Markers", escape(", ".join(cell.markers))))
    if cell.signals_to:
        sig = "; ".join(f"{_names([s.to], data.cell)} (via {s.via})" for s in cell.signals_to)
        rows.append(_row("Signals to", escape(sig)))
    rows.append(_row("Against cancer", escape(cell.cancer_role)))
    myth = (f'<p style="margin:8px 0 0 0"><strong>Common mistake:</strong> “{escape(cell.misconception.myth)}” '
            f'<br><strong>In fact:</strong> {escape(cell.misconception.fact)}</p>')
    more = f'<table style="border-collapse:collapse">{"".join(rows)}</table>{myth}'
    return card(cell.name, shown, color=border, sources=data.cite(cell), more=more)


def organ_card(organ: content.Organ, data: content.Content | None = None) -> str:
    """An HTML card describing one organ or tissue (all data text escaped)."""
    data = data or content.load()
    color = theme.ORGAN_TYPE_COLORS[organ.type]
    happens, happens_rest = lead(organ.what_happens,
                                 CARD_WORDS - len(organ.summary.split()) - len(organ.name.split()) - 8,
                                 keep_first=False)
    shown = (f'<p style="margin:0 0 6px 0"><em>{escape(organ.summary)}</em></p>'
             f'<p style="margin:0"><strong>Type:</strong> {escape(organ.type_label)}. '
             + (f'<strong>What happens here:</strong> {escape(happens)}' if happens else "") + '</p>')
    rows = []
    if happens_rest:
        rows.append(_row("What else happens here" if happens else "What happens here", escape(happens_rest)))
    rows += [
        _row("Cells that develop here", escape(_names(organ.cells_develop, data.cell))),
        _row("Cells that meet or act here", escape(_names(organ.cells_meet, data.cell))),
    ]
    if organ.open_question:
        rows.append(_row("Still debated", escape(organ.open_question)))
    more = f'<table style="border-collapse:collapse">{"".join(rows)}</table>'
    return card(organ.name, shown, color=color, sources=data.cite(organ), more=more)


def reference_list(refs: Iterable[content.Reference]) -> str:
    """An HTML ordered list of full citations (escaped), each DOI or URL printed once, as its link.

    Example
    -------
    >>> html = reference_list(content.cite("sewell2012"))
    >>> html.count("10.1038/nri3279")    # once as the link target, once as its text
    2
    """
    items = []
    for r in refs:
        text = r.citation()
        tail = f"doi:{r.doi}" if r.doi else str(r.url)
        accessed = f" (accessed {r.accessed})" if r.accessed else ""
        head = text[:len(text) - len(tail + accessed)] if text.endswith(tail + accessed) else text + " "
        link = escape(r.link, quote=True)
        items.append(f'<li id="ref-{escape(r.id)}"><strong>[{escape(r.id)}]</strong> {escape(head)}'
                     f'<a href="{link}" target="_blank" rel="noopener" style="text-decoration:underline">{escape(tail)}</a>{escape(accessed)}</li>')
    return f'<ol class="immunolib-references">{"".join(items)}</ol>'


def text_alternative(text: str) -> str:
    """Wrap a figure's text alternative as an HTML paragraph that screen readers announce when it changes."""
    return (f'<p class="immunolib-alt-text" role="status" aria-live="polite" '
            f'style="margin:4px 0;color:#333"><strong>Figure description:</strong> {escape(text)}</p>')
