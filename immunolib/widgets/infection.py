"""The infection simulator of lesson 01: a first infection, a second exposure, and what a vaccine changes."""

from __future__ import annotations

import functools

import ipywidgets as widgets

from immunolib.figures import infection as figure
from immunolib.figures import words
from immunolib.models import infection as model
from immunolib.widgets.base import App, figure_widget, safe

__all__ = ["InfectionSimulator", "DOSES", "SECOND_EXPOSURE_DAYS"]

#: Doses the slider offers (organisms in each exposure), with their labels.
DOSES = tuple((d, words.cells_short(d)) for d in (1e4, 1e5, 1e6, 1e7))  # ((1e4, "10 thousand"), ...)
#: Days of a second exposure the menu offers (``None``: no second exposure).
SECOND_EXPOSURE_DAYS = (None, 14, 21, 30, 45, 60)

# The dose range and the days offered are those over which the teaching model shows the textbook kinetics
# (a single infection cleared within days, a secondary lag of 1-3 days). Below about 3 000 organisms the
# resident innate defences clear the pathogen almost alone, the adaptive response is tiny and its lag and
# peak measures lose their meaning; for second exposures after about three months the lag measure (the
# titre doubling) falls below a day. Those settings are therefore not offered to students.


@functools.lru_cache(maxsize=64)
def _solved(dose: float, day: int | None, vaccinated: bool):
    """One simulation per setting of the controls (4 doses x 6 days x 2 = 48 at most), with the numbers its
    table and text alternative show; the model is deterministic, so a setting seen before is not re-solved.
    Returns ``(trajectory, table HTML, text alternative)``."""
    trajectory = model.simulate(dose=dose, second_exposure=day, vaccinated=vaccinated)
    return trajectory, figure.kinetics_table(trajectory), figure.describe_infection(trajectory)


class InfectionSimulator(App):
    """Simulate an infection and a second exposure to the same pathogen; see the innate and adaptive responses.

    The figure shows the pathogen and the immune cells (above) and the IgM and IgG antibody titres (below).
    The lag and peaks of each response are measured on the simulation and written on the figure, in its
    text description and in the table under it.

    Parameters
    ----------
    dose : float
        Organisms in each exposure: one of 1e4, 1e5, 1e6 or 1e7.
    second_exposure : int or None
        Day of the second exposure (one of 14, 21, 30, 45, 60), or ``None`` (the default, the baseline: one
        exposure).
    vaccinated : bool
        Whether the person was vaccinated against this pathogen beforehand.

    Example
    -------
    >>> from immunolib.widgets.infection import InfectionSimulator
    >>> app = InfectionSimulator(second_exposure=30)
    >>> app
    InfectionSimulator(dose=10000, second_exposure=30, vaccinated=False)
    >>> app.second.value = 60          # what choosing "day 60" in the menu does
    >>> app.trajectory.meta["exposures"]
    (0.0, 60.0)
    """

    app_name = "InfectionSimulator"
    role = "model"

    def __init__(self, dose: float = 1e4, second_exposure: int | None = None, vaccinated: bool = False):
        doses = [d for d, _ in DOSES]
        if isinstance(dose, bool) or dose not in doses:
            raise ValueError(f"dose must be one of {', '.join(f'{d:g}' for d in doses)}; got {dose!r}")
        if isinstance(second_exposure, bool) or second_exposure not in SECOND_EXPOSURE_DAYS:
            days = ", ".join(str(d) for d in SECOND_EXPOSURE_DAYS if d is not None)
            raise ValueError(f"second_exposure must be None or one of {days}; got {second_exposure!r}")
        if not isinstance(vaccinated, bool):
            raise ValueError(f"vaccinated must be True or False; got {vaccinated!r}")

        self.dose = widgets.SelectionSlider(
            options=[(label, float(d)) for d, label in DOSES],
            value=float(dose),
            description="Dose (organisms):",
            continuous_update=False,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="420px", margin="2px 24px 2px 0"),
        )
        self.second = widgets.Dropdown(
            options=[
                ("no second exposure" if d is None else f"day {d}", 0 if d is None else d) for d in SECOND_EXPOSURE_DAYS
            ],
            value=0 if second_exposure is None else second_exposure,
            description="Second exposure:",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="300px", margin="2px 24px 2px 0"),
        )
        self.second.add_class("immunolib-control")
        self.vaccinated = widgets.Checkbox(
            value=vaccinated, description="Vaccinated before", indent=False, layout=widgets.Layout(width="200px")
        )
        controls = widgets.HBox(
            [self.dose, self.second, self.vaccinated], layout=widgets.Layout(flex_flow="row wrap", align_items="center")
        )
        hint = widgets.HTML(
            "<p style='margin:2px 0'>Change the dose, the day of a second exposure to the "
            "same pathogen, or whether the person was vaccinated. Grey bands mark each "
            "response's lag; ◆ marks the innate peak, ▲ the adaptive peak, ★ the antibody "
            "peak.</p>"
        )
        self.trajectory = self._simulate()
        self.figure = figure_widget(figure.infection_timecourse(self.trajectory, height=500))
        self.table = widgets.HTML()
        self.table.add_class("immunolib-kinetics-view")
        self.table.add_class("immunolib-numbers")
        super().__init__(children=(hint, controls, self.figure, self.table))
        for control in (self.dose, self.second, self.vaccinated):
            control.observe(self._on_change, names="value")
        self._describe()

    def _simulate(self):
        day = self.second.value or None
        self._solution = _solved(float(self.dose.value), day, bool(self.vaccinated.value))
        return self._solution[0]

    @safe
    def _on_change(self, _change=None) -> None:
        self.trajectory = self._simulate()
        with self.figure.batch_update():
            figure.update_infection_timecourse(self.figure, self.trajectory)
        self._describe()

    def _describe(self) -> None:
        _, table, alt = self._solution
        self.table.value = table
        self.set_alt(alt)

    @property
    def numbers(self):
        """What the figure and its table measure, one :class:`~immunolib.figures.infection.ResponseNumbers` per
        exposure (lag, peaks, fold, day cleared). Predictions and recorded answers are checked against these."""
        return figure.response_numbers(self.trajectory)

    def _state(self) -> str:
        return (
            f"dose={self.dose.value:g}, second_exposure={self.second.value or None}, vaccinated={self.vaccinated.value}"
        )
