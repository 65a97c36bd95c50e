"""Lesson 08: build the concept map of a topic (:class:`ConceptMapBuilder`).

One topic view of ``data/concept_map.yaml`` at a time: choose a link, then its label from the menu (checked at
once); clicking a node shows its card. The map is drawn by :mod:`immunolib.figures.concept_map`.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from immunolib import content
from immunolib.figures import concept_map as cmap
from immunolib.widgets.base import App, check_choice, figure_widget, safe, silenced
from immunolib.widgets.review import _LABEL, _control

__all__ = ["ConceptMapBuilder"]


class ConceptMapBuilder(App):
    """Build the concept map of one topic: choose a link, then its label; the label is checked at once.

    Three controls: the topic, the link and the label. Choosing a link shows the card of the node it starts
    from; clicking any node on the map shows that node's card and its links.

    Parameters
    ----------
    view : str
        Id of a view of ``data/concept_map.yaml`` (``branches_and_cells``, ``organs``, ``antibodies``,
        ``t_cells``, ``cancer``, ``therapies``).

    Example
    -------
    >>> app = ConceptMapBuilder("t_cells")
    >>> app.label.value = app.view.links[0].label      # choosing a label checks it
    >>> app.result.value.count("Right")
    1
    """

    app_name = "ConceptMapBuilder"

    def __init__(self, view: str = "branches_and_cells"):
        self.views = {v.id: v for v in content.collection("concept_map")}
        check_choice("view", view, self.views)
        self.states = {k: cmap.MapState() for k in self.views}
        self.topic = _control(
            widgets.Dropdown(
                options=[(v.title, k) for k, v in self.views.items()], value=view, description="Topic:", style=_LABEL
            )
        )
        self.link = _control(
            widgets.Dropdown(
                options=[], description="Link:", style=_LABEL, layout=widgets.Layout(width="auto", max_width="100%")
            )
        )
        self.label = _control(
            widgets.Dropdown(options=[], value=None, description="Label (checked at once):", style=_LABEL)
        )
        self.result = widgets.HTML()
        self.figure = figure_widget(cmap.map_canvas(height=420))
        self.card = widgets.HTML()
        self.card.add_class("immunolib-card-view")
        super().__init__(children=(self.topic, self.link, self.label, self.result, self.figure, self.card))
        self.topic.observe(self._on_topic, names="value")
        self.link.observe(self._on_link, names="value")
        self.label.observe(self._on_label, names="value")
        for trace in self.figure.data:
            trace.on_click(self._on_click)
        self._show_view(view)

    @property
    def view(self):
        """The view record shown."""
        return self.views[self.topic.value]

    @property
    def state(self) -> cmap.MapState:
        """What the student has done in the view shown."""
        return self.states[self.topic.value]

    def _link_options(self):
        v, s = self.view, self.state
        right = s.correct(v)
        return [
            (
                f"{i + 1}. "
                + cmap.link_sentence(v, i, s.checked[i] if i in right else None)
                + (" ✔" if i in right else ""),
                i,
            )
            for i in range(len(v.links))
        ]

    def _set_label_quietly(self, value) -> None:
        with silenced(self._on_label, self.label):
            self.label.value = value

    def _show_view(self, view_id: str) -> None:
        v, s = self.views[view_id], self.states[view_id]
        with silenced(self._on_link, self.link), silenced(self._on_label, self.label):
            self.link.options = self._link_options()
            self.link.value = s.selected_link if s.selected_link is not None else 0
            s.selected_link = self.link.value
            self.label.options = cmap.label_menu(v)
            self.label.value = s.checked.get(self.link.value)
            if s.selected_node is None:
                s.selected_node = v.links[self.link.value].source
        self.result.value = ""
        self._draw()

    def _draw(self) -> None:
        v, s = self.view, self.state
        with self.figure.batch_update():
            cmap.draw_map(self.figure, v, s)
        self.set_alt(cmap.describe_map(v, s))
        self.card.value = cmap.node_card(v, s.selected_node, s)

    def _refresh_links(self) -> None:
        with silenced(self._on_link, self.link):
            value = self.link.value
            self.link.options = self._link_options()
            self.link.value = value

    def choose_node(self, node_id: str) -> None:
        """Show the card of one node of the view (what a click on the node does)."""
        check_choice("node", node_id, [n.id for n in self.view.nodes])
        self.state.selected_node = node_id
        self._draw()

    @safe
    def _on_topic(self, change) -> None:
        self._show_view(self.topic.value)

    @safe
    def _on_link(self, change) -> None:
        if self.link.value is None:
            return
        s = self.state
        s.selected_link = self.link.value
        s.selected_node = self.view.links[self.link.value].source
        self._set_label_quietly(s.checked.get(self.link.value))
        self.result.value = ""
        self._draw()

    @safe
    def _on_label(self, change) -> None:
        if self.label.value is None:
            return
        self.check()

    @safe
    def _on_click(self, trace, points, state) -> None:
        meta = trace.meta
        if points.point_inds and isinstance(meta, str) and meta.startswith("node:"):
            self.choose_node(meta[len("node:") :])

    def check(self) -> str:
        """Check the chosen label of the chosen link; returns (and shows) the verdict in words."""
        v, s, i = self.view, self.state, self.link.value
        chosen = self.label.value
        if chosen is None:
            self.show_problem("choose a label for this link first (the Label menu)")
            return "Choose a label first."
        s.proposed[i] = chosen
        s.checked[i] = chosen
        link = v.links[i]
        if chosen == link.label:
            verdict = f"Right: “{cmap.link_sentence(v, i, chosen)}”. {link.explanation}"
            colour = "#006e4f"
        else:
            verdict = (
                f"Not this one: “{cmap.link_sentence(v, i, chosen)}” does not hold. Read the link aloud with "
                f"another label, or click the two nodes to read their cards."
            )
            colour = "#a33b00"
        right = len(s.correct(v))
        tail = " The whole map is labelled: well done." if right == len(v.links) else ""
        self.result.value = (
            f"<p role='status' style='margin:4px 0;border-left:4px solid {colour};"
            f"padding:2px 8px'>{escape(verdict)}{tail}</p>"
        )
        self._refresh_links()
        self._draw()
        return verdict

    def _state(self) -> str:
        s = self.state
        return f"view={self.topic.value!r}, labelled={len(s.correct(self.view))} of {len(self.view.links)}"
