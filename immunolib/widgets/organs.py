"""The apps of lesson 03: the body map of immune organs, and the journey of a T cell you can step through."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from immunolib import content
from immunolib.figures import body, cards
from immunolib.widgets.base import SelectionApp, StepperApp, check_choice, check_whole_number, figure_widget

__all__ = ["BodyMap", "TCellJourney"]


class BodyMap(SelectionApp):
    """Choose an organ (from the menu or by clicking its marker): the map highlights it and its card appears.

    Parameters
    ----------
    selected : str, optional
        Id of the organ to show first (default: the thymus).

    Example
    -------
    >>> from immunolib.widgets.organs import BodyMap
    >>> BodyMap(selected="spleen").selected
    'spleen'
    """

    app_name = "BodyMap"

    def __init__(self, selected: str = "thymus"):
        self._data = content.load()
        self._organs = self._data.organs()
        check_choice("selected", selected, (o.id for o in self._organs))
        options = [(f"{o.name} ({o.type_label})", o.id) for o in self._organs]
        self.chooser = widgets.Dropdown(
            options=options,
            value=selected,
            description="Organ:",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="480px"),
        )
        self.chooser.add_class("immunolib-control")
        self.figure = figure_widget(body.organ_map(self._organs, selected))
        self.card = widgets.HTML()
        self.card.add_class("immunolib-card-view")
        hint = widgets.HTML(
            "<p style='margin:2px 0'>Choose an organ from the menu, or click its marker on "
            "the body. Shapes show the type: ◆ primary lymphoid organ, ● secondary lymphoid "
            "organ, ■ barrier tissue.</p>"
        )
        super().__init__(children=(hint, self.chooser, self.figure, self.card))
        self._connect()
        self._show(selected)

    def _show(self, organ_id: str) -> None:
        with self.figure.batch_update():
            body.select_organ(self.figure, organ_id)
        self.card.value = cards.organ_card(self._data.organ(organ_id), self._data)
        self.set_alt(body.describe_organ_map(self._organs, organ_id))


class TCellJourney(StepperApp):
    """Step through a cell's journey on the body map: Previous/Next, a step slider, or Play.

    The map moves the cell along its route and rings the place it has reached; the card below explains
    what happens there.

    Parameters
    ----------
    journey : str, optional
        Id of a journey in ``data/journeys.yaml`` (default: the killer T cell's journey).
    step : int, optional
        The step to show first, from 1.
    interval_ms : int, optional
        Time per step when the Play button runs the journey, in milliseconds (1000 to 20000).
    play : bool, optional
        Show a Play button (default ``False``: the student steps with Previous / Next and predicts each
        next place; future places stay hidden until reached).

    Example
    -------
    >>> from immunolib.widgets.organs import TCellJourney
    >>> app = TCellJourney(step=2)
    >>> app.step
    2
    """

    app_name = "TCellJourney"

    def __init__(self, journey: str = "killer_t_cell", step: int = 1, interval_ms: int = 4000, play: bool = False):
        self._data = content.load()
        check_choice("journey", journey, (j.id for j in self._data.collection("journeys")))
        self._journey = self._data.record("journeys", journey)
        n = len(self._journey.steps)
        check_whole_number("step", step, 1, n)
        check_whole_number("interval_ms", interval_ms, 1000, 20000)
        self._places = body.journey_places(self._journey, self._data)

        self.previous, self.next = self._step_buttons(next_tooltip="Go on one step")
        self._step_slider(step, n, continuous_update=True, readout=True)
        self.slider.add_class("immunolib-control")
        self.play = widgets.Play(
            value=step,
            min=1,
            max=n,
            step=1,
            interval=interval_ms,
            description="Play the journey",
            tooltip="Play the journey step by step",
            layout=widgets.Layout(display=None if play else "none"),
        )
        self._link = widgets.jslink((self.play, "value"), (self.slider, "value"))
        self.figure = figure_widget(body.journey_map(self._journey, step, self._data))
        self.card = widgets.HTML()
        self.card.add_class("immunolib-card-view")
        hint = widgets.HTML(
            f"<p style='margin:2px 0'><strong>{escape(self._journey.title)}.</strong> Use "
            "<em>Previous</em> and <em>Next</em> (or the step slider). Before each "
            "<em>Next</em>, guess where the cell goes: places appear only when it reaches "
            "them. The black line is the route so far; the ring marks where the cell is "
            "now.</p>"
        )
        controls = widgets.HBox(
            [self.previous, self.next, self.slider, self.play],
            layout=widgets.Layout(align_items="center", flex_flow="row wrap"),
        )
        super().__init__(children=(hint, controls, self.figure, self.card))
        self._connect_steps(step)

    @property
    def n_steps(self) -> int:
        """How many steps the journey has."""
        return len(self._journey.steps)

    def step_title(self, step: int) -> str:
        """The title of ``step`` (from 1)."""
        return self._journey.steps[step - 1].title

    def step_places(self, step: int) -> list[str]:
        """The names of the place ``step`` happens in."""
        return [self._places[step - 1].name]

    @property
    def journey(self):
        """The journey record shown (from ``data/journeys.yaml``)."""
        return self._journey

    def _show_step(self, step: int) -> None:
        with self.figure.batch_update():
            body.show_journey_step(self.figure, self._journey, step, self._places)
        self.card.value = body.journey_step_card(self._journey, step, self._data)
        self.set_alt(body.describe_journey_step(self._journey, step, self._places))

    def _state(self) -> str:
        return f"journey={self._journey.id!r}, step={self.step}"
