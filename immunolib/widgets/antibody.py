"""The apps of lesson 04: the parts of an antibody, clonal selection and expansion, and antibodies against cancer."""

from __future__ import annotations

import functools
from html import escape

import ipywidgets as widgets

from immunolib import content
from immunolib.figures import antibody as ab
from immunolib.figures import clonal as cf
from immunolib.figures import html, words
from immunolib.models import clonal as clonal_model
from immunolib.models.measurements import ClonalSummary
from immunolib.widgets.base import App, check_choice, check_whole_number, figure_widget, safe, silenced

__all__ = ["AntibodyDiagram", "ClonalSelectionExplorer", "AntibodyMechanisms"]

_WIDE = {"description_width": "initial"}


class AntibodyDiagram(App):
    """Choose a part of the antibody to highlight, and an antibody class to draw.

    Parameters
    ----------
    part : str, optional
        Id of the part to highlight first (``data/antibody_parts.yaml``), default the antigen-binding sites.
    isotype : str, optional
        Id of the class to draw first (``data/isotypes.yaml``), default ``"igg"``.

    Example
    -------
    >>> from immunolib.widgets.antibody import AntibodyDiagram
    >>> AntibodyDiagram(part="hinge").part
    'hinge'
    """

    app_name = "AntibodyDiagram"

    def __init__(self, part: str = "antigen_binding_sites", isotype: str = "igg"):
        self._data = content.load()
        parts = self._data.collection("antibody_parts")
        isotypes = self._data.collection("isotypes")
        check_choice("part", part, (p.id for p in parts))
        check_choice("isotype", isotype, (i.id for i in isotypes))
        self.part_menu = widgets.Dropdown(
            options=[(p.short_name, p.id) for p in parts],
            value=part,
            description="Highlight:",
            style=_WIDE,
            layout=widgets.Layout(width="340px"),
        )
        self.part_menu.add_class("immunolib-control")
        self.isotype_buttons = widgets.ToggleButtons(
            options=[(i.name, i.id) for i in isotypes],
            value=isotype,
            description="Antibody class:",
            style=_WIDE,
            tooltips=[f"{i.name}: {i.drawn_as}" for i in isotypes],
        )
        self.isotype_buttons.add_class("immunolib-control")
        self.figure = figure_widget(ab.antibody_diagram(isotype, part))
        self.card = widgets.HTML()
        self.card.add_class("immunolib-card-view")
        hint = widgets.HTML(
            "<p style='margin:2px 0'>Choose a part to highlight, then try the other antibody "
            "classes. The highlighted part gets a thick black outline and a boxed label; the rest "
            "fades.</p>"
        )
        super().__init__(
            children=(
                hint,
                widgets.HBox([self.part_menu, self.isotype_buttons], layout=widgets.Layout(flex_flow="row wrap")),
                self.figure,
                self.card,
            )
        )
        self.part_menu.observe(self._on_change, names="value")
        self.isotype_buttons.observe(self._on_change, names="value")
        self._show()

    @property
    def part(self) -> str:
        """Id of the highlighted part."""
        return self.part_menu.value

    @property
    def isotype(self) -> str:
        """Id of the antibody class drawn."""
        return self.isotype_buttons.value

    @safe
    def _on_change(self, change) -> None:
        self._show()

    def _show(self) -> None:
        with self.figure.batch_update():
            ab.show_antibody(self.figure, self.isotype, self.part)
        self.card.value = ab.part_card(
            self._data.record("antibody_parts", self.part), self._data.record("isotypes", self.isotype)
        )
        self.set_alt(ab.describe_antibody(self.isotype, self.part))

    def _state(self) -> str:
        return f"part={self.part!r}, isotype={self.isotype!r}"


@functools.lru_cache(maxsize=8)  # a run keeps 2-3 MB of arrays: a few settings, not every one
def _clonal_run(
    antigen: tuple[float, float],
    theta: float,
    n_clones: int,
    seed: int,
    days: float,
    second_exposure: float | None,
    maturation: bool,
):
    """One model run per setting of the controls: the model is deterministic (seeded), so a setting seen
    before (a checkbox ticked back, a slider moved back) is shown without solving again (issue 8)."""
    return clonal_model.clonal_expansion(
        antigen,
        {"theta": theta},
        n_clones=n_clones,
        seed=seed,
        days=days,
        second_exposure=second_exposure,
        maturation=maturation,
    )


class ClonalSelectionExplorer(App):
    """Clonal selection and expansion of a seeded B-cell repertoire, from ``immunolib.models.clonal``.

    Move the antigen in shape space, change the random seed (a different repertoire), the affinity threshold, add a
    second exposure on day 30 or switch on affinity maturation; the figure and its description update.

    Parameters
    ----------
    antigen : pair of float, optional
        The antigen's shape, a point in the unit square.
    seed : int, optional
        Seed of the repertoire (0 to 99).
    threshold : float, optional
        Affinity a clone needs to be selected (0.3 to 0.9).
    second_exposure : bool, optional
        Whether the antigen comes back on day 30.
    maturation : bool, optional
        Whether to simulate affinity maturation.
    n_clones : int, optional
        Clones in the repertoire (50 to 2000).
    show : iterable of str, optional
        Further controls to show, among ``"seed"``, ``"threshold"`` and ``"maturation"``. The app opens with
        three (the antigen's shape and the second exposure); a task adds the others when it needs them.
    controls : iterable of str, optional
        Exactly which controls to show, among ``"antigen"`` (two sliders), ``"seed"``, ``"threshold"``,
        ``"second"`` and ``"maturation"`` (overrides ``show``); for a task that needs other controls than
        the antigen, e.g. ``controls=("seed", "second", "maturation")``.

    Example
    -------
    >>> from immunolib.widgets.antibody import ClonalSelectionExplorer
    >>> app = ClonalSelectionExplorer(seed=1)
    >>> app.summary["n_selected"] > 0
    True
    """

    app_name = "ClonalSelectionExplorer"
    role = "model"
    DAYS = 60.0
    SECOND_DAY = 30.0
    #: Controls hidden until a task asks for them (model progression: the app opens with three).
    OPTIONAL_CONTROLS = ("seed", "threshold", "maturation")

    def __init__(
        self,
        antigen=(0.5, 0.5),
        seed: int = 0,
        threshold: float = 0.5,
        second_exposure: bool = False,
        maturation: bool = False,
        n_clones: int = 400,
        show=(),
        controls=None,
    ):
        ax, ay = self._check(antigen, seed, threshold, second_exposure, maturation, n_clones)
        show = tuple(show)
        for name in show:
            check_choice("show", name, self.OPTIONAL_CONTROLS)
        if controls is None:
            controls = ("antigen", "second") + show
        controls = tuple(controls)
        for name in controls:
            check_choice("controls", name, ("antigen",) + self.OPTIONAL_CONTROLS + ("second",))
        self._controls = controls
        self._shown = tuple(n for n in self.OPTIONAL_CONTROLS if n in controls)
        self._n_clones = n_clones
        self.antigen_x = widgets.FloatSlider(
            value=ax,
            min=0.0,
            max=1.0,
            step=0.05,
            description="Antigen shape 1 (0–1 scale):",
            style=_WIDE,
            continuous_update=False,
            readout_format=".2f",
        )
        self.antigen_x.add_class("immunolib-control")
        self.antigen_y = widgets.FloatSlider(
            value=ay,
            min=0.0,
            max=1.0,
            step=0.05,
            description="Antigen shape 2 (0–1 scale):",
            style=_WIDE,
            continuous_update=False,
            readout_format=".2f",
        )
        self.seed = widgets.IntSlider(
            value=seed,
            min=0,
            max=99,
            step=1,
            description="Repertoire (seed no.):",
            style=_WIDE,
            continuous_update=False,
        )
        self.threshold = widgets.FloatSlider(
            value=threshold,
            min=0.3,
            max=0.9,
            step=0.05,
            description="Affinity threshold (0–1 scale):",
            style=_WIDE,
            continuous_update=False,
            readout_format=".2f",
        )
        self.second = widgets.Checkbox(value=second_exposure, description="Second exposure on day 30", indent=False)
        self.maturation = widgets.Checkbox(value=maturation, description="Affinity maturation", indent=False)
        self.second.add_class("immunolib-control")
        self._result = self._run()
        self.figure = figure_widget(cf.clonal_figure(self._result, self.antigen))
        self.numbers = widgets.HTML()
        self.numbers.add_class("immunolib-numbers")
        hint = widgets.HTML(
            "<p style='margin:2px 0'>Each dot on the left is one B-cell clone, placed by the "
            "'shape' of its receptor; the star is the antigen. Move the antigen and add a second "
            "exposure. Drag a box on the left panel to zoom in; double-click to zoom out.</p>"
        )
        for name in self.OPTIONAL_CONTROLS + ("second",):
            if name not in self._controls:
                getattr(self, name).layout.display = "none"
        if "antigen" not in self._controls:
            self.antigen_x.layout.display = self.antigen_y.layout.display = "none"
            self.antigen_x.remove_class("immunolib-control")  # the browser tests move visible controls
        box = widgets.Layout(flex_flow="row wrap", align_items="center")
        super().__init__(
            children=(
                hint,
                widgets.HBox([self.antigen_x, self.antigen_y], layout=box),
                widgets.HBox([self.seed, self.threshold], layout=box),
                widgets.HBox([self.second, self.maturation], layout=box),
                self.figure,
                self.numbers,
            )
        )
        for w in (self.antigen_x, self.antigen_y, self.seed, self.threshold, self.second, self.maturation):
            w.observe(self._on_change, names="value")
        self._show()

    @staticmethod
    def _check(antigen, seed, threshold, second_exposure, maturation, n_clones):
        try:
            ax, ay = (float(v) for v in antigen)
        except (TypeError, ValueError):
            raise ValueError(f"antigen must be a pair of numbers (x, y) in [0, 1]; got {antigen!r}") from None
        if not (0 <= ax <= 1 and 0 <= ay <= 1):
            raise ValueError(f"antigen must be a pair of numbers (x, y) in [0, 1]; got {antigen!r}")
        check_whole_number("seed", seed, 0, 99)
        if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0.3 <= threshold <= 0.9:
            raise ValueError(f"threshold must be a number from 0.3 to 0.9; got {threshold!r}")
        for name, v in (("second_exposure", second_exposure), ("maturation", maturation)):
            if not isinstance(v, bool):
                raise ValueError(f"{name} must be True or False; got {v!r}")
        check_whole_number("n_clones", n_clones, 50, 2000)
        return ax, ay

    @property
    def antigen(self) -> tuple[float, float]:
        """The antigen's shape."""
        return (round(self.antigen_x.value, 2), round(self.antigen_y.value, 2))

    @property
    def result(self):
        """The model result shown (a :class:`~immunolib.models.clonal.ClonalResult`)."""
        return self._result

    @property
    def summary(self) -> ClonalSummary:
        """The numbers behind the figure (a :class:`~immunolib.models.measurements.ClonalSummary`)."""
        return cf.clonal_summary(self._result, self.antigen)

    def _run(self):
        return _clonal_run(
            self.antigen,
            round(self.threshold.value, 2),
            self._n_clones,
            self.seed.value,
            self.DAYS,
            self.SECOND_DAY if self.second.value else None,
            self.maturation.value,
        )

    @safe
    def _on_change(self, change) -> None:
        self._result = self._run()
        self._show()

    def _show(self) -> None:
        with self.figure.batch_update():
            cf.show_clonal(self.figure, self._result, self.antigen)
        s = self.summary
        count = words.all_digits
        rows = [
            ("Clones in the repertoire", f"{s.n_clones}"),
            ("Clones selected (affinity ≥ threshold)", f"{s.n_selected}"),
            ("Their naive cells at the start", count(s.naive_selected)),
            ("Peak of effector cells (first response)", f"{count(s.peak)} on day {s.peak_day:g}"),
            ("Fold expansion", f"about {words.sig2(s.fold)}-fold" if s.n_selected else "—"),
            (f"Memory cells on day {s.days:g}", count(s.memory_end)),
        ]
        if s.peak2 is not None:
            rows.append(
                (
                    "Second response: peak",
                    f"{count(s.peak2)}, {s.delay2:g} days after exposure (first response: {s.delay1:g} days)",
                )
            )
        if s.n_mutants:
            rows.append(
                (
                    "Mutant clones (affinity maturation)",
                    f"{s.n_mutants}; best affinity {s.best_affinity_start:.2f} → {s.best_affinity_end:.2f}",
                )
            )
        self.numbers.value = html.data_table(
            "",
            [html.row(a, escape(b)) for a, b in rows],
            caption="<strong>The numbers</strong> (an illustrative model, not measurements)",
            style="margin:4px 0",
        )
        self.set_alt(cf.describe_clonal(self._result, self.antigen, seed=self.seed.value))

    def _state(self) -> str:
        return (
            f"antigen={self.antigen}, seed={self.seed.value}, threshold={round(self.threshold.value, 2)}, "
            f"second_exposure={self.second.value}, maturation={self.maturation.value}"
        )


class AntibodyMechanisms(App):
    """Choose how an antibody medicine acts (and an example medicine): the diagram and the steps update.

    Parameters
    ----------
    mechanism : str, optional
        Id in ``data/antibody_mechanisms.yaml`` (default ``"block_signalling"``).
    drug : str, optional
        Id in ``data/antibody_drugs.yaml`` of a medicine that uses the mechanism (default: the first one).

    Example
    -------
    >>> from immunolib.widgets.antibody import AntibodyMechanisms
    >>> AntibodyMechanisms(mechanism="adcc").drug
    'rituximab'
    """

    app_name = "AntibodyMechanisms"

    def __init__(self, mechanism: str = "block_signalling", drug: str | None = None):
        self._data = content.load()
        mechanisms = self._data.collection("antibody_mechanisms")
        check_choice("mechanism", mechanism, (m.id for m in mechanisms))
        drug_ids = [d.id for d in ab.drugs_for(mechanism)]
        if drug is None:
            drug = drug_ids[0]
        if drug not in drug_ids:
            raise ValueError(f"drug must be one of {', '.join(drug_ids)} for {mechanism!r}; got {drug!r}")
        self.mechanism_menu = widgets.Dropdown(
            options=[(m.short_name, m.id) for m in mechanisms],
            value=mechanism,
            description="How it works:",
            style=_WIDE,
            layout=widgets.Layout(width="420px"),
        )
        self.mechanism_menu.add_class("immunolib-control")
        self.drug_menu = widgets.Dropdown(
            options=self._drug_options(mechanism),
            value=drug,
            description="Example medicine:",
            style=_WIDE,
            layout=widgets.Layout(width="420px"),
        )
        self.figure = figure_widget(ab.mechanism_diagram(mechanism, drug))
        self.card = widgets.HTML()
        self.card.add_class("immunolib-card-view")
        hint = widgets.HTML(
            "<p style='margin:2px 0'>Choose how the medicine works, then an example medicine. "
            "The numbered boxes in the diagram match the numbered steps below it.</p>"
        )
        super().__init__(
            children=(
                hint,
                widgets.HBox([self.mechanism_menu, self.drug_menu], layout=widgets.Layout(flex_flow="row wrap")),
                self.figure,
                self.card,
            )
        )
        self.mechanism_menu.observe(self._on_mechanism, names="value")
        self.drug_menu.observe(self._on_drug, names="value")
        self._show()

    @staticmethod
    def _drug_options(mechanism: str):
        return [(f"{d.name} ({d.target})", d.id) for d in ab.drugs_for(mechanism)]

    @property
    def mechanism(self) -> str:
        """Id of the mechanism shown."""
        return self.mechanism_menu.value

    @property
    def drug(self) -> str:
        """Id of the example medicine shown."""
        return self.drug_menu.value

    @safe
    def _on_mechanism(self, change) -> None:
        with silenced(self._on_drug, self.drug_menu):
            options = self._drug_options(change["new"])
            self.drug_menu.options = options
            self.drug_menu.value = options[0][1]
        self._show()

    @safe
    def _on_drug(self, change) -> None:
        if change["new"] is not None:
            self._show()

    def _show(self) -> None:
        with self.figure.batch_update():
            ab.show_mechanism(self.figure, self.mechanism, self.drug)
        self.card.value = ab.mechanism_card(self.mechanism, self.drug)
        self.set_alt(ab.describe_mechanism(self.mechanism, self.drug))

    def _state(self) -> str:
        return f"mechanism={self.mechanism!r}, drug={self.drug!r}"
