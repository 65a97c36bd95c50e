"""What the apps share (immunolib/widgets/base.py): the one stepper, the one way to silence an observer, the one
check of a whole number, and SelectionApp without clickable markers."""

import ipywidgets as widgets
import pytest

from immunolib.widgets import (
    EscapeMechanisms,
    ModelDiagram,
    PresentationPathway,
    ResponseStepper,
    StepperApp,
    TCellJourney,
    check_whole_number,
    silenced,
)

STEPPERS = [ResponseStepper, TCellJourney, PresentationPathway]


# ------------------------------------------------------------------------------------------ check_whole_number


@pytest.mark.parametrize("value", [0, 10, 2.0, True, "3", None])
def test_check_whole_number_names_the_argument_and_its_range(value):
    with pytest.raises(ValueError, match=r"^step must be a whole number from 1 to 9; got "):
        check_whole_number("step", value, 1, 9)


def test_check_whole_number_returns_a_good_value():
    assert check_whole_number("seed", 0, 0, 99) == 0 and check_whole_number("seed", 99, 0, 99) == 99


# ------------------------------------------------------------------------------------------------------ silenced


def test_silenced_stops_a_handler_and_restores_it_even_after_an_error():
    seen = []
    a, b = widgets.IntSlider(value=0), widgets.IntSlider(value=0)
    for w in (a, b):
        w.observe(seen.append, names="value")
    with pytest.raises(RuntimeError), silenced(seen.append, a, b):
        a.value, b.value = 1, 1
        raise RuntimeError("boom")
    assert seen == []
    a.value = 2
    b.value = 2
    assert [c["new"] for c in seen] == [2, 2]


def test_silenced_does_not_wire_a_handler_that_was_not_observing():
    seen = []
    w = widgets.IntSlider(value=0)
    with silenced(seen.append, w):
        w.value = 1
    w.value = 2
    assert seen == []


# --------------------------------------------------------------------------------------------------- StepperApp


@pytest.mark.parametrize("cls", STEPPERS, ids=lambda c: c.__name__)
def test_every_stepper_is_one_stepper_app(cls):
    app = cls()
    assert isinstance(app, StepperApp) and app.role == "stepper"
    assert app.step == 1 and app.prev_button.disabled and not app.next_button.disabled
    app.next_button.click()
    assert app.step == 2 and not app.prev_button.disabled
    app.go_to(app.n_steps)
    assert app.next_button.disabled
    app.next_button.click()  # nothing beyond the end
    assert app.step == app.n_steps
    with pytest.raises(ValueError, match=f"step must be a whole number from 1 to {app.n_steps}"):
        app.go_to(app.n_steps + 1)


@pytest.mark.parametrize("cls", [ResponseStepper, TCellJourney], ids=lambda c: c.__name__)
def test_the_slider_and_the_step_are_one_state(cls):
    app = cls()
    alt = app.alt.value
    app.slider.value = 3
    assert app.step == 3 and app.alt.value != alt
    app.prev_button.click()
    assert app.slider.value == 2


@pytest.mark.parametrize("cls", STEPPERS, ids=lambda c: c.__name__)
def test_a_failing_step_is_reported_not_raised_and_not_cleared(cls, monkeypatch):
    app = cls()

    def broken(step):
        raise RuntimeError("the figure could not be drawn")

    monkeypatch.setattr(app, "_show_step", broken)
    app.next_button.click()
    assert "the figure could not be drawn" in app.status.value and "Traceback" not in app.status.value


def test_a_new_pathway_starts_again_at_step_1_and_is_drawn():
    app = PresentationPathway("virus_in_cell", step=3)
    app.pathway_buttons.value = "engulfed_bacterium"
    assert app.step == 1 and "step 1 of" in app.position.value
    assert app.pathway.id == "engulfed_bacterium" and app.prev_button.disabled


# ------------------------------------------------------------------------------------------------- SelectionApp


@pytest.mark.parametrize(
    "make, value", [(lambda: EscapeMechanisms(), "tregs_myeloid"), (lambda: ModelDiagram("infection"), None)]
)
def test_a_selection_app_without_markers_follows_its_menu(make, value):
    app = make()
    assert app.clickable is False
    value = value or app.chooser.options[-1][1]
    alt = app.alt.value
    app.chooser.value = value
    assert app.selected == value and app.alt.value != alt
