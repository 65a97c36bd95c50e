"""Lesson 08: search the course glossary (:class:`GlossarySearch`, :func:`search_glossary`).

Type to filter the glossary; a term's card and its related terms, clickable (drawn by
:mod:`immunolib.figures.concept_map`).
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from immunolib import content
from immunolib.figures import concept_map as cmap
from immunolib.widgets.base import App, check_choice, figure_widget, safe, silenced
from immunolib.widgets.review import _LABEL, _control

__all__ = ["search_glossary", "GlossarySearch"]


def search_glossary(query: str) -> list[content.Term]:
    """Glossary terms matching ``query`` (case-insensitive), best first: the name starts with it, then the name
    contains it, then the definition does. An empty query gives every term, sorted by name.

    Example
    -------
    >>> [t.id for t in search_glossary("pd-l")][:1]
    ['pd_l1']
    """
    if not isinstance(query, str):
        raise ValueError(f"query must be text; got {query!r}")

    def norm(text: str) -> str:  # "T-cell", "t cell" and "T  cell" all match
        return " ".join(text.lower().replace("-", " ").split())

    q = norm(query)
    terms = sorted(content.glossary(), key=lambda t: t.term.lower())
    if not q:
        return terms
    first = [t for t in terms if norm(t.term).startswith(q)]
    second = [t for t in terms if q in norm(t.term) and t not in first]
    third = [t for t in terms if q in norm(t.definition) and t not in first and t not in second]
    return first + second + third


class GlossarySearch(App):
    """Search the course glossary; a term's card (at most 40 words, the rest behind 'More') and its related terms.

    Parameters
    ----------
    term : str
        Id of the term to show first.
    query : str
        Text to search for first (empty: every term).

    Example
    -------
    >>> app = GlossarySearch(term="pd_1")
    >>> app.search.value = "exhaust"
    >>> app.term.value
    't_cell_exhaustion'
    """

    app_name = "GlossarySearch"

    def __init__(self, term: str = "antigen", query: str = ""):
        if not isinstance(query, str):
            raise ValueError(f"query must be text; got {query!r}")
        check_choice("term", term, [t.id for t in content.glossary()])
        self.search = widgets.Text(
            value=query,
            placeholder="type a word, e.g. T cell",
            description="Search:",
            continuous_update=True,
            style=_LABEL,
        )
        self.count = widgets.HTML()
        self.term = _control(
            widgets.Dropdown(options=[], description="Term:", style=_LABEL, layout=widgets.Layout(width="auto"))
        )
        self.card = widgets.HTML()
        self.card.add_class("immunolib-card-view")
        self.figure = figure_widget(cmap.term_canvas())
        # controls, then the figure, then the card directly below it (one screen on a laptop)
        super().__init__(children=(widgets.HBox([self.search, self.count]), self.term, self.figure, self.card))
        self._filter(query, prefer=term)
        self.search.observe(self._on_search, names="value")
        self.term.observe(self._on_term, names="value")
        self.figure.data[1].on_click(self._on_click)
        self._draw()

    def _filter(self, query: str, prefer: str | None = None) -> None:
        found = search_glossary(query)
        if not found:
            self.count.value = f"<span role='status'>No term matches “{escape(query)}”; showing every term.</span>"
            found = search_glossary("")
        else:
            self.count.value = f"<span role='status'>{len(found)} term{'' if len(found) == 1 else 's'}</span>"
        keep = prefer if prefer in {t.id for t in found} else found[0].id
        with silenced(self._on_term, self.term):
            self.term.options = [(t.term, t.id) for t in found]
            self.term.value = keep

    def _draw(self) -> None:
        with self.figure.batch_update():
            cmap.draw_term(self.figure, self.term.value)
        self.set_alt(cmap.describe_term(self.term.value))
        self.card.value = cmap.term_card(self.term.value)

    @safe
    def _on_search(self, change) -> None:
        before = self.term.value
        self._filter(self.search.value, prefer=before)
        if self.term.value != before:
            self._draw()

    @safe
    def _on_term(self, change) -> None:
        if self.term.value is not None:
            self._draw()

    @safe
    def _on_click(self, trace, points, state) -> None:
        if not points.point_inds or points.point_inds[0] == 0:  # point 0 is the chosen term itself
            return
        target = trace.customdata[points.point_inds[0]]
        if target not in {v for _, v in self.term.options}:
            with silenced(self._on_search, self.search):
                self.search.value = ""
            self._filter("", prefer=target)
        self.term.value = target
        self._draw()

    def _state(self) -> str:
        return f"term={self.term.value!r}, query={self.search.value!r}"
