"""What every interactive app shares: a labelled layout, a text alternative, and callbacks that never
show a student a traceback.

Conventions (the browser tests rely on them, see ``tests/browser/README.md``):

* the app is a ``VBox`` with CSS class ``immunolib-app``;
* the control a test should move carries class ``immunolib-control``;
* the figure's text alternative is an ``HTML`` widget with class ``immunolib-alt``;
* problems are shown in words in an ``HTML`` widget with class ``immunolib-status``.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
from collections.abc import Callable, Iterator
from html import escape

import ipywidgets as widgets
import plotly.graph_objects as go
import traitlets

from immunolib.checks import check_choice, check_whole_number  # the shared argument checks, re-exported
from immunolib.figures.cards import text_alternative
from immunolib.widgets.controls import _alt_of, _label_of, _value_text, _walk

__all__ = [
    "App",
    "SelectionApp",
    "StepperApp",
    "safe",
    "silenced",
    "check_choice",
    "check_whole_number",
    "figure_widget",
]

log = logging.getLogger("immunolib.widgets")


def figure_widget(figure: go.Figure) -> go.FigureWidget:
    """The ONE place where an app turns a figure into the live widget it updates in place.

    Every app calls this instead of ``go.FigureWidget(...)``, so that how a figure reaches the browser
    (its transport) is decided here for every app at once. The widget is a
    :class:`~immunolib.widgets.transport.LiveFigure`: a ``go.FigureWidget`` (same API, ``on_click``,
    ``batch_update``) whose 5 MB front end is loaded once per page from the Jupyter server instead of being
    sent with every figure, and which fills the notebook's width (README, "How it is built").
    """
    from immunolib.widgets.transport import LiveFigure

    if os.environ.get("IMMUNOLIB_FIGURE_TRANSPORT") == "stock":  # benchmarks/: the design it replaced
        return go.FigureWidget(figure)
    return LiveFigure(figure)


@contextlib.contextmanager
def silenced(handler: Callable, *owners: traitlets.HasTraits, names: str = "value") -> Iterator[None]:
    """Run a block with ``handler`` no longer observing ``names`` of the ``owners``: the one way an app sets its
    own controls from code without their callbacks running (``unobserve``, then ``observe`` again).

    A handler that was not observing an owner is left unobserved (an app may fill its controls before it
    wires them).

    Example
    -------
    >>> seen = []
    >>> menu = widgets.Dropdown(options=["a", "b"])
    >>> menu.observe(seen.append, names="value")
    >>> with silenced(seen.append, menu):
    ...     menu.value = "b"
    >>> menu.value = "a"
    >>> [change["new"] for change in seen]
    ['a']
    """
    # traitlets has no public "is observing" query; its notifier table has kept this shape since traitlets 4.1
    removed = [
        owner for owner in owners if any(h == handler for h in owner._trait_notifiers.get(names, {}).get("change", ()))
    ]
    for owner in removed:
        owner.unobserve(handler, names=names)
    try:
        yield
    finally:
        for owner in removed:
            owner.observe(handler, names=names)


def safe(method: Callable) -> Callable:
    """Decorate an app callback so that an error becomes a plain-words message in the app, not a traceback.

    The exception is logged (for the instructor's terminal) and its message is shown in the app's status
    line. A ``ValueError`` from a model already names the parameter and its range, so it is shown as is.
    """

    @functools.wraps(method)
    def wrapper(self: App, *args, **kwargs):
        # Callbacks nest (a click sets a menu, whose observer runs too). Only the outermost call clears the
        # status line, so that a problem reported by an inner callback stays visible.
        outermost = self._safe_depth == 0
        if outermost:
            self._problem_shown = False
        self._safe_depth += 1
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:
            log.exception("callback %s failed", method.__name__)
            self.show_problem(str(exc) or type(exc).__name__)
            return None
        finally:
            self._safe_depth -= 1
            if outermost and not self._problem_shown:
                self.show_problem(None)
            if outermost:
                self._changed()

    return wrapper


class App(widgets.VBox):
    """Base class of the course's interactive apps: a VBox with a status line and a text alternative.

    Subclasses build their controls and ONE figure widget once, then update the figure in place.
    """

    #: Short name shown by ``repr`` (and therefore stored by nbval as the cell's text output).
    app_name = "App"
    #: What kind of app this is, for the learning-design rules (tests/test_learning_design.py):
    #: ``"explorer"`` (choose and look), ``"model"`` (runs a simulation: needs a Predict before it and the
    #: four DSAIRM parts around it), ``"stepper"`` (steps through a process: needs a Predict and hides
    #: future steps) or ``"questions"`` (a set of questions, one control each).
    role = "explorer"

    _safe_depth = 0
    _problem_shown = False

    def __init__(self, children=(), **kwargs):
        self.status = widgets.HTML(value="", layout=widgets.Layout(min_height="0px"))
        self.status.add_class("immunolib-status")
        self.alt = widgets.HTML(value="")
        self.alt.add_class("immunolib-alt")
        super().__init__(children=tuple(children) + (self.alt, self.status), **kwargs)
        self.add_class("immunolib-app")
        if self.role == "questions":  # a set of questions: the one-screen browser check leaves it out
            self.add_class("immunolib-questions")

    def on_change(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` after every change a student makes (after the outermost callback ends).

        Used by :class:`~immunolib.widgets.predict.Predict` to compare the prediction with the model.
        """
        self.__dict__.setdefault("_listeners", []).append(callback)

    def _changed(self) -> None:
        for callback in self.__dict__.get("_listeners", ()):
            try:
                callback()
            except Exception:
                log.exception("change listener %r failed", callback)

    def set_alt(self, text: str) -> None:
        """Set the figure's text alternative (what the figure shows, in one or two sentences)."""
        self.alt.value = text_alternative(text)

    def show_problem(self, message: str | None) -> None:
        """Show a problem in words (``None`` clears it)."""
        if message:
            self._problem_shown = True
        self.status.value = (
            ""
            if not message
            else (
                '<p role="alert" style="color:#a33;margin:4px 0"><strong>That did not work:</strong> '
                f"{escape(message)}</p>"
            )
        )

    def _state(self) -> str:
        """A short description of the current state, for ``repr``."""
        return ""

    def __repr__(self) -> str:
        # A short, deterministic repr: nbval compares it, and the default repr would dump every child
        # widget (with random plotly trace uids).
        return f"{self.app_name}({self._state()})"

    def _repr_text(self, shown_in=None) -> str:
        """What the notebook stores as the app's ``text/plain``: what a student sees, in words.

        Three parts, each deterministic: the short ``repr`` (of ``shown_in`` when the app is displayed
        inside another widget such as a ``Predict``), the value of every visible control, and the figure's
        text alternative (its numbers in words). Strict nbval compares this text, so a change that moves
        what the figure shows fails the notebook regression test.

        Example
        -------
        >>> from immunolib.widgets import InfectionSimulator
        >>> print(InfectionSimulator()._repr_text().splitlines()[1])
        Controls: Dose (organisms): 10 thousand · Second exposure: no second exposure · Vaccinated before: no
        """
        import textwrap

        controls = [
            f"{_label_of(w)}: " + ("not chosen" if w.value is None else _value_text(w, w.value) or "(empty)")
            for w in _walk(self)
            if w is not self
            and isinstance(w, widgets.ValueWidget)
            and w.has_trait("disabled")
            and w.layout.display != "none"
            and not isinstance(w, widgets.Play)
        ]
        alt = _alt_of(self)
        return "\n".join(
            [
                repr(self if shown_in is None else shown_in),
                *textwrap.wrap(
                    "Controls: " + (" · ".join(controls) or "none"), 110, subsequent_indent="  ", break_on_hyphens=False
                ),
                *textwrap.wrap(
                    "Figure description: " + (alt or "none"), 110, subsequent_indent="  ", break_on_hyphens=False
                ),
            ]
        )

    def _repr_mimebundle_(self, **kwargs):
        # Jupyter's display of a widget: the view (skipped by nbval: its model id is random) and a
        # ``text/plain`` that ipywidgets would cut at 110 characters. Ours carries the app's state and text
        # alternative in full (``_repr_text``), so that nbval sees inside the app.
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is not None:
            bundle["text/plain"] = self._repr_text()
        return bundle


class SelectionApp(App):
    """An app whose state is one chosen item: a labelled menu (``self.chooser``) plus markers to click.

    A subclass builds ``self.chooser`` (a ``Dropdown`` whose values are item ids) and ``self.figure``, calls
    ``super().__init__(children=...)``, then :meth:`_connect`, and implements :meth:`_show`. Choosing in the
    menu and clicking a marker both end in ``_show(selected)``; the menu is the single source of truth.
    """

    #: ``trace.meta`` of a clickable marker is this prefix plus the item's id (``""``: the meta is the id).
    click_prefix = ""
    #: Whether the figure has markers to click (``False``: the menu is the only way to choose).
    clickable = True

    def _connect(self) -> None:
        """Wire the menu and (if :attr:`clickable`) every clickable trace of the figure."""
        self.chooser.observe(self._on_choose, names="value")
        for trace in self.figure.data if self.clickable else ():
            if self._item_of(trace) is not None:
                trace.on_click(self._on_click)

    def _item_of(self, trace) -> str | None:
        meta = trace.meta
        if not isinstance(meta, str) or not meta.startswith(self.click_prefix):
            return None
        return meta[len(self.click_prefix) :] or None

    @property
    def selected(self):
        """Id of the chosen item."""
        return self.chooser.value

    @safe
    def _on_choose(self, change) -> None:
        self._show(self.selected)

    @safe
    def _on_click(self, trace, points, state) -> None:
        item = self._item_of(trace)
        if points.point_inds and item is not None:
            self.chooser.value = item  # runs _on_choose

    def _show(self, item) -> None:  # pragma: no cover - every subclass implements it
        raise NotImplementedError

    def _state(self) -> str:
        return f"selected={self.selected!r}"


class StepperApp(App):
    """An app that steps through a sequence (a response, a journey, a pathway) with Previous / Next, and
    optionally a step slider (and a Play button linked to it).

    The step shown is ONE traitlet, :attr:`step` (from 1): the buttons move it, a slider is bound to it with
    ``traitlets.link``, and :meth:`_show_step` draws it whenever it changes. A subclass builds
    :meth:`_step_buttons` (and, if it wants one, :meth:`_step_slider`) and its figure, calls
    ``super().__init__(children=...)`` and then :meth:`_connect_steps`; it implements :attr:`n_steps` and
    :meth:`_show_step`. Later steps stay hidden until reached (``role = "stepper"``).
    """

    role = "stepper"
    #: The step shown, from 1.
    step = traitlets.Int(1)

    @property
    def n_steps(self) -> int:  # pragma: no cover - every subclass implements it
        """How many steps the sequence shown has."""
        raise NotImplementedError

    def _step_buttons(
        self, next_label: str = "Next", next_tooltip: str = "Go on to the next step", next_width: str = "120px"
    ) -> tuple[widgets.Button, widgets.Button]:
        """Make ``self.prev_button`` and ``self.next_button`` (the control a browser test moves)."""
        self.prev_button = widgets.Button(
            description="Previous", icon="arrow-left", tooltip="Go back one step", layout=widgets.Layout(width="120px")
        )
        self.next_button = widgets.Button(
            description=next_label, icon="arrow-right", tooltip=next_tooltip, layout=widgets.Layout(width=next_width)
        )
        self.next_button.add_class("immunolib-control")
        return self.prev_button, self.next_button

    def _step_slider(self, step: int, n: int, **kwargs) -> widgets.IntSlider:
        """Make ``self.slider``, a step slider from 1 to ``n`` (bound to :attr:`step` by :meth:`_connect_steps`)."""
        kwargs.setdefault("layout", widgets.Layout(width="360px"))
        self.slider = widgets.IntSlider(value=step, min=1, max=n, step=1, description=f"Step (of {n}):", **kwargs)
        return self.slider

    def _connect_steps(self, step: int) -> None:
        """Wire the buttons (and slider), then show ``step``."""
        self.step = step
        if getattr(self, "slider", None) is not None:
            self._step_link = traitlets.link((self.slider, "value"), (self, "step"))
        self.prev_button.on_click(self._on_prev)
        self.next_button.on_click(self._on_next)
        self.observe(self._on_step, names="step")
        self._draw_step(step)

    def go_to(self, step: int) -> None:
        """Show ``step`` (from 1), what moving the slider does."""
        self.step = check_whole_number("step", step, 1, self.n_steps)

    def restart(self) -> None:
        """Show step 1 again (drawn even when step 1 is already shown: the sequence itself may have changed)."""
        with silenced(self._on_step, self, names="step"):
            self.step = 1
        self._draw_step(1)

    @safe
    def _on_prev(self, _button=None) -> None:
        self.step = max(1, self.step - 1)  # runs _on_step

    @safe
    def _on_next(self, _button=None) -> None:
        self.step = min(self.n_steps, self.step + 1)

    @safe
    def _on_step(self, change) -> None:
        self._draw_step(change["new"])

    def _draw_step(self, step: int) -> None:
        self._show_step(step)
        self.prev_button.disabled = step <= 1
        self.next_button.disabled = step >= self.n_steps

    def _show_step(self, step: int) -> None:  # pragma: no cover - every subclass implements it
        raise NotImplementedError
