"""The apps of lesson 06: three outcomes, the phase plane, escape mechanisms, and missing self.

Every model run an app can show is computed when the app is built (or once per start, cached), so that a
callback only restyles traces that already exist (DESIGN.md: callbacks are glue).
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from immunolib import content, theme
from immunolib.figures import html
from immunolib.figures import immunoediting as figure
from immunolib.models import depillis, kuznetsov, phase_plane
from immunolib.models.outcomes import classify_outcome
from immunolib.widgets.base import App, SelectionApp, check_choice, figure_widget, safe, silenced

__all__ = [
    "ImmunoeditingOutcomes",
    "PhasePlaneExplorer",
    "EscapeMechanisms",
    "MissingSelf",
    "GUESSES",
    "MISSING_SELF_SETTINGS",
]

_LAYOUT = dict(style={"description_width": "initial"})
#: The guesses a student clicks before a run on the phase plane: outcome -> button text.
GUESSES = {
    "elimination": "gone (elimination)",
    "equilibrium": "held in check (equilibrium)",
    "escape": "grows (escape)",
}


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------------------------------
# 1. Three outcomes (pre-training)
# --------------------------------------------------------------------------------------------------


class ImmunoeditingOutcomes(SelectionApp):
    """Three starts of the Kuznetsov model, three outcomes: choose a start to see its time course in bold.

    Parameters
    ----------
    start : str
        ``"A"``, ``"B"`` (the default: a tumour of a million cells and the normal effector level) or ``"C"``.

    Example
    -------
    >>> app = ImmunoeditingOutcomes()
    >>> app.outcomes
    {'A': 'elimination', 'B': 'equilibrium', 'C': 'escape'}
    >>> app.chooser.value = "C"
    >>> app
    ImmunoeditingOutcomes(start='C')
    """

    app_name = "ImmunoeditingOutcomes"
    #: a chooser among three fixed runs (pre-training: the student sets no model parameter); the phase plane
    #: below is the lesson's model app with the DSAIRM parts
    role = "explorer"
    clickable = False
    #: start key -> outcome key of :data:`immunolib.models.phase_plane.OUTCOME_STARTS`
    KEYS = {"A": "elimination", "B": "equilibrium", "C": "escape"}

    def __init__(self, start: str = "B"):
        check_choice("start", start, list(self.KEYS))
        p = kuznetsov.resolve_parameters(kuznetsov.MODEL_ID)
        resting = p["s"] / p["d"]
        self.starts, self.runs = {}, {}
        for key, outcome in self.KEYS.items():
            init = dict(phase_plane.OUTCOME_STARTS[outcome])
            init["E"] = resting if init["E"] is None else init["E"]
            self.starts[key] = f"{figure.cells(init['T'])} tumour cells, {figure.cells(init['E'])} effector cells"
            self.runs[key] = kuznetsov.simulate(initial=init, days=phase_plane.DAYS, points_per_day=2)
        #: start key -> the outcome the model shows for it
        self.outcomes = {k: classify_outcome(tr) for k, tr in self.runs.items()}
        self.labels = {k: k for k in self.KEYS}
        self.chooser = widgets.Dropdown(
            options=[(f"Start {k}: {self.starts[k]}", k) for k in self.KEYS],
            value=start,
            description="Start:",
            layout=widgets.Layout(width="auto", max_width="560px"),
            **_LAYOUT,
        )
        self.chooser.add_class("immunolib-control")
        self.figure = figure_widget(figure.outcome_figure(self.runs, start, self.labels))
        hint = widgets.HTML(
            "<p style='margin:2px 0'>Choose a start: its tumour curve is drawn bold, with its "
            "effector cells (dashed). The title names the outcome; ✕ marks a tumour that fell "
            "below one cell.</p>"
        )
        super().__init__(children=(hint, self.chooser, self.figure))
        self._connect()
        self._describe()

    def _show(self, start: str) -> None:
        with self.figure.batch_update():
            figure.update_outcome_figure(self.figure, self.runs, start, self.labels)
        self._describe()

    def _describe(self) -> None:
        self.set_alt(figure.describe_outcomes(self.runs, self.selected, self.labels, self.starts))

    def _state(self) -> str:
        return f"start={self.selected!r}"


# --------------------------------------------------------------------------------------------------
# 2. The phase plane
# --------------------------------------------------------------------------------------------------


class PhasePlaneExplorer(App):
    """Pick a starting tumour and effector level, guess where it ends, and watch the run on the phase plane.

    The start is chosen with the two sliders or by clicking the plane (the nearest offered start is taken).
    Choosing a guess (one row of three buttons) runs the model from that start; at most three runs stay on
    screen (the oldest goes), and **Clear runs**, shown once a run is on screen, removes them all.

    Parameters
    ----------
    tumour : float
        Starting tumour cells, one of :data:`immunolib.models.phase_plane.TUMOUR_STARTS` (default 1e6).
    effector : float, optional
        Starting effector cells, one of :data:`immunolib.models.phase_plane.EFFECTOR_STARTS`; default the
        offered value nearest to the tumour-free level s/d (about 0.32 million).

    Example
    -------
    >>> app = PhasePlaneExplorer()
    >>> app.clear_button.layout.display
    'none'
    >>> app.guesses.value = "escape"          # what clicking the guess does
    >>> app.runs[-1].fate, app.runs[-1].guess, app.guesses.value
    ('equilibrium', 'escape', None)
    >>> app.clear(); len(app.runs)
    0
    """

    app_name = "PhasePlaneExplorer"
    role = "model"

    def __init__(self, tumour: float = 1e6, effector: float | None = None):
        self.portrait = phase_plane.portrait()
        if effector is None:
            p = self.portrait.params
            effector = min(phase_plane.EFFECTOR_STARTS, key=lambda v: abs(v - p["s"] / p["d"]))
        if isinstance(tumour, bool) or tumour not in phase_plane.TUMOUR_STARTS:
            raise ValueError(
                f"tumour must be one of {', '.join(f'{v:g}' for v in phase_plane.TUMOUR_STARTS)}; got {tumour!r}"
            )
        if isinstance(effector, bool) or effector not in phase_plane.EFFECTOR_STARTS:
            raise ValueError(
                f"effector must be one of {', '.join(f'{v:g}' for v in phase_plane.EFFECTOR_STARTS)}; got {effector!r}"
            )
        self.runs: list[figure.PlaneRun] = []
        self.tumour = widgets.SelectionSlider(
            options=[(figure.cells(v), float(v)) for v in phase_plane.TUMOUR_STARTS],
            value=float(tumour),
            description="Starting tumour (cells):",
            continuous_update=False,
            layout=widgets.Layout(width="420px", margin="2px 16px 2px 0"),
            **_LAYOUT,
        )
        self.effector = widgets.SelectionSlider(
            options=[(figure.cells(v), float(v)) for v in phase_plane.EFFECTOR_STARTS],
            value=float(effector),
            description="Starting effector level (cells):",
            continuous_update=False,
            layout=widgets.Layout(width="420px"),
            **_LAYOUT,
        )
        # One control for the guess: choosing a guess runs the model from the chosen start (then the
        # choice is cleared, ready for the next start). Three visible controls at opening: two sliders and
        # the guess; "Clear runs" appears only once a run is on screen.
        self.guesses = widgets.ToggleButtons(
            options=[(text, outcome) for outcome, text in GUESSES.items()],
            value=None,
            description="My guess, then run:",
            tooltips=[f"I guess: {text}. Then run the model from this start." for text in GUESSES.values()],
            layout=widgets.Layout(width="auto"),
            style={"description_width": "initial", "button_width": "auto"},
        )
        self.guesses.observe(self._on_guess_choice, names="value")
        self.clear_button = widgets.Button(
            description="Clear runs",
            icon="eraser",
            tooltip="Remove every run from the plane",
            layout=widgets.Layout(display="none"),
        )
        self.clear_button.on_click(lambda _b: self._on_clear())
        for w in (self.tumour, self.effector, self.guesses, self.clear_button):
            w.add_class("immunolib-control")
        self.verdict = widgets.HTML("")
        self.figure = figure_widget(figure.phase_plane_figure(self.portrait, start=self.start))
        hint = widgets.HTML(
            "<p style='margin:2px 0'>Choose a start (sliders, or click the plane), then click your guess: the "
            "model runs 600 days from there. Filled dots: stable steady states; hollow: unstable.</p>"
        )
        sliders = widgets.HBox([self.tumour, self.effector], layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__(children=(hint, sliders, self.guesses, self.clear_button, self.figure, self.verdict))
        self.tumour.observe(self._on_start, names="value")
        self.effector.observe(self._on_start, names="value")
        for trace in self.figure.data:
            if trace.meta == "regions":
                trace.on_click(self._on_click)
        self._describe()

    @property
    def start(self) -> tuple[float, float]:
        """The chosen start: (tumour cells, effector cells)."""
        return self.tumour.value, self.effector.value

    @property
    def fate(self) -> str:
        """Where a run from the chosen start ends."""
        return self.portrait.fate(tumour=self.tumour.value, effector=self.effector.value)

    def guess(self, outcome: str) -> None:
        """Record a guess for the chosen start and run it (what clicking a guess button does)."""
        check_choice("guess", outcome, list(GUESSES))
        T, E = self.start
        t, Ts, Es = self.portrait.trajectory(tumour=T, effector=E)
        run = figure.PlaneRun(T, E, outcome, self.fate, t, Ts, Es, self.portrait.extinct_day(tumour=T, effector=E))
        self.runs = (self.runs + [run])[-figure.MAX_RUNS :]
        k = len(self.runs)
        match = "matches" if run.guess == run.fate else "differs"
        self.clear_button.layout.display = None
        self.verdict.value = (
            f"<p role='status' style='margin:4px 0'>Run {k}: you guessed "
            f"<strong>{escape(run.guess)}</strong> — the model shows <strong>{escape(run.fate)}"
            f"</strong> (your guess {match}).</p>"
        )
        self._redraw()

    def clear(self) -> None:
        """Remove every run."""
        self.runs = []
        self.verdict.value = ""
        self.clear_button.layout.display = "none"
        self._redraw()

    @safe
    def _on_guess(self, outcome: str) -> None:
        self.guess(outcome)

    def _on_guess_choice(self, change) -> None:
        if change["new"] is None:
            return
        try:
            self._on_guess(change["new"])
        finally:
            self.guesses.value = None  # ready for the next guess (the same guess may be chosen again)

    @safe
    def _on_clear(self) -> None:
        self.clear()

    @safe
    def _on_start(self, _change=None) -> None:
        self._redraw()

    @safe
    def _on_click(self, trace, points, state) -> None:
        if not points.xs:
            return
        T, E = self.portrait.nearest(log10_tumour=float(points.xs[0]), effector=float(points.ys[0]) * figure.E_SCALE)
        with silenced(self._on_start, self.tumour, self.effector):  # one redraw for both sliders
            self.tumour.value, self.effector.value = T, E
        self._redraw()

    def _redraw(self) -> None:
        with self.figure.batch_update():
            figure.update_phase_plane(self.figure, self.portrait, self.runs, self.start)
        self._describe()

    def _describe(self) -> None:
        self.set_alt(figure.describe_phase_plane(self.portrait, self.runs, self.start))

    def _state(self) -> str:
        return f"tumour={self.tumour.value:g}, effector={self.effector.value:g}, runs={len(self.runs)}"


# --------------------------------------------------------------------------------------------------
# 3. Escape mechanisms
# --------------------------------------------------------------------------------------------------


class EscapeMechanisms(SelectionApp):
    """One escape mechanism at a time, applied to a tumour held dormant; the paper's nullclines stay as ghosts.

    Each mechanism multiplies one term of the Kuznetsov model by a stated factor (``data/escape_mechanisms.yaml``);
    the sentence under the menu states the assumption.

    Parameters
    ----------
    mechanism : str
        An id of ``data/escape_mechanisms.yaml`` (default ``"none"``).

    Example
    -------
    >>> app = EscapeMechanisms()
    >>> app.chooser.value = "tregs_myeloid"
    >>> app.outcome
    'escape'
    """

    app_name = "EscapeMechanisms"
    role = "model"
    clickable = False

    def __init__(self, mechanism: str = "none"):
        self.records = {r.id: r for r in content.collection(phase_plane.MECHANISM_COLLECTION)}
        check_choice("mechanism", mechanism, list(self.records))
        dormant = next(e for e in kuznetsov.equilibria() if e.name == "dormant")
        self.start_state = {"E": dormant.state["E"], "T": dormant.state["T"]}
        self.params, self.runs = {}, {}
        for key in self.records:
            self.params[key] = phase_plane.mechanism_parameters(key)
            self.runs[key] = kuznetsov.simulate(
                self.params[key], initial=self.start_state, days=phase_plane.DAYS, points_per_day=2
            )
        #: mechanism id -> outcome of the run from the dormant state
        self.outcomes = {k: classify_outcome(tr) for k, tr in self.runs.items()}
        self.chooser = widgets.Dropdown(
            options=[(r.short_name, k) for k, r in self.records.items()],
            value=mechanism,
            description="Escape mechanism:",
            layout=widgets.Layout(width="auto", max_width="480px"),
            **_LAYOUT,
        )
        self.chooser.add_class("immunolib-control")
        self.mapping_text = widgets.HTML("")
        self.card = widgets.HTML("")
        self.figure = figure_widget(
            figure.escape_figure(
                self.runs["none"], self.runs[mechanism], self.params[mechanism], self.mapping(mechanism)
            )
        )
        super().__init__(children=(self.chooser, self.mapping_text, self.figure, self.card))
        self._connect()
        self._describe()

    @property
    def outcome(self) -> str:
        """Where the dormant tumour ends with the chosen mechanism."""
        return self.outcomes[self.selected]

    def mapping(self, key: str) -> str:
        """The sentence stating which model term the mechanism changes, by how much, and that it is assumed."""
        r = self.records[key]
        terms = [t for t in r.model_terms if t.model == kuznetsov.MODEL_ID]
        if not terms:
            return "No mechanism: every term at the paper's value (1×)"
        parts = [f"{t.term.split(':')[0]} {t.parameter} × {t.factor:g} the paper's value" for t in terms]
        return f"{r.short_name} → {'; '.join(parts)} (an assumption)"

    def _show(self, key: str) -> None:
        with self.figure.batch_update():
            figure.update_escape_figure(self.figure, self.runs[key], self.params[key], self.mapping(key))
        self._describe()

    def _describe(self) -> None:
        key = self.selected
        r = self.records[key]
        self.mapping_text.value = (
            f"<p style='margin:2px 0'><strong>{escape(self.mapping(key))}.</strong> "
            f"Outcome from the dormant state: <strong>{escape(self.outcome)}</strong>.</p>"
        )
        link = f" <em>{escape(r.therapy_link)}</em>" if r.get("therapy_link") else ""
        self.card.value = html.card(
            "",
            f"<p style='margin:0'>{escape(r.what_happens)}{link}</p><p style='margin:4px 0 0 0;color:#555'>"
            f"<strong>Caveat:</strong> {escape(r.caveat)}</p>",
            color=theme.OKABE_ITO["blue"],
            label="What the chosen mechanism does, and its caveat",
        )
        self.set_alt(figure.describe_escape(r, self.runs["none"], self.runs[key], self.params[key], self.outcome))

    def _state(self) -> str:
        return f"mechanism={self.selected!r}"


# --------------------------------------------------------------------------------------------------
# 4. Missing self (de Pillis 2005)
# --------------------------------------------------------------------------------------------------

#: The settings of the MissingSelf app: id -> (label, which model terms of MHC class I loss apply).
MISSING_SELF_SETTINGS = {
    "present": ("MHC class I present", ()),
    "lost": ("MHC class I lost; NK cells sense the missing self", ("d", "c")),
    "lost_no_nk_response": ("MHC class I lost; NK cells do not respond to it", ("d",)),
}


class MissingSelf(SelectionApp):
    """NK cells and CD8⁺ T cells against one tumour when it keeps or loses MHC class I (de Pillis 2005).

    MHC class I loss lowers the CD8⁺ kill rate and raises the NK kill rate (both by the factors stated in
    ``data/escape_mechanisms.yaml``); the third setting keeps the CD8⁺ loss without the NK response.
    The previous setting stays on the figure, faded.

    Parameters
    ----------
    setting : str
        ``"present"`` (default), ``"lost"`` or ``"lost_no_nk_response"``.
    tumour : float
        Starting tumour cells, in ``[10, 1e7]`` (default 1e4).
    days : float
        Length of the runs, in ``[10, 200]`` days (default 60).

    Example
    -------
    >>> app = MissingSelf()
    >>> app.nk_change("lost") > 1 > app.cd8_change("lost")
    True
    """

    app_name = "MissingSelf"
    role = "model"
    clickable = False
    REACH = 1e8

    def __init__(self, setting: str = "present", tumour: float = 1e4, days: float = 60.0):
        check_choice("setting", setting, list(MISSING_SELF_SETTINGS))
        from immunolib.models.core import check_parameter

        tumour = check_parameter("tumour", tumour, 10.0, 1e7)
        days = check_parameter("days", days, 10.0, 200.0)
        full = phase_plane.mechanism_parameters("mhc_class_i_loss", depillis.MODEL_ID)
        self.runs, self.kills = {}, {}
        for key, (_, terms) in MISSING_SELF_SETTINGS.items():
            over = {k: v for k, v in full.items() if k in terms}
            self.runs[key] = depillis.simulate(over, days=days, initial={"T": tumour}, points_per_day=4)
            self.kills[key] = depillis.kill_rates(self.runs[key])
        self.previous = None  # the setting shown before this one (drawn faded)
        self._shown = setting
        # Toggle buttons, not radio buttons: each is reached with Tab and chosen with Space, whereas JupyterLab
        # takes the arrow keys a radio group needs (the keyboard-only browser test found it).
        self.chooser = widgets.ToggleButtons(
            options=[(label, k) for k, (label, _) in MISSING_SELF_SETTINGS.items()],
            value=setting,
            description="The tumour:",
            style={"description_width": "initial", "button_width": "auto"},
            layout=widgets.Layout(width="auto", flex_flow="row wrap"),
        )
        self.chooser.add_class("immunolib-control")
        self.figure = figure_widget(
            figure.missing_self_figure(self.runs[setting], self.kills[setting], title=self._title(setting))
        )
        hint = widgets.HTML(
            "<p style='margin:2px 0'>Choose what the tumour does with its MHC class I. The "
            "setting you had before stays on the figure in grey.</p>"
        )
        super().__init__(children=(hint, self.chooser, self.figure))
        self._connect()
        self._describe()

    def reach_day(self, key: str) -> float | None:
        """The first day the tumour reaches 100 million cells in a setting (``None`` if it does not)."""
        tr = self.runs[key]
        above = tr["T"] >= self.REACH
        return float(tr.t[above.argmax()]) if above.any() else None

    def nk_change(self, key: str) -> float:
        """Tumour cells killed by NK cells in a setting, relative to MHC class I present."""
        return float(self.kills[key]["nk_total"][-1] / self.kills["present"]["nk_total"][-1])

    def cd8_change(self, key: str) -> float:
        """Tumour cells killed by CD8⁺ T cells in a setting, relative to MHC class I present."""
        return float(self.kills[key]["cd8_total"][-1] / self.kills["present"]["cd8_total"][-1])

    def _title(self, key: str) -> str:
        return MISSING_SELF_SETTINGS[key][0]

    def _show(self, key: str) -> None:
        self.previous, self._shown = self._shown, key
        old = self.previous
        with self.figure.batch_update():
            figure.update_missing_self(
                self.figure, self.runs[key], self.kills[key], self.runs.get(old), self.kills.get(old), self._title(key)
            )
        self._describe()

    def _describe(self) -> None:
        key = self.selected
        text = figure.describe_missing_self(self._title(key), self.runs[key], self.kills[key], self.reach_day(key))
        if self.previous is not None:
            text += f" Grey: the previous setting ({MISSING_SELF_SETTINGS[self.previous][0]})."
        self.set_alt(text)

    def _state(self) -> str:
        return f"setting={self.selected!r}"
