"""ModelDiagram: every compartment diagram of the course, followed one part at a time."""

from __future__ import annotations

import pytest

from immunolib.widgets import ModelDiagram
from immunolib.widgets.compartments import DIAGRAMS

try:  # lesson 05's diagram arrives with its figures module
    from immunolib.figures import tcells as _tcells

    HAVE_KIRSCHNER = hasattr(_tcells, "kirschner_compartments")
except ImportError:  # pragma: no cover
    HAVE_KIRSCHNER = False


def _models():
    return [m for m in DIAGRAMS if m != "kirschner" or HAVE_KIRSCHNER]


@pytest.mark.parametrize("model", _models())
def test_every_part_changes_the_figure_and_its_description(model):
    app = ModelDiagram(model)
    assert "Every arrow" in app.alt.value
    seen = {app.alt.value}
    for key in app.names:
        before = [(a.arrowcolor, a.visible) for a in app.figure.layout.annotations]
        app.part.value = key
        after = [(a.arrowcolor, a.visible) for a in app.figure.layout.annotations]
        assert after != before or key == list(app.names)[0], key
        assert app.names[key] in app.alt.value and "→" in app.alt.value
        seen.add(app.alt.value)
    assert len(seen) == len(app.names) + 1
    assert app.status.value == ""


def test_every_arrow_is_found_between_two_boxes():
    for model in _models():
        app = ModelDiagram(model)
        assert app._arrows and all(s != "?" and t != "?" for _, _, s, t, _ in app._arrows), model


def test_hidden_labels_are_the_ones_off_the_followed_part():
    app = ModelDiagram("infection", part="M")
    shown = [a for a in app.figure.layout.annotations if a.name == "arrow-label" and a.visible is not False]
    assert shown and len(shown) < sum(a.name == "arrow-label" for a in app.figure.layout.annotations)
