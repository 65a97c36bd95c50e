"""The apps of lesson 02, 'The cells of the immune system'.

* :class:`CellExplorer` — choose a cell or molecule: its card, and where it sits in the family tree;
* :class:`LineageExplorer` — walk the family tree from the bone-marrow stem cell;
* :class:`SignalNetwork` — who signals whom: choose a cell to highlight what it sends and receives;
* :class:`ResponseStepper` — step through one immune response with Previous / Next.

Each builds its controls and ONE ``go.FigureWidget`` once and then restyles it in place (DESIGN.md).

Example
-------
>>> from immunolib.widgets.cells import CellExplorer
>>> CellExplorer(selected="dendritic_cell")
CellExplorer(selected='dendritic_cell')
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from immunolib import content
from immunolib.figures import cards
from immunolib.figures import cells as fc
from immunolib.widgets.base import SelectionApp, StepperApp, check_choice, check_whole_number, figure_widget

__all__ = ["CellExplorer", "LineageExplorer", "SignalNetwork", "ResponseStepper"]

_WIDE = widgets.Layout(width="460px")
_LABEL = {"description_width": "initial"}


def _hint(text: str) -> widgets.HTML:
    return widgets.HTML(f"<p style='margin:2px 0'>{text}</p>")


class CellExplorer(SelectionApp):
    """Choose a cell or molecule: its card appears, and the family tree shows where it comes from.

    For a cell, the tree highlights its path from the bone-marrow stem cell; for a molecule (antibodies,
    cytokines), it highlights the cells that make it.

    Parameters
    ----------
    selected : str, optional
        Id of the cell or molecule to show first (default: CD8+ killer T cell).

    Example
    -------
    >>> app = CellExplorer(selected="b_cell")
    >>> app.chooser.value = "antibody"
    >>> app.selected
    'antibody'
    """

    app_name = "CellExplorer"
    clickable = False  # the tree's markers are not clickable here

    def __init__(self, selected: str = "cd8_t_cell"):
        self._data = content.load()
        self._cells = self._data.cells()
        self._nodes = fc.lineage_nodes()
        check_choice("selected", selected, (c.id for c in self._cells))
        kind = {"cell": "", "molecule": " (molecule)"}
        self.chooser = widgets.Dropdown(
            options=[(c.name + kind[c.kind], c.id) for c in self._cells],
            value=selected,
            description="Cell or molecule:",
            style=_LABEL,
            layout=_WIDE,
        )
        self.chooser.add_class("immunolib-control")
        node, producers = fc.lineage_focus(self._nodes, self._data.cell(selected))
        self.figure = figure_widget(
            fc.lineage_tree(
                self._nodes, node, producers, height=430, molecule=self._data.cell(selected).short_name.lower()
            )
        )
        self.card = widgets.HTML()
        self.card.add_class("immunolib-card-view")
        super().__init__(
            children=(
                _hint(
                    "Choose a cell or molecule. Its card appears under the diagram, and the family tree shows "
                    "the path from the bone-marrow stem cell to it (for a molecule: the cells that make it)."
                ),
                self.chooser,
                self.figure,
                self.card,
            )
        )
        self._connect()
        self._show(selected)

    def _show(self, cell_id: str) -> None:
        cell = self._data.cell(cell_id)
        node, producers = fc.lineage_focus(self._nodes, cell)
        molecule = cell.short_name.lower()
        with self.figure.batch_update():
            fc.highlight_lineage(self.figure, self._nodes, node, producers, molecule)
        self.card.value = cards.cell_card(cell, self._data)
        self.set_alt(fc.describe_lineage(self._nodes, node, producers, molecule))


class LineageExplorer(SelectionApp):
    """Walk the family tree of immune cells: choose a step (or click a marker) to see where it happens.

    Parameters
    ----------
    selected : str, optional
        Id of the node of ``data/lineage.yaml`` to show first (default: the dendritic cell, whose origin is
        the least tidy).

    Example
    -------
    >>> app = LineageExplorer(selected="t_precursor")
    >>> "Thymus" in app.info.value
    True
    """

    app_name = "LineageExplorer"
    click_prefix = "node:"

    def __init__(self, selected: str = "dendritic_cell"):
        self._nodes = fc.lineage_nodes()
        self._by_id = {n.id: n for n in self._nodes}
        check_choice("selected", selected, self._by_id)
        self.chooser = widgets.Dropdown(
            options=[(n.name, n.id) for n in self._nodes],
            value=selected,
            description="Step in the family tree:",
            style=_LABEL,
            layout=_WIDE,
        )
        self.chooser.add_class("immunolib-control")
        self.figure = figure_widget(fc.lineage_tree(self._nodes, selected))
        self.info = widgets.HTML()
        super().__init__(
            children=(
                _hint(
                    "Choose a step from the list, or click a marker in the tree. Solid lines: develops into; "
                    "dashed lines: can also arise from."
                ),
                self.chooser,
                self.figure,
                self.info,
            )
        )
        self._connect()
        self._show(selected)

    def _show(self, node_id: str) -> None:
        with self.figure.batch_update():
            fc.highlight_lineage(self.figure, self._nodes, node_id)
        self.info.value = fc.lineage_node_html(self._by_id[node_id], self._nodes)
        self.set_alt(fc.describe_lineage(self._nodes, node_id))


class SignalNetwork(SelectionApp):
    """Who signals whom: choose a cell to highlight the signals it sends (solid) and receives (dashed).

    Parameters
    ----------
    selected : str or None, optional
        Id of the cell to highlight first (default: the CD4+ helper T cell); ``None`` highlights nothing.

    Example
    -------
    >>> app = SignalNetwork(selected="treg")
    >>> app.chooser.value = "dendritic_cell"
    >>> repr(app)
    "SignalNetwork(selected='dendritic_cell')"
    """

    app_name = "SignalNetwork"
    click_prefix = "node:"
    _NONE = "(none)"

    def __init__(self, selected: str | None = "cd4_t_cell"):
        self._cells = content.cells()
        self.figure = figure_widget(fc.signal_network(self._cells, height=560))
        in_network = [t.meta[5:] for t in self.figure.data if (t.meta or "").startswith("node:")]
        names = {c.id: c.name for c in self._cells}
        ordered = [c.id for c in self._cells if c.id in in_network]
        if selected is not None:
            check_choice("selected", selected, ordered)
        self.chooser = widgets.Dropdown(
            options=[("— none: show every arrow evenly —", self._NONE)] + [(names[i], i) for i in ordered],
            value=selected or self._NONE,
            description="Highlight the signals of:",
            style=_LABEL,
            layout=_WIDE,
        )
        self.chooser.add_class("immunolib-control")
        self.details = widgets.HTML()
        super().__init__(
            children=(
                _hint(
                    "Choose a cell or molecule, or click a marker. Its arrows are numbered; the list under the "
                    "diagram names every signal in full."
                ),
                self.chooser,
                self.figure,
                self.details,
            )
        )
        self._connect()
        self._show(selected)

    @property
    def selected(self) -> str | None:
        """Id of the highlighted cell, or ``None``."""
        return None if self.chooser.value == self._NONE else self.chooser.value

    def _show(self, cell_id: str | None) -> None:
        with self.figure.batch_update():
            fc.highlight_signals(self.figure, self._cells, cell_id)
        self.details.value = fc.signal_list_html(self._cells, cell_id)
        self.set_alt(fc.describe_signals(self._cells, cell_id))


class ResponseStepper(StepperApp):
    """Step through one immune response: Previous / Next (or the slider) move the highlight and the text.

    Parameters
    ----------
    response : str, optional
        Id of an entry of ``data/responses.yaml`` (default: ``"virus_in_skin"``).
    step : int, optional
        The step to show first, from 1.

    Example
    -------
    >>> app = ResponseStepper("virus_in_skin")
    >>> app.next_button.click()
    >>> app.step
    2
    """

    app_name = "ResponseStepper"

    def __init__(self, response: str = "virus_in_skin", step: int = 1):
        ids = [r.id for r in content.collection("responses")]
        check_choice("response", response, ids)
        self.response = content.record("responses", response)
        n = len(self.response.steps)
        check_whole_number("step", step, 1, n)
        self._step_buttons()
        self._step_slider(step, n, continuous_update=False, style=_LABEL)
        rows = len(fc.response_cells(self.response))
        self.figure = figure_widget(fc.response_chart(self.response, step, height=min(150 + 34 * rows, 520)))
        self.text = widgets.HTML()
        self.text.add_class("immunolib-card-view")
        self.heading = heading = widgets.HTML()
        controls = widgets.HBox([self.prev_button, self.slider, self.next_button])
        super().__init__(children=(heading, controls, self.figure, self.text))  # the card directly below
        self._connect_steps(step)

    @property
    def n_steps(self) -> int:
        """How many steps the response has."""
        return len(self.response.steps)

    def step_title(self, step: int) -> str:
        """The title of ``step`` (from 1)."""
        return self.response.steps[step - 1].title

    def step_places(self, step: int) -> list[str]:
        """The names of the place ``step`` happens in (its organ and, if given, the site within it)."""
        s = self.response.steps[step - 1]
        return [content.organ(s.where).name] + ([s.site] if s.get("site") else [])

    def _show_step(self, step: int) -> None:
        with self.figure.batch_update():
            fc.show_step(self.figure, self.response, step)
        self.text.value = fc.step_html(self.response, step)
        # The whole response in one sentence only once the student has stepped through it.
        last = step >= len(self.response.steps)
        self.heading.value = (
            f"<p style='margin:2px 0'><strong>{escape(self.response.title)}.</strong> "
            + (
                f"{escape(self.response.summary)}"
                if last
                else "Before each <em>Next</em>, predict what happens next: later steps appear "
                "only when you reach them."
            )
            + "</p>"
        )
        self.set_alt(fc.describe_step(self.response, step))

    def _state(self) -> str:
        return f"{self.response.id!r}, step={self.step}"
