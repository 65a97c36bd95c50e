"""Predict, then run: a prediction the student locks in before an app's controls unlock.

Predict–observe–explain (Crouch et al. 2004; Miller et al. 2013) asks the student to commit to an answer
before the simulation shows it. ``Predict`` wraps any :class:`~immunolib.widgets.base.App`:

* above the app: the question, its choices and a **Lock in** button; the app's controls stay disabled
  until a prediction is locked in;
* under the app, once locked: "You predicted … — the model shows …", recomputed after every change of the
  app, with a one-line "explain the difference" box when the two disagree.

Conventions for the browser tests: the wrapper carries CSS class ``immunolib-predict``, its button
``immunolib-predict-lock`` and the result line ``immunolib-predict-result``.

``RecordAnswer`` is the "What to do" task a student answers with a number read from the app: the app checks
the number against the model before the worked solution opens.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html import escape

import ipywidgets as widgets

from immunolib.widgets.base import App

__all__ = ["Predict", "RecordAnswer"]


class Predict(widgets.VBox):
    """A prediction to lock in before the app below it can be used.

    Parameters
    ----------
    app : App
        The app the prediction is about (a simulation or a stepper).
    question : str
        What to predict, in one sentence a first-year student understands.
    choices : mapping of str to str
        Choice id -> the text shown. At least two.
    outcome : callable
        ``outcome(app)`` returns the id of the choice that the app currently shows (it is called after the
        prediction is locked in and after every change of the app). It returns one of ``choices``, or
        ``None`` while the app has not shown the answer yet (a stepper before the step that answers it).
    explain : str, optional
        The prompt shown when the prediction and the model disagree.

    Example
    -------
    >>> from immunolib.widgets import InfectionSimulator
    >>> app = InfectionSimulator(second_exposure=None)
    >>> p = Predict(app, "Is a dose of 10 thousand cleared?", {"yes": "Yes", "no": "No"},
    ...             outcome=lambda a: "yes")
    >>> app.dose.disabled
    True
    >>> p.choice.value = "no"; p.lock()
    >>> app.dose.disabled, p.matches
    (False, False)
    >>> p.result_text()
    'You predicted “No” — the model shows “Yes”.'
    """

    def __init__(
        self,
        app: App,
        question: str,
        choices: Mapping[str, str],
        outcome: Callable[[App], str],
        explain: str = "Explain the difference in one line:",
    ):
        if not isinstance(app, App):
            raise TypeError(f"app must be an immunolib App; got {type(app).__name__}")
        if not isinstance(question, str) or not question.strip():
            raise ValueError("question must be a non-empty sentence")
        if not isinstance(choices, Mapping) or len(choices) < 2:
            raise ValueError(f"choices must map at least two choice ids to their text; got {choices!r}")
        if not callable(outcome):
            raise TypeError("outcome must be a function of the app that returns a choice id")
        self.app = app
        self.choices = dict(choices)
        self._outcome = outcome
        self.locked = False
        self.pending = False
        self.shown: str | None = None

        self.question = widgets.HTML(f"<p style='margin:4px 0'><strong>Predict first:</strong> {escape(question)}</p>")
        self.choice = widgets.RadioButtons(
            options=[(text, key) for key, text in self.choices.items()],
            value=None,
            description="Your prediction:",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto"),
        )
        self.button = widgets.Button(
            description="Lock in",
            icon="lock",
            button_style="primary",
            tooltip="Lock in your prediction; the app's controls then unlock",
            disabled=True,
        )
        self.button.add_class("immunolib-predict-lock")
        self.hint = widgets.HTML(
            "<span style='color:#555'>The controls below unlock when you lock in a prediction.</span>"
        )
        self.result = widgets.HTML("")
        self.result.add_class("immunolib-predict-result")
        self.reason = widgets.Text(
            placeholder="because …",
            description=explain,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="100%", display="none"),
        )
        self.choice.observe(self._on_choice, names="value")
        self.button.on_click(lambda _: self.lock())
        self._saved: dict[int, bool] = {}
        self._set_controls_locked(True)
        app.on_change(self._refresh)
        super().__init__(
            children=(self.question, self.choice, widgets.HBox([self.button, self.hint]), app, self.result, self.reason)
        )
        self.add_class("immunolib-predict")

    # -- locking -------------------------------------------------------------------------------------
    def _controls(self):
        """Every widget inside the app that a student can operate (not the figure, text or status)."""
        stack = list(self.app.children)
        while stack:
            w = stack.pop()
            if isinstance(w, widgets.Box):
                stack.extend(w.children)
            elif w.has_trait("disabled") and isinstance(w, widgets.DOMWidget):
                yield w

    def _set_controls_locked(self, locked: bool) -> None:
        if locked:
            self._saved = {id(w): w.disabled for w in self._controls()}
            for w in self._controls():
                w.disabled = True
        else:
            for w in self._controls():
                w.disabled = self._saved.get(id(w), False)

    def _on_choice(self, change) -> None:
        self.button.disabled = change["new"] is None or self.locked

    def lock(self) -> None:
        """Lock in the chosen prediction and unlock the app."""
        if self.locked:
            return
        if self.choice.value is None:
            raise ValueError("choose a prediction before locking it in")
        self.locked = True
        self.choice.disabled = True
        self.button.disabled = True
        self.button.description = "Locked in"
        self.hint.value = ""
        self._set_controls_locked(False)
        self._refresh()

    # -- the comparison ------------------------------------------------------------------------------
    @property
    def predicted(self) -> str | None:
        """Id of the predicted choice (``None`` before one is chosen)."""
        return self.choice.value

    @property
    def matches(self) -> bool | None:
        """Whether the app now shows what was predicted (``None`` before locking in, or while the app has
        not shown the answer yet)."""
        return None if not self.locked or self.pending else self.shown == self.predicted

    def result_text(self) -> str:
        """The sentence under the app."""
        if not self.locked:
            return ""
        if self.pending:
            return f"You predicted “{self.choices[self.predicted]}” — keep going: the app has not shown it yet."
        said = self.choices.get(self.shown, "something this question did not offer")
        return f"You predicted “{self.choices[self.predicted]}” — the model shows “{said}”."

    def _refresh(self) -> None:
        if not self.locked:
            return
        self.pending = False
        try:
            shown = self._outcome(self.app)
            self.pending = shown is None
        except Exception:  # noqa: BLE001 - the app itself reports problems in its status line
            shown = None
        self.shown = shown if shown in self.choices else None
        if self.pending:
            verdict = ""
        else:
            verdict = (
                "Your prediction matches."
                if self.matches
                else "They differ: what did the model include that you did not?"
            )
        self.result.value = (
            f"<p role='status' style='margin:4px 0'>{escape(self.result_text())} <strong>{verdict}</strong></p>"
        )
        self.reason.layout.display = None if not (self.matches or self.pending) else "none"

    def __repr__(self) -> str:
        return f"Predict({self.app!r}, locked={self.locked})"

    def _repr_mimebundle_(self, **kwargs):  # stored text/plain: the app's state and text alternative (App)
        return {**super()._repr_mimebundle_(**kwargs), "text/plain": self.app._repr_text(shown_in=self)}


class RecordAnswer(widgets.VBox):
    """A task whose answer the student records; the app checks it against the model, then the solution opens.

    Parameters
    ----------
    app : App
        The app the answer is read from.
    question : str
        The task, with the exact settings to use.
    answer : callable
        ``answer(app)`` returns the model's value (a number) for the app's current settings. It is computed
        when the student checks, so the check is always against the model, never a stored number.
    unit : str
        The unit of the answer, shown in the box's label (e.g. ``"days"``).
    tolerance : float
        How far from the model's value an answer may be and still count (same unit), ≥ 0.
    solution : str
        The worked solution (plain text); it opens only after an answer has been checked.
    settings : callable, optional
        ``settings(app)`` returns ``None`` when the app is set as the task asks, or a sentence saying what
        to change; checked before the answer.

    Example
    -------
    >>> from immunolib.widgets import InfectionSimulator
    >>> app = InfectionSimulator()
    >>> task = RecordAnswer(app, "On which day does the pathogen peak?", lambda a: 3.0, "days", 0.5,
    ...                     "Read the top of the pathogen curve.")
    >>> task.solution.layout.display
    'none'
    >>> task.value.value = "3.2"; task.check().startswith("✔")
    True
    >>> task.solution.layout.display is None
    True
    """

    def __init__(
        self,
        app: App,
        question: str,
        answer: Callable[[App], float],
        unit: str,
        tolerance: float,
        solution: str,
        settings: Callable[[App], str | None] | None = None,
    ):
        if not isinstance(app, App):
            raise TypeError(f"app must be an immunolib App; got {type(app).__name__}")
        if not isinstance(question, str) or not question.strip():
            raise ValueError("question must be a non-empty sentence")
        if not callable(answer):
            raise TypeError("answer must be a function of the app that returns the model's number")
        if not isinstance(unit, str) or not unit.strip():
            raise ValueError("unit must name the unit of the answer, e.g. 'days'")
        if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or not tolerance >= 0:
            raise ValueError(f"tolerance must be a number ≥ 0; got {tolerance!r}")
        self.app, self._answer, self.unit, self.tolerance = app, answer, unit, float(tolerance)
        self._settings = settings
        self.checked = False
        self.prompt = widgets.HTML(
            f"<p style='margin:4px 0'><strong>Record your answer:</strong> {escape(question)}</p>"
        )
        self.value = widgets.Text(
            value="",
            placeholder="a number",
            description=f"Your answer ({unit}):",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="260px"),
        )
        self.button = widgets.Button(
            description="Check with the model", icon="check", tooltip="Compare your answer with the model's value"
        )
        self.button.add_class("immunolib-record-check")
        self.feedback = widgets.HTML("")
        self.feedback.add_class("immunolib-record-feedback")
        self.solution = widgets.HTML(
            f"<div style='border-left:4px solid #555;padding:4px 10px;margin:4px 0'>"
            f"<strong>Solution:</strong> {escape(solution)}</div>",
            layout=widgets.Layout(display="none"),
        )
        self.button.on_click(lambda _: self.check())
        super().__init__(children=(self.prompt, widgets.HBox([self.value, self.button]), self.feedback, self.solution))
        self.add_class("immunolib-record-answer")

    @property
    def recorded(self) -> float | None:
        """The number the student typed (``None`` if the box holds no number)."""
        try:
            return float(self.value.value.strip().replace(",", "."))
        except ValueError:
            return None

    def check(self) -> str:
        """Compare the recorded answer with the model; open the solution once an answer has been checked."""
        try:
            problem = self._settings(self.app) if self._settings else None
            if problem:
                msg = f"First set the app as the task asks: {problem}"
            elif not self.value.value.strip():
                msg = "Type a number first."
            elif self.recorded is None:
                msg = f"“{self.value.value.strip()}” is not a number: type digits only, e.g. 7 or 7.5."
            else:
                truth = float(self._answer(self.app))
                ok = abs(self.recorded - truth) <= self.tolerance
                shown = f"{truth:.3g} {self.unit}"
                msg = (
                    f"✔ Yes: the model gives {shown}."
                    if ok
                    else f"✘ The model gives {shown}; you recorded {self.recorded:g} {self.unit}. "
                    "Look at the figure again, then read the solution."
                )
                self.checked = True
                self.solution.layout.display = None
        except Exception as exc:  # noqa: BLE001 - never a traceback for a student
            msg = f"Could not check this answer: {exc}"
        self.feedback.value = f"<p role='status' style='margin:4px 0'>{escape(msg)}</p>"
        return msg

    def __repr__(self) -> str:
        return f"RecordAnswer({self.app!r}, checked={self.checked})"
