"""Predict, then run: a prediction the student locks in before an app's controls unlock.

Predict–observe–explain (Crouch et al. 2004; Miller et al. 2013) asks the student to commit to an answer
before the simulation shows it. ``Predict`` wraps any :class:`~immunolib.widgets.base.App`:

* above the app: the question, its choices and a **Lock in** button; the app's controls stay disabled
  until a prediction is locked in;
* under the app, once locked: "You predicted … — the model shows …", recomputed after every change of the
  app, with a one-line "explain the difference" box when the two disagree.

Conventions for the browser tests: the wrapper carries CSS class ``immunolib-predict``, its button
``immunolib-predict-lock`` and the result line ``immunolib-predict-result``.
"""

from __future__ import annotations

from html import escape
from typing import Callable, Mapping

import ipywidgets as widgets

from immunolib.widgets.base import App

__all__ = ["Predict"]


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
        prediction is locked in and after every change of the app). It must return one of ``choices``.
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

    def __init__(self, app: App, question: str, choices: Mapping[str, str],
                 outcome: Callable[[App], str], explain: str = "Explain the difference in one line:"):
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
        self.shown: str | None = None

        self.question = widgets.HTML(f"<p style='margin:4px 0'><strong>Predict first:</strong> "
                                     f"{escape(question)}</p>")
        self.choice = widgets.RadioButtons(
            options=[(text, key) for key, text in self.choices.items()], value=None,
            description="Your prediction:", style={"description_width": "initial"},
            layout=widgets.Layout(width="auto"))
        self.button = widgets.Button(description="Lock in", icon="lock", button_style="primary",
                                     tooltip="Lock in your prediction; the app's controls then unlock",
                                     disabled=True)
        self.button.add_class("immunolib-predict-lock")
        self.hint = widgets.HTML("<span style='color:#555'>The controls below unlock when you lock in "
                                 "a prediction.</span>")
        self.result = widgets.HTML("")
        self.result.add_class("immunolib-predict-result")
        self.reason = widgets.Text(placeholder="because …", description=explain,
                                   style={"description_width": "initial"},
                                   layout=widgets.Layout(width="100%", display="none"))
        self.choice.observe(self._on_choice, names="value")
        self.button.on_click(lambda _: self.lock())
        self._saved: dict[int, bool] = {}
        self._set_controls_locked(True)
        app.on_change(self._refresh)
        super().__init__(children=(self.question, self.choice, widgets.HBox([self.button, self.hint]),
                                   app, self.result, self.reason))
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
        """Whether the app now shows what was predicted (``None`` before locking in)."""
        return None if not self.locked else self.shown == self.predicted

    def result_text(self) -> str:
        """The sentence under the app."""
        if not self.locked:
            return ""
        said = self.choices.get(self.shown, "something this question did not offer")
        return f"You predicted “{self.choices[self.predicted]}” — the model shows “{said}”."

    def _refresh(self) -> None:
        if not self.locked:
            return
        try:
            shown = self._outcome(self.app)
        except Exception:  # noqa: BLE001 - the app itself reports problems in its status line
            shown = None
        self.shown = shown if shown in self.choices else None
        verdict = ("Your prediction matches." if self.matches
                   else "They differ: what did the model include that you did not?")
        self.result.value = (f"<p role='status' style='margin:4px 0'>{escape(self.result_text())} "
                             f"<strong>{verdict}</strong></p>")
        self.reason.layout.display = None if not self.matches else "none"

    def __repr__(self) -> str:
        return f"Predict({self.app!r}, locked={self.locked})"
