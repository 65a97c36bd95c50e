"""The HTML every card, table and figure caption shares: plain text in, escaped HTML out (issue 9: one home).

* a block of HTML that displays itself in a notebook: :class:`HtmlBlock` (what :func:`card` and
  :func:`data_table` return, so a lesson shows a table without wrapping it in ``HTML(...)``);
* a **card**: :func:`card` (coloured border, heading, what one click shows, "More", sources), with
  :func:`lead` (or :func:`shorten`, which cuts a first sentence too long to keep) to keep what one click
  shows within :data:`CARD_WORDS` words;
* **rows** of a card's table: :func:`row`, :func:`table`; a table of data with a caption: :func:`data_table`;
* a figure's **text alternative**: :func:`text_alternative`;
* the **reference list** of a lesson: :func:`reference_list`;
* a figure's **hover text**: :func:`hover`.

Every piece of text that comes from ``data/`` is escaped with :func:`html.escape`, so an instructor's
``<`` or ``&`` shows as typed and can never inject markup or script into a student's notebook. The cards of
cells and organs built on this frame are in :mod:`immunolib.figures.cards`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape
from typing import TYPE_CHECKING

from immunolib.figures.words import wrap, wrap_lines

if TYPE_CHECKING:
    from immunolib import content

__all__ = [
    "HtmlBlock",
    "CARD_WORDS",
    "lead",
    "shorten",
    "card",
    "row",
    "table",
    "data_table",
    "text_alternative",
    "reference_list",
    "hover",
]


class HtmlBlock(str):
    """A block of HTML (a table, a panel, a card) that displays itself in a notebook (``_repr_html_``).

    It is a ``str``, so it can be joined with ``+``, put into a widget's value or folded; its stored
    ``text/plain`` is the ``repr`` of the string, as for any ``str``.

    Example
    -------
    >>> block = HtmlBlock("<table></table>")
    >>> block._repr_html_(), isinstance(block + "<p></p>", HtmlBlock)
    ('<table></table>', True)
    """

    def _repr_html_(self) -> str:
        return str(self)

    def __add__(self, other: str) -> HtmlBlock:
        return HtmlBlock(str(self) + other)


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
    sentences = re.split(r"(?<=[.!?])\s+", " ".join(text.split()))
    kept, n = [], 0
    for i, sentence in enumerate(sentences):
        w = len(sentence.split())
        if (kept or not keep_first) and n + w > budget:
            return " ".join(kept), " ".join(sentences[i:])
        kept.append(sentence)
        n += w
    return " ".join(kept), ""


def shorten(text: str, words: int = 40) -> tuple[str, str]:
    """Split a text into a head of at most ``words`` words (whole sentences when they fit) and the rest.

    Like :func:`lead` without ``keep_first``, except that a first sentence longer than ``words`` is cut
    after ``words`` words and marked with '…' (a card never shows nothing).

    Example
    -------
    >>> shorten("One two. Three four five.", 3)
    ('One two.', 'Three four five.')
    >>> shorten("a b c d", 2)
    ('a b …', 'c d')
    """
    if words < 1:
        raise ValueError(f"words must be at least 1; got {words!r}")
    head, rest = lead(text, words, keep_first=False)
    if head or not rest:
        return head, rest
    cut = rest.split()
    return " ".join(cut[:words]) + " …", " ".join(cut[words:])


def card(
    title: str, body: str, *, color: str, sources=(), label: str | None = None, more: str = "", kind: str = ""
) -> HtmlBlock:
    """The frame every card shares: a coloured left border, a heading, the body, "More", and its sources.

    Parameters
    ----------
    title : str
        Plain text (escaped here). Empty for a card whose subject is named just above it (a menu and a
        sentence naming the choice): then the card has no heading and ``label`` names it.
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
    kind : str, optional
        A second CSS class, ``immunolib-<kind>`` (for example ``"step"`` for a stepper's card).

    Example
    -------
    >>> html = card("B cell", "<p>x</p>", color="#0072B2", more="<p>y</p>")
    >>> "<h3" in html and "<summary" in html
    True
    >>> "<h3" in card("", "<p>x</p>", color="#0072B2", label="What happens")
    False
    """
    if not (title or label):
        raise ValueError("a card needs a title or a label (the accessible name of its region)")
    refs = ", ".join(escape(getattr(r, "id", r)) for r in sources)
    foot = (
        (f'<p class="immunolib-sources" style="margin:6px 0 0 0;font-size:0.85em;color:#555">Sources: {refs}</p>')
        if refs
        else ""
    )
    folded = (
        (
            f'<details class="immunolib-more" style="margin:6px 0 0 0"><summary style="cursor:pointer">'
            f"<strong>More</strong></summary>{more}</details>"
        )
        if more
        else ""
    )
    classes = f"immunolib-card immunolib-{kind}" if kind else "immunolib-card"
    heading = f'<h3 style="margin:0 0 4px 0">{escape(title)}</h3>' if title else ""
    return HtmlBlock(
        f'<div class="{classes}" role="region" aria-label="{escape(label or title)}" '
        f'style="border-left:6px solid {color};padding:8px 12px;margin:4px 0;background:#fafafa;'
        f'line-height:1.45">'
        f"{heading}{body}{folded}{foot}</div>"
    )


def row(label: str, value: str) -> str:
    """One row of a card's table: ``label`` is plain text (escaped here), ``value`` HTML built by the caller."""
    return (
        f'<tr><th scope="row" style="text-align:left;vertical-align:top;padding:2px 10px 2px 0;'
        f'white-space:nowrap">{escape(label)}</th><td style="padding:2px 0">{value}</td></tr>'
    )


def table(rows: Sequence[str]) -> str:
    """A card's table of :func:`row` strings (no borders, label column on the left).

    Example
    -------
    >>> table([row("Where", "lymph node")]).startswith('<table style="border-collapse:collapse"><tr><th scope="row"')
    True
    """
    return f'<table style="border-collapse:collapse">{"".join(rows)}</table>'


def data_table(head: str, rows: Sequence[str], *, caption: str = "", kind: str = "", style: str = "") -> HtmlBlock:
    """A table of data (class ``immunolib-table``): a caption, a header row and body rows.

    Parameters
    ----------
    head : str
        The header cells, HTML (``<th scope='col'>...</th>`` each); empty for a table of labelled rows
        (:func:`row`) with no header row.
    rows : sequence of str
        The body rows, HTML (``<tr>...</tr>`` each, data text escaped by the caller).
    caption : str, optional
        HTML; shown left-aligned above the table.
    kind : str, optional
        A second CSS class, ``immunolib-<kind>``.
    style : str, optional
        Inline CSS of the table.

    Example
    -------
    >>> t = data_table("<th scope='col'>day</th>", ["<tr><td>3</td></tr>"], caption="Peaks")
    >>> t.startswith("<table class='immunolib-table'><caption style='text-align:left'>Peaks</caption><thead><tr>")
    True
    """
    classes = f"immunolib-table immunolib-{kind}" if kind else "immunolib-table"
    css = f" style='{style}'" if style else ""
    cap = f"<caption style='text-align:left'>{caption}</caption>" if caption else ""
    thead = f"<thead><tr>{head}</tr></thead>" if head else ""
    return HtmlBlock(f"<table class='{classes}'{css}>{cap}{thead}<tbody>{''.join(rows)}</tbody></table>")


def reference_list(refs: Iterable[content.Reference]) -> str:
    """An HTML ordered list of full citations (escaped), each DOI or URL printed once, as its link.

    Example
    -------
    >>> from immunolib import content
    >>> html = reference_list(content.cite("sewell2012"))
    >>> html.count("10.1038/nri3279")    # once as the link target, once as its text
    2
    """
    items = []
    for r in refs:
        text = r.citation()
        tail = f"doi:{r.doi}" if r.doi else str(r.url)
        accessed = f" (accessed {r.accessed})" if r.accessed else ""
        head = text[: len(text) - len(tail + accessed)] if text.endswith(tail + accessed) else text + " "
        link = escape(r.link, quote=True)
        items.append(
            f'<li id="ref-{escape(r.id)}"><strong>[{escape(r.id)}]</strong> {escape(head)}'
            f'<a href="{link}" target="_blank" rel="noopener" style="text-decoration:underline">{escape(tail)}</a>'
            f"{escape(accessed)}</li>"
        )
    return f'<ol class="immunolib-references">{"".join(items)}</ol>'


def text_alternative(text: str) -> str:
    """Wrap a figure's text alternative as an HTML paragraph that screen readers announce when it changes."""
    return (
        f'<p class="immunolib-alt-text" role="status" aria-live="polite" '
        f'style="margin:4px 0;color:#333"><strong>Figure description:</strong> {escape(text)}</p>'
    )


def hover(title: str, body: str, width: int = 60, max_lines: int | None = None, *, escape_first: bool = False) -> str:
    """A plotly hover template: the title in bold, then ``body`` wrapped to ``width`` characters (both escaped,
    because plotly renders hover text as HTML; at most ``max_lines`` lines), without the trace name box.

    ``escape_first`` wraps the escaped text (so ``&#x27;`` counts as six characters): the family tree's
    hover texts were stored that way before the two ways met here, and stored notebooks must not change.

    Example
    -------
    >>> hover("B cell", "Makes <antibody>.")
    '<b>B cell</b><br>Makes &lt;antibody&gt;.<extra></extra>'
    >>> hover("Skin", "The body's shield", width=12)
    '<b>Skin</b><br>The body&#x27;s<br>shield<extra></extra>'
    >>> hover("Skin", "The body's shield", width=12, escape_first=True)
    '<b>Skin</b><br>The<br>body&#x27;s<br>shield<extra></extra>'
    """
    if escape_first:
        lines = wrap(escape(body), width, max_lines=max_lines)
    else:
        lines = "<br>".join(escape(line) for line in wrap_lines(body, width, max_lines=max_lines)) or escape(body)
    return f"<b>{escape(title)}</b><br>{lines}<extra></extra>"
