"""The apps of lesson 07: the cancer–immunity cycle, placing therapies on it, and the therapy lab.

* :class:`CancerImmunityCycle` — choose a step (menu or click): what happens there, how tumours break it,
  which therapies act there. Linked to a :class:`TherapyLab`, choosing a step preselects its therapy.
* :class:`TherapyPlacement` — an exercise: put each therapy on the step where it acts, and check it.
* :class:`TherapyLab` — one tumour model, up to four levers (therapy, dose × reference, start day, schedule),
  the untreated run as a ghost, one pinned regimen for comparison, the outcome and its rule on screen. It opens
  with three controls (therapy, dose, first dose); a task that needs the schedule or the comparison shows them
  with ``show=`` or ``controls=``. The recorded task is an :class:`~immunolib.widgets.RecordAnswer` about it.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from immunolib import content
from immunolib.figures import therapy_lab as figure
from immunolib.models import regimens
from immunolib.models.outcomes import classify_outcome
from immunolib.widgets.base import App, SelectionApp, check_choice, figure_widget, safe, silenced

__all__ = ["CancerImmunityCycle", "TherapyPlacement", "TherapyLab"]

_NONE = "none"


class CancerImmunityCycle(SelectionApp):
    """The seven steps of the cancer–immunity cycle; choose one to read what happens there.

    Parameters
    ----------
    selected : str
        Id of the step shown first (``data/cancer_immunity_cycle.yaml``).
    lab : TherapyLab, optional
        A lab whose therapy is preselected when a step is chosen (see :meth:`link`).

    Example
    -------
    >>> app = CancerImmunityCycle(selected="priming")
    >>> app.chooser.value = "killing"
    >>> app.selected, "PD-L1" in app.card.value
    ('killing', True)
    """

    app_name = "CancerImmunityCycle"
    role = "explorer"

    def __init__(self, selected: str = "antigen_release", lab: TherapyLab | None = None):
        self._steps = figure.cycle_steps()
        check_choice("selected", selected, [s.id for s in self._steps])
        if lab is not None and not isinstance(lab, TherapyLab):
            raise ValueError(f"lab must be a TherapyLab or None; got {type(lab).__name__}")
        self._lab = lab
        self.chooser = widgets.Dropdown(
            options=[(f"{s.number}. {s.name}", s.id) for s in self._steps],
            value=selected,
            description="Step:",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="440px"),
        )
        self.chooser.add_class("immunolib-control")
        self.figure = figure_widget(figure.cycle_diagram(selected))
        self.card = widgets.HTML()
        self.card.add_class("immunolib-card-view")
        hint = widgets.HTML(
            "<p style='margin:2px 0'>Choose a step in the menu or click its circle. The chosen "
            "step grows and gets a thick black ring.</p>"
        )
        super().__init__(children=(hint, self.chooser, self.figure, self.card))
        self._connect()
        self._show(selected, preselect=False)

    def link(self, lab: TherapyLab) -> None:
        """From now on, choosing a step preselects that step's therapy in ``lab``."""
        if not isinstance(lab, TherapyLab):
            raise ValueError(f"lab must be a TherapyLab; got {type(lab).__name__}")
        self._lab = lab
        self.card.value = figure.step_card(self.selected, lab.model)

    def _show(self, step_id: str, preselect: bool = True) -> None:
        with self.figure.batch_update():
            figure.select_step(self.figure, step_id)
        self.card.value = figure.step_card(step_id, self._lab.model if self._lab else None)
        self.set_alt(figure.describe_cycle(step_id))
        if preselect and self._lab is not None:
            self._lab.preselect_step(step_id)


class TherapyPlacement(App):
    """Put each therapy on the step of the cycle where it acts, then check it.

    Conventions of a quiz app (``immunolib-quiz``): toggle buttons for the answer, a **Check** button and
    feedback in ``.immunolib-feedback``.

    Example
    -------
    >>> app = TherapyPlacement()
    >>> app.therapy
    'cancer_vaccine'
    >>> app.answer.value = "priming"; app.check()
    True
    """

    app_name = "TherapyPlacement"
    role = "questions"  # an exercise: one answer per therapy, checked (like the sorter)
    #: The order in which therapies are asked.
    ORDER = ("cancer_vaccine", "anti_ctla4", "il2", "adoptive_t_cells", "car_t", "anti_pd1", "anti_pdl1")

    def __init__(self):
        self._steps = figure.cycle_steps()
        self._where = {t: tuple(s.id for s in self._steps if t in s.therapies) for t in self.ORDER}
        for t, where in self._where.items():
            if not where:
                raise ValueError(f"data/cancer_immunity_cycle.yaml places therapy {t!r} on no step")
        self.index = 0
        self.score = 0
        self.prompt = widgets.HTML()
        self.answer = widgets.ToggleButtons(
            options=[(s.short, s.id) for s in self._steps],
            value=None,
            description="Acts at:",
            style={"button_width": "118px"},
        )
        self.check_button = widgets.Button(description="Check", button_style="primary", icon="check")
        self.next_button = widgets.Button(description="Next therapy", icon="arrow-right", disabled=True)
        self.feedback = widgets.HTML()
        self.feedback.add_class("immunolib-feedback")
        self.check_button.on_click(lambda _: self.check())
        self.next_button.on_click(lambda _: self.next())
        super().__init__(
            children=(self.prompt, self.answer, widgets.HBox([self.check_button, self.next_button]), self.feedback)
        )
        self.add_class("immunolib-quiz")
        self._ask()

    @property
    def therapy(self) -> str:
        """Id of the therapy being placed."""
        return self.ORDER[self.index]

    def correct_steps(self, therapy_id: str) -> tuple[str, ...]:
        """The steps at which a therapy acts, according to ``data/cancer_immunity_cycle.yaml``."""
        check_choice("therapy_id", therapy_id, self.ORDER)
        return self._where[therapy_id]

    def _ask(self) -> None:
        t = content.therapy(self.therapy)
        self.prompt.value = (
            f"<p style='margin:2px 0'><strong>Therapy {self.index + 1} of {len(self.ORDER)}: "
            f"{escape(t.name)}.</strong> At which step of the cycle does it act (or, for cells "
            f"made in the laboratory, enter the cycle)?</p>"
        )
        self.answer.value = None
        self.feedback.value = ""
        self.next_button.disabled = True

    @safe
    def check(self) -> bool | None:
        """Check the chosen step; returns whether it was right (``None`` if nothing was chosen)."""
        if self.answer.value is None:
            self.feedback.value = "<p>Choose a step first.</p>"
            return None
        right = self._where[self.therapy]
        names = {s.id: f"{s.number} ({s.name.lower()})" for s in self._steps}
        ok = self.answer.value in right
        self.score += int(ok)
        where = ", ".join(names[s] for s in right)
        t = content.therapy(self.therapy)
        extra = ""
        if self.therapy in ("adoptive_t_cells", "car_t"):
            extra = " The cells are primed and multiplied in the laboratory, so steps 1–3 are skipped."
        verdict = "Right." if ok else f"Not quite: you chose step {names[self.answer.value]}."
        self.feedback.value = (
            f"<p role='status'><strong>{verdict}</strong> It acts at step {where}.{extra} {escape(t.mechanism)}</p>"
        )
        self.next_button.disabled = self.index + 1 >= len(self.ORDER)
        if self.index + 1 >= len(self.ORDER):
            self.feedback.value += f"<p><strong>Done: {self.score} of {len(self.ORDER)} right.</strong></p>"
        return ok

    @safe
    def next(self) -> None:
        """Move to the next therapy."""
        if self.index + 1 < len(self.ORDER):
            self.index += 1
            self._ask()

    def _state(self) -> str:
        return f"therapy={self.therapy!r}"


class TherapyLab(App):
    """A tumour model under one regimen, with the untreated run as a ghost; pin a regimen to compare two.

    Parameters
    ----------
    model : str
        ``"kuznetsov1994"`` (default), ``"kirschner1998"`` (the only model with IL-2) or ``"depillis2005"``.
    therapy : str, optional
        Therapy shown first (``None``: untreated, the baseline).
    dose : float
        Dose as a multiple of the reference, from 0 to the therapy's maximum (2× for a checkpoint blocker).
    start : int
        Day of the first dose, one of :data:`~immunolib.models.regimens.START_DAYS`.
    schedule : str
        A key of :data:`~immunolib.models.regimens.SCHEDULES`.
    show : iterable of str, optional
        Further controls to show, among ``"schedule"`` and ``"compare"`` (the *Keep as regimen A* button).
        The lab opens with three: therapy, dose and first dose.
    controls : iterable of str, optional
        Exactly which controls to show, among ``"therapy"``, ``"dose"``, ``"start"``, ``"schedule"`` and
        ``"compare"`` (overrides ``show``), e.g. ``controls=("therapy", "schedule", "compare")`` for a task
        that compares schedules at the reference dose. Hidden levers keep their values.

    Example
    -------
    >>> lab = TherapyLab()
    >>> lab.outcome, len(lab.visible_controls)
    ('equilibrium', 3)
    >>> lab.therapy.value = "adoptive_t_cells"
    >>> lab.outcome
    'elimination'
    """

    app_name = "TherapyLab"
    role = "model"
    #: Every control the lab can show, and the ones it opens with.
    CONTROLS = ("therapy", "dose", "start", "schedule", "compare")
    OPENING_CONTROLS = ("therapy", "dose", "start")
    #: The choices of a Predict about the tumour at the end of the year, compared with the untreated ghost
    #: (keys are the values of :attr:`change`): ``Predict(lab, question, TherapyLab.CHANGE_WORDS, outcome=...)``.
    CHANGE_WORDS = figure.CHANGE_WORDS

    def __init__(
        self,
        model: str = "kuznetsov1994",
        therapy: str | None = None,
        dose: float = 1.0,
        start: int = 0,
        schedule: str = "single",
        show=(),
        controls=None,
    ):
        check_choice("model", model, regimens.LAB_MODELS)
        self.model = model
        avail = regimens.lab_therapies(model)
        check_choice("therapy", _NONE if therapy is None else therapy, (_NONE,) + avail)
        check_choice("start", start, regimens.START_DAYS)
        check_choice("schedule", schedule, regimens.SCHEDULES)
        if isinstance(dose, bool) or not isinstance(dose, (int, float)):
            raise ValueError(f"dose must be a number; got {dose!r}")
        top = regimens.max_multiple(therapy, model) if therapy else 10.0
        if not 0 <= dose <= top:
            raise ValueError(f"dose must be in [0, {top:g}] (× reference) for {therapy or 'this lab'}; got {dose!r}")
        if isinstance(show, str) or isinstance(controls, str):
            raise ValueError("show and controls must be tuples of control names, e.g. show=('schedule',)")
        for name in tuple(show):
            check_choice("show", name, ("schedule", "compare"))
        controls = self.OPENING_CONTROLS + tuple(show) if controls is None else tuple(controls)
        for name in controls:
            check_choice("controls", name, self.CONTROLS)
        self._controls = controls
        self.pinned = None  # (Regimen, Trajectory, words) of regimen A

        label = {"description_width": "initial"}
        self.therapy = widgets.Dropdown(
            options=[("no therapy (untreated)", _NONE)] + [(figure.therapy_name(t), t) for t in avail],
            value=_NONE if therapy is None else therapy,
            description="Therapy:",
            style=label,
            layout=widgets.Layout(width="360px"),
        )
        self.dose = widgets.FloatSlider(
            value=float(dose),
            min=0.0,
            max=top,
            step=0.01,
            description="Dose (× reference):",
            readout_format=".2f",
            continuous_update=False,
            style=label,
            layout=widgets.Layout(width="420px"),
        )
        self.start = widgets.Dropdown(
            options=[(f"day {d}", d) for d in regimens.START_DAYS],
            value=start,
            description="First dose:",
            style=label,
            layout=widgets.Layout(width="200px"),
        )
        self.schedule = widgets.Dropdown(
            options=[(v[0], k) for k, v in regimens.SCHEDULES.items()],
            value=schedule,
            description="Schedule:",
            style=label,
            layout=widgets.Layout(width="380px"),
        )
        for c in (self.therapy, self.dose, self.start, self.schedule):
            c.add_class("immunolib-control")
        self.unit = widgets.HTML()
        toxicity = widgets.HTML(
            f"<p style='margin:0 0 4px 0;font-size:0.9em;color:#7a3b00'>⚠ {escape(figure.TOXICITY_NOTE)}</p>"
        )
        # one button: "Keep as regimen A" while nothing is kept, "Clear regimen A" after
        self.pin = widgets.Button(
            description="Keep as regimen A",
            icon="thumb-tack",
            tooltip="Keep this run on the figure (dotted) to compare it with the next one",
        )
        self.pin.on_click(lambda _: self.toggle_pinned())
        self.result = widgets.HTML()
        self.result.add_class("immunolib-outcome")
        rule = widgets.HTML(f"<p style='margin:2px 0;font-size:0.9em;color:#444'>{escape(figure.OUTCOME_RULE)}</p>")
        caption = widgets.HTML(figure.model_caption(model))

        self.trajectory = regimens.simulate_regimen(model, self.regimen)
        self.untreated = regimens.simulate_regimen(model, None)
        self.figure = figure_widget(figure.lab_timecourse(self.trajectory, self.untreated))
        row1 = widgets.HBox([self.therapy, self.start, self.schedule], layout=widgets.Layout(flex_flow="row wrap"))
        row2 = widgets.HBox([self.dose, self.unit], layout=widgets.Layout(flex_flow="row wrap", align_items="center"))
        children = [row1, row2, toxicity, self.figure, caption, self.result, rule, self.pin]
        super().__init__(children=tuple(children))
        named = {
            "therapy": self.therapy,
            "dose": self.dose,
            "start": self.start,
            "schedule": self.schedule,
            "compare": self.pin,
        }
        for name, w in named.items():
            if name not in self._controls:
                w.layout.display = "none"
                w.remove_class("immunolib-control")  # the browser tests move visible controls
        if "dose" not in self._controls:
            self.unit.layout.display = "none"
        for c in (self.therapy, self.dose, self.start, self.schedule):
            c.observe(self._on_change, names="value")
        self._sync_dose_range()
        self._describe()

    # -- state -------------------------------------------------------------------------------------------
    @property
    def regimen(self) -> regimens.Regimen | None:
        """The regimen the levers describe (``None``: untreated)."""
        if self.therapy.value == _NONE:
            return None
        return regimens.Regimen(
            self.therapy.value, round(self.dose.value, 2), float(self.start.value), self.schedule.value
        )

    @property
    def outcome(self) -> str:
        """Elimination, equilibrium or escape of the current run."""
        return classify_outcome(self.trajectory)

    @property
    def change(self) -> str:
        """How the current regimen changed the tumour compared with the ghost (a key of ``CHANGE_WORDS``)."""
        return figure.change_from_untreated(self.trajectory, self.untreated)

    def words(self, regimen: regimens.Regimen | None = None) -> str:
        """The regimen in words (the current one by default)."""
        r = self.regimen if regimen is None else regimen
        if r is None:
            return "no therapy"
        return (
            f"{figure.therapy_name(r.therapy)} at {r.dose:.2f}× reference, "
            f"{regimens.SCHEDULES[r.schedule][0]}, from day {r.start:g}"
        )

    # -- callbacks ---------------------------------------------------------------------------------------
    def _sync_dose_range(self) -> None:
        t = self.therapy.value
        if t == _NONE:
            self.unit.value = "<span style='color:#555'>choose a therapy to give a dose</span>"
            return
        top = regimens.max_multiple(t, self.model)
        with silenced(self._on_change, self.dose):
            if self.dose.value > top:
                self.dose.value = top
            self.dose.max = top
        parts = regimens._parts(t)
        self.unit.value = (
            "<span style='font-size:0.9em;color:#333'>"
            + escape(
                "; ".join(f"{figure.therapy_name(p)}: {regimens.dose_unit(p, self.model)}" for p in parts)
                if len(parts) > 1
                else regimens.dose_unit(t, self.model)
            )
            + "</span>"
        )

    @safe
    def _on_change(self, change=None) -> None:
        if change is not None and change["owner"] is self.therapy:
            self._sync_dose_range()
        self.trajectory = regimens.simulate_regimen(self.model, self.regimen)
        self._redraw()

    def _redraw(self) -> None:
        pinned = self.pinned[1] if self.pinned else None
        with self.figure.batch_update():
            figure.update_lab_timecourse(self.figure, self.trajectory, pinned)
        self._describe()

    def _describe(self) -> None:
        pinned_tr = self.pinned[1] if self.pinned else None
        pinned_words = self.pinned[2] if self.pinned else None
        self.result.value = (
            f"<p role='status' style='margin:4px 0'><strong>{escape(self.words())}:</strong> "
            f"{escape(figure.outcome_sentence(self.trajectory))}</p>"
        )
        self.set_alt(figure.describe_lab(self.trajectory, self.untreated, self.words(), pinned_tr, pinned_words))

    @property
    def visible_controls(self) -> tuple[str, ...]:
        """The names of the controls this lab shows."""
        return self._controls

    @safe
    def toggle_pinned(self) -> None:
        """The compare button: keep the current run as regimen A, or clear it if one is kept."""
        if self.pinned is None:
            self.pin_regimen()
        else:
            self.clear_pinned()

    @safe
    def pin_regimen(self) -> None:
        """Keep the current run as regimen A (dotted) to compare it with the next one."""
        self.pinned = (self.regimen, self.trajectory, self.words())
        self.pin.description, self.pin.icon = "Clear regimen A", "times"
        self._redraw()

    @safe
    def clear_pinned(self) -> None:
        """Remove regimen A from the figure."""
        self.pinned = None
        self.pin.description, self.pin.icon = "Keep as regimen A", "thumb-tack"
        self._redraw()

    def preselect_step(self, step_id: str) -> None:
        """Select the first therapy that acts at a step of the cycle (if this model has one and the lab is unlocked)."""
        step = content.record("cancer_immunity_cycle", step_id)
        if self.therapy.disabled:  # locked until a prediction is locked in (Predict): leave it alone
            return
        avail = regimens.lab_therapies(self.model)
        for t in step.therapies:
            if t in avail:
                self.therapy.value = t
                return

    def _state(self) -> str:
        return (
            f"model={self.model!r}, therapy={self.therapy.value!r}, dose={self.dose.value:.2f}, "
            f"start={self.start.value}, schedule={self.schedule.value!r}"
        )
