"""The 'innate vs adaptive at a glance' explorer of notebook 00."""

from __future__ import annotations

import ipywidgets as widgets

from immunolib import content
from immunolib.figures import cards
from immunolib.figures.overview import branches_at_a_glance, describe_branches, is_ancestor, select_component
from immunolib.widgets.base import SelectionApp, check_choice, figure_widget

__all__ = ["InnateAdaptiveExplorer"]


class InnateAdaptiveExplorer(SelectionApp):
    """Choose a component of the immune system: the diagram highlights it and its card appears below.

    Parameters
    ----------
    selected : str, optional
        Id of the component to show first (default: CD8+ killer T cell).

    Example
    -------
    >>> from immunolib.widgets import InnateAdaptiveExplorer
    >>> app = InnateAdaptiveExplorer(selected="b_cell")
    >>> app.selected
    'b_cell'
    """

    app_name = "InnateAdaptiveExplorer"

    def __init__(self, selected: str = "cd8_t_cell"):
        self._data = content.load()
        self._cells = tuple(c for c in self._data.cells() if not is_ancestor(c))
        check_choice("selected", selected, (c.id for c in self._cells))
        options = [
            (
                f"{c.name} ({'innate' if c.branch == 'innate' else 'adaptive' if c.branch == 'adaptive' else 'both'})",
                c.id,
            )
            for c in self._cells
        ]
        self.chooser = widgets.Dropdown(
            options=options,
            value=selected,
            description="Component:",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="420px"),
        )
        self.chooser.add_class("immunolib-control")
        self.figure = figure_widget(branches_at_a_glance(self._cells, selected))
        self.card = widgets.HTML()
        self.card.add_class("immunolib-card-view")
        hint = widgets.HTML(
            "<p style='margin:2px 0'>Choose a component from the list, or click a marker in the diagram.</p>"
        )
        super().__init__(children=(hint, self.chooser, self.figure, self.card))
        self._connect()
        self._show(selected)

    def _show(self, cell_id: str) -> None:
        with self.figure.batch_update():
            select_component(self.figure, cell_id)
        self.card.value = cards.cell_card(self._data.cell(cell_id), self._data)
        self.set_alt(describe_branches(self._cells, cell_id))
