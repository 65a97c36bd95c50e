"""A model's compartment diagram as a small explorer: choose a part, see only the arrows in and out of it.

DSAIRM's "The model" part shows what a model tracks and how the parts act on each other. With many arrows
the diagram is hard to read at once; following one part at a time is how a student reads it anyway. It is
also a live figure (``figure_widget``), so it draws wherever the apps draw — JupyterLab, Notebook 7 and
Voilà's presentation mode, where a static plotly figure does not render (voila-dashboards/voila#1533).

Example
-------
>>> app = ModelDiagram("infection")
>>> app.part.value = "P"
>>> app.alt.value.count("→") >= 3
True
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets
import plotly.graph_objects as go

from immunolib.figures import compartments
from immunolib.widgets.base import SelectionApp, check_choice, figure_widget

__all__ = ["ModelDiagram", "DIAGRAMS"]

_ALL = ""


def _lab() -> go.Figure:
    from immunolib.figures.therapy_lab import lab_compartments

    return lab_compartments()


def _kuznetsov() -> go.Figure:
    from immunolib.figures.immunoediting import kuznetsov_compartments

    return kuznetsov_compartments()


def _kirschner() -> go.Figure:
    from immunolib.figures import tcells

    return tcells.kirschner_compartments()


#: The diagrams a lesson can show, by name -> the figure builder (every one built by compartment_diagram).
DIAGRAMS: dict[str, Callable[[], go.Figure]] = {
    "infection": compartments.infection_compartments,  # lesson 01
    "clonal": compartments.clonal_compartments,  # lesson 04
    "kirschner": _kirschner,  # lesson 05
    "kuznetsov": _kuznetsov,  # lesson 06
    "lab": _lab,  # lesson 07
}


def _plain(text: str) -> str:
    import re

    return re.sub(r"<[^>]+>", "", text or "").strip()


class ModelDiagram(SelectionApp):
    """What a model tracks (boxes) and how the parts act on each other (arrows); follow one part at a time.

    Parameters
    ----------
    model : str
        One of ``DIAGRAMS``: "infection", "clonal", "kirschner", "kuznetsov" or "lab".
    part : str, optional
        The key of the box to follow at the start ("" or None: every arrow).
    """

    app_name = "ModelDiagram"
    role = "explorer"
    clickable = False

    def __init__(self, model: str = "infection", part: str | None = None):
        check_choice("model", model, DIAGRAMS)
        self.model = model
        base = DIAGRAMS[model]()
        anns = list(base.layout.annotations)
        self._boxes = [(k, a) for k, a in enumerate(anns) if a.name == "box"]
        spots = [(a.x, a.y, _plain(a.text)) for _, a in self._boxes]

        def nearest(x, y) -> str:  # an arrow's end may be shifted off the box's centre (parallel arrows)
            return min(spots, key=lambda s: (s[0] - x) ** 2 + (s[1] - y) ** 2)[2]

        self._keys = {_plain(a.text): _plain(a.text).split(" ", 1)[0] for _, a in self._boxes}
        # Each arrow annotation is followed by its label annotation (compartment_diagram draws them in pairs).
        self._arrows = []
        for k, a in enumerate(anns):
            if a.name == "arrow":
                label = anns[k + 1] if k + 1 < len(anns) and anns[k + 1].name == "arrow-label" else None
                source, target = nearest(a.ax, a.ay), nearest(a.x, a.y)
                self._arrows.append(
                    (
                        k,
                        k + 1 if label is not None else None,
                        source,
                        target,
                        _plain(label.text) if label is not None else "",
                    )
                )
        self._style = {k: (a.arrowcolor, a.arrowwidth) for k, a in enumerate(anns) if a.name == "arrow"}
        options = [("— every arrow —", _ALL)] + [(name, self._keys[name]) for name in self._keys]
        part = part or _ALL
        check_choice("part", part, [v for _, v in options])
        self.chooser = self.part = widgets.Dropdown(
            options=options,
            value=part,
            description="Follow the arrows of:",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto", max_width="460px"),
        )
        self.part.add_class("immunolib-control")
        self.figure = figure_widget(base)
        super().__init__(children=(self.part, self.figure))
        self._connect()
        self._show(part)

    @property
    def names(self) -> dict[str, str]:
        """Box key -> its label (symbol and name)."""
        return {key: name for name, key in self._keys.items()}

    def _touches(self, key: str, source: str, target: str) -> bool:
        return key == _ALL or self._keys.get(source) == key or self._keys.get(target) == key

    def _show(self, key: str) -> None:
        anns = self.figure.layout.annotations
        with self.figure.batch_update():
            for arrow, label, source, target, _ in self._arrows:
                on = self._touches(key, source, target)
                color, width = self._style[arrow]
                anns[arrow].arrowcolor = color if on else "#CCCCCC"
                anns[arrow].arrowwidth = (width + 1 if key != _ALL else width) if on else 1
                if label is not None:
                    anns[label].visible = on
            for k, a in self._boxes:
                anns[k].borderwidth = 6 if key != _ALL and self._keys[_plain(a.text)] == key else 3
        self.set_alt(self.describe(key))

    def describe(self, key: str | None = None) -> str:
        """The text alternative: what the model tracks and the arrows shown, in words."""
        key = self.part.value if key is None else key
        shown = [(s, lbl, t) for _, _, s, t, lbl in self._arrows if self._touches(key, s, t)]
        links = "; ".join(f"{s} {lbl} → {t}" for s, lbl, t in shown)
        tracks = ", ".join(self._keys)
        if key == _ALL:
            return f"A diagram of the {self.model} model. It tracks: {tracks}. Every arrow: {links}."
        return (
            f"A diagram of the {self.model} model, following {self.names[key]}: "
            f"{len(shown)} arrow{'s' if len(shown) != 1 else ''} in or out — {links}."
        )

    def _state(self) -> str:
        return f"model={self.model!r}, part={self.part.value or None!r}"
