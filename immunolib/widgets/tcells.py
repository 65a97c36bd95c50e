"""The apps of lesson 05: antigen presentation step by step, the cytokine explorer, and help versus restraint."""

from __future__ import annotations

import ipywidgets as widgets

from immunolib import content
from immunolib.figures import tcells as tf
from immunolib.models import balance
from immunolib.widgets.base import App, SelectionApp, StepperApp, check_choice, check_whole_number, figure_widget, safe

__all__ = ["PresentationPathway", "CytokineExplorer", "HelpRestraintSimulator"]

_WIDE = {"description_width": "initial"}


def _seen_by(pathway) -> str:
    ids = set(pathway.seen_by)
    if ids == {"cd8_t_cell"}:
        return "cd8"
    if ids == {"cd4_t_cell"}:
        return "cd4"
    return "both"


class PresentationPathway(StepperApp):
    """Choose where a protein comes from, then follow it, step by step, to the MHC and the T cell that sees it.

    Later steps stay hidden ("?") until the student reaches them (``role = "stepper"``).

    Parameters
    ----------
    pathway : str, optional
        Id in ``data/antigen_presentation.yaml`` (default ``"virus_in_cell"``).
    step : int, optional
        The step to show first, from 1.

    Example
    -------
    >>> app = PresentationPathway("engulfed_bacterium")
    >>> app.next_button.click(); app.step
    2
    >>> app.pathway_buttons.value = "tumour_neoantigen"; app.step   # a new pathway starts at step 1
    1
    >>> PresentationPathway.shown_t_cells(app) is None          # the end of this pathway is not reached yet
    True
    """

    app_name = "PresentationPathway"

    def __init__(self, pathway: str = "virus_in_cell", step: int = 1):
        self._data = content.load()
        pathways = self._data.collection("antigen_presentation")
        check_choice("pathway", pathway, (p.id for p in pathways))
        record = self._data.record("antigen_presentation", pathway)
        check_whole_number("step", step, 1, len(record.steps))
        self._ended: set[str] = set()  # pathways whose last step has been shown
        self._asked = pathway  # the pathway the app opens with: the one a Predict asks about
        self.pathway_buttons = widgets.ToggleButtons(
            options=[(p.name, p.id) for p in pathways],
            value=pathway,
            description="Where the protein comes from:",
            style={"description_width": "initial", "button_width": "auto"},
            tooltips=[p.summary for p in pathways],
        )
        self.pathway_buttons.add_class("immunolib-control")
        self._step_buttons(next_label="Next step", next_tooltip="Reveal the next step", next_width="140px")
        self.position = widgets.HTML()
        self.figure = figure_widget(tf.presentation_diagram(record, step))
        self.card = widgets.HTML()
        self.card.add_class("immunolib-card-view")
        hint = widgets.HTML(
            "<p style='margin:2px 0'>Choose where the protein comes from, then press "
            "<strong>Next step</strong> to follow it. Stations you have not reached show “?”; "
            "the star marks where you are.</p>"
        )
        super().__init__(
            children=(
                hint,
                self.pathway_buttons,
                widgets.HBox(
                    [self.prev_button, self.next_button, self.position], layout=widgets.Layout(align_items="center")
                ),
                self.figure,
                self.card,
            )
        )
        self.pathway_buttons.observe(self._on_pathway, names="value")
        self._connect_steps(step)

    @property
    def pathway(self):
        """The pathway record shown."""
        return self._data.record("antigen_presentation", self.pathway_buttons.value)

    @property
    def n_steps(self) -> int:
        """How many steps the pathway shown has."""
        return len(self.pathway.steps)

    def step_title(self, step: int) -> str:
        """The title of ``step`` (from 1) of the pathway shown."""
        return self.pathway.steps[step - 1].title

    def step_places(self, step: int) -> list[str]:
        """Where ``step`` (from 1) of the pathway shown happens."""
        return [self.pathway.steps[step - 1].where]

    @property
    def reached_end(self) -> bool:
        """Whether the last step of the pathway shown has been shown (the card then says who sees the peptide)."""
        return self.pathway_buttons.value in self._ended

    @property
    def seen_by(self) -> str:
        """Which T cells see the peptide at the end of the pathway shown: ``"cd8"``, ``"cd4"`` or ``"both"``."""
        return _seen_by(self.pathway)

    @staticmethod
    def shown_t_cells(app: PresentationPathway) -> str:
        """Which T cells see the peptide of the pathway the app opened with (for ``Predict(app, ..., outcome=...)``,
        whose question is about that pathway): ``None`` until the student has reached its last step, so locking in
        a prediction reveals nothing, and stepping through other pathways does not change the answer."""
        if app._asked not in app._ended:
            return None
        return _seen_by(app._data.record("antigen_presentation", app._asked))

    @safe
    def _on_pathway(self, change) -> None:
        self.restart()  # a new pathway starts at step 1

    def _show_step(self, step: int) -> None:
        record, n = self.pathway, len(self.pathway.steps)
        if step == n:
            self._ended.add(record.id)
        with self.figure.batch_update():
            tf.show_presentation(self.figure, record, step)
        self.card.value = tf.presentation_step_html(record, step)
        self.position.value = f"<span style='margin-left:10px'>step {step} of {n}</span>"
        self.set_alt(tf.describe_presentation(record, step))

    def _state(self) -> str:
        return f"pathway={self.pathway_buttons.value!r}, step={self.step}"


class CytokineExplorer(SelectionApp):
    """A "who makes it × who hears it" grid of the course's cytokines; choose or click one to read about it.

    Parameters
    ----------
    cytokine : str, optional
        Id in ``data/cytokines.yaml`` to show first (default ``"il2"``).

    Example
    -------
    >>> app = CytokineExplorer("il10")
    >>> app.chooser.value = "tnf"; app.selected
    'tnf'
    """

    app_name = "CytokineExplorer"

    def __init__(self, cytokine: str = "il2"):
        cyts = content.collection("cytokines")
        check_choice("cytokine", cytokine, (c.id for c in cyts))
        self.chooser = widgets.Dropdown(
            options=[(c.name, c.id) for c in cyts],
            value=cytokine,
            description="Cytokine:",
            style=_WIDE,
            layout=widgets.Layout(width="360px"),
        )
        self.chooser.add_class("immunolib-control")
        self.figure = figure_widget(tf.cytokine_grid(cytokine))
        self.card = widgets.HTML()
        self.card.add_class("immunolib-card-view")
        hint = widgets.HTML(
            "<p style='margin:2px 0'>Each row is a cytokine, each column a group of cells. "
            "<strong>■ left of a column</strong>: that group makes it; <strong>○ right of a "
            "column</strong>: that group hears it (has its receptor). Choose a cytokine in the "
            "menu or click one of its marks.</p>"
        )
        super().__init__(children=(hint, self.chooser, self.figure, self.card))
        self._connect()
        self._show(cytokine)

    def _show(self, item) -> None:
        with self.figure.batch_update():
            tf.show_cytokine(self.figure, item)
        self.card.value = tf.cytokine_card(item)
        self.set_alt(tf.describe_cytokine(item))


def _level_options(name: str):
    return [("1× paper" if v == 1 else f"{v:g}×", float(v)) for v in balance.LEVELS[name]]


class HelpRestraintSimulator(App):
    """Help, restraint and antigenicity on the Kirschner & Panetta (1998) model, each "× the paper's value".

    Every combination of lever values is solved once and cached (:mod:`immunolib.models.balance`), so moving
    a lever only redraws. The paper's model (all levers 1×) stays on the figure as a faded ghost.

    Parameters
    ----------
    help, restraint, antigenicity : float, optional
        Starting lever values (default 1, the paper's model); see ``balance.LEVELS``.

    Example
    -------
    >>> app = HelpRestraintSimulator()
    >>> app.outcome
    'equilibrium'
    >>> app.restraint.value = 0.25; app.help.value = 10.0
    >>> app.outcome, HelpRestraintSimulator.task_settings(app) is None, HelpRestraintSimulator.task_answer(app)
    ('elimination', True, 10.0)
    """

    app_name = "HelpRestraintSimulator"

    role = "model"

    def __init__(self, help: float = 1.0, restraint: float = 1.0, antigenicity: float = 1.0):
        h, r, a = balance.check_levels(help, restraint, antigenicity)
        balance.precompute()
        sliders = {}
        for lever, value in zip(balance.LEVERS, (h, r, a)):
            s = widgets.ToggleButtons(
                options=_level_options(lever.name),
                value=value,
                description=f"{lever.label}:",
                style={"description_width": "initial", "button_width": "auto"},
                tooltips=[f"{v:g} × the paper's value of {lever.symbol}" for v in balance.LEVELS[lever.name]],
            )
            s.add_class("immunolib-control")
            sliders[lever.name] = s
        self.help, self.restraint, self.antigenicity = sliders["help"], sliders["restraint"], sliders["antigenicity"]
        self._run = balance.run(h, r, a)
        self.figure = figure_widget(tf.balance_figure(self._run))
        self.outcome_view = widgets.HTML()
        self.outcome_view.add_class("immunolib-outcome")
        self.levers_view = widgets.HTML()
        self.caption = widgets.HTML(tf.balance_caption())
        hint = widgets.HTML(
            "<p style='margin:2px 0'>Each lever multiplies one number of the published model; "
            "<strong>1× paper</strong> is the paper's value. The grey curves are the paper's model (the ghost) "
            "and stay put; the black (tumour) and dashed vermillion (effector T cells) curves follow your "
            "levers.</p>"
        )
        super().__init__(
            children=(
                hint,
                widgets.VBox([self.help, self.restraint, self.antigenicity]),
                self.figure,
                self.caption,
                self.outcome_view,
                self.levers_view,
            )
        )
        for s in sliders.values():
            s.observe(self._on_change, names="value")
        self._describe()

    @property
    def levels(self) -> dict[str, float]:
        """The lever values shown, by lever name."""
        return {"help": self.help.value, "restraint": self.restraint.value, "antigenicity": self.antigenicity.value}

    @property
    def run(self) -> balance.Run:
        """The model run shown."""
        return self._run

    @property
    def outcome(self) -> str:
        """The outcome shown: ``"elimination"``, ``"equilibrium"`` or ``"escape"``."""
        return self._run.outcome

    @staticmethod
    def shown_outcome(app: HelpRestraintSimulator) -> str:
        """The outcome an app shows (for ``Predict(app, ..., outcome=HelpRestraintSimulator.shown_outcome)``)."""
        return app.outcome

    @staticmethod
    def task_answer(app: HelpRestraintSimulator | None = None) -> float:
        """The recorded task's answer, computed on the model: the smallest CD4⁺ help (× the paper's value) that
        takes the tumour below one cell within the year with Treg restraint 0.25× and antigenicity 1×.
        (``app`` is accepted so that it can be ``RecordAnswer``'s ``answer``; the answer does not depend on it.)"""
        for h in balance.LEVELS["help"]:
            if balance.run(h, 0.25, 1.0).outcome == "elimination":
                return h
        raise RuntimeError("no help level eliminates the tumour at restraint 0.25×")  # pragma: no cover

    @staticmethod
    def task_settings(app: HelpRestraintSimulator) -> str | None:
        """``None`` when the levers are set as the recorded task asks (Treg restraint 0.25×, antigenicity 1×),
        otherwise what to change (for ``RecordAnswer(..., settings=...)``)."""
        lv = app.levels
        if lv["restraint"] != 0.25 or lv["antigenicity"] != 1.0:
            return "Treg restraint at 0.25× and antigenicity at 1×"
        return None

    @safe
    def _on_change(self, change) -> None:
        self._run = balance.run(**self.levels)
        with self.figure.batch_update():
            tf.show_balance(self.figure, self._run)
        self._describe()

    def _describe(self) -> None:
        self.outcome_view.value = tf.outcome_html(self._run)
        self.levers_view.value = tf.lever_sentences(self.levels)
        self.set_alt(tf.describe_balance(self._run))

    def _state(self) -> str:
        lv = self.levels
        return f"help={lv['help']:g}, restraint={lv['restraint']:g}, antigenicity={lv['antigenicity']:g}"
